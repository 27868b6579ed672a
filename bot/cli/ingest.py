"""`briefbot add`, `refresh`, `follow`, `sources`, `unfollow`: ingestion on the terminal."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from bot.engine import LazyEmbedder, load_model
from bot.ingest import AddReport, RefreshReport, index_if, item_report, store_feeds, store_urls
from bot.present.reports import format_add, format_refresh
from bot.present.sources import error_words, format_followed, format_polls, kind_words
from bot.settings import Settings
from bot.sources import (
    DocumentItem,
    follow_site,
    poll_sites,
    source_statuses,
    store_documents,
    unfollow_site,
)
from retrieval.errors import FetchError
from retrieval.model.embedder import Embedder
from retrieval.records import MAX_ARTICLE_BYTES
from retrieval.web.follow import PollResult
from retrieval.web.source_state import SourceStatus


def _cli_embedder(settings: Settings) -> Embedder:
    return LazyEmbedder(lambda: load_model(settings))


def cli_add(settings: Settings, urls: Sequence[str], embedder: Embedder | None = None) -> int:
    """`briefbot add URL|FILE…`: one line per item and the index summary; 1 if any failed.

    An argument naming an existing file is a document (PDF, DOCX, text); anything else a URL.
    """
    files = [u for u in urls if Path(u).is_file()]
    pages = [u for u in urls if u not in files]
    items = store_urls(settings, pages) if pages else ()
    if files:
        items += tuple(map(item_report, store_documents(settings, [_document(f) for f in files])))
    changed = any(i.result.written for i in items)
    report = AddReport(items, index_if(settings, embedder or _cli_embedder(settings), changed))
    print(format_add(report, "en", html=False))
    return 0 if report.ok else 1


def _document(path: str) -> DocumentItem:
    with open(path, "rb") as f:
        data = f.read(MAX_ARTICLE_BYTES + 1)  # one byte over is enough to refuse it
    return DocumentItem(Path(path).name, data)


def cli_refresh(settings: Settings, embedder: Embedder | None = None) -> int:
    """`briefbot refresh`: feeds and followed sources; 1 if one of them or the index failed."""
    if not settings.feeds and not source_statuses(settings):
        print("briefbot: no feeds or sources; set BRIEFBOT_FEEDS or BRIEFBOT_SOURCES, or run "
              "`briefbot follow URL`", file=sys.stderr)  # fmt: skip
        return 2
    feeds = store_feeds(settings) if settings.feeds else ()
    polls = poll_sites(settings)
    written = any(i.result.written for f in feeds for i in f.items) or any(p.written for p in polls)
    report = RefreshReport(feeds, index_if(settings, embedder or _cli_embedder(settings), written))
    if polls:
        print(format_polls(polls, "en", html=False))
    print(format_refresh(report, "en", html=False).strip())
    return 0 if report.ok and not any(p.error for p in polls) else 1


def cli_follow(
    settings: Settings, url: str, backfill: int | None = None, embedder: Embedder | None = None
) -> int:
    """`briefbot follow URL [--backfill N]`: discover, fetch the newest (progress bar), index."""
    from bot.cli.local import progress_bar

    def found(status: SourceStatus) -> None:
        name = status.title or status.url
        print(f"{name}: following its {kind_words(status.kind, 'en')}", file=sys.stderr)

    with progress_bar("articles", unit="article") as progress:
        try:
            result = follow_site(settings, url, backfill, progress, found)
        except FetchError as exc:
            result = PollResult(SourceStatus(url), error=exc)
    print(format_followed(result, "en", False, settings.refresh_minutes))
    if result.error is not None and not result.items:
        return 1
    index = index_if(settings, embedder or _cli_embedder(settings), bool(result.written))
    print(format_add(AddReport((), index), "en", html=False).strip())
    return 0 if index.error is None else 1


def cli_sources(settings: Settings) -> int:
    """`briefbot sources`: each followed source's kind, counts, last success and error."""
    statuses = source_statuses(settings)
    if not statuses:
        print("no sources; follow a site with `briefbot follow URL` or set BRIEFBOT_SOURCES")
        return 0
    for s in statuses:
        print(f"{s.title or s.url}\n  url: {s.url}")
        print(f"  kind: {kind_words(s.kind, 'en') if s.kind else '-'}; "
              f"{s.found} articles found, {s.indexed} indexed")  # fmt: skip
        print(f"  last success: {s.last_success or '-'}; next poll: {s.next_poll or '-'}")
        if s.last_error:
            print(f"  last error ({s.failures} in a row): {error_words(s, 'en')}")
    return 0


def cli_unfollow(settings: Settings, url: str) -> int:
    if unfollow_site(settings, url):
        print(f"no longer following {url}; its articles stay")
        return 0
    print(f"briefbot: {url} is not followed", file=sys.stderr)
    return 1
