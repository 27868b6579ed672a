"""Data folder -> index folder: incremental by content hash, built beside and swapped atomically.

A build never touches the current one: it is written into a fresh folder under `builds/` and
becomes current by replacing the `current` symlink, so a crash or Ctrl-C leaves the old index.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from retrieval.errors import ArticleError, IndexStoreError, ModelError
from retrieval.index.articles import read_articles
from retrieval.index.build import open_build
from retrieval.index.files import fsync_folder
from retrieval.index.lexical import LexicalIndex
from retrieval.index.manifest import LEXICAL, STORE, VECTORS, Manifest
from retrieval.index.reader import StoreReader
from retrieval.index.sentences import SentenceVectors, StoredSentence
from retrieval.index.store import (
    StoredArticle,
    StoredChunk,
    StoredQuote,
    Vector,
    write_store,
)
from retrieval.index.swap import drop_swap_leftovers, reason, swap, writer_lock
from retrieval.index.vectors import FaissIndex
from retrieval.model.embedder import Embedder, Vectors
from retrieval.records import Article, Quote, Source, lead_of
from retrieval.text.chunker import CHUNKER_VERSION, chunk_article
from retrieval.text.quotes import extract_quotes

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (texts embedded so far, texts to embed)
BATCH = 32


@dataclass(frozen=True)
class IndexSummary:
    """What one build did."""

    added: int
    updated: int
    removed: int
    unchanged: int
    articles: int
    chunks: int
    quotes: int
    embedded: int  # texts that had to be embedded (the rest were reused)
    seconds: float
    warnings: tuple[str, ...] = ()  # one line per skipped file, naming it


def embed_text(article: Article | Source, text: str) -> str:
    """The text a chunk is embedded and matched by: its article's title gives it context."""
    return f"{article.title}\n{text}" if article.title else text


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _previous(index_dir: Path, embedder: Embedder) -> tuple[StoreReader, FaissIndex] | None:
    """The current build when its vectors can be reused, else None (and a full rebuild)."""
    try:
        # Vectors depend on the text and the model only, so a new chunker may still reuse them.
        build = open_build(index_dir, embedder.model_id, chunker_version=None, lexical=False)
    except IndexStoreError as exc:
        log.info("not reusing the previous index: %s", exc)
        return None
    return build.store, build.vectors


def build_index(
    data_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    progress: Progress | None = None,
    allow_empty: bool = False,
) -> IndexSummary:
    """Build or incrementally update the index of the articles in data_dir."""
    batch = read_articles(data_dir)
    return build_index_from(
        batch.articles, index_dir, embedder, progress, batch.warnings, allow_empty
    )


def build_index_from(
    articles: Sequence[Article],
    index_dir: Path,
    embedder: Embedder,
    progress: Progress | None = None,
    warnings: Sequence[str] = (),
    allow_empty: bool = False,
) -> IndexSummary:
    """Index exactly these articles; vectors of unchanged text are reused, not re-embedded.

    No articles at all, where the index has some, is refused unless allow_empty: it is far more
    often a mistyped or unmounted folder than a wish to forget everything.
    """
    started = time.perf_counter()
    # Absolute, so that builds compare equal to the resolved `current` link when cleaning up.
    index_dir = index_dir.absolute()
    with writer_lock(index_dir):
        drop_swap_leftovers(index_dir)
        previous = _previous(index_dir, embedder)
        old_hash = previous[0].article_hashes() if previous else {}
        if not articles and old_hash and not allow_empty:
            raise ArticleError(
                f"no readable articles ({len(warnings)} files skipped); the index of "
                f"{len(old_hash)} articles is kept",
                ArticleError.NO_ARTICLES,
            )
        reuse = previous[0].embed_hashes() if previous else {}  # embed hash -> old chunk id

        stored_articles: list[StoredArticle] = []
        chunks: list[StoredChunk] = []
        quotes: list[tuple[str, Quote]] = []
        texts: list[str] = []
        for article in articles:
            stored_articles.append(
                StoredArticle(
                    Source(
                        article.id,
                        article.title,
                        article.url,
                        article.published,
                        article.source,
                        lead_of(article.text),
                    ),
                    article.content_hash,
                    article.origin,
                )
            )
            held = extract_quotes(article.text)
            for chunk in chunk_article(article, quotes=held):
                text = embed_text(article, chunk.text)
                chunks.append(StoredChunk(len(chunks), chunk, _hash(text)))
                texts.append(text)
            quotes.extend((article.id, q) for q in held)

        hashes = [c.embed_hash for c in chunks]
        unchanged = {a.id for a in articles if old_hash.get(a.id) == a.content_hash}
        sentences = SentenceVectors(articles, unchanged, previous[0] if previous else None)
        fresh_chunks = sum(1 for h in hashes if h not in reuse)
        total = fresh_chunks + len(sentences.fresh)

        def chunk_progress(done: int, _: int) -> None:
            if progress:
                progress(done, total)

        def sentence_progress(done: int, _: int) -> None:
            if progress:
                progress(fresh_chunks + done, total)

        vectors = _embed_reusing(texts, hashes, reuse, previous, embedder, chunk_progress)
        if not np.isfinite(vectors).all():
            raise ModelError(
                f"the model {embedder.model_id!r} gave vectors that are not numbers (NaN or "
                "infinite); the previous index is kept"
            )
        embedded = len(texts) - sum(1 for c in chunks if c.embed_hash in reuse)
        old_quotes = previous[0].quote_vectors_by_text() if previous else {}
        stored_quotes = _quote_vectors(quotes, old_quotes, embedder)
        if not all(np.isfinite(q.vector).all() for q in stored_quotes):
            raise ModelError(f"the model {embedder.model_id!r} gave quote vectors that are not "
                             "numbers; the previous index is kept")
        stored_sentences = sentences.embed(embedder, sentence_progress)
        parts = BuildParts(stored_articles, chunks, stored_quotes, vectors, stored_sentences)
        build = _write_build(index_dir, embedder.model_id, parts)
        swap(index_dir, build)

    ids = {a.id for a in articles}
    added = sum(1 for a in articles if a.id not in old_hash)
    updated = sum(1 for a in articles if a.id in old_hash and old_hash[a.id] != a.content_hash)
    return IndexSummary(
        added=added,
        updated=updated,
        removed=sum(1 for aid in old_hash if aid not in ids),
        unchanged=len(articles) - added - updated,
        articles=len(articles),
        chunks=len(chunks),
        quotes=len(quotes),
        embedded=embedded,
        seconds=time.perf_counter() - started,
        warnings=tuple(warnings),
    )


def _quote_vectors(
    quotes: list[tuple[str, Quote]], old: dict[str, Vector], embedder: Embedder
) -> list[StoredQuote]:
    """Quote vectors (to pick the quote that fits a question), reusing those of unchanged text."""
    fresh = sorted({q.text for _, q in quotes if q.text not in old})
    if fresh:
        old = {**old, **dict(zip(fresh, embedder.embed_passages(fresh), strict=True))}
    return [StoredQuote(q, article_id, old[q.text]) for article_id, q in quotes]


def _embed_reusing(
    texts: list[str],
    hashes: list[str],
    reuse: dict[str, int],
    previous: tuple[StoreReader, FaissIndex] | None,
    embedder: Embedder,
    progress: Progress | None,
) -> Vectors:
    out = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    # Longest first, as sentence-transformers does within one call: a batch of like lengths
    # pads little, which roughly halves the time of batches taken in article order.
    fresh = sorted(
        (i for i, h in enumerate(hashes) if h not in reuse), key=lambda i: -len(texts[i])
    )
    old = [i for i, h in enumerate(hashes) if h in reuse]
    if old and previous:
        out[old] = previous[1].vectors(np.array([reuse[hashes[i]] for i in old], dtype=np.int64))
    if progress:
        progress(0, len(fresh))
    for begin in range(0, len(fresh), BATCH):
        part = fresh[begin : begin + BATCH]
        out[part] = embedder.embed_passages([texts[i] for i in part])
        if progress:
            progress(begin + len(part), len(fresh))
    return out


@dataclass(frozen=True)
class BuildParts:
    """What a build is written from: chunk i is row i of the vectors."""

    articles: Sequence[StoredArticle]
    chunks: Sequence[StoredChunk]
    quotes: Sequence[StoredQuote]
    vectors: Vectors
    sentences: Sequence[StoredSentence] | None = None  # None: a build without them


def publish_build(index_dir: Path, model_id: str, parts: BuildParts) -> None:
    """Write a build from parts already chunked and embedded, and make it current.

    bench/bench_scale.py builds large indexes through here: the same writer, without a model.
    """
    index_dir = index_dir.absolute()
    with writer_lock(index_dir):
        drop_swap_leftovers(index_dir)
        swap(index_dir, _write_build(index_dir, model_id, parts))


def _save_vectors(path: Path, vectors: Vectors) -> None:
    """Write the vector index; it is freed on return (a gigabyte and more at a million chunks)."""
    index = FaissIndex.for_size(int(vectors.shape[1]), len(vectors))
    index.append(np.arange(len(vectors), dtype=np.int64), vectors)
    index.save(path)


def _write_build(index_dir: Path, model_id: str, parts: BuildParts) -> Path:
    articles, chunks, vectors = parts.articles, parts.chunks, parts.vectors
    builds = index_dir / "builds"
    stamp = datetime.now(UTC)
    build = builds / f"{stamp:%Y%m%dT%H%M%S%f}-{os.getpid()}"
    try:
        build.mkdir(parents=True)
        dimension = int(vectors.shape[1])
        # Each part takes minutes at a million chunks: the log says which.
        started = time.perf_counter()
        _save_vectors(build / VECTORS, vectors)
        vectors_done = time.perf_counter()
        write_store(build / STORE, articles, chunks, parts.quotes, parts.sentences)
        store_done = time.perf_counter()
        sources = {a.source.article_id: a.source for a in articles}
        lexical_texts = (embed_text(sources[c.chunk.article_id], c.chunk.text) for c in chunks)
        LexicalIndex(lexical_texts).save(build / LEXICAL)
        log.info(
            "wrote %d chunks: vectors %.1f s, store and people %.1f s, BM25 %.1f s",
            len(chunks), vectors_done - started, store_done - vectors_done,
            time.perf_counter() - store_done,
        )
        Manifest(
            model_id=model_id,
            dimension=dimension,
            chunker_version=CHUNKER_VERSION,
            articles=len(articles),
            chunks=len(chunks),
            quotes=len(parts.quotes),
            built_at=stamp.isoformat(timespec="seconds"),
        ).write(build)
        fsync_folder(build, files=True)
    except BaseException as exc:
        shutil.rmtree(build, ignore_errors=True)
        # FAISS reports a failed write (a full disk) as RuntimeError, SQLite as its own error.
        if isinstance(exc, OSError | RuntimeError | sqlite3.Error):
            raise IndexStoreError(
                f"cannot write the index in {index_dir} ({reason(exc)}); the previous index "
                "is kept"
            ) from exc
        raise
    return build
