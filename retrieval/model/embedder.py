"""The embedder interface and its sentence-transformers implementation.

Which embedder a setting gives is chosen in one place, `retrieval.model.loader`; this module
imports nothing else of `retrieval.model`, so the ONNX modules can build on it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; queries and passages may be prompted apart."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...


class WrappedEmbedder:
    """Passes every call to another embedder; a subclass overrides what it changes."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner

    @property
    def model_id(self) -> str:
        return self.inner.model_id

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self.inner.embed_passages(texts)


class SentenceTransformerEmbedder:
    """An Embedder over a loaded sentence-transformers model, with its own query/passage prompts."""

    def __init__(
        self,
        model: Any,
        model_id: str,
        *,
        batch_size: int = 32,
        query_prompt: str | None = None,
        passage_prompt: str | None = None,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self._model = model
        self._model_id = model_id
        self._batch_size = batch_size
        self._query_prompt = query_prompt or None
        self._passage_prompt = passage_prompt or None
        self._dimension = _dimension_of(model)
        # One forward pass at a time: its tokenizer must not run in two threads at once, and
        # torch already uses every core.
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def dimension(self) -> int:
        return self._dimension

    @property
    def sentence_transformer(self) -> Any:
        """The loaded sentence-transformers model (for exporting it)."""
        return self._model

    @property
    def prompts(self) -> tuple[str | None, str | None]:
        """Return the (query, passage) prompts in use."""
        return self._query_prompt, self._passage_prompt

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        """Embed questions, behind the model's query prompt."""
        return self._encode(texts, self._query_prompt)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        """Embed passages, behind the model's passage prompt."""
        return self._encode(texts, self._passage_prompt)

    def _encode(self, texts: Sequence[str], prompt: str | None) -> Vectors:
        if not texts:
            return np.zeros((0, self._dimension), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(
                list(texts),
                prompt=prompt,
                batch_size=self._batch_size,
                show_progress_bar=False,
                convert_to_numpy=True,
                normalize_embeddings=True,
            )
        return np.ascontiguousarray(vectors, dtype=np.float32)


def _dimension_of(model: Any) -> int:
    # sentence-transformers 5 names it get_sentence_embedding_dimension, 6 get_embedding_dimension
    method = getattr(model, "get_embedding_dimension", None)
    method = method or model.get_sentence_embedding_dimension
    dimension = method()
    if dimension is None:  # the modules do not say: ask the output
        dimension = model.encode(["dimension"], convert_to_numpy=True).shape[1]
    return int(dimension)
