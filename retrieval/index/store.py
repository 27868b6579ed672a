"""SQLite metadata store of one index build: articles, chunks, quotes (with vectors), people.

Written here; read per question by index/reader.py.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.index.listing import SCHEMA as LISTING
from retrieval.index.listing import Speakers, listing_date
from retrieval.index.people import read_people, save_people
from retrieval.index.sentences import StoredSentence, save_sentences
from retrieval.index.stored import StoredChunk as StoredChunk  # re-exported for its readers
from retrieval.records import Quote, Source

Vector = npt.NDArray[np.float32]

_SCHEMA = """
CREATE TABLE articles (id TEXT PRIMARY KEY, hash TEXT NOT NULL, title TEXT, url TEXT,
                       published TEXT, source TEXT, origin TEXT NOT NULL, lead TEXT,
                       listed TEXT NOT NULL);
CREATE TABLE chunks (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, ordinal INTEGER NOT NULL,
                     start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
                     embed_hash TEXT NOT NULL);
CREATE TABLE quotes (id INTEGER PRIMARY KEY, article_id TEXT NOT NULL, start INTEGER NOT NULL,
                     "end" INTEGER NOT NULL, text TEXT NOT NULL, speaker TEXT, role TEXT,
                     vector BLOB NOT NULL, who INTEGER);
CREATE INDEX chunks_article ON chunks(article_id);
CREATE INDEX quotes_article ON quotes(article_id);
"""


@dataclass(frozen=True)
class StoredArticle:
    source: Source
    content_hash: str
    origin: str


@dataclass(frozen=True)
class StoredQuote:
    quote: Quote
    article_id: str
    vector: Vector


def write_store(
    path: Path,
    articles: Iterable[StoredArticle],
    chunks: Sequence[StoredChunk],
    quotes: Iterable[StoredQuote],
    sentences: Iterable[StoredSentence] | None = None,
) -> None:
    """Write a new store file in one transaction (the caller writes into a fresh build folder).

    `sentences`: the vector of each sentence unit (index/sentences.py); None writes no table (a
    build made without a model, as bench/bench_scale.py makes them), and the searcher then
    judges and leads by words and passage vectors alone.

    The people the chunks name are read and saved too (index/people.py): a searcher then never
    needs every chunk's text; and what lists articles and quotes a page at a time
    (index/listing.py).
    """
    con = sqlite3.connect(path)
    speakers = Speakers()
    try:
        with con:
            con.executescript(_SCHEMA)
            con.executemany(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?)",
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
                        listing_date(a.source.published),
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
                'INSERT INTO quotes (article_id, start, "end", text, speaker, role, vector, who) '
                "VALUES (?,?,?,?,?,?,?,?)",
                (
                    (
                        q.article_id,
                        q.quote.start,
                        q.quote.end,
                        q.quote.text,
                        q.quote.speaker,
                        q.quote.role,
                        np.asarray(q.vector, dtype=np.float32).tobytes(),
                        speakers.number(q.quote),
                    )
                    for q in quotes
                ),
            )
            # Indexes made after the rows are in: one sort each instead of a growing tree.
            # (Not executescript: it would commit the transaction half-way.)
            for statement in filter(str.strip, LISTING.split(";")):
                con.execute(statement)
            speakers.save(con)
            save_people(con, read_people(chunks))
            if sentences is not None:
                save_sentences(con, sentences)
    finally:
        con.close()
