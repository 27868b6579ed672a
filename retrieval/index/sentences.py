"""Sentence vectors of a build: each sentence unit of each article, embedded when it is built.

The reply leads with the sentence of the best passage that answers, and whether a passage
answers at all is judged partly by its best sentence: both need each sentence's meaning, and
embedding a passage's sentences at question time would cost more than the question itself. The
vectors are stored as float16 (half the bytes of quote vectors; cosines move by under 0.001) in
the build's store and read per question for the few passages it considers.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from retrieval.errors import ModelError
from retrieval.model.embedder import Embedder, Vectors
from retrieval.records import Article, Span
from retrieval.text.chunker import sentence_units

Vector = npt.NDArray[np.float32]

SCHEMA = """
CREATE TABLE sentences (article_id TEXT NOT NULL, start INTEGER NOT NULL,
                        "end" INTEGER NOT NULL, vector BLOB NOT NULL);
"""
INDEX = "CREATE INDEX sentences_article ON sentences(article_id, start)"
STORED = np.float16
BATCH = 32


@dataclass(frozen=True)
class StoredSentence:
    """One sentence unit of an article (offsets into its text) and its vector."""

    article_id: str
    start: int
    end: int
    vector: Vector


def sentence_spans(article: Article) -> list[tuple[Span, str]]:
    """The article's sentence units worth a vector, with their text (white space folded)."""
    out = []
    for span in sentence_units(article.text):
        text = " ".join(article.text[span.start : span.end].split())
        if any(ch.isalnum() for ch in text):
            out.append((span, text))
    return out


def save_sentences(con: sqlite3.Connection, sentences: Iterable[StoredSentence]) -> None:
    """Write the sentences table in the caller's transaction."""
    con.execute(SCHEMA)
    con.executemany(
        'INSERT INTO sentences (article_id, start, "end", vector) VALUES (?,?,?,?)',
        (
            (s.article_id, s.start, s.end, np.asarray(s.vector, dtype=STORED).tobytes())
            for s in sentences
        ),
    )
    con.execute(INDEX)


def from_blob(blob: bytes) -> Vector:
    vector: Vector = np.frombuffer(blob, dtype=STORED).astype(np.float32)
    return vector


class SentenceSource(Protocol):
    """Where the previous build's sentence vectors are read (the store reader)."""

    has_sentences: bool

    def sentences(self, article_ids: Iterable[str]) -> dict[str, list[StoredSentence]]: ...


class SentenceVectors:
    """The sentence vectors of a build: an unchanged article's are copied from the previous
    build, the others' embedded (each distinct text once)."""

    def __init__(
        self, articles: Sequence[Article], unchanged: set[str], previous: SentenceSource | None
    ) -> None:
        self._kept: dict[str, list[StoredSentence]] = {}
        if previous is not None and previous.has_sentences:
            ids = sorted(unchanged)
            for begin in range(0, len(ids), 500):
                self._kept.update(previous.sentences(ids[begin : begin + 500]))
        self._todo = [
            (a.id, span, text)
            for a in articles
            if a.id not in self._kept
            for span, text in sentence_spans(a)
        ]
        self._order = [a.id for a in articles]
        # Longest first, as for chunks: batches of like lengths pad little.
        self.fresh = sorted({text for _, _, text in self._todo}, key=lambda t: -len(t))

    def embed(
        self, embedder: Embedder, progress: Callable[[int, int], None]
    ) -> list[StoredSentence]:
        vectors: dict[str, Vectors] = {}
        progress(0, len(self.fresh))
        for begin in range(0, len(self.fresh), BATCH):
            part = self.fresh[begin : begin + BATCH]
            vectors.update(zip(part, embedder.embed_passages(part), strict=True))
            progress(begin + len(part), len(self.fresh))
        if not all(np.isfinite(v).all() for v in vectors.values()):
            raise ModelError(f"the model {embedder.model_id!r} gave sentence vectors that are "
                             "not numbers; the previous index is kept")
        made: dict[str, list[StoredSentence]] = {}
        for art, span, text in self._todo:
            made.setdefault(art, []).append(
                StoredSentence(art, span.start, span.end, vectors[text])
            )
        return [s for art in self._order for s in self._kept.get(art, made.get(art, []))]
