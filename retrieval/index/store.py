"""SQLite metadata store of one index build: articles, chunks and quotes (with quote vectors)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexCorrupt
from retrieval.records import Chunk, Quote, Source

Vector = npt.NDArray[np.float32]

_SCHEMA = """
CREATE TABLE articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, title TEXT, url TEXT,
                       published TEXT, source TEXT, origin TEXT NOT NULL, lead TEXT);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
                     start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                     embed_hash TEXT NOT NULL);
CREATE TABLE quotes (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, start INTEGER NOT NULL,
                     "end" INTEGER NOT NULL, text TEXT NOT NULL, speaker TEXT, role TEXT,
                     vector BLOB NOT NULL);
CREATE INDEX chunks_article ON chunks(article_id);
CREATE INDEX quotes_article ON quotes(article_id);
"""


@dataclass(frozen=True)
class StoredArticle:
    source: Source
    content_hash: str
    origin: str


@dataclass(frozen=True)
class StoredChunk:
    id: int
    chunk: Chunk
    embed_hash: str  # hash of the exact text that was embedded, for reuse across builds


@dataclass(frozen=True)
class StoredQuote:
    quote: Quote
    article_id: str
    vector: Vector


@dataclass(frozen=True)
class StoreContents:
    articles: tuple[StoredArticle, ...]
    chunks: tuple[StoredChunk, ...]
    quotes: tuple[StoredQuote, ...]


def write_store(
    path: Path,
    articles: Iterable[StoredArticle],
    chunks: Iterable[StoredChunk],
    quotes: Iterable[StoredQuote],
) -> None:
    """Write a new store file in one transaction (the caller writes into a fresh build folder)."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.executescript(_SCHEMA)
            con.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?)",
                (
                    (
                        a.source.article_id,
                        a.content_hash,
                        a.source.title,
                        a.source.url,
                        a.source.published,
                        a.source.source,
                        a.origin,
                        a.source.lead,
                    )
                    for a in articles
                ),
            )
            con.executemany(
                "INSERT INTO chunks VALUES (?,?,?,?,?,?,?)",
                (
                    (
                        c.id,
                        c.chunk.article_id,
                        c.chunk.ordinal,
                        c.chunk.start,
                        c.chunk.end,
                        c.chunk.text,
                        c.embed_hash,
                    )
                    for c in chunks
                ),
            )
            con.executemany(
                'INSERT INTO quotes (article_id, start, "end", text, speaker, role, vector) '
                "VALUES (?,?,?,?,?,?,?)",
                (
                    (
                        q.article_id,
                        q.quote.start,
                        q.quote.end,
                        q.quote.text,
                        q.quote.speaker,
                        q.quote.role,
                        np.asarray(q.vector, dtype=np.float32).tobytes(),
                    )
                    for q in quotes
                ),
            )
    finally:
        con.close()


def read_store(path: Path, dimension: int) -> StoreContents:
    """Read a whole store; chunks get the quotes of their article that lie inside them."""
    if not path.is_file():
        raise IndexCorrupt(
            f"metadata file {path.name} is missing"
        )
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            # Columns by name: a table with a column added by hand still reads.
            arts = con.execute(
                "SELECT id, hash, title, url, published, source, origin, lead FROM articles "
                "ORDER BY id"
            ).fetchall()
            rows = con.execute(
                'SELECT id, article_id, ordinal, start, "end", text, embed_hash FROM chunks '
                "ORDER BY id"
            ).fetchall()
            qrows = con.execute(
                'SELECT article_id, start, "end", text, speaker, role, vector FROM quotes '
                "ORDER BY article_id, start"
            ).fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise IndexCorrupt(
            f"metadata file {path.name} is damaged"
        ) from exc
    try:
        contents = _contents(arts, rows, qrows, dimension)
    except (ValueError, TypeError) as exc:  # a value of the wrong type where a row was edited
        raise IndexCorrupt(
            f"metadata file {path.name} holds malformed rows"
        ) from exc
    known = {a.source.article_id for a in contents.articles}
    stray = {c.chunk.article_id for c in contents.chunks} | {q.article_id for q in contents.quotes}
    if not stray <= known:
        raise IndexCorrupt(
            f"metadata file {path.name} has chunks or quotes of a missing article "
            f"{sorted(stray - known)[0]!r}"
        )
    return contents


def _contents(
    arts: list[Any], rows: list[Any], qrows: list[Any], dimension: int
) -> StoreContents:
    quotes: list[StoredQuote] = []
    by_article: dict[str, list[Quote]] = {}
    for art_id, start, end, text, speaker, role, blob in qrows:
        vec = np.frombuffer(blob, dtype=np.float32)
        if vec.shape[0] != dimension or not np.isfinite(vec).all():
            raise ValueError("a quote vector of the wrong size or with non-finite values")
        quote = Quote(text=text, speaker=speaker, role=role, start=start, end=end)
        quotes.append(StoredQuote(quote=quote, article_id=art_id, vector=vec))
        by_article.setdefault(art_id, []).append(quote)

    chunks = []
    for cid, art_id, ordinal, start, end, text, embed_hash in rows:
        held = tuple(q for q in by_article.get(art_id, ()) if start <= q.start and q.end <= end)
        chunk = Chunk(art_id, ordinal, start, end, text, held)
        chunks.append(StoredChunk(id=cid, chunk=chunk, embed_hash=embed_hash))
    articles = tuple(
        StoredArticle(Source(aid, title, url, published, src, lead), content_hash=h, origin=origin)
        for aid, h, title, url, published, src, origin, lead in arts
    )
    return StoreContents(articles=articles, chunks=tuple(chunks), quotes=tuple(quotes))
