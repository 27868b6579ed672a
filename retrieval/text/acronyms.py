"""Acronyms a body's written-out name stands for: "Dewan Pimpinan Rekaan Nasional" is "DPRN".

An article may write a body out in full while a reader types its acronym ("ketum dprn"), or the
other way round. The initials of every run of three to six capitalised words are taken as the
acronyms that run may go by; runs of fewer words would give two-letter acronyms that stand for
too many bodies to tell anyone apart.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
SHORTEST, LONGEST = 3, 6


def _runs(text: str) -> list[list[str]]:
    """Runs of capitalised words ("Rekaan", not "DPRN" or "dan"), broken by any other word."""
    runs: list[list[str]] = [[]]
    last = 0
    for m in _WORD.finditer(text):
        word = m.group(0)
        titled = word[0].isupper() and word[1:].islower()
        # Punctuation between two words ("Rekaan, Sleman") ends a name as a lowercase word does.
        if not titled or text[last : m.start()].strip():
            runs.append([])
        if titled:
            runs[-1].append(word)
        last = m.end()
    return [r for r in runs if len(r) >= SHORTEST]


def acronyms(text: str) -> set[str]:
    """The lowercase initials of every run of SHORTEST to LONGEST capitalised words in a text."""
    out: set[str] = set()
    for run in _runs(text):
        initials = "".join(w[0] for w in run).lower()
        for n in range(SHORTEST, min(LONGEST, len(run)) + 1):
            out.update(initials[i : i + n] for i in range(len(initials) - n + 1))
    return out
