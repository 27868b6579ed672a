"""What the store keeps so that /sources and /quotes read one page, not every row.

Written with the build (index/store.py): each article's listing date, an index in listing order,
an index of quotes in article order, and every distinct speaker with the folded words of their
role and name (what `names_match` compares), so a name narrows the quotes in SQL. A build made
before these were saved has none of them: the searcher then lists as before, from every row.
"""

from __future__ import annotations

import hashlib
import inspect
import re
import sqlite3

from retrieval.records import Quote
from retrieval.text import vocabulary
from retrieval.text.vocabulary import fold_words

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

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
