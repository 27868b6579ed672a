"""Words of an article with what reading names and roles needs to know about each."""

from __future__ import annotations

import re
from typing import NamedTuple

from retrieval.text.titles import (
    DEGREE_CODES,
    HONORIFICS,
    LOWER_HONORIFICS,
    RANK_PHRASES,
    RANK_TAILS,
    RANKS,
)
from retrieval.text.words import DOTTED_WORDS, NOT_NAMES, ROLE_HEADS, ROLE_WORDS

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_TOKEN = re.compile(r"\S+")
_LEAD = "(“\"‘'[„"
_TRAIL = ",.;:!?)”\"’'…]"
_BREAK = frozenset(',.;:!?”"…—')
_OPENING_MARKS = frozenset('“"‘„')
_CLAUSE_OPENERS = frozenset("–—:")  # a dateline dash or a colon starts a new clause
_SENTENCE_ENDS = frozenset(".!?…")
DASHES = frozenset(("–", "—", "-", "--"))
_TITLE_DOTS = re.compile(r"[A-Za-z]{1,4}\.(?:[A-Za-z]{1,4}\.?)+")  # S.H., M.Si., Ph.D.
_SPECIALIST = re.compile(r"Sp[A-Z]{1,4}")  # a physician's specialty after the name: "SpBS"
_RANK_FIRST = frozenset(p[0] for p in RANK_PHRASES)
# Nouns made of a verb, the words of offices' fields: "Pencegahan", "Ketenagakerjaan",
# "Perlindungan", and sciences: "Meteorologi", "Geografi", "Ekonomi". A given name is not built
# so (a surname may be: "Rahmat Percobaan").
_NOMINAL = re.compile(r"(?:pe[nmr]?|peng|peny|ke)[a-z]{4,}an|[a-z]{3,}(?:logi|grafi|nomi)")


# English abstract nouns and adjectives in the names of bodies: "Electoral Integrity",
# "Development", "Economics". Indonesian given names are not built so; a surname such as
# "Nasution" comes last, where this is not asked.
_ENGLISH_NOUN = re.compile(
    r"[a-z]{3,}(?:tion|sion|ment|ity|ance|ence|ship|ness|ology|ical|ics|oral|ural|ive|ory)"
)


def nominal(t: Token) -> bool:
    """Whether t is a noun made of a verb, such as "Pencegahan", or an English one."""
    return _NOMINAL.fullmatch(t.key) is not None or _ENGLISH_NOUN.fullmatch(t.key) is not None


def norm(word: str) -> str:
    """Fold case and apostrophes so "Mas’ud" and "mas'ud" compare equal."""
    return word.translate(_APOSTROPHES).lower()


class Token(NamedTuple):  # a NamedTuple: built for every word, so it must be cheap
    start: int  # of the word itself, without leading brackets or quote marks
    end: int
    word: str
    key: str  # norm(word), without a final dot
    breaks_after: bool  # punctuation after it ends a name or role
    breaks_before: bool  # an opening quote mark before it
    bracketed: bool  # inside "(...)": part of a role such as "(Asisten I)", never of a name
    title: bool  # an honorific, rank or degree, e.g. "H.", "Hj.", "Irjen", "S.H.", "M.Si."
    initial: bool  # first word of a sentence or paragraph


def tokenize(text: str) -> list[Token]:
    """Return the words of text with what name reading needs to know about each."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        raw, a = m.group(), m.start()
        lead = len(raw) - len(raw.lstrip(_LEAD))
        body = raw[lead:]
        dotted = _TITLE_DOTS.fullmatch(body.rstrip(",;:)"))
        word = body.rstrip(",;:)") if dotted else body.rstrip(_TRAIL)
        trail = body[len(word) :]
        key = norm(word.rstrip("."))
        if key in DOTTED_WORDS and trail.startswith("."):
            word, trail = word + ".", trail[1:]  # "Plt. Kepala": the office goes on
        prev = out[-1] if out else None
        before = text[prev.end if prev else 0 : a + lead]
        initial = (
            prev is None
            or "\n" in before
            or "“" in before
            or not _CLAUSE_OPENERS.isdisjoint(before)
            or prev.word in DASHES  # "TENGGARONG – Bupati …": a dateline's dash
            or (not _SENTENCE_ENDS.isdisjoint(before) and not prev.title)
        )
        title = bool(dotted) or _is_title(word, key, prev)
        if title and trail.startswith("."):
            trail = trail[1:]  # the dot of "Hj." belongs to the abbreviation
        out.append(
            Token(
                start=a + lead,
                end=a + lead + len(word),
                word=word,
                key=key,
                breaks_after=not _BREAK.isdisjoint(trail),
                breaks_before=not _OPENING_MARKS.isdisjoint(raw[:lead]),
                bracketed="(" in raw[:lead] or ")" in trail,
                title=title,
                initial=initial,
            )
        )
    _mark_ranks(out)
    return out


def _mark_ranks(toks: list[Token]) -> None:
    """Mark written-out ranks ("Komisaris Besar", "Letnan Kolonel Laut") as titles before a name."""
    i = 0
    while i < len(toks):
        n = _rank_length(toks, i)
        if n:
            for k in range(i, i + n):
                toks[k] = toks[k]._replace(title=True)
            i += n
        else:
            i += 1


def _rank_length(toks: list[Token], i: int) -> int:
    if toks[i].key not in _RANK_FIRST or not toks[i].word[:1].isupper():
        return 0
    if i and toks[i - 1].key in ROLE_HEADS:
        return 0  # "Direktur Jenderal", "Sekretaris Jenderal": an office
    for phrase in RANK_PHRASES:  # longest first within each family
        n = len(phrase)
        if tuple(t.key for t in toks[i : i + n]) != phrase:
            continue
        if any(t.breaks_after for t in toks[i : i + n - 1]):
            continue
        while (
            i + n < len(toks)
            and toks[i + n - 1].breaks_after is False
            and (toks[i + n].key in RANK_TAILS or toks[i + n].title)
        ):
            n += 1
        nxt = toks[i + n] if i + n < len(toks) else None
        if nxt is not None and not toks[i + n - 1].breaks_after and name_like(nxt):
            return n
        return 0
    return 0


def _is_title(word: str, key: str, prev: Token | None) -> bool:
    if key in HONORIFICS:
        return word[:1].isupper() or key in LOWER_HONORIFICS
    if key in RANKS:
        return word[:1].isupper()
    if word in DEGREE_CODES:
        # Only after a name: "SE" alone is also a "surat edaran".
        return prev is not None and (prev.title or name_like(prev))
    return _SPECIALIST.fullmatch(word) is not None


def capital(t: Token) -> bool:
    """Whether t may be part of a run of names and offices."""
    return t.word[:1].isupper() or t.title


def name_like(t: Token) -> bool:
    """Whether t could be a word of a person's name."""
    w = t.word
    return (
        w[:1].isupper()
        and t.key not in ROLE_WORDS
        and t.key not in NOT_NAMES
        and not (w.isupper() and len(w) > 1)
        and not any(c.isdigit() for c in w)
        and not t.title
        and not t.bracketed
    )
