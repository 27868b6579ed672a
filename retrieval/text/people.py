"""Person mentions in an Indonesian article: names, roles, and resolving short references.

Each run of capitalised words is read as a Mention (mentions.py); here the mentions of an
article are joined across appositions and a short reference is resolved to the fullest name.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from retrieval.text.mentions import Mention, MentionReader, role_key
from retrieval.text.namecues import NameCues
from retrieval.text.nametokens import Token, tokenize
from retrieval.text.runs import read_runs
from retrieval.text.words import DAYS, LIST_WORDS

_APPOSITION_GAP = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?,\s*")  # "Udin (48), Kepala ..."
MAX_INITIALS = 4  # "JK", "SBY", "AHY": people known by their initials


class People:
    """Every mention of an article, and the fullest name and role for a short reference."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.run_of: dict[int, Mention] = {}  # token index -> mention of its run
        self.mentions: list[Mention] = []
        self._given: set[str] = set()  # one-word references such as "kata Rudy"
        self.cues = NameCues.of(self.tokens)
        self._reader = MentionReader(text, self.tokens, self.cues)
        self._speaking: set[str] = set()  # words of short references said to speak
        self._read_runs()

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after pos (len(tokens) when none)."""
        return bisect_left(self.starts, pos)

    def mention_at(self, index: int) -> Mention | None:
        return self.run_of.get(index)

    def person_like(self, mention: Mention, speaking: bool = True) -> bool:
        """Whether a mention may be a person: a role, a full name, or the short form of one.

        A lone capitalised word the article never ties to an office or a fuller name is more
        likely a body, a place or a brand ("dengan Kompas menyampaikan"), unless it opens a
        clause with a verb of saying (speaking).
        """
        if mention.role or len(mention.name_key) > 1:
            return True
        return bool(mention.name_key) and (
            mention.name_key in self.cues.credited
            or (speaking and self._opens(mention))
            or any(
                len(m.name_key) > 1 and _contains(m.name_key, mention.name_key)
                for m in self.mentions
            )
        )

    def referred(self, mention: Mention) -> bool:
        """Whether the article refers to this name alone as someone speaking: "kata Rudy"."""
        return not self._speaking.isdisjoint(mention.name_key)

    def _opens(self, mention: Mention) -> bool:
        # "Rekaan mengatakan", "Pakar hukum, Rekaan, mengatakan", but not "umat Rekaan menilai".
        index = self.token_at(mention.start)
        return self.tokens[index].initial or self.tokens[index - 1].breaks_after

    def named(self, tok: Token) -> Mention | None:
        """The person whose full name holds this word, e.g. "Hari" of "Rekaan Hari Samaran".

        A credit in capitals may be the initials of a full name: "pesan BS" for Budi Santoso.
        """
        people = [m for m in self.mentions if len(m.name_key) > 1 and tok.key in m.name_key]
        if not people and tok.word.isupper() and 1 < len(tok.word) <= MAX_INITIALS:
            people = [
                m
                for m in self.mentions
                if len(m.name_key) > 1 and "".join(w[0] for w in m.name_key) == tok.key
            ]
            if len({m.name_key for m in people}) > 1:
                return None  # two people share the initials
        return max(people, key=lambda m: len(m.name_key), default=None)

    def resolve(self, mention: Mention, pos: int) -> tuple[str | None, str | None]:
        """Return (full name, role) for a mention, from the fullest mention in the article."""
        if mention.name_key:
            return self._fullest(mention, pos)
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

    def _fullest(self, mention: Mention, pos: int = -1) -> tuple[str | None, str | None]:
        same = [m for m in self.mentions if _contains(m.name_key, mention.name_key)]
        best = max(same, key=lambda m: len(m.name_key), default=mention)
        rivals = [m for m in same if not _contains(best.name_key, m.name_key)]
        if rivals and pos >= 0:
            # Two people share the short name ("Budi"): the one named last before it.
            fuller = [m for m in same if len(m.name_key) > len(mention.name_key)]
            before = [m for m in fuller if m.start < pos]
            near = max(before, key=lambda m: m.start) if before else fuller[0]
            best = max(
                (m for m in same if _contains(m.name_key, near.name_key)),
                key=lambda m: len(m.name_key),
            )
        roles = [m for m in self.mentions if m.name_key == best.name_key and m.role]
        role = max(roles, key=lambda m: len(m.role or ""), default=mention)
        return best.name, role.role or mention.role

    def _read_runs(self) -> None:
        runs = read_runs(self.text, self.tokens)
        parsed = [self._reader.parse(a, z) for a, z in runs]
        self.cues.learn(
            self.tokens,
            [
                (a, z, m.name_key)
                for (a, z), m in zip(runs, parsed, strict=True)
                if m and m.name_key and not m.role
            ],
        )
        self._given = {r[0] for r in self.cues.speaking if len(r) == 1}
        self._speaking = self.cues.speaking_words()
        parsed = [
            self._reader.parse(a, z, second=True)
            if m and (m.role or len(m.name_key) > 1 or self._reader.place(m.name_key))
            else m
            for (a, z), m in zip(runs, parsed, strict=True)
        ]
        k = 0
        while k < len(runs):
            mention = parsed[k]
            if mention is None:
                k += 1
                continue
            joined = self._appositive(k, runs, parsed, mention)
            if joined is not mention:
                self._assign(runs[k + 1], joined)
            self._assign(runs[k], joined)
            self.mentions.append(joined)
            k += 2 if joined is not mention else 1

    def _assign(self, run: tuple[int, int], mention: Mention) -> None:
        for idx in range(*run):
            self.run_of[idx] = mention

    def _appositive(
        self, k: int, runs: list[tuple[int, int]], parsed: list[Mention | None], m: Mention
    ) -> Mention:
        """Join "Sekretaris DPRD Kaltim, Norhayati Usman," and "Ishak Harahap, Kepala …"."""
        after = parsed[k + 1] if k + 1 < len(runs) else None
        if after is None or not self._comma_between(runs[k], runs[k + 1]):
            return m
        if not m.role and m.name_key and after.whole_role:
            office = after.whole_role
            return Mention(m.start, after.end, office, role_key(office), m.name, m.name_key)
        # "Ketua DPRD Sungai Rekaan, Bambang Ujicoba,": the words before the comma are all
        # office and place, even those that look like a name.
        role = m.whole_role or (m.role if not m.name_key else None)
        if self._given.intersection(m.name_key):
            role = None  # "Gubernur Rudy Mas’ud, Seno Aji." lists two people: "kata Rudy"
        if role and after.name_key and not after.role and self._apposition_ends(runs[k + 1]):
            return Mention(m.start, after.end, role, role_key(role), after.name, after.name_key)
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

def _contains(whole: tuple[str, ...], part: tuple[str, ...]) -> bool:
    if not part or len(part) > len(whole):
        return False
    return any(whole[i : i + len(part)] == part for i in range(len(whole) - len(part) + 1))
