"""One build's SQLite store, read when asked: the rows of the passages a question returns.

A searcher holds no chunk text, quote or article in memory; it reads the few rows each question
needs (by primary key: well under a millisecond). The file is opened once, read-only and
immutable (a build never changes once written), and one connection serves every thread, one
query at a time behind a lock: queries are short, and a connection opened at load keeps the
file readable after a later rebuild deletes this build, which a connection opened later by a
new thread would not.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexCorrupt
from retrieval.index.listing import INDEXES, ListingRows
from retrieval.index.people import READER, Named, Person, named_rows, person_of
from retrieval.index.sentences import StoredSentence, from_blob
from retrieval.index.store import StoredChunk, Vector
from retrieval.records import Chunk, Quote, Source

_CHUNK = 'SELECT id, article_id, ordinal, start, "end", text, embed_hash FROM chunks'
_QUOTE = 'SELECT article_id, start, "end", text, speaker, role FROM quotes'
_IN = "IN (SELECT value FROM json_each(?))"


class StoreReader:
    """Rows of one build's store on demand; `rows_read` counts them (benchmarks, tests)."""

    def __init__(self, path: Path, dimension: int) -> None:
        if not path.is_file():
            raise IndexCorrupt(f"metadata file {path.name} is missing")
        self._name = path.name
        self._lock = threading.Lock()
        self.rows_read = 0
        try:
            self._con = sqlite3.connect(
                f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
        except sqlite3.DatabaseError as exc:
            raise self._damaged() from exc
        self.chunk_count = int(self._rows("SELECT count(*) FROM chunks")[0][0])
        self._check(dimension)
        self.listing = self._listing()
        self.has_sentences = "sentences" in self._tables()
        self.rows_read = 0

    def _check(self, dimension: int) -> None:
        """Refuse rows edited by hand or damaged now, not in the middle of a question.

        Every row is looked at in SQL (about a second for a million chunks); columns are named,
        so a column added by hand is harmless.
        """
        malformed = self._rows(
            "SELECT (SELECT count(*) FROM articles WHERE typeof(id) != 'text')"
            " + (SELECT count(*) FROM chunks WHERE typeof(article_id) != 'text'"
            " OR typeof(ordinal) != 'integer' OR typeof(start) != 'integer'"
            " OR typeof(\"end\") != 'integer' OR typeof(text) != 'text'"
            " OR typeof(embed_hash) != 'text')"
            " + (SELECT count(*) FROM quotes WHERE typeof(article_id) != 'text'"
            " OR typeof(start) != 'integer' OR typeof(\"end\") != 'integer'"
            " OR typeof(text) != 'text' OR typeof(vector) != 'blob' OR length(vector) != ?)",
            4 * dimension,
        )[0][0]
        if "sentences" in self._tables():
            malformed += self._rows(
                "SELECT count(*) FROM sentences WHERE typeof(article_id) != 'text'"
                " OR typeof(start) != 'integer' OR typeof(\"end\") != 'integer'"
                " OR typeof(vector) != 'blob' OR length(vector) != ?",
                2 * dimension,
            )[0][0]
        if malformed or not self._quote_vectors_finite() or not self._people_sound():
            raise IndexCorrupt(f"metadata file {self._name} holds malformed rows")
        stray = self._rows(
            "SELECT article_id FROM chunks WHERE article_id NOT IN (SELECT id FROM articles) "
            "UNION SELECT article_id FROM quotes WHERE article_id NOT IN (SELECT id FROM articles) "
            "ORDER BY 1 LIMIT 1"
        )
        if stray:
            raise IndexCorrupt(
                f"metadata file {self._name} has chunks or quotes of a missing article "
                f"{stray[0][0]!r}"
            )

    def _people_sound(self) -> bool:
        if "people" not in self._tables():
            return True
        return not self._rows(
            "SELECT count(*) FROM people WHERE typeof(name) != 'text'"
            " OR NOT json_valid(name_words) OR NOT json_valid(roles) OR NOT json_valid(places)"
            " OR NOT json_valid(bag)"
            " OR typeof(quoted) != 'blob' OR typeof(mentioned) != 'blob'"
            " OR typeof(with_role) != 'blob' OR length(quoted) % 8 OR length(mentioned) % 8"
            " OR length(with_role) % 8"
        )[0][0]

    def _tables(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT name FROM sqlite_master WHERE type='table'")}

    def _quote_vectors_finite(self, block: int = 4096) -> bool:
        last = 0
        while rows := self._rows(
            "SELECT id, vector FROM quotes WHERE id > ? ORDER BY id LIMIT ?", last, block
        ):
            if not np.isfinite(np.frombuffer(b"".join(r[1] for r in rows), np.float32)).all():
                return False
            last = rows[-1][0]
        return True

    def _damaged(self) -> IndexCorrupt:
        return IndexCorrupt(
            f"metadata file {self._name} is damaged"
        )

    def _rows(self, sql: str, *params: object) -> list[Any]:
        try:
            with self._lock:
                rows = self._con.execute(sql, params).fetchall()
                self.rows_read += len(rows)
                return rows
        except sqlite3.DatabaseError as exc:
            raise self._damaged() from exc

    def chunks(self, ids: Iterable[int]) -> dict[int, StoredChunk]:
        """The chunks with these ids, each with the quotes of its article that lie inside it."""
        rows = self._rows(f"{_CHUNK} WHERE id {_IN}", json.dumps(sorted({int(i) for i in ids})))
        return self._with_quotes(rows)

    def chunk_ids(self, article_ids: Iterable[str]) -> npt.NDArray[np.int64]:
        """Ids of the chunks of these articles, in id order."""
        rows = self._rows(
            f"SELECT id FROM chunks WHERE article_id {_IN} ORDER BY id",
            json.dumps(sorted(set(article_ids))),
        )
        return np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))

    def every_chunk(self, block: int = 4096) -> Iterator[StoredChunk]:
        """All chunks in id order, a block at a time (a build made before people were saved)."""
        last = -1
        while rows := self._rows(f"{_CHUNK} WHERE id > ? ORDER BY id LIMIT ?", last, block):
            yield from self._with_quotes(rows).values()
            last = rows[-1][0]

    def _with_quotes(self, rows: list[Any]) -> dict[int, StoredChunk]:
        by_article: dict[str, list[Quote]] = {}
        for art_id, quote in self._quotes_of(sorted({r[1] for r in rows})):
            by_article.setdefault(art_id, []).append(quote)
        out = {}
        for cid, art_id, ordinal, start, end, text, embed_hash in rows:
            held = tuple(q for q in by_article.get(art_id, ()) if start <= q.start and q.end <= end)
            out[cid] = StoredChunk(cid, Chunk(art_id, ordinal, start, end, text, held), embed_hash)
        return out

    def _quotes_of(self, article_ids: Sequence[str] | None) -> list[tuple[str, Quote]]:
        where = "" if article_ids is None else f"WHERE article_id {_IN}"
        params = () if article_ids is None else (json.dumps(list(article_ids)),)
        return [
            (art_id, Quote(text=text, speaker=speaker, role=role, start=start, end=end))
            for art_id, start, end, text, speaker, role in self._rows(
                f"{_QUOTE} {where} ORDER BY article_id, start", *params
            )
        ]

    def quotes_of(self, article_ids: Iterable[str]) -> list[tuple[str, Quote]]:
        """(article id, quote) of these articles' quotes, in article order."""
        return self._quotes_of(sorted(set(article_ids)))

    def quotes(self) -> list[tuple[str, Quote]]:
        """(article id, quote) of every quote, in article order."""
        return self._quotes_of(None)

    def quote_vectors(self, article_ids: Iterable[str]) -> dict[tuple[str, int], Vector]:
        """Vectors of these articles' quotes by (article id, start offset)."""
        rows = self._rows(
            f"SELECT article_id, start, vector FROM quotes WHERE article_id {_IN} "
            "ORDER BY article_id, start",
            json.dumps(sorted(set(article_ids))),
        )
        return {(a, start): np.frombuffer(blob, dtype=np.float32) for a, start, blob in rows}

    def sentences(self, article_ids: Iterable[str]) -> dict[str, list[StoredSentence]]:
        """The sentence units of these articles with their vectors, in text order (none when
        the build stored no sentence vectors)."""
        if not self.has_sentences:
            return {}
        return self._sentences(self._rows(
            f'SELECT article_id, start, "end", vector FROM sentences WHERE article_id {_IN} '
            "ORDER BY article_id, start",
            json.dumps(sorted(set(article_ids))),
        ))

    def sentences_within(
        self, spans: Iterable[tuple[str, int, int]]
    ) -> dict[str, list[StoredSentence]]:
        """The sentence units inside these (article id, start, end) spans, as `sentences`: a
        question reads its passages' sentences, not whole articles'."""
        if not self.has_sentences:
            return {}
        return self._sentences(self._rows(
            'SELECT DISTINCT s.article_id, s.start, s."end", s.vector FROM json_each(?) j '
            "JOIN sentences s ON s.article_id = json_extract(j.value, '$[0]') "
            "AND s.start >= json_extract(j.value, '$[1]') "
            "AND s.start < json_extract(j.value, '$[2]') "
            "AND s.\"end\" <= json_extract(j.value, '$[2]') ORDER BY s.article_id, s.start",
            json.dumps(sorted(set(spans))),
        ))

    def _sentences(self, rows: list[Any]) -> dict[str, list[StoredSentence]]:
        out: dict[str, list[StoredSentence]] = {}
        if not rows:
            return out
        # Decoded in one piece (the blobs' lengths were checked at open): one conversion per
        # question, not one per sentence.
        matrix = from_blob(b"".join(r[3] for r in rows)).reshape(len(rows), -1)
        if not np.isfinite(matrix).all():
            raise IndexCorrupt(f"metadata file {self._name} holds malformed rows")
        for (art, start, end, _), vector in zip(rows, matrix, strict=True):
            out.setdefault(art, []).append(StoredSentence(art, start, end, vector))
        return out

    def sources(self, article_ids: Iterable[str] | None = None) -> dict[str, Source]:
        """Sources of these articles (of all, when None)."""
        where = "" if article_ids is None else f"WHERE id {_IN}"
        params = () if article_ids is None else (json.dumps(sorted(set(article_ids))),)
        rows = self._rows(
            f"SELECT id, title, url, published, source, lead FROM articles {where} ORDER BY id",
            *params,
        )
        return {r[0]: Source(*r) for r in rows}

    def _listing(self) -> ListingRows | None:
        """Pages of the listings, from a build that saved what they need (index/listing.py)."""
        names = {r[0] for r in self._rows("SELECT name FROM sqlite_master WHERE type='index'")}
        if names >= INDEXES and {"speakers", "speakers_folding"} <= self._tables():
            return ListingRows(self._rows)
        return None

    def article_ids(self) -> set[str]:
        return {r[0] for r in self._rows("SELECT id FROM articles")}

    # The people, as saved with the build (index/people.py).

    def named(self) -> tuple[Named, ...] | None:
        """Everyone saved, by row; None when the build saved none or saved them by other code."""
        if not {"people", "people_reader"} <= self._tables():
            return None
        stamps = self._rows("SELECT fingerprint FROM people_reader")
        if [tuple(r) for r in stamps] != [(READER,)]:
            return None
        rows = self._rows(
            "SELECT name, role, name_words, roles, places, bag FROM people ORDER BY id"
        )
        try:
            return named_rows(rows)
        except (ValueError, TypeError) as exc:
            raise IndexCorrupt(f"metadata file {self._name} holds malformed rows") from exc

    def person(self, row: int, named: Named) -> Person:
        """The saved person at `row` (0-based, as `named` gives them) with their chunk ids."""
        blobs = self._rows(
            "SELECT quoted, mentioned, with_role FROM people WHERE id = ?", row + 1
        )
        try:
            return person_of(named, blobs[0])
        except (ValueError, IndexError) as exc:
            raise IndexCorrupt(f"metadata file {self._name} holds malformed rows") from exc

    # What the builder reuses from the previous build.

    def article_hashes(self) -> dict[str, str]:
        return dict(self._rows("SELECT id, hash FROM articles"))

    def embed_hashes(self) -> dict[str, int]:
        """Hash of each embedded text -> the id of a chunk (row of the vectors) holding it."""
        return dict(self._rows("SELECT embed_hash, id FROM chunks ORDER BY id"))

    def quote_vectors_by_text(self) -> dict[str, Vector]:
        rows = self._rows("SELECT text, vector FROM quotes ORDER BY article_id, start")
        return {text: np.frombuffer(blob, dtype=np.float32) for text, blob in rows}
