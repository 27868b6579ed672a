"""An Embedder on ONNX Runtime + `tokenizers` + numpy: no torch in the process.

It reads a folder written by `retrieval.model.onnx_export` (model.onnx, tokenizer.json and the
completion marker with the prompts and the reference vectors). Mean pooling over the tokens the
mask keeps (the prompt included) and L2 normalisation, as the sentence-transformers folder does.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

from retrieval.errors import ModelError
from retrieval.model.embedder import Vectors

log = logging.getLogger(__name__)

MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
MARKER = "briefbot-onnx.json"  # written last: its presence means the export is whole
EXPORT_FILES = (MODEL_FILE, TOKENIZER_FILE)  # what the marker records the sizes of
MIN_COSINE = 0.98  # to the torch vectors of the same sentences, for every reference sentence
_MAX_THREADS = 8
Kind = Literal["query", "passage"]


@dataclass(frozen=True, eq=False)
class Reference:
    """Sentences and the vectors the torch model gave them: what an export must reproduce."""

    queries: tuple[str, ...]
    passages: tuple[str, ...]
    query_vectors: Vectors
    passage_vectors: Vectors

    def to_json(self) -> dict[str, object]:
        return {
            "queries": list(self.queries),
            "passages": list(self.passages),
            "query_vectors": self.query_vectors.round(6).tolist(),
            "passage_vectors": self.passage_vectors.round(6).tolist(),
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Reference:
        return cls(
            tuple(value["queries"]),
            tuple(value["passages"]),
            np.asarray(value["query_vectors"], dtype=np.float32),
            np.asarray(value["passage_vectors"], dtype=np.float32),
        )


@dataclass(frozen=True)
class ExportInfo:
    """What the completion marker of an export says."""

    model_id: str
    query_prompt: str
    passage_prompt: str
    max_seq_length: int
    pad_id: int
    dimension: int
    reference: Reference


def read_marker(folder: Path) -> ExportInfo:
    """Read an export's completion marker; a damaged one is a ModelError."""
    try:
        raw = json.loads((folder / MARKER).read_text(encoding="utf-8"))
        return ExportInfo(
            str(raw["model_id"]),
            str(raw["query_prompt"]),
            str(raw["passage_prompt"]),
            int(raw["max_seq_length"]),
            int(raw["pad_id"]),
            int(raw["dimension"]),
            Reference.from_json(raw["reference"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"the ONNX export in {folder} is damaged ({exc})") from exc


def write_marker(folder: Path, info: ExportInfo, **extra: object) -> None:
    """Write the completion marker (beside, then renamed: never half of one), with the size of
    every file of the export, so that a file cut short later is found without loading it."""
    body = {
        "model_id": info.model_id,
        "query_prompt": info.query_prompt,
        "passage_prompt": info.passage_prompt,
        "max_seq_length": info.max_seq_length,
        "pad_id": info.pad_id,
        "dimension": info.dimension,
        **extra,
        "files": {name: (folder / name).stat().st_size for name in EXPORT_FILES},
        "reference": info.reference.to_json(),
    }
    tmp = folder / f".{MARKER}.tmp"
    tmp.write_text(json.dumps(body, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(folder / MARKER)


def export_problem(folder: Path) -> str | None:
    """Why a finished export cannot be trusted (its marker or a file damaged), or None; also
    None when it is not finished (no marker): the first load builds it. Reads no model."""
    if not (folder / MARKER).exists():
        return None
    try:
        read_marker(folder)
        sizes = json.loads((folder / MARKER).read_text(encoding="utf-8")).get("files")
        if isinstance(sizes, dict):
            for name in EXPORT_FILES:
                actual = (folder / name).stat().st_size
                if actual != sizes.get(name):
                    return f"{name} is {actual} bytes, not {sizes.get(name)}"
            return None
        # An export made before sizes were recorded: the files are there and readable.
        if (folder / MODEL_FILE).stat().st_size == 0:
            return f"{MODEL_FILE} is empty"
        json.loads((folder / TOKENIZER_FILE).read_bytes())
    except ModelError as exc:
        return f"{MARKER} is damaged ({exc.__cause__ or exc})"
    except (OSError, ValueError) as exc:
        return f"unreadable: {exc}"
    return None


class OnnxEmbedder:
    """Embeds through two lazily created ONNX Runtime sessions over the same model file.

    Questions come one (or a few) at a time: their session runs on `question_threads` threads
    (two by default: the fused graph splits one question's kernels well, and a core taken by
    another process costs no more than one thread would) with spinning off, so an idle bot
    does not burn the cores other processes share. Passages
    come in batches while indexing: their session uses every core and keeps its threads
    spinning between the many small operators of a batch.
    """

    def __init__(
        self,
        folder: Path,
        info: ExportInfo,
        *,
        batch_size: int = 32,
        threads: int | None = None,
        question_threads: int = 2,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        try:
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelError(f"{exc.name} is not installed: run `pip install -e .`") from exc
        self._folder = folder
        self._info = info
        self._batch_size = batch_size
        self._threads = max(1, threads or min(len(os.sched_getaffinity(0)), _MAX_THREADS))
        self._question_threads = max(1, min(question_threads, self._threads))
        try:
            self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except Exception as exc:  # tokenizers raises a bare Exception for an unreadable file
            raise ModelError(f"cannot read {folder / TOKENIZER_FILE}: {exc}") from exc
        self._tokenizer.no_padding()  # batches are padded here, to their own longest row
        self._tokenizer.enable_truncation(max_length=info.max_seq_length)
        self._sessions: dict[Kind, Any] = {}
        self._lock = threading.Lock()

    @property
    def model_id(self) -> str:
        return self._info.model_id

    @property
    def dimension(self) -> int:
        return self._info.dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, self._info.query_prompt, "query")

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._encode(texts, self._info.passage_prompt, "passage")

    def check(self, reference: Reference) -> float:
        """The lowest cosine to the reference vectors (1.0 is a perfect copy)."""
        # Through the question session only: a bot that never indexes never opens the other.
        got_q = self._encode(reference.queries, self._info.query_prompt, "query")
        got_p = self._encode(reference.passages, self._info.passage_prompt, "query")
        cosines = np.concatenate([
            np.sum(got_q * reference.query_vectors, axis=1),
            np.sum(got_p * reference.passage_vectors, axis=1),
        ])
        return float(np.nan_to_num(cosines, nan=-1.0).min())

    def _encode(self, texts: Sequence[str], prompt: str, kind: Kind) -> Vectors:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        encoded = self._tokenizer.encode_batch([prompt + text for text in texts])
        ids = [e.ids for e in encoded]
        # Rows of similar length share a batch, so little of it is padding.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]), reverse=True)
        session = self._session(kind)
        for start in range(0, len(order), self._batch_size):
            rows = order[start : start + self._batch_size]
            out[rows] = self._run(session, [ids[i] for i in rows])
        return out

    def _run(self, session: Any, rows: list[list[int]]) -> Vectors:
        width = max(len(r) for r in rows)
        input_ids = np.full((len(rows), width), self._info.pad_id, dtype=np.int64)
        mask = np.zeros((len(rows), width), dtype=np.int64)
        for i, row in enumerate(rows):
            input_ids[i, : len(row)] = row
            mask[i, : len(row)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask,
                 "token_type_ids": np.zeros_like(input_ids)}  # fmt: skip
        hidden = session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1.0)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return np.asarray(pooled / norms, dtype=np.float32)

    def _session(self, kind: Kind) -> Any:
        with self._lock:
            if kind not in self._sessions:
                self._sessions[kind] = self._open(kind)
            return self._sessions[kind]

    def _open(self, kind: Kind) -> Any:
        try:
            import onnxruntime as ort
        except ImportError as exc:
            raise ModelError(f"{exc.name} is not installed: run `pip install -e .`") from exc
        options = ort.SessionOptions()
        options.inter_op_num_threads = 1
        if kind == "query":
            options.intra_op_num_threads = self._question_threads
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        else:
            options.intra_op_num_threads = self._threads
        options.log_severity_level = 3  # its warnings name graph internals a user cannot act on
        try:
            return ort.InferenceSession(
                str(self._folder / MODEL_FILE), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors for a bad file
            raise ModelError(f"cannot load {self._folder / MODEL_FILE}: {exc}") from exc
