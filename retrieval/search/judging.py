"""The features of the passages a question considers, read from the build (answerability.py).

For each candidate passage: its cosine and BM25 (from ranking), the best cosine of its sentences
(their vectors are stored with the build: no question pays for encoding them), its coverage of
the question's units, and whether it holds the kind of figure the question asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from retrieval.index.lexical import LexicalIndex
from retrieval.index.reader import StoreReader
from retrieval.index.sentences import StoredSentence
from retrieval.model.embedder import Vectors
from retrieval.search.answer_type import asked_kind, holds_kind
from retrieval.search.answerability import MODEL, Features, Model
from retrieval.search.ranking import Ranked
from retrieval.search.relevance import coverages

# Kinds of figure a passage must hold to answer at all ("berapa biaya …", "berapa orang …"). On
# the benchmarks' train questions and the development sets' rest, the passages holding the answer
# hold the figure in all but 1 of 133 such questions, while a passage near the topic without it
# ("the new ferry", asked its cost) otherwise passes. A date is left to the model: a
# passage may date an event by its context ("kemarin", the article's day) where none is written.
REQUIRED = frozenset({"money", "number"})


@dataclass(frozen=True)
class Judged:
    """A ranked passage with what the decision read of it and its probability of answering."""

    ranked: Ranked
    features: Features
    probability: float
    sentences: tuple[StoredSentence, ...]  # the passage's sentence units (empty: none stored)
    answers: bool
    lacking: bool = False  # without the amount or count asked for, it answers at no probability


class Judge:
    """Judges passages for a question with the fitted model."""

    def __init__(self, store: StoreReader, lexical: LexicalIndex, model: Model = MODEL) -> None:
        self._store = store
        self._lexical = lexical
        self.model = model

    def sentences_of(self, ranked: Sequence[Ranked]) -> list[tuple[StoredSentence, ...]]:
        """Each passage's stored sentence units, in order (empty tuples for an older build)."""
        spans = {(r.chunk.chunk.article_id, r.chunk.chunk.start, r.chunk.chunk.end) for r in ranked}
        by_article = self._store.sentences_within(spans)
        out = []
        for r in ranked:
            c = r.chunk.chunk
            held = by_article.get(c.article_id, ())
            out.append(tuple(s for s in held if c.start <= s.start and s.end <= c.end))
        return out

    def judge(
        self,
        question: str,
        ranked: Sequence[Ranked],
        qvec: Vectors,
        english: bool,
        topic: bool = False,
        center: float | None = None,
    ) -> list[Judged]:
        """The features and decision of each passage, in the order given; `topic`: judging a
        topic against the passages where the person asked about is quoted; `center`: the cosine
        the gap is measured from (default: the median of these passages')."""
        if not ranked:
            return []
        ids = np.fromiter((r.chunk.id for r in ranked), dtype=np.int64, count=len(ranked))
        cov, rare = coverages(self._lexical, question, ids, topic)
        kind = asked_kind(question)
        if center is None:
            center = float(np.median([r.dense for r in ranked]))
        out = []
        for r, held, c, rr in zip(ranked, self.sentences_of(ranked), cov, rare, strict=True):
            best = max((float(s.vector @ qvec) for s in held), default=r.dense)
            missing = kind is not None and not holds_kind(r.chunk.chunk.text, kind, question)
            lacking = missing and kind in REQUIRED
            f = Features(
                cos=r.dense,
                sent=best,
                cov=float(c),
                rare=float(rr),
                lex=r.lexical,
                english=float(english),
                missing=float(missing),
                gap=r.dense - center,
            )
            p = self.model.probability(f)
            out.append(Judged(r, f, p, held, self.passes(p, topic, lacking), lacking))
        return out

    def passes(self, probability: float, topic: bool = False, lacking: bool = False) -> bool:
        threshold = self.model.topic_threshold if topic else self.model.threshold
        return probability >= threshold and not lacking
