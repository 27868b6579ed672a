"""The vector index: exact inner product search in FAISS.

Vectors are L2-normalised, so inner product is cosine similarity. Ids are the store's chunk ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexCorrupt

Ids = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]


class FaissIndex:
    """Exact inner product (IndexFlatIP) under an id map: a row's id is its chunk's id."""

    def __init__(self, dimension: int, index: Any = None) -> None:
        import faiss

        self._dim = dimension
        self._index = (
            index if index is not None else faiss.IndexIDMap2(faiss.IndexFlatIP(dimension))
        )

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
        out = np.empty((len(ids), self._dim), dtype=np.float32)
        for row, i in enumerate(ids):
            out[row] = self._index.reconstruct(int(i))
        return out

    def save(self, path: Path) -> None:
        import faiss

        faiss.write_index(self._index, str(path))
