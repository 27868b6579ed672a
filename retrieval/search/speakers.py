"""The people of an index, as a question finds them: by any form of a name, or by an office.

Who is who is read once per build (index/people.py) and saved with it; only names, offices and
their tokens are held here, and a person's chunk ids are read when a question names them.

A question's speaker part ("Gubernur Jatim", "kadisdik jabar", "parawansa", "the head of the
Medan DPRD's ethics council") and every person become tokens (index/descriptors.py). A person
matches by the share of the part's tokens they hold, each token weighted by how few people hold
it (a surname tells more than "ketua"); the best share wins, ties are all kept (two governors of
Jakarta: the topic then decides between their quotes). A misspelt word ("khofifa") is read as
the one known word a letter away.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from retrieval.index.descriptors import descriptor_tokens
from retrieval.index.people import AROUND, MIN_NAME_WORD, Named, Person, read_people
from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredChunk
from retrieval.text.regions import REGIONS
from retrieval.text.vocabulary import fold, one_letter_off
from retrieval.text.words import ROLE_HEADS

log = logging.getLogger(__name__)
_APOSTROPHE_WORD = re.compile(r"\w[\w']*", re.UNICODE)
MIN_SHARE = 0.5  # of the speaker part's weight a person must hold to be the one meant
_UNKNOWN_WEIGHT = 1.0  # a word no one is called by: a typo, an English word, noise
_FUZZY_MIN = 5  # shorter words are too alike to be read one letter off
# A word in this share of the texts is a word of the language ("jawab" is no misspelt "Jawa").
_COMMON_SHARE = 0.005


def _no_share(_: str) -> float:
    """No word known to be common: every unknown word may be a name misspelt."""
    return 0.0


@dataclass(frozen=True)
class Match:
    """The people a speaker part names, how much of it they hold, and by which token kinds."""

    people: tuple[Person, ...]
    share: float
    by_name: bool  # a word of their name matched (not only an office or a place)


class Directory:
    """People of an index build and the chunks they speak or are named in.

    `person(i, named[i])` gives the i-th person with their chunk ids.
    """

    def __init__(
        self,
        named: Sequence[Named],
        person: Callable[[int, Named], Person],
        share: Callable[[str], float] = _no_share,
    ) -> None:
        self._named = tuple(named)
        self._person = person
        # The share of the articles' texts holding a word: "jawab", "kader" are common words,
        # not a name misspelt; a name misspelt in a few articles is still a misspelling.
        self._share = share
        # token -> rows: a question looks up its own tokens, not every person
        self._by_token: dict[str, list[int]] = {}
        for i, p in enumerate(self._named):
            for t in p.bag | p.name_words:
                self._by_token.setdefault(t, []).append(i)
        # Words by (first letter, length) and (last letter, length): a word one letter off
        # another shares its first letter or, when that letter is the one changed, its last.
        self._by_shape: dict[tuple[str, int, bool], list[str]] = {}
        for t in sorted(self._by_token):
            if ":" not in t:
                self._by_shape.setdefault((t[0], len(t), True), []).append(t)
                self._by_shape.setdefault((t[-1], len(t), False), []).append(t)
        # casefolded name words, with and without apostrophes: what follow-ups call people
        self.speaker_words = frozenset(
            w
            for p in self._named
            for w in (*p.name_words, *_APOSTROPHE_WORD.findall(fold(p.name)))
            if len(w) >= MIN_NAME_WORD
        )
        log.debug("%d people in the index", len(self._named))

    @classmethod
    def of(
        cls, chunks: Iterable[StoredChunk], share: Callable[[str], float] = _no_share
    ) -> Directory:
        """The people of these chunks, read now and held in memory."""
        people = read_people(chunks)
        return cls(people, lambda i, _: people[i], share)

    @classmethod
    def of_store(
        cls, store: StoreReader, share: Callable[[str], float] = _no_share
    ) -> Directory:
        """The people saved with a build; read from its chunks when it saved none that fit."""
        named = store.named()
        if named is None:
            log.info(
                "reading the people of the index from its chunks: it saved none, or saved them "
                "with other name-reading code (`briefbot index` saves them again)"
            )
            return cls.of(store.every_chunk(), share)
        return cls(named, store.person, share)

    def weight(self, token: str) -> float:
        """How much a token tells who is meant: rarer among the people, more."""
        held = len(self._by_token.get(token, ()))
        return math.log(1 + len(self._named) / held) if held else _UNKNOWN_WEIGHT

    def known(self, word: str) -> bool:
        return word in self._by_token

    def spelt(self, word: str) -> str:
        """The word, or the one known word a letter away when the word is neither a name nor
        a word of the articles."""
        if word in self._by_token or len(word) < _FUZZY_MIN or ":" in word:
            return word
        if self._share(word) >= _COMMON_SHARE:
            return word
        near = {
            w
            for n in (len(word) - 1, len(word), len(word) + 1)
            for shape in ((word[0], n, True), (word[-1], n, False))
            for w in self._by_shape.get(shape, ())
            if one_letter_off(w, word)
        }
        return near.pop() if len(near) == 1 else word

    def match(self, words: Sequence[str]) -> Match | None:
        """The people a speaker part (folded words) names, or None when no one is meant."""
        tokens = [self.spelt(t) for t in descriptor_tokens(list(words))]
        if not tokens:
            return None
        weights = {t: self.weight(t) for t in tokens}
        total = sum(weights.values())
        held: dict[int, float] = {}
        for t in set(tokens):
            for i in self._by_token.get(t, ()):
                held[i] = held.get(i, 0.0) + weights[t]
        if not held:
            return None
        best = max(held.values())
        if best / total < MIN_SHARE:
            return None
        rows = sorted(i for i, h in held.items() if h >= best - 1e-9)
        # An office or a name must be among what matched: a place or a body alone names no one.
        said = {t for t in tokens if any(i in rows for i in self._by_token.get(t, ()))}
        # "siti" is the name of one and a word of others' offices ("Ajudan Gubernur Siti"): the
        # one named so is meant.
        named = [i for i in rows if any(t in self._named[i].name_words for t in said)]
        by_name = bool(named)
        rows = named or rows
        # "ketua bk dprd rekaan", "head of the ethics council": a head of a body is an office;
        # so is "ketua dpd partai rekaan" of a body only their title names, when they hold
        # every word of it (a body no one is named with names no one here).
        # A province their articles are in counts as named with the office ("ketua dpd rekaan
        # jabar" of "Ketua DPD Rekaan Nama" in West Java news).
        around = {t for t in tokens if t.startswith("place:")
                  and all(AROUND + t in self._named[i].bag for i in rows)}
        heads = (
            any(t in ROLE_HEADS for t in tokens)
            and (
                any(t.startswith("body:") for t in said)
                or all(t in said | around for t in tokens if t not in ROLE_HEADS)
            )
            and all(self._named[i].role for i in rows)  # never a body quoted as if a person
        )
        if not by_name and not heads and not any(t.startswith("role:") for t in said):
            return None
        if not by_name:
            rows = self._holding_office(rows, tokens)
            if not rows:
                return None
        people = tuple(self._person(i, self._named[i]) for i in rows)
        return Match(people, best / total, by_name)

    def _holding_office(self, rows: list[int], tokens: list[str]) -> list[int]:
        """Of the people an office matched, those who hold it where it was asked: "bupati
        rekaan" is neither another regency's regent nor Rekaan's police chief. A province's
        office given without the province ("Sekretaris Daerah Nama" in its own news) is where
        their articles are, unless those name no province; a regency's or a city's is written
        with it ("Bupati Rekaan Nama")."""
        offices = {t for t in tokens if t.startswith("role:")}
        asked = {t for t in tokens if _is_place(t)}
        if not offices or not asked:
            return rows
        placeless = all(t.startswith("place:") for t in asked)
        out = []
        for i in rows:
            person = self._named[i]
            places = {t for t in person.bag if _is_place(t)}
            around = {t[len(AROUND) :] for t in person.bag if t.startswith(AROUND)}
            unplaced = placeless and not places and (not around or bool(around & asked))
            if person.bag & offices and (places & asked or unplaced):
                out.append(i)
        return out


def _is_place(token: str) -> bool:
    return token.startswith("place:") or token in REGIONS
