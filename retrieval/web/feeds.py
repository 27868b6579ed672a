"""RSS 2.0 / Atom feeds -> new articles, one feed's failure never stopping the others."""

from __future__ import annotations

import logging
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from xml.parsers import expat

import httpx

from retrieval.errors import BadFeed, FetchError
from retrieval.web.feed_state import FeedStateStore
from retrieval.web.fetch import FEED_TYPES, Fetcher
from retrieval.web.guard import without_userinfo
from retrieval.web.library import IngestResult, Library, ingest_url

log = logging.getLogger(__name__)

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: the article link and what the feed says about it."""

    url: str
    title: str | None = None
    published: str | None = None


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
    """Parse RSS 2.0 (also RSS 1.0) or Atom; entity declarations are refused outright."""
    _refuse_entities(body, base_url)
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, LookupError, ValueError) as exc:  # LookupError: encoding="rot13"
        raise BadFeed(f"the feed is not well-formed XML: {exc}", base_url) from exc
    name = _local(root.tag)
    if name == "feed" and root.tag.startswith(ATOM):
        entries = [_atom_entry(e, base_url) for e in root.iter(f"{ATOM}entry")]
        title = _text(root.find(f"{ATOM}title"))
    elif name in ("rss", "RDF"):
        items = [e for e in root.iter() if _local(e.tag) == "item"]
        entries = [_rss_item(e, base_url) for e in items]
        channel = next((e for e in root if _local(e.tag) == "channel"), None)
        title = _text(_child(channel, "title")) if channel is not None else None
    else:
        raise BadFeed(f"not an RSS or Atom feed (root element <{name}>)", base_url)
    found = tuple(dict.fromkeys(e for e in entries if e is not None))
    return Feed(title, found)


def _refuse_entities(body: bytes, base_url: str) -> None:
    """No entity declarations: so no external entities and no expansion bombs, in any encoding."""

    def refuse(*_: object) -> None:
        raise BadFeed("the feed declares XML entities; refused as unsafe", base_url)

    scanner = expat.ParserCreate()
    scanner.EntityDeclHandler = refuse
    scanner.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        scanner.Parse(body, True)
    except (expat.ExpatError, LookupError, ValueError) as exc:
        raise BadFeed(f"the feed is not well-formed XML: {exc}", base_url) from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ET.Element | None, name: str) -> ET.Element | None:
    if element is None:
        return None
    return next((c for c in element if _local(c.tag) == name), None)


def _text(element: ET.Element | None) -> str | None:
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def _absolute(link: str | None, base_url: str) -> str | None:
    if not link:
        return None
    try:
        url = httpx.URL(base_url).join(link.strip())
    except (httpx.InvalidURL, ValueError):
        return None
    return str(url) if url.scheme in ("http", "https") else None


def _rss_item(item: ET.Element, base_url: str) -> FeedEntry | None:
    link = _text(_child(item, "link"))
    guid = _child(item, "guid")
    if not link and guid is not None and guid.get("isPermaLink", "true") != "false":
        link = _text(guid)
    url = _absolute(link, base_url)
    if url is None:
        return None
    published = _text(_child(item, "pubDate")) or _text(_child(item, "date"))
    return FeedEntry(url, _text(_child(item, "title")), _iso_date(published))


def _atom_entry(entry: ET.Element, base_url: str) -> FeedEntry | None:
    links = entry.findall(f"{ATOM}link")
    chosen = next((lk for lk in links if lk.get("rel", "alternate") == "alternate"), None)
    url = _absolute(chosen.get("href") if chosen is not None else None, base_url)
    if url is None:
        return None
    published = _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
    return FeedEntry(url, _text(entry.find(f"{ATOM}title")), _iso_date(published))


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
    state_dir: Path,
    max_entries: int = 50,
    workers: int = 2,
) -> tuple[FeedResult, ...]:
    """Fetch every feed and store the articles of its new entries; records each feed's status."""
    store = FeedStateStore(state_dir)
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
