"""A chunk as a build stores it: its own module so that what reads chunks (index/people.py)
and what writes them (index/store.py) both import it without importing each other."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.records import Chunk


@dataclass(frozen=True)
class StoredChunk:
    id: int
    chunk: Chunk
    embed_hash: str  # hash of the exact text that was embedded, for reuse across builds
