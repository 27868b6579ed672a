"""Person mentions in an Indonesian article: names, roles, and resolving short references."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import NamedTuple

from retrieval.idwords import (
    DAYS,
    HONORIFICS,
    LIST_WORDS,
    LOWER_HONORIFICS,
    NOT_NAMES,
    ROLE_ALIASES,
    ROLE_HEADS,
    ROLE_WORDS,
)

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
_TOKEN = re.compile(r"\S+")
_LEAD = "(“\"‘'[„"
_TRAIL = ",.;:!?)”\"’'…]"
_BREAK = frozenset(',.;:!?”"…—')
_OPENING_MARKS = frozenset('“"‘„')
_CLAUSE_OPENERS = frozenset("–—:")  # a dateline dash or a colon starts a new clause
_SENTENCE_ENDS = frozenset(".!?…")
_TITLE_DOTS = re.compile(r"[A-Za-z]{1,4}\.(?:[A-Za-z]{1,4}\.?)+")  # S.H., M.Si., Ph.D.
# Derived common words (ke-…-an, pe-…-an, me-…-kan …) that open sentences: "Kehadiran X".
_DERIVED = re.compile(
    r"(?:ke|pe|per|pen|pem|peng|me|mem|men|meng|ber|di|ter)\w{3,}(?:an|kan|i|nya)"
)
_APPOSITION_GAP = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?,\s*")  # "Udin (48), Kepala ..."
_SPECIALIST = re.compile(r"Sp[A-Z]{1,4}")  # a physician's specialty after the name: "SpBS"
_MAX_NAME_WORDS = 5


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
    title: bool  # an honorific or academic title, e.g. "H.", "Hj.", "S.H.", "M.Si."
    initial: bool  # first word of a sentence or paragraph


@dataclass(frozen=True)
class Mention:
    """A run of capitalised words read as an optional role and an optional name."""

    start: int
    end: int
    role: str | None
    role_key: str | None
    name: str | None
    name_key: tuple[str, ...]
    whole_role: str | None = None  # the whole run, when it opens with an office: "Kepala ..."


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
        prev = out[-1] if out else None
        before = text[prev.end if prev else 0 : a + lead]
        initial = (
            prev is None
            or "\n" in before
            or "“" in before
            or not _CLAUSE_OPENERS.isdisjoint(before)
            or (not _SENTENCE_ENDS.isdisjoint(before) and not prev.title)
        )
        title = bool(dotted) or _is_title(word, key)
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
    return out


class People:
    """Every mention of an article, and the fullest name and role for a short reference."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.proper = {t.key for t in self.tokens if not t.initial and t.word[:1].isupper()}
        self.lower = {t.key for t in self.tokens if t.word[:1].islower()}
        self.run_of: dict[int, Mention] = {}  # token index -> mention of its run
        self.mentions: list[Mention] = []
        self._read_runs()

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after pos (len(tokens) when none)."""
        return bisect_left(self.starts, pos)

    def mention_at(self, index: int) -> Mention | None:
        return self.run_of.get(index)

    def resolve(self, mention: Mention, pos: int) -> tuple[str | None, str | None]:
        """Return (full name, role) for a mention, from the fullest mention in the article."""
        if mention.name_key:
            return self._fullest(mention)
        if mention.role_key is None:
            return None, None
        asked = mention.role_key
        holders = [
            m
            for m in self.mentions
            if m.name_key
            and m.role_key
            and (m.role_key == asked or m.role_key.startswith(asked + " "))
        ]
        if not holders:
            return None, mention.role
        before = [m for m in holders if m.start < pos]
        return self._fullest(before[-1] if before else holders[0])

    def _fullest(self, mention: Mention) -> tuple[str | None, str | None]:
        same = [m for m in self.mentions if _contains(m.name_key, mention.name_key)]
        best = max(same, key=lambda m: len(m.name_key), default=mention)
        roles = [m for m in self.mentions if m.name_key == best.name_key and m.role]
        role = max(roles, key=lambda m: len(m.role or ""), default=mention)
        return best.name, role.role or mention.role

    def _read_runs(self) -> None:
        toks, n = self.tokens, len(self.tokens)
        runs: list[tuple[int, int]] = []
        i = 0
        while i < n:
            if not _capital(toks[i]):
                i += 1
                continue
            j = i + 1
            while (
                j < n
                and not toks[j - 1].breaks_after
                and not toks[j].breaks_before
                and (
                    _capital(toks[j])
                    or (toks[j].key == "dan" and j + 1 < n and _capital(toks[j + 1]))
                )
            ):
                j += 1
            runs.append((i, j))
            i = j
        parsed = [self._parse(a, z) for a, z in runs]
        claimed: set[int] = set()  # runs already read as part of an apposition
        for k, mention in enumerate(parsed):
            if mention is None:
                continue
            joined = self._appositive(k, runs, parsed, mention)
            if joined is not mention:
                other = k + 1 if joined.start == mention.start else k - 1
                self._assign(runs[other], joined)
                claimed.add(other)
            if k not in claimed or joined is not mention:
                self._assign(runs[k], joined)
            self.mentions.append(joined)

    def _assign(self, run: tuple[int, int], mention: Mention) -> None:
        for idx in range(*run):
            self.run_of[idx] = mention

    def _appositive(
        self, k: int, runs: list[tuple[int, int]], parsed: list[Mention | None], m: Mention
    ) -> Mention:
        """Join "Sekretaris DPRD Kaltim, Norhayati Usman," and "Ishak Harahap, Kepala …"."""
        if m.role:
            return m
        after = parsed[k + 1] if k + 1 < len(runs) else None
        if (
            m.name_key
            and after is not None
            and after.whole_role
            and self._comma_between(runs[k], runs[k + 1])
        ):
            role = after.whole_role
            return Mention(m.start, m.end, role, _role_key(role), m.name, m.name_key)
        before = parsed[k - 1] if k > 0 else None
        if (
            m.name_key
            and before is not None
            and before.role
            and not before.name_key
            and self._comma_between(runs[k - 1], runs[k])
            and self._apposition_ends(runs[k])
        ):
            return Mention(before.start, m.end, before.role, before.role_key, m.name, m.name_key)
        return m

    def _comma_between(self, first: tuple[int, int], second: tuple[int, int]) -> bool:
        gap = self.text[self.tokens[first[1] - 1].end : self.tokens[second[0]].start]
        return _APPOSITION_GAP.fullmatch(gap) is not None

    def _apposition_ends(self, run: tuple[int, int]) -> bool:
        # "…, Norhayati Usman, menunjukkan" but not the list "…, Ilmu Pengetahuan, dan …".
        last = self.tokens[run[1] - 1]
        if not last.breaks_after:
            return False
        nxt = self.tokens[run[1]] if run[1] < len(self.tokens) else None
        if nxt is None or self.text[last.end : last.end + 1] in ".!?":
            return True
        if nxt.key in DAYS:
            return True  # "…, Aji Firmansyah, Senin (27/11/2026)."
        return nxt.word[:1].islower() and nxt.key not in LIST_WORDS

    def _parse(self, a: int, z: int) -> Mention | None:
        toks = [t for t in self.tokens[a:z] if not t.title]
        # A sentence's first word is capitalised anyway: drop it unless it looks like a name.
        sentence_start = bool(toks) and toks[0].initial
        while toks and (
            toks[0].key in NOT_NAMES or (sentence_start and len(toks) > 1 and self._common(toks[0]))
        ):
            toks = toks[1:]
        while toks and (toks[-1].key in NOT_NAMES or toks[-1].key in LIST_WORDS):
            toks = toks[:-1]
        if not toks:
            return None
        j = len(toks)
        while j > 0 and _name_like(toks[j - 1]) and len(toks) - j < _MAX_NAME_WORDS:
            j -= 1
        head = next((h for h in range(j) if toks[h].key in ROLE_HEADS), None)
        if head is not None and any(t.key in ROLE_WORDS for t in toks[:head]):
            head = None  # "Kantor Gubernur Kaltim" names a place, not someone's office
        role = _close(self.text[toks[head].start : toks[j - 1].end]) if head is not None else None
        name = self.text[toks[j].start : toks[-1].end] if j < len(toks) else None
        if role is None and name is None:
            return None
        whole = (
            _close(self.text[toks[0].start : toks[-1].end]) if toks[0].key in ROLE_HEADS else None
        )
        return Mention(
            start=toks[0].start,
            end=toks[-1].end,
            role=role,
            role_key=_role_key(role) if role else None,
            name=name,
            name_key=tuple(t.key for t in toks[j:]),
            whole_role=whole,
        )

    def _common(self, tok: Token) -> bool:
        if tok.key in ROLE_HEADS or tok.key in self.proper:
            return False
        return tok.key in self.lower or _DERIVED.fullmatch(tok.key) is not None


def _is_title(word: str, key: str) -> bool:
    if key in HONORIFICS:
        return word[:1].isupper() or key in LOWER_HONORIFICS
    return _SPECIALIST.fullmatch(word) is not None


def _capital(t: Token) -> bool:
    return t.word[:1].isupper() or t.title


def _name_like(t: Token) -> bool:
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


def _close(role: str) -> str:
    # "(Asisten I)": the bracket sits after the last role word.
    return role + ")" if role.count("(") > role.count(")") else role


def _role_key(role: str) -> str:
    words = norm(role).replace("(", " ").replace(")", " ").split()
    return " ".join(ROLE_ALIASES.get(w, w) for w in words)


def _contains(whole: tuple[str, ...], part: tuple[str, ...]) -> bool:
    if not part or len(part) > len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))
