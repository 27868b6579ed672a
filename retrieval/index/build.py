"""One way to open an index build: every check in one place, one typed result.

The searcher, the health check and the builder (reusing the previous build's vectors) all open a
build through `open_build`, so they cannot disagree about what a sound build is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import IndexCorrupt
from retrieval.index.lexical import LexicalIndex
from retrieval.index.manifest import (
    LEXICAL,
    STORE,
    VECTORS,
    Manifest,
    check_compatible,
    current_build,
    read_manifest,
)
from retrieval.index.reader import StoreReader
from retrieval.index.vectors import FaissIndex
from retrieval.text.chunker import CHUNKER_VERSION


@dataclass(frozen=True)
class IndexStats:
    """What a build holds and which model made it (health check, /stats, start-up log)."""

    articles: int
    chunks: int
    quotes: int
    built_at: str  # ISO 8601 UTC
    model_id: str


@dataclass(frozen=True)
class Build:
    """One checked index build: its manifest, metadata store, vectors and saved BM25 index.

    Only the vectors are held in memory: the store is read per question, the BM25 index is
    memory-mapped. `lexical` is None for a build made before the BM25 index was saved (the
    searcher then builds it in memory, as it always did) and when it was not asked for (the
    builder's reuse).
    """

    folder: Path
    manifest: Manifest
    store: StoreReader
    vectors: FaissIndex
    lexical: LexicalIndex | None = None

    @property
    def stats(self) -> IndexStats:
        m = self.manifest
        return IndexStats(m.articles, m.chunks, m.quotes, m.built_at, m.model_id)


def open_build(
    index_dir: Path,
    model_id: str | None,
    chunker_version: str | None = CHUNKER_VERSION,
    lexical: bool = True,
) -> Build:
    """Open and check the current build of index_dir.

    model_id / chunker_version None skip that comparison: a bm25-only searcher has no model, and
    the builder may reuse vectors made by another chunker (vectors depend on text and model).
    Raises IndexMissing, IndexCorrupt or IndexMismatch.
    """
    folder = current_build(index_dir)
    manifest = read_manifest(folder)
    check_compatible(manifest, model_id, chunker_version)
    store = StoreReader(folder / STORE, manifest.dimension)
    vectors = FaissIndex.load(folder / VECTORS, manifest.dimension)
    if vectors.size != store.chunk_count:
        raise IndexCorrupt(
            f"index in {folder} holds {vectors.size} vectors for {store.chunk_count} chunks"
        )
    bm25 = _lexical(folder, store.chunk_count) if lexical else None
    return Build(folder, manifest, store, vectors, bm25)


def _lexical(folder: Path, chunks: int) -> LexicalIndex | None:
    if not (folder / LEXICAL).is_dir():
        return None  # an older build: sound, only without the saved BM25 index
    index = LexicalIndex.load(folder / LEXICAL)
    if index.documents != chunks:
        raise IndexCorrupt(
            f"BM25 index in {folder} holds {index.documents} texts for {chunks} chunks"
        )
    return index
