"""Data folder -> index folder: incremental, atomic swap, manifest. (Being written.)"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from retrieval.embedder import Embedder

Progress = Callable[[int, int], None]  # (chunks embedded so far, chunks to embed)


@dataclass(frozen=True)
class IndexSummary:
    """What one `build_index` run did."""

    added: int
    updated: int
    removed: int
    unchanged: int
    articles: int
    chunks: int
    quotes: int
    seconds: float
    warnings: tuple[str, ...] = ()  # one line per skipped file, naming it


def build_index(
    data_dir: Path, index_dir: Path, embedder: Embedder, progress: Progress | None = None
) -> IndexSummary:
    """Build or incrementally update the index; the previous index stays intact on failure."""
    raise NotImplementedError
