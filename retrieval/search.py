"""Question -> Answer over an opened index. (Being written.)"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from retrieval.embedder import Embedder
from retrieval.records import Answer, Quote, Source

Mode = Literal["dense", "bm25", "hybrid"]


@dataclass(frozen=True)
class QuoteRef:
    """A direct quote and the article it stands in."""

    quote: Quote
    source: Source


@dataclass(frozen=True)
class IndexStats:
    articles: int
    chunks: int
    quotes: int
    built_at: str  # ISO 8601 UTC
    model_id: str


class Searcher:
    """Answers questions from one index folder; thread-safe for concurrent `ask` calls."""

    @classmethod
    def open(cls, index_dir: Path, embedder: Embedder, mode: Mode = "hybrid") -> Searcher:
        raise NotImplementedError

    def ask(self, question: str, k: int = 3, offset: int = 0) -> Answer:
        """Return passages ranked offset+1 .. offset+k; raises QuestionError on unusable input."""
        raise NotImplementedError

    def sources(self) -> list[Source]:
        raise NotImplementedError

    def quotes(self, speaker: str | None = None) -> list[QuoteRef]:
        raise NotImplementedError

    def stats(self) -> IndexStats:
        raise NotImplementedError
