"""Person mentions in an Indonesian article: names, roles, and resolving short references."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from retrieval.text.namecues import NameCues
from retrieval.text.nametokens import Token, name_like, nominal, norm, tokenize
from retrieval.text.regions import REGIONS
from retrieval.text.runs import read_runs
from retrieval.text.titles import RANK_TAILS, RANK_WORDS
from retrieval.text.words import (
    DAYS,
    DOCUMENTS,
    ENGLISH_LINKS,
    LIST_WORDS,
    NOT_NAMES,
    PLACE_PREFIXES,
    ROLE_ALIASES,
    ROLE_HEADS,
    ROLE_WORDS,
    ROMAN_NUMERALS,
    SPEECH_VERBS,
)

# Derived common words (ke-…-an, pe-…-an, me-…-kan …) that open sentences: "Kehadiran X".
_DERIVED = re.compile(
    r"(?:ke|pe|per|pen|pem|peng|me|mem|men|meng|ber|di|ter)\w{3,}(?:an|kan|i|nya)"
)
_APPOSITION_GAP = re.compile(r"\s*(?:\(\d{1,3}\)\s*)?,\s*")  # "Udin (48), Kepala ..."
_MAX_NAME_WORDS = 5
_MAX_INITIALS = 4  # "JK", "SBY", "AHY": people known by their initials
_CLAUSE_WORDS = 12  # words from "dari" to the verb: "Rekaan dari PT Contoh Jaya mengatakan"


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
        self._given: set[str] = set()  # one-word references such as "kata Rudy"
        self.cues = NameCues.of(self.tokens)
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
        if not people and tok.word.isupper() and 1 < len(tok.word) <= _MAX_INITIALS:
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
        parsed = [self._parse(a, z) for a, z in runs]
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
            self._parse(a, z, second=True)
            if m and (m.role or len(m.name_key) > 1 or self._place(m.name_key))
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
            return Mention(m.start, after.end, office, _role_key(office), m.name, m.name_key)
        # "Ketua DPRD Sungai Rekaan, Bambang Ujicoba,": the words before the comma are all
        # office and place, even those that look like a name.
        role = m.whole_role or (m.role if not m.name_key else None)
        if self._given.intersection(m.name_key):
            role = None  # "Gubernur Rudy Mas’ud, Seno Aji." lists two people: "kata Rudy"
        if role and after.name_key and not after.role and self._apposition_ends(runs[k + 1]):
            return Mention(m.start, after.end, role, _role_key(role), after.name, after.name_key)
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

    def _name_word(self, tok: Token, second: bool) -> bool:
        # "kata Hari", "tutur Lalu": a word that is also a name, when the article says so.
        return name_like(tok) or (
            second and tok.key in self.cues.spoken and tok.word[:1].isupper() and not tok.title
        )

    def _parse(self, a: int, z: int, second: bool = False) -> Mention | None:
        """Read a run as office and name; the second reading knows the article's NameCues."""
        run = self.tokens[a:z]
        toks = [t for t in run if not t.title]
        # After a rank ("Komisaris Besar", "Irjen") only the name follows.
        ranked = [k for k in range(len(run) - 1) if run[k].title and run[k].key in RANK_WORDS]
        floor = run[ranked[-1] + 1].start if ranked else -1
        # A sentence's first word is capitalised anyway: drop it unless it looks like a name.
        sentence_start = bool(toks) and toks[0].initial
        while toks and (
            toks[0].key in NOT_NAMES or (sentence_start and len(toks) > 1 and self._common(toks[0]))
        ):
            toks = toks[1:]
        while toks and (
            toks[-1].key in NOT_NAMES
            or toks[-1].key in LIST_WORDS
            or (len(toks) > 1 and self._citation(toks[-1]))
        ):
            toks = toks[:-1]  # "… Nama Orang (Kompas, 10/9/2020)": a citation, not the name
        if not toks:
            return None
        if len(toks) == 1 and toks[0].initial and not self._lone_opener(toks[0], z):
            return None  # "Apalagi, …", "Karantina diperlukan …": never written as a name
        places = _places(toks)
        j = len(toks)
        if len(toks) > 1 and self._initials(toks[-1], toks[-2]):
            j -= 1  # "Tarmiji AS", "Rekaan MT": initials after a name are part of it
        while j > 0 and self._name_word(toks[j - 1], second):
            # "Kepala Desa Lalu Rekaan … tutur Lalu": the credit says it is no village's name.
            if j - 1 in places and not (second and toks[j - 1].key in self.cues.spoken):
                break
            if j < len(toks) and nominal(toks[j - 1]):
                break  # "Kepala Bidang Pencegahan Nama Orang": the office's field
            if (
                len(toks) - j >= 2
                and toks[j - 1].key in self.lower
                and toks[j - 1].key not in self.cues.spoken  # "tutur Lalu": a name after all
            ):
                break  # "Bidang Hubungan Luar Nama Orang": a common word, written lowercase too
            j -= 1
        j = max(j, len(toks) - _MAX_NAME_WORDS)
        # "Center of Reform", "Head of Rekaan.co Nama Orang": the word after an English link
        # still names the body.
        j = max([j] + [k + 2 for k, t in enumerate(toks) if t.key in ENGLISH_LINKS])
        if floor >= 0:
            j = max(j, next((k for k, t in enumerate(toks) if t.start >= floor), j))
        elif second and j == len(toks):
            # "… Officer Rekaan Putra Timur": a name with an office word in it, that the
            # article credits by its first word ("kata Putra").
            keys = tuple(t.key for t in toks)
            j = next((i for i in range(1, j) if (keys[i],) in self.cues.speaking), j)
        elif second and j < len(toks) - 1:
            at = self.token_at(toks[j].start) - 1
            before = self.tokens[at] if at >= 0 and not self.tokens[at].breaks_after else None
            j += self.cues.name_start(tuple(t.key for t in toks[j:]), before, at + 1)
        if second and j == len(toks) - 1 and floor < 0 and self._place((toks[j].key,)):
            j = len(toks)  # "di Rekaan, Presiden …", "Jakarta Raya": a place, not a name
        head = next((h for h in range(j) if toks[h].key in ROLE_HEADS), None)
        if head is not None and any(t.key in ROLE_WORDS or t.key in DOCUMENTS for t in toks[:head]):
            head = None  # "Kantor Gubernur Kaltim" names a place, "Peraturan Menteri" a rule
        role = _close(self.text[toks[head].start : toks[j - 1].end]) if head is not None else None
        name = self.text[self._rank_start(toks[j]) : toks[-1].end] if j < len(toks) else None
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

    def _place(self, name_key: tuple[str, ...]) -> bool:
        """Whether a one-word name names a place instead: a regency or city, or a word the
        article uses as a place ("di Rekaan"); unless someone is credited by it ("kata Rekaan").
        """
        if len(name_key) != 1 or name_key[0] in self.cues.spoken:
            return False
        return name_key[0] in REGIONS or name_key[0] in self.cues.places

    def _lone_opener(self, tok: Token, after: int) -> bool:
        """Whether one capitalised word opening a sentence names someone or an office.

        "Mensos mengatakan" opens with an office; "Rekaan, Kepala Regu X, menuturkan" with a
        name in apposition to an office.
        """
        if tok.key in self.proper or tok.key in ROLE_HEADS:
            return True
        nxt = self.tokens[after] if after < len(self.tokens) else None
        if nxt is None or self._common(tok):
            return False
        if nxt.bracketed and nxt.word.isdigit():
            return True  # "Rekaan (43), warga Desa X, mengatakan": an age
        if nxt.key == "dari":
            # "Rekaan dari PT Contoh mengatakan": who someone is with, then a verb of saying.
            for k in range(after + 1, min(len(self.tokens), after + _CLAUSE_WORDS)):
                if self.tokens[k].key in SPEECH_VERBS:
                    return True
                if self.tokens[k].breaks_after:
                    break
            return False
        return nxt.key in ROLE_HEADS and self.text[tok.end : nxt.start].strip() == ","

    def _citation(self, tok: Token) -> bool:
        # "(Kompas, 10/9/2020)" opens a bracket the word does not close; "(LKR)" closes it.
        return (
            self.text[tok.start - 1 : tok.start] == "("
            and ")" not in self.text[tok.end : tok.end + 1]
        )

    def _initials(self, tok: Token, prev: Token) -> bool:
        # Only when the article never writes the letters apart from that name: not "DPRD".
        w = tok.word
        if not (w.isupper() and 1 < len(w) < 4 and w not in ROMAN_NUMERALS and name_like(prev)):
            return False
        if tok.key in ROLE_WORDS or tok.bracketed:
            return False
        return all(
            self.tokens[k - 1].key == prev.key
            for k, t in enumerate(self.tokens)
            if t.key == tok.key
        )

    def _rank_start(self, first: Token) -> int:
        """Where a name's credit starts: its rank before it, "Ajun Komisaris Nama"."""
        start = first.start
        k = self.token_at(first.start) - 1
        while k >= 0 and self.tokens[k].title and not self.tokens[k].breaks_after:
            # "Panglima TNI Marsekal Nama": the force before the rank is the office's.
            if self.tokens[k].key in RANK_WORDS and self.tokens[k].key not in RANK_TAILS:
                start = self.tokens[k].start
            k -= 1
        return start

    def _common(self, tok: Token) -> bool:
        if tok.key in ROLE_HEADS or tok.key in self.proper:
            return False
        return tok.key in self.lower or _DERIVED.fullmatch(tok.key) is not None


def _places(toks: list[Token]) -> set[int]:
    """Indices of "Sungai Rekaan", "Kabupaten Berau", "Loa Kulu": never a person's name."""
    out: set[int] = set()
    for i in range(len(toks) - 1):
        if toks[i].key in PLACE_PREFIXES and not (i and toks[i - 1].key == "wali"):
            out.update((i, i + 1))  # but "Wali Kota Andi Harun" names the mayor
    return out


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
