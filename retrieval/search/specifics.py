"""A sentence that announces things and the one that names them.

News announces a set, then names it: "Ada tiga desa yang terendam. … Ketiga desa itu ialah
Rekaan, Contoh, dan Samaran." Asked which villages, the first sentence scores best (it
shares the question's words) but only the second answers. The lead reads on to it.
"""

from __future__ import annotations

import re

_COUNT = r"(?:\d+|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|sejumlah)"
# "ada tiga desa …", "terdapat 4 pos …", "berikut …", "… sebagai berikut:"
_ANNOUNCES = re.compile(rf"\b(?:ada|terdapat)\s+{_COUNT}\s+\w+|\bberikut\b|:\s*$", re.I)
# "… yang dimaksud adalah A, B, dan C", "keempat pos itu ialah A serta B"
_NAMES_THEM = re.compile(
    r"\b(?:yang dimaksud|yakni|yaitu|ialah|adalah|antara lain|di antaranya|meliputi|"
    r"terdiri (?:atas|dari))\b(?P<items>.*)",
    re.I | re.S,
)
_SEVERAL = re.compile(r",|\b(?:dan|serta)\b", re.I)
AHEAD = 3  # sentences read on after the announcing one


def names_them(sentence: str) -> bool:
    """Whether a sentence names several things: "… adalah A, B, dan C"."""
    m = _NAMES_THEM.search(sentence)
    return m is not None and _SEVERAL.search(m.group("items")) is not None


def announces(sentence: str) -> bool:
    """Whether a sentence announces things it does not name itself."""
    return _ANNOUNCES.search(sentence.strip()) is not None and not names_them(sentence)


def naming_after(sentences: list[str], at: int) -> int | None:
    """The sentence that names what sentence `at` announces, among the next few, or None."""
    if not announces(sentences[at]):
        return None
    return next(
        (k for k in range(at + 1, min(at + 1 + AHEAD, len(sentences))) if names_them(sentences[k])),
        None,
    )
