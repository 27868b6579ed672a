"""Vector index interface with a FAISS backend and an exact NumPy backend (the test oracle).

Vectors are L2-normalised, so inner product is cosine similarity. Ids are the store's chunk ids.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexCorrupt

Ids = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]


class VectorIndex(Protocol):
    """Exact or approximate nearest-neighbour search by inner product."""

    @property
    def size(self) -> int: ...

    def append(self, ids: Ids, vectors: Matrix) -> None: ...

    def delete(self, ids: Ids) -> None: ...

    def search(self, queries: Matrix, k: int) -> tuple[Matrix, Ids]:
        """Return (scores, ids) of shape (len(queries), k), best first; missing slots have id -1."""
        ...

    def vectors(self, ids: Ids) -> Matrix: ...

    def save(self, path: Path) -> None: ...


class NumpyIndex:
    """Brute-force inner product in NumPy: slow for large sets, obviously correct."""

    def __init__(self, dimension: int) -> None:
        self._dim = dimension
        self._ids: Ids = np.empty(0, dtype=np.int64)
        self._mat: Matrix = np.empty((0, dimension), dtype=np.float32)

    @property
    def size(self) -> int:
        return int(self._ids.shape[0])

    def append(self, ids: Ids, vectors: Matrix) -> None:
        self._ids = np.concatenate([self._ids, ids.astype(np.int64)])
        self._mat = np.vstack([self._mat, vectors.astype(np.float32)])

    def delete(self, ids: Ids) -> None:
        keep = ~np.isin(self._ids, ids)
        self._ids, self._mat = self._ids[keep], self._mat[keep]

    def search(self, queries: Matrix, k: int) -> tuple[Matrix, Ids]:
        n = len(queries)
        scores = np.full((n, k), -np.inf, dtype=np.float32)
        ids = np.full((n, k), -1, dtype=np.int64)
        if self.size == 0:
            return scores, ids
        sims = queries.astype(np.float32) @ self._mat.T
        take = min(k, self.size)
        # stable sort on (-score) then position keeps ties in insertion order, like FAISS flat
        order = np.argsort(-sims, axis=1, kind="stable")[:, :take]
        scores[:, :take] = np.take_along_axis(sims, order, axis=1)
        ids[:, :take] = self._ids[order]
        return scores, ids

    def vectors(self, ids: Ids) -> Matrix:
        pos = {int(i): p for p, i in enumerate(self._ids)}
        return self._mat[[pos[int(i)] for i in ids]].reshape(len(ids), self._dim)

    def save(self, path: Path) -> None:
        np.savez(path, ids=self._ids, mat=self._mat)


class FaissIndex:
    """Exact inner product (IndexFlatIP) under an id map, so ids survive deletes."""

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
                f"vector file {path.name} is damaged: run `briefbot index` to rebuild it"
            ) from exc
        if index.d != dimension:
            raise IndexCorrupt(
                f"vector file {path.name} has dimension {index.d}, not {dimension}: "
                "run `briefbot index` to rebuild it"
            )
        return cls(dimension, index)

    @property
    def size(self) -> int:
        return int(self._index.ntotal)

    def append(self, ids: Ids, vectors: Matrix) -> None:
        if len(ids):
            self._index.add_with_ids(np.ascontiguousarray(vectors, dtype=np.float32), ids)

    def delete(self, ids: Ids) -> None:
        import faiss

        self._index.remove_ids(faiss.IDSelectorBatch(np.ascontiguousarray(ids, dtype=np.int64)))

    def search(self, queries: Matrix, k: int) -> tuple[Matrix, Ids]:
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
