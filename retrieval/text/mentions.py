"""A run of capitalised words read as an office and a name: "Kepala Dinas X Nama Orang".

The first reading uses the run and the article's words; the second also knows the article's
NameCues (who is credited by a short name, which words are places) and cuts stray words off.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from retrieval.text.namecues import NameCues
from retrieval.text.nametokens import Token, name_like, nominal, norm
from retrieval.text.regions import REGIONS
from retrieval.text.speechwords import SPEECH_VERBS
from retrieval.text.titles import RANK_TAILS, RANK_WORDS
from retrieval.text.words import (
    BODIES_NAMED_AFTER,
    DOCUMENTS,
    ENGLISH_LINKS,
    LIST_WORDS,
    NOT_NAMES,
    OCCUPATIONS,
    PLACE_PREFIXES,
    ROLE_ALIASES,
    ROLE_HEADS,
    ROLE_WORDS,
    ROMAN_NUMERALS,
)

# Derived common words (ke-…-an, pe-…-an, me-…-kan …) that open sentences: "Kehadiran X".
_DERIVED = re.compile(
    r"(?:ke|pe|per|pen|pem|peng|me|mem|men|meng|ber|di|ter)\w{3,}(?:an|kan|i|nya)"
)
_MAX_NAME_WORDS = 5
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
    known_as: str | None = None  # the initials bracketed after the name: "BSW"


class MentionReader:
    """Reads the runs of one article as mentions."""

    def __init__(self, text: str, tokens: list[Token], cues: NameCues) -> None:
        self.text = text
        self.tokens = tokens
        self.cues = cues
        self.starts = [t.start for t in tokens]
        self.proper = {t.key for t in tokens if not t.initial and t.word[:1].isupper()}
        self.lower = {t.key for t in tokens if t.word[:1].islower()}

    def token_at(self, pos: int) -> int:
        return bisect_left(self.starts, pos)

    def _name_word(self, tok: Token, second: bool) -> bool:
        # "kata Hari", "tutur Lalu": a word that is also a name, when the article says so.
        return name_like(tok) or (
            second and tok.key in self.cues.spoken and tok.word[:1].isupper() and not tok.title
        )

    def parse(self, a: int, z: int, second: bool = False) -> Mention | None:
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
        known_as = _known_as(toks)
        alias = toks[-1].word if known_as else None
        if known_as:
            toks = toks[:-1]  # "Nama Panjang Orang (NPO)": the credit's length, not a name word
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
        links = [k + 2 for k, t in enumerate(toks) if t.key in ENGLISH_LINKS]
        j = min(len(toks), max([j, *links]))  # a title may end on its link word: "… Came In"
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
            if j >= 2 and toks[j - 2].key in BODIES_NAMED_AFTER and len(toks) - j > 2:
                j += 1  # "PT Sumber Jaya Budi Contoh": a firm of two words, as after "PT Rekaan"
        if second and j == len(toks) - 1 and floor < 0 and self.place((toks[j].key,)):
            j = len(toks)  # "di Rekaan, Presiden …", "Jakarta Raya": a place, not a name
        if known_as:
            j = len(toks) - known_as  # the bracketed initials say where the name starts
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
            role_key=role_key(role) if role else None,
            name=name,
            name_key=tuple(t.key for t in toks[j:]),
            whole_role=whole,
            known_as=alias if j < len(toks) else None,
        )

    def place(self, name_key: tuple[str, ...]) -> bool:
        """Whether a one-word name names a place instead: a regency or city, unless someone is
        credited by it ("kata Rekaan"), or a word the article uses as a place ("di Rekaan"),
        unless it also speaks ("dari Rekaan. Rekaan mengatakan …": a person after all).
        """
        if len(name_key) != 1 or name_key[0] in self.cues.spoken:
            return False
        if name_key[0] in REGIONS:
            return True
        return name_key[0] in self.cues.places and name_key not in self.cues.speaking

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
        # "Rekaan, Kepala Regu X, menuturkan", "Rekaan, warga Desa X, mengatakan"
        office = nxt.key in ROLE_HEADS or (nxt.key in OCCUPATIONS and nxt.word.islower())
        return office and self.text[tok.end : nxt.start].strip() == ","

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


def _known_as(toks: list[Token]) -> int:
    """How many words end in the initials bracketed after them: 3 for "… Budi Santo Wira (BSW)".

    Initials spelling the last names exactly say where the name starts, in a long run of
    capitals ("Ketua Partai Rekaan Budi Santo Wira (BSW)"); a body's ("Badan Rekaan (BR)") spells
    office words, which no name holds.
    """
    last = toks[-1]
    n = len(last.word)
    if not (last.bracketed and last.word.isalpha() and last.word.isupper() and 1 < n < len(toks)):
        return 0
    words = toks[-1 - n : -1]
    if not all(name_like(t) for t in words):
        return 0
    return n if "".join(t.key[:1] for t in words) == last.key else 0


def _close(role: str) -> str:
    # "(Asisten I)": the bracket sits after the last role word.
    return role + ")" if role.count("(") > role.count(")") else role


def role_key(role: str) -> str:
    """The role folded for comparison, short titles spelled out: "Wagub" is "wakil gubernur"."""
    words = norm(role).replace("(", " ").replace(")", " ").split()
    key = " ".join(ROLE_ALIASES.get(w, w) for w in words)
    return ROLE_ALIASES.get(key, key)
