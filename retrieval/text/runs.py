"""Runs of capitalised words in an article: each may be an office, a name, or both."""

from __future__ import annotations

import re

from retrieval.text.nametokens import Token, capital, name_like
from retrieval.text.words import (
    ENGLISH_LINKS,
    LOWERCASE_OFFICE_PAIRS,
    NAMED_AFTER,
    ROLE_HEADS,
    ROLE_WORDS,
)

_LIST_GAP = re.compile(r"\s*,\s*(?:(dan|serta)\s+)?|\s+(dan|serta)\s+")
_MAX_LIST_ITEM = 3  # words of an inner item of an office's list: "Ilmu Pengetahuan"


def read_runs(text: str, toks: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of names and offices, an office named by a list joined into one."""
    return _office_lists(text, toks, _capital_runs(toks))


def _capital_runs(toks: list[Token]) -> list[tuple[int, int]]:
    """Token ranges of capitalised words, with "dan" inside: "Pendidikan dan Kebudayaan"."""
    n = len(toks)
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not capital(toks[i]):
            i += 1
            continue
        j = i + 1
        while (
            j < n
            and not toks[j - 1].breaks_after
            and not toks[j].breaks_before
            and not toks[j].initial  # "… kata Panglima TNI.\nKapal itu …": a new sentence
            and (
                capital(toks[j])
                or (toks[j - 1].key, toks[j].key) in LOWERCASE_OFFICE_PAIRS  # "Juru bicara"
                or (
                    # "Pendidikan dan Kebudayaan", "Daop 1 Nama Orang", "Kodim 0712 Rekaan"
                    (
                        toks[j].key == "dan"
                        or toks[j].key in ENGLISH_LINKS  # "Head of Research at Rekaan"
                        or _unit_number(toks[j], toks[j - 1])
                    )
                    and j + 1 < n
                    and capital(toks[j + 1])
                    and not toks[j + 1].initial  # "Nama (45).\nPembeli …": the next sentence
                    and not toks[j].bracketed  # "Nama (45) Kepala …": an age
                    # but "… dan Kepala Dinas X" opens the next person's office
                    and not (toks[j].key == "dan" and toks[j + 1].key in ROLE_HEADS)
                )
            )
        ):
            j += 1
        runs.append((i, j))
        i = j
    return runs


def _unit_number(tok: Token, prev: Token) -> bool:
    # Four digits are a year unless a unit's name comes before them: "Kodim 0712".
    digits = len(tok.word) if tok.word.isdigit() else 0
    return 0 < digits < 4 or (digits == 4 and prev.key in NAMED_AFTER)


def _office_lists(
    text: str, toks: list[Token], runs: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Join an office named by a list: "Direktur Organisasi Pendidikan, Ilmu, dan Budaya …"."""
    out: list[tuple[int, int]] = []
    k = 0
    while k < len(runs):
        last = _list_end(text, toks, runs, k)
        out.append((runs[k][0], runs[last][1]))
        k = last + 1
    return out


def _list_end(text: str, toks: list[Token], runs: list[tuple[int, int]], k: int) -> int:
    first = runs[k]
    if toks[first[0]].key not in ROLE_HEADS or any(name_like(t) for t in toks[slice(*first)]):
        return k
    m = k
    while m + 1 < len(runs) and toks[runs[m + 1][0]].key not in ROLE_HEADS:
        gap = text[toks[runs[m][1] - 1].end : toks[runs[m + 1][0]].start]
        conjunction = _LIST_GAP.fullmatch(gap)
        if conjunction is None:
            break
        m += 1
        if conjunction.group(1) or conjunction.group(2):
            # The list is over; its last item must be a field of office, not a person.
            return m if toks[runs[m][0]].key in ROLE_WORDS else k
        if runs[m][1] - runs[m][0] > _MAX_LIST_ITEM:
            break
    return k
