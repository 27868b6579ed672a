"""The people of an index build: who is quoted, who is named with which office, and where.

Read once per build from the stored chunks (the article text is rebuilt from their offsets) with
the same name and role reading the quote attribution uses (text/people.py), and saved in the
build's store: a searcher then loads names and offices only, and reads a person's chunk ids when
a question names them. A build saved by other reading code (its `READER` differs) or before
people were saved is read again when it is opened.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations, pairwise
from pathlib import Path

import numpy as np

from retrieval.index.descriptors import term_token, text_tokens
from retrieval.index.lexical import STOPWORDS_ID
from retrieval.index.stored import StoredChunk
from retrieval.text.acronyms import acronyms
from retrieval.text.chunker import holding
from retrieval.text.nicknames import nickname_after
from retrieval.text.people import People
from retrieval.text.vocabulary import fold_words, one_letter_off, term_ids
from retrieval.text.words import NOT_NAMES, ROLE_WORDS

log = logging.getLogger(__name__)

# Prefixes the bag's tokens for the provinces a person's articles name: no question word starts
# so, and an office written without its province is told apart by them (speakers.py).
AROUND = "in:"

MIN_NAME_WORD = 3  # "Aji" counts; "H", "Hj" never do
SPELLING_MIN = 5  # shorter words are too alike to be read as misspelt ("Budi", "Badu")

SCHEMA = """
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, role TEXT,
                     name_words TEXT NOT NULL, roles TEXT NOT NULL, places TEXT NOT NULL,
                     bag TEXT NOT NULL,
                     quoted BLOB NOT NULL, mentioned BLOB NOT NULL, with_role BLOB NOT NULL);
CREATE TABLE people_reader (fingerprint TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Named:
    """What a question can find someone by: held in memory for everyone in the index."""

    name: str  # the fullest form the articles give
    role: str | None  # the longest office they are given
    name_words: frozenset[str]  # folded, apostrophes dropped: what a question may call them
    roles: frozenset[str]  # vocabulary ids of their offices
    places: frozenset[str]  # vocabulary ids of the places in their offices
    # Every token of their names and offices (index/descriptors.py): what a question's speaker
    # part is matched against ("kadisdik jabar" -> the head of West Java's education office).
    bag: frozenset[str]


@dataclass(frozen=True)
class Person(Named):
    """Someone the articles name with an office, or quote, with the chunks they are in."""

    quoted: frozenset[int]  # ids of the chunks that hold their direct quotes
    mentioned: frozenset[int]  # ids of the chunks that name them (by name or office)
    with_role: frozenset[int]  # ids of the chunks that name them together with their office


def _fingerprint() -> str:
    """Hash of the code that decides who is who: people saved by other code are read again."""
    import retrieval.text as text

    # Every word rule lives in retrieval/text (a module split there must not go unnoticed); of
    # the lexical index only its stop words count, so a change to its search does not make
    # every index read its people again at start (minutes at a million chunks).
    h = hashlib.sha256()
    for module in sorted(Path(str(text.__file__)).parent.glob("*.py")):
        h.update(module.read_bytes())
    h.update(" ".join(sorted(STOPWORDS_ID)).encode())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


READER = _fingerprint()


@dataclass
class _Acc:
    name: str
    roles: set[str] = field(default_factory=set)
    quoted: set[int] = field(default_factory=set)
    mentioned: set[int] = field(default_factory=set)
    with_role: set[int] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)  # initials the articles give: "BSW"
    around: set[str] = field(default_factory=set)  # provinces their articles name


def _key(name: str) -> str:
    return " ".join(fold_words(name))


def read_people(chunks: Iterable[StoredChunk]) -> tuple[Person, ...]:
    """Everyone the chunks name with an office or quote, in the order first met."""
    by_article: dict[str, list[StoredChunk]] = {}
    for c in chunks:
        by_article.setdefault(c.chunk.article_id, []).append(c)
    acc: dict[str, _Acc] = {}
    for held in by_article.values():
        try:
            _read_article(held, acc)
        except Exception as exc:  # as in extract_quotes: an article is not worth the index
            log.warning("the people of an article could not be read, leaving them out: %r", exc)
    folded = _fold_aliases(_fold_spellings(acc))
    return tuple(_person(a) for a in folded.values() if a.roles or a.quoted)


def _read_article(held: list[StoredChunk], acc: dict[str, _Acc]) -> None:
    held.sort(key=lambda c: c.chunk.start)
    size = max(c.chunk.end for c in held)
    text = [" "] * size
    for c in held:
        text[c.chunk.start : c.chunk.end] = c.chunk.text
    joined = "".join(text)
    people = People(joined)
    provinces = term_ids(joined, "place")
    starts, ends = [c.chunk.start for c in held], [c.chunk.end for c in held]
    rising = all(a <= b for a, b in pairwise(ends))  # as the chunker makes them

    def chunks_at(pos: int) -> set[int]:
        if rising:
            return {held[k].id for k in holding(starts, ends, pos, pos + 1)}
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
        a.around |= provinces
        if role:
            a.roles.add(role)
        if m.role:
            a.with_role |= at
        if m.known_as:
            a.aliases.add(m.known_as)
        nickname = nickname_after(joined, m.end, name)
        if nickname:
            a.aliases.add(nickname)
    for c in held:
        for q in c.chunk.quotes:
            if q.speaker:
                a = acc.setdefault(_key(q.speaker), _Acc(q.speaker))
                a.quoted.add(c.id)
                a.mentioned.add(c.id)
                a.around |= provinces
                if q.role:
                    a.roles.add(q.role)


def _fold_spellings(acc: dict[str, _Acc]) -> dict[str, _Acc]:
    """Fold a name the articles misspell into its common spelling: "Sri Wahyuningsi Lestari"
    in one article is "Sri Wahyuningsih Lestari", whom a question typed either way means.

    Two names are one spelling apart when they have as many words, all alike but one or more a
    letter off (SPELLING_MIN letters or more), at least one alike. Three words or more almost
    never name two people so; two words ("Budi Santoso", "Budi Santosa") only when the articles
    give both the same office. The spelling met in more chunks stays.
    """
    words = {key: fold_words(a.name) for key, a in acc.items()}
    blocks: dict[tuple[int, int, str], list[str]] = {}
    for key, ws in words.items():
        if len(ws) >= 2:
            for i, w in enumerate(ws):
                blocks.setdefault((len(ws), i, w), []).append(key)
    into: dict[str, str] = {}
    for keys in blocks.values():
        for x, y in combinations(keys, 2):
            if x in into or y in into or not _one_spelling(words[x], words[y], acc[x], acc[y]):
                continue
            keep, drop = sorted((x, y), key=lambda k: (-len(acc[k].mentioned), -len(acc[k].quoted)))
            into[drop] = keep
    for drop, keep in into.items():
        while keep in into:
            keep = into[keep]
        _merge(acc[keep], acc[drop])
    return {k: v for k, v in acc.items() if k not in into}


def _fold_aliases(acc: dict[str, _Acc]) -> dict[str, _Acc]:
    """Fold someone credited by initials alone ("kata BSW" in an article that never gives the
    name) into the one person another article gives those initials in brackets, and someone
    quoted by the name they go by ("kata Kang Hendra") into the one written with it
    (nicknames.py)."""
    owners: dict[str, list[str]] = {}
    for key, a in acc.items():
        for alias in a.aliases:
            owners.setdefault(_key(alias), []).append(key)
    dropped = set()
    for alias, keys in owners.items():
        if len(keys) == 1 and alias in acc and alias != keys[0]:
            _merge(acc[keys[0]], acc[alias])
            dropped.add(alias)
    return {k: v for k, v in acc.items() if k not in dropped}


def _merge(kept: _Acc, other: _Acc) -> None:
    kept.roles |= other.roles
    kept.quoted |= other.quoted
    kept.mentioned |= other.mentioned
    kept.with_role |= other.with_role
    kept.aliases |= other.aliases
    kept.around |= other.around


def _one_spelling(x: list[str], y: list[str], a: _Acc, b: _Acc) -> bool:
    if len(x) != len(y) or x == y:
        return False
    if not all(p == q or (min(len(p), len(q)) >= SPELLING_MIN and one_letter_off(p, q))
               for p, q in zip(x, y, strict=True)):
        return False
    if len(x) >= 3:
        return True
    return bool({r for t in a.roles for r in term_ids(t, "role")}
                & {r for t in b.roles for r in term_ids(t, "role")})


def _person(a: _Acc) -> Person:
    role = max(a.roles, key=len, default=None)
    common = STOPWORDS_ID | ROLE_WORDS | NOT_NAMES
    return Person(
        name=a.name,
        role=role,
        name_words=frozenset(
            w for w in fold_words(" ".join([a.name, *a.aliases]))
            if len(w) >= MIN_NAME_WORD and w not in common
        ),
        roles=frozenset(r for text in a.roles for r in term_ids(text, "role")),
        places=frozenset(p for text in a.roles for p in term_ids(text, "place")),
        # "ketum dprn" finds the "Ketua Umum Dewan Pimpinan Rekaan Nasional"
        bag=frozenset(
            {t for text in (a.name, *a.aliases, *a.roles) for t in text_tokens(text)}
            | {t for text in a.roles for t in acronyms(text)}
            | {AROUND + term_token("place", p) for p in a.around}
        ),
        quoted=frozenset(a.quoted),
        mentioned=frozenset(a.mentioned),
        with_role=frozenset(a.with_role),
    )


def save_people(con: sqlite3.Connection, people: Iterable[Person]) -> None:
    """Write the people tables in the caller's transaction; row i + 1 is the i-th person."""
    con.executescript(SCHEMA)

    def ids(chunks: frozenset[int]) -> bytes:
        return np.array(sorted(chunks), dtype=np.int64).tobytes()

    def words(values: frozenset[str]) -> str:
        return json.dumps(sorted(values), ensure_ascii=False)

    con.executemany(
        "INSERT INTO people VALUES (?,?,?,?,?,?,?,?,?,?)",
        (
            (i + 1, p.name, p.role, words(p.name_words), words(p.roles), words(p.places),
             words(p.bag), ids(p.quoted), ids(p.mentioned), ids(p.with_role))
            for i, p in enumerate(people)
        ),
    )
    con.execute("INSERT INTO people_reader VALUES (?)", (READER,))


def named_rows(
    rows: Sequence[tuple[str, str | None, str, str, str, str]],
) -> tuple[Named, ...]:
    """People as saved (name, role and four JSON word lists a row); ValueError when malformed."""
    out = []
    for name, role, name_words, roles, places, bag in rows:
        lists = [json.loads(text) for text in (name_words, roles, places, bag)]
        if not isinstance(name, str) or not all(
            isinstance(v, list) and all(isinstance(w, str) for w in v) for v in lists
        ):
            raise ValueError("a person row of the wrong type")
        out.append(Named(name, role, *(frozenset(v) for v in lists)))
    return tuple(out)


def person_of(named: Named, blobs: Sequence[bytes]) -> Person:
    """A saved person with their chunk ids (quoted, mentioned, with_role); ValueError if damaged."""
    sets = []
    for blob in blobs:
        if not isinstance(blob, bytes) or len(blob) % 8:
            raise ValueError("a person's chunk ids are damaged")
        sets.append(frozenset(np.frombuffer(blob, dtype=np.int64).tolist()))
    quoted, mentioned, with_role = sets
    return Person(
        named.name, named.role, named.name_words, named.roles, named.places, named.bag,
        quoted=quoted, mentioned=mentioned, with_role=with_role,
    )
