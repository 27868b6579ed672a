"""RSS 2.0 / Atom feeds -> new articles, one feed's failure never stopping the others."""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from xml.parsers import expat

import httpx

from retrieval.errors import BadFeed, FetchError
from retrieval.web.feed_state import FeedState, FeedStateStore
from retrieval.web.fetch import FEED_TYPES, Fetcher
from retrieval.web.guard import without_userinfo
from retrieval.web.library import IngestResult, Library, ingest_url

log = logging.getLogger(__name__)

@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed (or any source's listing): the article link and what is said of it."""

    url: str
    title: str | None = None
    published: str | None = None
    html: str | None = None  # the article's body as the source gave it (WordPress API)


Entry = FeedEntry


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: tuple[FeedEntry, ...]


@dataclass(frozen=True)
class FeedResult:
    """One feed of a refresh: `error` set when the feed itself could not be read."""

    feed_url: str
    title: str | None
    entries: tuple[IngestResult, ...]
    error: FetchError | None = None

    @property
    def written(self) -> tuple[IngestResult, ...]:
        """Entries whose article was newly written to the data folder (added or updated)."""
        return tuple(e for e in self.entries if e.written)


def parse_feed(body: bytes, base_url: str) -> Feed:
    """Parse RSS 2.0, RSS 1.0 or Atom (feedparser); entity declarations are refused outright.

    feedparser only ever reads the bytes we fetched through the guarded fetcher: it is given a
    stream, never a URL or a path, so it cannot fetch or open anything itself.
    """
    root = _safe_root(body, base_url)
    import feedparser  # type: ignore[import-untyped]

    parsed: Any = feedparser.parse(
        io.BytesIO(body), response_headers={"content-location": base_url}
    )
    if not parsed.version:
        raise BadFeed(f"not an RSS or Atom feed (root element <{root}>)", base_url)
    entries = (_entry(e, base_url) for e in parsed.entries)
    found = tuple(dict.fromkeys(e for e in entries if e is not None))
    return Feed(_clean(parsed.feed.get("title")), found)


def _safe_root(body: bytes, base_url: str) -> str:
    """The root element's name of well-formed XML that declares no entities, else BadFeed.

    No entity declarations: so no external entities and no expansion bombs, in any encoding.
    """

    def refuse(*_: object) -> None:
        raise BadFeed("the feed declares XML entities; refused as unsafe", base_url)

    names: list[str] = []
    scanner = expat.ParserCreate()
    scanner.EntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    scanner.StartElementHandler = lambda name, _: None if names else names.append(name)
    try:
        scanner.Parse(body, True)
    except (expat.ExpatError, LookupError, ValueError) as exc:  # LookupError: encoding="rot13"
        raise BadFeed(f"the feed is not well-formed XML: {exc}", base_url) from exc
    return names[0] if names else ""


def _clean(text: str | None) -> str | None:
    return (text or "").strip() or None


def _absolute(link: str | None, base_url: str) -> str | None:
    if not link:
        return None
    try:
        url = httpx.URL(base_url).join(link.strip())
    except (httpx.InvalidURL, ValueError):
        return None
    return str(url) if url.scheme in ("http", "https") else None


def _entry(entry: Any, base_url: str) -> FeedEntry | None:
    """An RSS item or Atom entry: its link (an RSS guid that is a permalink serves too)."""
    url = _absolute(entry.get("link"), base_url)
    if url is None:
        return None
    published = _clean(entry.get("published")) or _clean(entry.get("updated"))
    return FeedEntry(url, _clean(entry.get("title")), _iso_date(published))


def _iso_date(value: str | None) -> str | None:
    """RFC 822 dates (RSS) become ISO; ISO dates (Atom) stay as given."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def read_feed(url: str, fetcher: Fetcher) -> Feed:
    """Fetch and parse one feed."""
    page = fetcher.get(url, FEED_TYPES)
    return parse_feed(page.body, page.url)


def refresh(
    feed_urls: Sequence[str],
    library: Library,
    fetcher: Fetcher,
    state: FeedState | Path,
    max_entries: int = 50,
    workers: int = 2,
) -> tuple[FeedResult, ...]:
    """Fetch every feed and store the articles of its new entries; records each feed's status
    in `state` (a folder: its JSON file)."""
    store = FeedStateStore(state) if isinstance(state, Path) else state
    results = []
    for feed_url in dict.fromkeys(map(without_userinfo, feed_urls)):
        result = _refresh_one(feed_url, library, fetcher, max_entries, workers)
        results.append(result)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        if result.error is None:
            store.record_success(feed_url, now, len(result.written), len(result.entries))
        else:
            store.record_error(feed_url, now, str(result.error))
    return tuple(results)


def _refresh_one(
    feed_url: str, library: Library, fetcher: Fetcher, max_entries: int, workers: int
) -> FeedResult:
    try:
        feed = read_feed(feed_url, fetcher)
    except FetchError as exc:
        log.warning("feed %s failed: %s", feed_url, exc)
        return FeedResult(feed_url, None, (), exc)
    except Exception as exc:  # a broken feed must never stop the others or the bot
        log.exception("feed %s failed unexpectedly", feed_url)
        return FeedResult(feed_url, None, (), FetchError(f"unexpected error: {exc}", feed_url))
    entries = feed.entries[:max_entries]
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        done = list(pool.map(lambda e: _add_entry(e, library, fetcher), entries))
    return FeedResult(feed_url, feed.title, tuple(done))


def _add_entry(entry: FeedEntry, library: Library, fetcher: Fetcher) -> IngestResult:
    return ingest_url(
        entry.url, library, fetcher, skip_known=True, title=entry.title, published=entry.published
    )
