"""The reference a searcher reading rows per question must match: everything held in memory.

`in_memory(build)` reads every article, chunk, quote and quote vector once with plain SQL (as the
searcher did before it read rows per question), reads the people from all chunk texts at load
instead of taking those saved with the build, and builds the BM25 index in memory.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from retrieval.index.build import Build
from retrieval.index.manifest import STORE
from retrieval.index.people import Named
from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredChunk, Vector
from retrieval.records import Chunk, Quote, Source


class MemoryStore(StoreReader):
    """Every row read once into dictionaries; the people are never taken from the store."""

    def __init__(self, path: Path, dimension: int) -> None:
        super().__init__(path, dimension)
        con = sqlite3.connect(path)
        self._quotes: list[tuple[str, Quote]] = []
        self._vectors: dict[tuple[str, int], Vector] = {}
        for aid, start, end, text, speaker, role, blob in con.execute(
            'SELECT article_id, start, "end", text, speaker, role, vector FROM quotes '
            "ORDER BY article_id, start"
        ):
            self._quotes.append((aid, Quote(text, speaker, role, start, end)))
            self._vectors[(aid, start)] = np.frombuffer(blob, dtype=np.float32)
        self._chunks = {
            cid: StoredChunk(
                cid,
                Chunk(aid, ordinal, start, end, text, tuple(
                    q for a, q in self._quotes if a == aid and start <= q.start and q.end <= end
                )),
                embed_hash,
            )
            for cid, aid, ordinal, start, end, text, embed_hash in con.execute(
                'SELECT id, article_id, ordinal, start, "end", text, embed_hash FROM chunks'
            )
        }
        self._sources = {
            row[0]: Source(*row)
            for row in con.execute("SELECT id, title, url, published, source, lead FROM articles")
        }
        con.close()

    def chunks(self, ids: Iterable[int]) -> dict[int, StoredChunk]:
        return {int(i): self._chunks[int(i)] for i in ids}

    def every_chunk(self, block: int = 4096) -> Iterator[StoredChunk]:
        return iter([self._chunks[i] for i in sorted(self._chunks)])

    def quotes(self) -> list[tuple[str, Quote]]:
        return list(self._quotes)

    def quote_vectors(self, article_ids: Iterable[str]) -> dict[tuple[str, int], Vector]:
        wanted = set(article_ids)
        return {key: v for key, v in self._vectors.items() if key[0] in wanted}

    def sources(self, article_ids: Iterable[str] | None = None) -> dict[str, Source]:
        wanted = sorted(self._sources if article_ids is None else set(article_ids))
        return {a: self._sources[a] for a in wanted}

    def named(self) -> tuple[Named, ...] | None:
        return None


def in_memory(build: Build) -> Build:
    """The same build, answered from memory as before; its BM25 index built from the texts."""
    return replace(
        build, store=MemoryStore(build.folder / STORE, build.manifest.dimension), lexical=None
    )
