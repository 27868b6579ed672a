"""What the rest of an article says about the words of a name: where a credited name starts.

A run such as "Wali Kota Rekaan Budi Contoh" glues a place to a name. The article tells them
apart elsewhere: the person is credited by a short reference ("kata Budi"), the place is used as
one ("di Rekaan", "Kota Rekaan menetapkan").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from retrieval.text.nametokens import Token, capital
from retrieval.text.regions import REGION_PAIRS, REGIONS
from retrieval.text.speechwords import AFTER_VERBS, SPEECH_VERBS
from retrieval.text.words import (
    BODIES_NAMED_AFTER,
    FIRM_OFFICES,
    NAME_OPENERS,
    NAMED_AFTER,
    PLACE_CONTEXT,
    PLACE_MARKERS,
    ROLE_HEADS,
    ROMAN_NUMERALS,
)

Key = tuple[str, ...]
_MAX_NAME_WORDS = 3  # words a surname credit keeps before it: "Rekaan Sari Samaran"


@dataclass
class NameCues:
    """Short references and place words of one article, read once before names are cut."""

    places: set[str]  # words used as the end of a place or body name
    spoken: set[str]  # capitalised words right after a cue: "kata Hari", "tutur Lalu"
    refs: set[Key] = field(default_factory=set)  # names that stand alone, without an office
    speaking: set[Key] = field(default_factory=set)  # those said to speak
    credited: set[Key] = field(default_factory=set)  # those credited: "kata X", "Menurut X"
    speaking_alone: set[str] = field(default_factory=set)  # one-word names said to speak

    counts: Counter[str] = field(default_factory=Counter)  # capitalised words
    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)  # and the word after each
    keys: Key = ()  # every word's key, in order
    capitals: dict[str, list[int]] = field(default_factory=dict)  # where each is capitalised

    @classmethod
    def of(cls, toks: list[Token]) -> NameCues:
        caps = [t for t in toks if t.word[:1].isupper()]
        capitals: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            if t.word[:1].isupper():
                capitals.setdefault(t.key, []).append(i)
        return cls(
            places=_place_keys(toks),
            spoken=_spoken(toks),
            counts=Counter(t.key for t in caps),
            pairs=Counter((a.key, b.key) for a, b in pairwise(toks) if a.word[:1].isupper()),
            keys=tuple(t.key for t in toks),
            capitals=capitals,
        )

    def learn(self, toks: list[Token], alone: list[tuple[int, int, Key]]) -> None:
        """Record the names that stand alone, as (first token, end token, name key)."""
        self.refs = {key for _, _, key in alone}
        self.speaking = {key for a, z, key in alone if speaks(toks, a, z)}
        self.speaking |= {(word,) for word in self.spoken}
        self.credited = {key for a, z, key in alone if speaks(toks, a, z, credited=True)}
        self.speaking_alone = {key[0] for key in self.speaking if len(key) == 1}

    def _elsewhere(self, word: str, nxt: str) -> bool:
        """Whether the article uses the word apart from the name it precedes: "di Rekaan"."""
        return self.counts.get(word, 0) > self.pairs.get((word, nxt), 0)

    def _written_before(self, words: Key, nxt: str, at: int) -> bool:
        """Whether the article writes these words before token at, not followed by nxt."""
        n = len(words)
        return any(
            i < at and self.keys[i : i + n] == words and self.keys[i + n : i + n + 1] != (nxt,)
            for i in self.capitals.get(words[0], ())
        )

    def _surname(self, keys: Key, cut: int | None, before: Token | None) -> int | None:
        """Keep the given names before a last word the article refers to alone: "kata Samaran"
        of "Tarmiji Samaran" is a surname, unless the word before it is a place or body's."""
        n = len(keys)
        if (
            cut == n - 1
            and keys[cut - 1] not in NAME_OPENERS
            and not self._elsewhere(keys[cut - 1], keys[cut])
            and not (n == 2 and before is not None and _numbered(before))
            and keys[cut - 1] not in REGIONS
        ):
            return max(0, n - _MAX_NAME_WORDS)
        return cut

    def speaking_words(self) -> set[str]:
        return {w for key in self.speaking for w in key}

    def name_start(self, keys: Key, before: Token | None, at: int = 0) -> int:
        """How many first words of a candidate name name a place or body instead."""
        n = len(keys)
        # A reporter's credit ("kata Budi", "kata Contoh") names the person: the first word it
        # matches starts the name. Bodies also speak ("Rekaan Peduli menyatakan") and are
        # referred to alone, and they stand before the name: there the last match wins. Only a
        # speaker's reference vouches for the first word.
        credit = min((i for i in range(n) if _refers(keys, i, self.credited)), default=None)
        cut = self._surname(keys, credit, before)
        # After "Kota", "Bupati", "CEO" comes the place or body's name, but two words after an
        # office are the holder's full name ("Wakil Bupati Rekaan Samaran").
        named_after = before is not None and (
            before.key in NAMED_AFTER or before.key in FIRM_OFFICES or _numbered(before)
        )
        for first, group in enumerate((self.speaking, self.refs)):
            if cut is not None:
                break
            cut = max((i for i in range(first, n) if _refers(keys, i, group)), default=None)
            if first == 0:
                cut = self._surname(keys, cut, before)  # "Samaran mengatakan": a surname too
            if cut == 0 and named_after and n > 2 and self._written_before(keys[:1], keys[1], at):
                cut = 1  # "CEO Rekaan Budi Contoh" after "Rekaan menyatakan …": the firm spoke
        if cut is None:
            # No reference: the first mention of a person gives the full name.
            cut = 1 if named_after and n > 2 else 0
            if before is not None and before.key in BODIES_NAMED_AFTER and n != 3:
                # "Universitas Rekaan Jaya" names no one; in "PT Rekaan Jaya Budi Contoh" a
                # firm's name of two words is likelier than a person's of three, and a name cut
                # short is still the person's.
                cut = min(n, 2)
            # A firm, brand or programme glued before a full name ("Ketua Rekaan Labs Budi
            # Contoh") is one the article has already written on its own ("Rekaan pun
            # menawarkan …"); a person's first name alone comes after the full name, not before.
            written = (
                k for k in range(cut + 1, n - 1) if self._written_before(keys[cut:k], keys[k], at)
            )
            brand = max(written, default=cut)
            # The brand's next word goes with it when the article writes the two together again.
            while cut < brand < n - 2 and self.pairs[keys[brand - 1], keys[brand]] > 1:
                brand += 1
            cut = brand
        if n - cut > _MAX_NAME_WORDS:
            # "Universitas Rekaan Muhammad Nama Orang": a name's first word starts it.
            cut = next((i for i in range(cut + 1, n - 1) if keys[i] in NAME_OPENERS), cut)
        while cut and keys[cut - 1] in NAME_OPENERS:
            cut -= 1  # "Muhammad Rizal" is one name, even when the article calls him "Rizal"
        # A regency or city ends the words of a place or body: the name follows it.
        cut = max(
            [cut]
            + [i + 1 for i in range(n - 1) if keys[i] in REGIONS]
            + [i + 2 for i in range(n - 2) if keys[i : i + 2] in REGION_PAIRS]
        )
        while (
            cut < n - 1
            and keys[cut] in self.places
            and keys[cut] not in NAME_OPENERS
            # "Gubernur Budi" reads Budi as a place ("Gubernur Rekaan"), unless the article
            # has him speak alone ("Menurut Budi …", "kata Budi"): then he is the person named.
            and keys[cut] not in self.speaking_alone
        ):
            cut += 1  # "Rekaan" of "di Rekaan": a place
        return cut


def speaks(toks: list[Token], a: int, z: int, credited: bool = False) -> bool:
    """Whether the run at tokens a..z is said to speak: "kata Rudy", "Rudy menjelaskan".

    credited: only as a reporter credits a person, "kata Rudy" or "Menurut Rudy"; bodies
    "say" things too ("Rekaan Pos menyampaikan").
    """
    before = toks[a - 1].key if a else ""
    after = toks[z].key if z < len(toks) else ""
    return before in AFTER_VERBS or before == "menurut" or (not credited and after in SPEECH_VERBS)


def _numbered(tok: Token) -> bool:
    # "Daop 8 Rekaan Suparto", "Sektor II Rekaan": after a unit's number comes its place.
    return tok.word.isdigit() or tok.word in ROMAN_NUMERALS


def _refers(keys: Key, i: int, refs: set[Key]) -> bool:
    # A surname alone may be the reference, "kata Rizal" for "Muhammad Rizal".
    return any(
        keys[i : i + len(r)] == r
        and len(r) < len(keys)  # the name itself again is no short reference
        and (len(r) > 1 or (len(r[0]) > 1 and (i + 1 < len(keys) or i > 0)))
        for r in refs
    )


def _spoken(toks: list[Token]) -> set[str]:
    return {
        t.key
        for p, t in pairwise(toks)
        if p.key in AFTER_VERBS
        and t.word[:1].isupper()
        and not t.initial
        and t.key not in ROLE_HEADS  # "kata Presiden" names an office
    }


def _place_keys(toks: list[Token]) -> set[str]:
    """Words the article also uses as the end of a place or body: "di Rekaan", "Kota Rekaan."."""
    out: set[str] = set()
    for k in range(1, len(toks)):
        tok, prev = toks[k], toks[k - 1]
        if not tok.word[:1].isupper() or tok.initial or prev.breaks_after:
            continue
        if prev.key in PLACE_MARKERS if prev.word[:1].islower() else prev.key in PLACE_CONTEXT:
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            if tok.breaks_after or nxt is None or not capital(nxt):
                out.add(tok.key)
    return out
