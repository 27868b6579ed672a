"""Add articles by URL and refresh feeds: fetch + store, then index once. Both faces use it."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from bot.engine import fetch_options
from bot.settings import Settings
from bot.stores import feed_state
from retrieval.errors import BriefbotError, FetchError
from retrieval.index.builder import IndexSummary, Progress
from retrieval.model.embedder import Embedder
from retrieval.records import Article
from retrieval.web.feeds import FeedResult, refresh
from retrieval.web.fetch import Fetcher
from retrieval.web.library import IngestResult, IngestStatus, Library, ingest_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ItemReport:
    """One URL as a user sees it: what became of it, and what the index holds of its article."""

    result: IngestResult
    chunks: int = 0
    quotes: int = 0
    speakers: tuple[str, ...] = ()  # "Name (Role)" of the quoted people, first seen first

    @property
    def status(self) -> IngestStatus:
        return self.result.status


@dataclass(frozen=True)
class IndexOutcome:
    """The single index update after a batch: a summary, or the reason it failed."""

    summary: IndexSummary | None = None
    error: BriefbotError | None = None  # the articles stay stored; the next reindex takes them


@dataclass(frozen=True)
class AddReport:
    """What became of the links of one request; `skipped`: links beyond its limit, not fetched."""

    items: tuple[ItemReport, ...]
    index: IndexOutcome
    skipped: int = 0

    @property
    def written(self) -> tuple[ItemReport, ...]:
        return tuple(i for i in self.items if _written(i))

    @property
    def ok(self) -> bool:
        """Every URL is stored (new, updated or already there) and the index is current."""
        return all(i.status != "failed" for i in self.items) and self.index.error is None


@dataclass(frozen=True)
class FeedReport:
    feed_url: str
    title: str | None
    items: tuple[ItemReport, ...]
    error: FetchError | None = None  # the feed itself could not be read


@dataclass(frozen=True)
class RefreshReport:
    feeds: tuple[FeedReport, ...]
    index: IndexOutcome
    seconds: float = 0.0

    @property
    def written(self) -> tuple[ItemReport, ...]:
        return tuple(i for f in self.feeds for i in f.items if _written(i))

    @property
    def ok(self) -> bool:
        """Every feed could be read and the index is current (single bad entries are normal)."""
        return all(f.error is None for f in self.feeds) and self.index.error is None


def store_urls(
    settings: Settings, urls: Sequence[str], fetcher: Fetcher | None = None
) -> tuple[ItemReport, ...]:
    """Fetch and store each URL (each once); no indexing."""
    library = Library(settings.data_dir)
    with _fetcher(settings, fetcher) as active:
        return tuple(item_report(ingest_url(url, library, active)) for url in dict.fromkeys(urls))


def store_feeds(
    settings: Settings,
    fetcher: Fetcher | None = None,
    feeds: Sequence[str] | None = None,
    workers: int = 2,
) -> tuple[FeedReport, ...]:
    """Read every configured feed and store its new entries' articles; no indexing."""
    library = Library(settings.data_dir)
    urls = settings.feeds if feeds is None else feeds
    with _fetcher(settings, fetcher) as active:
        results = refresh(urls, library, active, feed_state(settings), workers=workers)
    return tuple(_feed(r) for r in results)


def add_urls(
    settings: Settings,
    urls: Sequence[str],
    embedder: Embedder,
    fetcher: Fetcher | None = None,
    progress: Progress | None = None,
) -> AddReport:
    """Fetch and store each URL (each once), then update the index once if anything changed."""
    items = store_urls(settings, urls, fetcher)
    return AddReport(items, index_if(settings, embedder, any(map(_written, items)), progress))


def refresh_feeds(
    settings: Settings,
    embedder: Embedder,
    fetcher: Fetcher | None = None,
    feeds: Sequence[str] | None = None,
    workers: int = 2,
) -> RefreshReport:
    """Read every configured feed, store new entries' articles, then update the index once."""
    started = time.perf_counter()
    reports = store_feeds(settings, fetcher, feeds, workers)
    written = any(_written(i) for f in reports for i in f.items)
    index = index_if(settings, embedder, written)
    return RefreshReport(reports, index, time.perf_counter() - started)


def _written(item: ItemReport) -> bool:
    return item.result.written


class _fetcher:
    """Use the given fetcher, or open (and close) one built from the settings."""

    def __init__(self, settings: Settings, given: Fetcher | None) -> None:
        self._given = given
        self._own = None if given else Fetcher(fetch_options(settings))

    def __enter__(self) -> Fetcher:
        active = self._given or self._own
        assert active is not None
        return active

    def __exit__(self, *exc: object) -> None:
        if self._own is not None:
            self._own.close()


def index_if(
    settings: Settings, embedder: Embedder, changed: bool, progress: Progress | None = None
) -> IndexOutcome:
    """Update the index once when the data folder changed; a failure is reported, not raised."""
    if not changed:
        return IndexOutcome()
    from retrieval.index.builder import build_index

    try:
        return IndexOutcome(build_index(settings.data_dir, settings.index_dir, embedder, progress))
    except BriefbotError as exc:
        log.warning("index update after adding articles failed: %s", exc)
        return IndexOutcome(error=exc)


def item_report(result: IngestResult) -> ItemReport:
    """What a user is shown of one stored item: with its chunks, quotes and speakers."""
    if result.article is None:
        return ItemReport(result)
    return ItemReport(result, *_counts(result.article))


def _feed(result: FeedResult) -> FeedReport:
    return FeedReport(
        result.feed_url, result.title, tuple(map(item_report, result.entries)), result.error
    )


def _counts(article: Article) -> tuple[int, int, tuple[str, ...]]:
    """Chunks and quotes the index holds for the article: the indexer's own functions, no model."""
    from retrieval.text.chunker import chunk_article
    from retrieval.text.quotes import extract_quotes

    quotes = extract_quotes(article.text)
    people = (f"{q.speaker} ({q.role})" if q.role else q.speaker for q in quotes if q.speaker)
    return len(chunk_article(article, quotes=quotes)), len(quotes), tuple(dict.fromkeys(people))
