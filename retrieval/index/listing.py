"""What the store keeps so that /sources and /quotes read one page, not every row.

Written with the build (index/store.py): each article's listing date, an index in listing order,
an index of quotes in article order, and every distinct speaker with the folded words of their
role and name (what `names_match` compares), so a name narrows the quotes in SQL. A build made
before these were saved has none of them: the searcher then lists as before, from every row.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from retrieval.records import Quote, Source
from retrieval.text import vocabulary
from retrieval.text.vocabulary import fold_words

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

_IN = "IN (SELECT value FROM json_each(?))"
_SOURCE = "id, title, url, published, source, lead"
_QUOTE_COLUMNS = 'article_id, start, "end", text, speaker, role'
_QUOTE = f"SELECT {_QUOTE_COLUMNS} FROM quotes"
_ORDER = "article_id, start, id"

SCHEMA = """
CREATE INDEX articles_listing ON articles(listed DESC, coalesce(title, ''), id);
CREATE INDEX quotes_listing ON quotes(article_id, start);
CREATE TABLE speakers (id INTEGER PRIMARY KEY, role TEXT, speaker TEXT, words TEXT NOT NULL);
CREATE TABLE speakers_folding (fingerprint TEXT NOT NULL);
CREATE INDEX quotes_who ON quotes(who, article_id, start);
"""
# Names the reader looks for to tell a build that saved all of the above.
INDEXES = frozenset({"articles_listing", "quotes_listing", "quotes_who"})


def listing_date(published: str | None) -> str:
    """An article's place in the listing: its ISO date (newest first), '' (last) for none or a
    date in words. One text key, so SQLite orders it with an index exactly as Python would."""
    published = published or ""
    return published if _ISO_DATE.match(published) else ""


def who(role: str | None, speaker: str | None) -> str:
    """What a search for a speaker is compared with: the role and the name."""
    return f"{role or ''} {speaker or ''}"


def folded(text: str) -> str:
    """The folded words of a text, each after a space: ' w' is in it iff a word starts with w."""
    return "".join(f" {w}" for w in fold_words(text))


def _fingerprint() -> str:
    """Hash of the folding code: words saved by other code are not used to narrow a search."""
    code = inspect.getsource(vocabulary.fold) + inspect.getsource(vocabulary.fold_words)
    return hashlib.sha256((code + vocabulary._WORD.pattern).encode()).hexdigest()[:16]


FOLDING = _fingerprint()


class Speakers:
    """Numbers each distinct (role, speaker) of the quotes as they are written; then saved."""

    def __init__(self) -> None:
        self._ids: dict[tuple[str | None, str | None], int] = {}

    def number(self, quote: Quote) -> int:
        return self._ids.setdefault((quote.role, quote.speaker), len(self._ids) + 1)

    def save(self, con: sqlite3.Connection) -> None:
        con.executemany(
            "INSERT INTO speakers VALUES (?,?,?,?)",
            ((n, role, speaker, folded(who(role, speaker)))
             for (role, speaker), n in self._ids.items()),
        )
        con.execute("INSERT INTO speakers_folding VALUES (?)", (FOLDING,))


class ListingRows:
    """Rows of the listings a page at a time, in the order of the indexes above.

    `rows(sql, *params)` runs one query on the store's connection (StoreReader's, behind its
    lock). The store never changes, so its counts are kept.
    """

    def __init__(self, rows: Callable[..., list[Any]]) -> None:
        self._rows = rows
        self._counts: dict[str, int] = {}
        folding = [tuple(r) for r in rows("SELECT * FROM speakers_folding")]
        self._folded_here = folding == [(FOLDING,)]

    def _count(self, table: str) -> int:
        if table not in self._counts:
            self._counts[table] = int(self._rows(f"SELECT count(*) FROM {table}")[0][0])
        return self._counts[table]

    def article_count(self) -> int:
        return self._count("articles")

    def sources(self, offset: int, limit: int) -> list[Source]:
        """Articles newest first (undated last), ties by title then id: rows offset.. of that."""
        rows = self._rows(
            f"SELECT {_SOURCE} FROM articles "
            "ORDER BY listed DESC, coalesce(title, ''), id LIMIT ? OFFSET ?",
            limit, offset,
        )
        return [Source(*r) for r in rows]

    def speakers(self, words: Sequence[str]) -> list[tuple[int, str | None, str | None]]:
        """(number, role, speaker) of the speakers that may match these folded words: those with
        a word starting with each, or every speaker when the words were folded by other code."""
        conditions = ["instr(words, ?) > 0"] * len(words) if self._folded_here else []
        where = " AND ".join(conditions) or "1"
        rows = self._rows(
            f"SELECT id, role, speaker FROM speakers WHERE {where}",
            *(f" {w}" for w in words[: len(conditions)]),
        )
        return [(int(n), role, speaker) for n, role, speaker in rows]

    def quote_count(self, speakers: Sequence[int] | None) -> int:
        """How many quotes there are (of these speakers' numbers, when given)."""
        if speakers is None:
            return self._count("quotes")
        sql = f"SELECT count(*) FROM quotes WHERE who {_IN}"
        return int(self._rows(sql, json.dumps(list(speakers)))[0][0])

    def quotes(
        self, offset: int, limit: int, speakers: Sequence[int] | None, matching: int
    ) -> list[tuple[str, Quote]]:
        """(article id, quote) in article order, of these speakers' numbers (`matching` quotes)
        when given: rows offset.. of that."""
        if speakers is None:
            return self._quotes(
                f"{_QUOTE} ORDER BY {_ORDER} LIMIT ? OFFSET ?", limit, offset
            )
        who = json.dumps(list(speakers))
        if (offset + limit) * self._count("quotes") < matching * matching:
            # Many match: walking all quotes in order meets the page's soon.
            return self._quotes(
                f"{_QUOTE} INDEXED BY quotes_listing WHERE who {_IN} ORDER BY {_ORDER} "
                "LIMIT ? OFFSET ?", who, limit, offset,
            )
        # Few match: order theirs alone (index entries only), then read the page's rows.
        return self._quotes(
            f"{_QUOTE} WHERE id IN (SELECT id FROM quotes INDEXED BY quotes_who WHERE who {_IN} "
            f"ORDER BY {_ORDER} LIMIT ? OFFSET ?) ORDER BY {_ORDER}", who, limit, offset,
        )

    def each_quote(
        self, speakers: Sequence[int] | None, block: int
    ) -> Iterator[tuple[str, Quote]]:
        """What `quotes` gives for every offset, a block at a time."""
        if speakers is not None:
            ids = [r[0] for r in self._rows(
                f"SELECT id FROM quotes INDEXED BY quotes_who WHERE who {_IN} ORDER BY {_ORDER}",
                json.dumps(list(speakers)),
            )]
            for at in range(0, len(ids), block):
                part = json.dumps(ids[at : at + block])
                yield from self._quotes(f"{_QUOTE} WHERE id {_IN} ORDER BY {_ORDER}", part)
            return
        last: tuple[str, int, int] = ("", -1, -1)
        while rows := self._rows(
            f"SELECT {_QUOTE_COLUMNS}, id FROM quotes WHERE (article_id, start, id) > (?, ?, ?) "
            f"ORDER BY {_ORDER} LIMIT ?", *last, block,
        ):
            yield from _quotes_of(r[:-1] for r in rows)
            last = (rows[-1][0], rows[-1][1], rows[-1][-1])

    def _quotes(self, sql: str, *params: object) -> list[tuple[str, Quote]]:
        return _quotes_of(self._rows(sql, *params))


def _quotes_of(rows: Iterable[Sequence[Any]]) -> list[tuple[str, Quote]]:
    return [(a, Quote(text, speaker, role, start, end))
            for a, start, end, text, speaker, role in rows]
