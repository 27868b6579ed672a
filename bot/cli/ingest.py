"""`briefbot add` and `briefbot refresh`: the shared ingestion, reported on the terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from bot.engine import LazyEmbedder, load_model
from bot.ingest import add_urls, refresh_feeds
from bot.present.reports import format_add, format_refresh
from bot.settings import Settings
from retrieval.model.embedder import Embedder


def _cli_embedder(settings: Settings) -> Embedder:
    return LazyEmbedder(lambda: load_model(settings))


def cli_add(settings: Settings, urls: Sequence[str], embedder: Embedder | None = None) -> int:
    """`briefbot add URL…`: print one line per URL and the index summary; 1 if any failed."""
    report = add_urls(settings, urls, embedder or _cli_embedder(settings))
    print(format_add(report, "en", html=False))
    return 0 if report.ok else 1


def cli_refresh(settings: Settings, embedder: Embedder | None = None) -> int:
    """`briefbot refresh`: refresh every configured feed; 1 if a feed or the index failed."""
    if not settings.feeds:
        print("briefbot: no feeds configured; set BRIEFBOT_FEEDS (comma-separated URLs)",
              file=sys.stderr)  # fmt: skip
        return 2
    report = refresh_feeds(settings, embedder or _cli_embedder(settings))
    print(format_refresh(report, "en", html=False))
    return 0 if report.ok else 1
