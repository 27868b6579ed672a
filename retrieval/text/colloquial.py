"""The standard words a chat word may stand for: "ditawarin" for "ditawari", "nyaleg" for "caleg".

Users type Jakarta chat Indonesian; the articles are written in the standard language. Chat
verbs take "-in" for "-kan"/"-i" ("dinaikin", "ngajakin"), a bare nasal for "meN-" ("ngajak",
"nyuruh", "nanggep"), and "e" for "a" in the last syllable ("dateng", "tanggep"); a few words are
shortened ("org", "ultah"). These are candidates only: a caller keeps those its articles use,
and only for a word the articles never write as typed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# Shortened content words (function words are dropped from topics anyway: relevance.py).
SHORTENED: Mapping[str, str] = MappingProxyType({
    "org": "orang", "ultah": "ulang tahun", "thn": "tahun", "taun": "tahun", "duit": "uang",
    "kerjaan": "pekerjaan", "gede": "besar",
})
_VOWEL = "aeiou"
_LAST_E = re.compile(r"e(ng|p|t)$")  # "dateng", "tanggep", "dapet": a for e, last syllable


def formal_candidates(word: str) -> list[str]:
    """Standard words a folded chat word may stand for, most likely first (may be empty)."""
    out: list[str] = []
    if word in SHORTENED:
        out.append(SHORTENED[word])
    bases = [word]
    suffixed = len(word) > 5 and word.endswith("in")
    if suffixed:
        bases.append(word[:-2])  # "dinaikin" -> "dinaik", whose stem is "naik"
    for base in list(bases):
        bases += _unprefixed(base, suffixed)
    for base in bases:
        out.append(base)
        vowel = _LAST_E.sub(r"a\1", base)  # "tanggep" -> "tanggap"
        if vowel != base:
            out.append(vowel)
    return [w for w in dict.fromkeys(out) if w != word]


def _unprefixed(word: str, suffixed: bool) -> list[str]:
    """The root under a chat nasal prefix: "ngajak" -> "ajak"/"kajak", "nyuruh" -> "suruh".

    A bare "n" or "m" ("nanggepin" for "menanggapi", "mikirin") is read only on a word with the
    chat "-in": "maling" and "makan" are words of their own, not "paling" and "pakan".
    """
    if word.startswith("nge") and len(word) > 5 and word[3] not in _VOWEL:
        return [word[3:]]  # "ngecek" -> "cek"
    if word.startswith("ng") and len(word) > 4 and word[2] in _VOWEL:
        return [word[2:], "k" + word[2:]]
    if word.startswith("ny") and len(word) > 4 and word[2] in _VOWEL:
        return ["s" + word[2:], "c" + word[2:]]
    if suffixed and word.startswith("n") and len(word) > 4 and word[1] in _VOWEL:
        return ["t" + word[1:]]  # "nanggep(in)" -> "tanggep"
    if suffixed and word.startswith("m") and len(word) > 4 and word[1] in _VOWEL:
        return ["p" + word[1:]]  # "mikir(in)" -> "pikir"
    return []
