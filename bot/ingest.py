"""Add articles by URL and refresh feeds: fetch + store, then index once; CLI entry points."""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.ingest_texts import format_add, format_refresh
from bot.settings import Settings
from retrieval.embedder import Embedder, Vectors
from retrieval.errors import BriefbotError, FetchError
from retrieval.feeds import FeedResult, refresh
from retrieval.fetch import Fetcher, FetchOptions
from retrieval.indexer import IndexSummary, Progress
from retrieval.records import Article
from retrieval.web_library import IngestResult, IngestStatus, Library, ingest_url

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ItemReport:
    """One URL as a user sees it: what was stored (title, date, chunks, quotes) or why not."""

    url: str
    status: IngestStatus
    article_id: str | None = None
    title: str | None = None
    published: str | None = None
    article_url: str | None = None
    chunks: int = 0
    quotes: int = 0
    speakers: tuple[str, ...] = ()  # "Name (Role)" of the quoted people, first seen first
    error: FetchError | None = None
    fetch_seconds: float = 0.0
    extract_seconds: float = 0.0


@dataclass(frozen=True)
class IndexOutcome:
    """The single index update after a batch: a summary, or the reason it failed."""

    summary: IndexSummary | None = None
    error: str | None = None  # the articles stay stored; the next reindex picks them up

    @property
    def ran(self) -> bool:
        return self.summary is not None or self.error is not None


@dataclass(frozen=True)
class AddReport:
    items: tuple[ItemReport, ...]
    index: IndexOutcome

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


def fetch_options(settings: Settings) -> FetchOptions:
    """The fetch limits configured in the settings."""
    return FetchOptions(
        allow_private=settings.allow_private_urls,
        connect_timeout=settings.fetch_connect_timeout,
        read_timeout=settings.fetch_read_timeout,
        max_bytes=settings.fetch_max_bytes,
        retries=settings.fetch_retries,
    )


def store_urls(
    settings: Settings, urls: Sequence[str], fetcher: Fetcher | None = None
) -> tuple[ItemReport, ...]:
    """Fetch and store each URL (each once); no indexing."""
    library = Library(settings.data_dir)
    with _fetcher(settings, fetcher) as active:
        return tuple(_item(ingest_url(url, library, active)) for url in dict.fromkeys(urls))


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
        results = refresh(urls, library, active, settings.state_dir, workers=workers)
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
    return AddReport(items, _index(settings, embedder, any(map(_written, items)), progress))


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
    index = _index(settings, embedder, written)
    return RefreshReport(reports, index, time.perf_counter() - started)


def _written(item: ItemReport) -> bool:
    return item.status in ("added", "updated")


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


def _index(
    settings: Settings, embedder: Embedder, changed: bool, progress: Progress | None = None
) -> IndexOutcome:
    if not changed:
        return IndexOutcome()
    from retrieval.indexer import build_index

    try:
        return IndexOutcome(build_index(settings.data_dir, settings.index_dir, embedder, progress))
    except BriefbotError as exc:
        log.warning("index update after adding articles failed: %s", exc)
        return IndexOutcome(error=str(exc))


def _item(result: IngestResult) -> ItemReport:
    article = result.article
    if article is None:
        return ItemReport(result.url, result.status, error=result.error)
    chunks, quotes, speakers = _counts(article)
    return ItemReport(
        url=result.url,
        status=result.status,
        article_id=article.id,
        title=article.title,
        published=article.published,
        article_url=article.url,
        chunks=chunks,
        quotes=quotes,
        speakers=speakers,
        fetch_seconds=result.fetch_seconds,
        extract_seconds=result.extract_seconds,
    )


def _feed(result: FeedResult) -> FeedReport:
    return FeedReport(
        result.feed_url, result.title, tuple(map(_item, result.entries)), result.error
    )


def _counts(article: Article) -> tuple[int, int, tuple[str, ...]]:
    """Chunks and quotes the index holds for the article: the indexer's own functions, no model."""
    from retrieval.chunker import chunk_article
    from retrieval.quotes import extract_quotes

    quotes = extract_quotes(article.text)
    people = (f"{q.speaker} ({q.role})" if q.role else q.speaker for q in quotes if q.speaker)
    return len(chunk_article(article, quotes=quotes)), len(quotes), tuple(dict.fromkeys(people))


class LazyEmbedder:
    """Loads the model on first use, so a batch where nothing changed never loads it."""

    def __init__(self, load: Callable[[], Embedder]) -> None:
        self._load = load
        self._inner: Embedder | None = None
        self._lock = threading.Lock()

    def _get(self) -> Embedder:
        with self._lock:
            if self._inner is None:
                self._inner = self._load()
            return self._inner

    @property
    def model_id(self) -> str:
        return self._get().model_id

    @property
    def dimension(self) -> int:
        return self._get().dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._get().embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._get().embed_passages(texts)


def _cli_embedder(settings: Settings) -> Embedder:
    from bot.local import load_model

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
