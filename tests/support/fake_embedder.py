"""A deterministic stand-in for the embedding model: words hashed into a fixed number of slots.

Two texts' cosine is then their overlap in (lower-cased) words, which makes ranking tests
predictable to the reader and fast (no model, no torch). Implements retrieval's Embedder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from retrieval.model.embedder import Vectors

_WORD = re.compile(r"\w+", re.UNICODE)


class HashEmbedder:
    """Bag of words, each word's count in the slot its hash names; rows are L2-normalised."""

    def __init__(self, dimension: int = 512, model_id: str = "hash-words") -> None:
        self.dimension = dimension
        self.model_id = model_id
        self.embedded: list[str] = []  # every passage text embedded, in order

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._embed(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.embedded.extend(texts)
        return self._embed(texts)

    def vector(self, text: str) -> Vectors:
        """One text's row, as a query or passage gets it."""
        row: Vectors = self._embed([text])[0]
        return row

    def _embed(self, texts: Sequence[str]) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in _WORD.findall(text.casefold()):
                digest = hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest()
                out[row, int.from_bytes(digest, "little") % self.dimension] += 1.0
            norm = float(np.linalg.norm(out[row]))
            if norm:
                out[row] /= norm
        return out
