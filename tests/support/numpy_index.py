"""The exact vector search oracle: brute-force inner product in NumPy, to check FAISS against."""

from __future__ import annotations

import numpy as np

from retrieval.index.vectors import Ids, Matrix


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
