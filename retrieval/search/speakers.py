"""The people of an index: who is quoted, who is named with which office, and in which chunks.

Built once per index build from the stored chunks (the article text is rebuilt from their
offsets) with the same name and role reading the quote attribution uses (text/people.py). A
question then finds its speaker by any form of the name or by the office the articles give them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from retrieval.index.lexical import STOPWORDS_ID
from retrieval.index.store import StoredChunk
from retrieval.search.intent import Intent
from retrieval.text.people import People
from retrieval.text.vocabulary import fold, fold_words, term_ids
from retrieval.text.words import NOT_NAMES, ROLE_WORDS

log = logging.getLogger(__name__)
_APOSTROPHE_WORD = re.compile(r"\w[\w']*", re.UNICODE)
_MIN_NAME_WORD = 3  # "Aji" counts; "H", "Hj" never do


@dataclass(frozen=True)
class Person:
    """Someone the articles name with an office, or quote."""

    name: str  # the fullest form the articles give
    role: str | None  # the longest office they are given
    name_words: frozenset[str]  # folded, apostrophes dropped: what a question may call them
    roles: frozenset[str]  # vocabulary ids of their offices
    places: frozenset[str]  # vocabulary ids of the places in their offices
    quoted: frozenset[int]  # ids of the chunks that hold their direct quotes
    mentioned: frozenset[int]  # ids of the chunks that name them (by name or office)
    with_role: frozenset[int]  # ids of the chunks that name them together with their office


@dataclass
class _Acc:
    name: str
    roles: set[str] = field(default_factory=set)
    quoted: set[int] = field(default_factory=set)
    mentioned: set[int] = field(default_factory=set)
    with_role: set[int] = field(default_factory=set)


def _key(name: str) -> str:
    return " ".join(fold_words(name))


class Directory:
    """People of an index build and the chunks they speak or are named in."""

    def __init__(self, chunks: Iterable[StoredChunk]) -> None:
        by_article: dict[str, list[StoredChunk]] = {}
        for c in chunks:
            by_article.setdefault(c.chunk.article_id, []).append(c)
        acc: dict[str, _Acc] = {}
        for held in by_article.values():
            _read_article(held, acc)
        self.people = tuple(_person(a) for a in acc.values() if a.roles or a.quoted)
        # casefolded name words, with and without apostrophes: what follow-ups call people
        self.speaker_words = frozenset(
            w
            for p in self.people
            for w in (*p.name_words, *_APOSTROPHE_WORD.findall(fold(p.name)))
            if len(w) >= _MIN_NAME_WORD
        )
        log.debug("%d people in the index", len(self.people))

    def by_name(self, intent: Intent) -> tuple[Person, ...]:
        """The people a question names by any form of their name, most name words first."""
        asked = set(intent.words)
        scored = [(len(p.name_words & asked), p) for p in self.people if p.name_words & asked]
        best = max((n for n, _ in scored), default=0)
        return _local(tuple(p for n, p in scored if n == best), intent)

    def by_role(self, intent: Intent) -> tuple[Person, ...]:
        """The people the articles give an office the question names ("Sekda", "the governor")."""
        if not intent.roles:
            return ()
        return _local(tuple(p for p in self.people if p.roles & intent.roles), intent)


def _local(found: tuple[Person, ...], intent: Intent) -> tuple[Person, ...]:
    """Of several people ("Gubernur Kaltim" among governors), those of the place asked about."""
    if not intent.places:
        return found
    return tuple(p for p in found if p.places & intent.places) or found


def _read_article(held: list[StoredChunk], acc: dict[str, _Acc]) -> None:
    held.sort(key=lambda c: c.chunk.start)
    size = max(c.chunk.end for c in held)
    text = [" "] * size
    for c in held:
        text[c.chunk.start : c.chunk.end] = c.chunk.text
    people = People("".join(text))

    def chunks_at(pos: int) -> set[int]:
        return {c.id for c in held if c.chunk.start <= pos < c.chunk.end}

    for m in people.mentions:
        name, role = people.resolve(m, m.start)
        if not name:
            continue
        a = acc.setdefault(_key(name), _Acc(name))
        if len(name) > len(a.name):
            a.name = name
        at = chunks_at(m.start)
        a.mentioned |= at
        if role:
            a.roles.add(role)
        if m.role:
            a.with_role |= at
    for c in held:
        for q in c.chunk.quotes:
            if q.speaker:
                a = acc.setdefault(_key(q.speaker), _Acc(q.speaker))
                a.quoted.add(c.id)
                a.mentioned.add(c.id)
                if q.role:
                    a.roles.add(q.role)


def _person(a: _Acc) -> Person:
    role = max(a.roles, key=len, default=None)
    common = STOPWORDS_ID | ROLE_WORDS | NOT_NAMES
    return Person(
        name=a.name,
        role=role,
        name_words=frozenset(
            w for w in fold_words(a.name) if len(w) >= _MIN_NAME_WORD and w not in common
        ),
        roles=frozenset(r for text in a.roles for r in term_ids(text, "role")),
        places=frozenset(p for text in a.roles for p in term_ids(text, "place")),
        quoted=frozenset(a.quoted),
        mentioned=frozenset(a.mentioned),
        with_role=frozenset(a.with_role),
    )
