"""The vector index: inner product search in FAISS.

Vectors are L2-normalised, so inner product is cosine similarity. Ids are the store's chunk ids.
Below APPROXIMATE_FROM vectors the search is exact; from there on it is a FAISS HNSW graph,
whose parameters were measured to keep recall@10 against exact search >= 0.98: on the real
vectors of the two shared benchmarks (7,485 chunks, their 1,439 questions) 0.985 at efSearch 128
and 0.996 at 256; on bench_scale's 100k synthetic vectors 0.965 at 128 and 0.98 at 256.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexCorrupt

Ids = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]

# Exact search costs ~0.09 ms per thousand vectors per question on this class of CPU (8.5 ms at
# 100k, 84 ms at 1M): from here on a question would wait on it.
APPROXIMATE_FROM = 100_000
HNSW_M = 16  # graph neighbours per vector: recall against build time and memory (~0.13 kB each)
HNSW_EF_CONSTRUCTION = 40
HNSW_EF_SEARCH = 256  # candidates kept while searching; at least the searcher's 100


class FaissIndex:
    """Inner product under an id map (a row's id is its chunk's id): exact (IndexFlatIP) or
    approximate (IndexHNSWFlat)."""

    def __init__(self, dimension: int, index: Any = None, approximate: bool = False) -> None:
        import faiss

        self._dim = dimension
        if index is None:
            inner: Any
            if approximate:
                inner = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
                inner.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
            else:
                inner = faiss.IndexFlatIP(dimension)
            index = faiss.IndexIDMap2(inner)
        self._index = index
        self._hnsw = getattr(faiss.downcast_index(getattr(index, "index", index)), "hnsw", None)
        if self._hnsw is not None:
            self._hnsw.efSearch = HNSW_EF_SEARCH

    @classmethod
    def for_size(cls, dimension: int, size: int) -> FaissIndex:
        """An empty index fit for `size` vectors: exact below APPROXIMATE_FROM."""
        return cls(dimension, approximate=size >= APPROXIMATE_FROM)

    @property
    def approximate(self) -> bool:
        return self._hnsw is not None

    @classmethod
    def load(cls, path: Path, dimension: int) -> FaissIndex:
        import faiss

        try:
            index = faiss.read_index(str(path))
        except (RuntimeError, OSError) as exc:
            raise IndexCorrupt(
                f"vector file {path.name} is damaged"
            ) from exc
        if index.d != dimension:
            raise IndexCorrupt(
                f"vector file {path.name} has dimension {index.d}, not {dimension}"
            )
        loaded = cls(dimension, index)
        if not loaded.finite():
            raise IndexCorrupt(
                f"vector file {path.name} holds vectors that are not numbers (NaN or infinite)"
            )
        return loaded

    def finite(self, block: int = 4096) -> bool:
        """Whether every stored vector is finite: one NaN row makes every search score NaN."""
        flat = self._index.index if hasattr(self._index, "index") else self._index
        for begin in range(0, self.size, block):
            rows = flat.reconstruct_n(begin, min(block, self.size - begin))
            if not np.isfinite(rows).all():
                return False
        return True

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def append(self, ids: Ids, vectors: Matrix) -> None:
        if len(ids):
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)

    def search(self, queries: Matrix, k: int) -> tuple[Matrix, Ids]:
        """Return (scores, ids) of shape (len(queries), k), best first; missing slots have id -1."""
        scores, ids = self._index.search(np.ascontiguousarray(queries, dtype=np.float32), k)
        return scores.astype(np.float32), ids.astype(np.int64)

    def vectors(self, ids: Ids) -> Matrix:
        if not len(ids):
            return np.empty((0, self._dim), dtype=np.float32)
        keys = np.ascontiguousarray(ids, dtype=np.int64)
        out: Matrix = self._index.reconstruct_batch(keys).astype(np.float32, copy=False)
        return out

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))
