"""Person mentions in an Indonesian article: names, roles, and resolving short references.

Each run of capitalised words is read as a Mention (mentions.py); here the mentions of an
article are joined across appositions and a short reference is resolved to the fullest name.
Lookups go through indexes of the article's names (by word, initials and office), never through
every mention: a reference costs the names that share its words, so a 2 MB article reads in
about the time of its words.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field, replace

from retrieval.text.mentions import Mention, MentionReader, role_key
from retrieval.text.namecues import NameCues
from retrieval.text.nametokens import Token, tokenize
from retrieval.text.runs import read_runs
from retrieval.text.words import DAYS, LIST_WORDS

_APPOSITION_GAP = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?,\s*")  # "Udin (48), Kepala ..."
MAX_INITIALS = 4  # "JK", "SBY", "AHY": people known by their initials
Name = tuple[str, ...]  # a mention's name_key


@dataclass
class _Mentions:
    """Mentions sharing a name (or an office), in article order."""

    mentions: list[Mention] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    role: Mention | None = None  # the first of them with the longest role

    def add(self, mention: Mention) -> None:
        self.mentions.append(mention)
        self.starts.append(mention.start)
        if mention.role and (self.role is None or len(mention.role) > len(self.role.role or "")):
            self.role = mention

    def last_before(self, pos: int) -> Mention | None:
        k = bisect_left(self.starts, pos)
        return self.mentions[k - 1] if k else None


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
        # Indexes of self.mentions; names and offices in the order the article first gives them.
        self._names: dict[Name, _Mentions] = {}
        self._by_word: dict[str, list[Name]] = {}
        self._by_initials: dict[str, list[Name]] = {}
        self._by_office: dict[str, _Mentions] = {}  # role_key -> the named mentions given it
        self._containing: dict[Name, list[Name]] = {}
        self._index()

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
            or any(len(name) > 1 for name in self._names_with(mention.name_key))
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
        names = [name for name in self._by_word.get(tok.key, ()) if len(name) > 1]
        if not names and tok.word.isupper() and 1 < len(tok.word) <= MAX_INITIALS:
            names = self._by_initials.get(tok.key, [])
            if len(names) > 1:
                return None  # two people share the initials
        return self._first(max(names, key=len)) if names else None

    def resolve(self, mention: Mention, pos: int) -> tuple[str | None, str | None]:
        """Return (full name, role) for a mention, from the fullest mention in the article."""
        if mention.name_key:
            return self._fullest(mention, pos)
        if mention.role_key is None:
            return None, None
        asked = mention.role_key
        holders = [
            held
            for office, held in self._by_office.items()
            if office == asked or office.startswith(asked + " ")
        ]
        if not holders:
            return None, mention.role
        before = [m for held in holders if (m := held.last_before(pos)) is not None]
        if before:
            return self._fullest(max(before, key=lambda m: m.start))
        return self._fullest(min((held.mentions[0] for held in holders), key=lambda m: m.start))

    def _fullest(self, mention: Mention, pos: int = -1) -> tuple[str | None, str | None]:
        same = self._names_with(mention.name_key)
        best = self._first(max(same, key=len)) if same else mention
        if pos >= 0 and any(not _contains(best.name_key, name) for name in same):
            # Two people share the short name ("Budi"): the one named last before it.
            fuller = [name for name in same if len(name) > len(mention.name_key)]
            before = [m for name in fuller if (m := self._names[name].last_before(pos))]
            near = max(before, key=lambda m: m.start).name_key if before else fuller[0]
            best = self._first(max((n for n in same if _contains(n, near)), key=len))
        named = self._names.get(best.name_key)
        role = named.role if named is not None else None
        return best.name, (role.role if role is not None else None) or mention.role

    def _first(self, name: Name) -> Mention:
        return self._names[name].mentions[0]

    def _names_with(self, part: Name) -> list[Name]:
        """The article's names that hold `part` as consecutive words, first given first."""
        if not part:
            return []
        found = self._containing.get(part)
        if found is None:
            found = [n for n in self._by_word.get(part[0], ()) if _contains(n, part)]
            if len(part) > 1 and all(n == part for n in found):
                # "Gusti Contoh" of "Gusti Ngurah Rekaan Contoh": the middle names left out.
                found += [n for n in self._by_word.get(part[0], ()) if _spans(n, part)]
            self._containing[part] = found
        return found

    def _index(self) -> None:
        office: Mention | None = None
        for m in self.mentions:
            if office is not None and m.name_key and not m.role and self._apposed(office, m):
                # "Ketua Fraksi Rekaan DPRD Contoh, Nama Orang menyebut …": the name holds the
                # office before its comma, as "Ketua … Nama Orang" would.
                m = replace(m, role=office.role, role_key=office.role_key)
            office = m if m.role and not m.name_key else None
            if not m.name_key:
                continue
            if m.name_key not in self._names:
                self._names[m.name_key] = _Mentions()
                for word in dict.fromkeys(m.name_key):
                    self._by_word.setdefault(word, []).append(m.name_key)
                if len(m.name_key) > 1:
                    initials = "".join(w[:1] for w in m.name_key)
                    self._by_initials.setdefault(initials, []).append(m.name_key)
            self._names[m.name_key].add(m)
            if m.role_key:
                self._by_office.setdefault(m.role_key, _Mentions()).add(m)

    def _apposed(self, office: Mention, named: Mention) -> bool:
        """An office, a comma, then a name of two words or more that the sentence goes on from
        in lowercase (a verb): the name is the office's holder."""
        if self.text[office.end : named.start].strip() != "," or len(named.name_key) < 2:
            return False
        k = self.token_at(named.end)
        return k < len(self.tokens) and not self.tokens[k - 1].breaks_after and (
            self.tokens[k].word[:1].islower()
        )

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
        if role is None and m.role and self._trailing_word(m, after):
            # "Ketua Dewan Adat Kabupaten Bantul Rekaan, Budi Santoso,": a place ends the
            # office's words and one word follows it that the article never uses as a name on
            # its own: the institution's last word, the holder after the comma.
            role = self.text[m.start : m.end]
        if self._given.intersection(m.name_key):
            role = None  # "Gubernur Rudy Mas’ud, Seno Aji." lists two people: "kata Rudy"
        if role and after.name_key and not after.role and self._apposition_ends(runs[k + 1]):
            return Mention(m.start, after.end, role, role_key(role), after.name, after.name_key)
        return m

    def _trailing_word(self, m: Mention, after: Mention) -> bool:
        return (
            len(m.name_key) == 1
            and len(after.name_key) > 1
            and m.name_key not in self.cues.refs
            and m.name_key[0] not in self._speaking
        )

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


def _spans(whole: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Whether `part` is `whole` with some of its middle words left out."""
    if len(part) >= len(whole) or part[0] != whole[0] or part[-1] != whole[-1]:
        return False
    rest = iter(whole[1:-1])
    return all(word in rest for word in part[1:-1])
