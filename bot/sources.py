"""Follow sites, poll them, and add documents and channel posts: settings -> engine, both faces.

Storing only; the caller indexes once (the CLI at once, the bot through its one reindex path).
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from bot.engine import fetch_options
from bot.settings import Settings
from bot.stores import source_state
from retrieval.errors import BriefbotError, FetchError
from retrieval.records import Article
from retrieval.web.documents import read_document
from retrieval.web.fetch import Fetcher
from retrieval.web.follow import PollResult, Progress, follow, now_iso, poll, record
from retrieval.web.guard import canonical_url
from retrieval.web.library import IngestResult, Library
from retrieval.web.polite import CrawlPolicy, PoliteFetcher
from retrieval.web.source_state import SourceState, SourceStatus, StoredSourceState

log = logging.getLogger(__name__)
_URL_START = ("http://", "https://")


def follow_target(argument: str) -> str | None:
    """The site address in a /follow argument, or None when it names something else.

    `/follow` is shared: an address (http(s)://…, or host.tld/… as people type it) follows a
    site; any other words are for following a person or topic, which another feature answers.
    """
    word = argument.strip()
    if not word or " " in word:
        return None
    if word.lower().startswith(_URL_START):
        return word
    host = word.split("/", 1)[0]
    labels = host.split(".")
    looks_like_host = len(labels) >= 2 and all(labels) and labels[-1].isalpha()
    return "https://" + word if looks_like_host and len(labels[-1]) >= 2 else None


@contextlib.contextmanager
def crawler(settings: Settings, state: SourceState | None = None) -> Iterator[PoliteFetcher]:
    """A polite fetcher built from the settings (robots.txt kept in `state`), closed after."""
    policy = CrawlPolicy(delay=settings.crawl_delay, max_requests=settings.crawl_max_requests)
    with Fetcher(fetch_options(settings)) as fetcher:
        yield PoliteFetcher(fetcher, policy, state=state)


def follow_site(
    settings: Settings,
    url: str,
    backfill: int | None = None,
    progress: Progress | None = None,
    found: Callable[[SourceStatus], None] | None = None,
) -> PollResult:
    """Discover a site, save it as a source and store its newest articles (raises FetchError)."""
    state = source_state(settings)
    try:
        with crawler(settings, state) as client:
            n = settings.backfill if backfill is None else backfill
            return follow(url, Library(settings.data_dir), client, state, n,
                          settings.refresh_minutes, progress, found)  # fmt: skip
    finally:
        state.close()


def poll_sites(settings: Settings) -> tuple[PollResult, ...]:
    """Poll every followed source; a BRIEFBOT_SOURCES site not followed yet is followed first."""
    state = source_state(settings)
    results: list[PollResult] = []
    try:
        followed = {s.url: s for s in state.sources()}
        library = Library(settings.data_dir)
        with crawler(settings, state) as client:
            for url in settings.sources:
                if _key(url) not in followed:
                    results.append(_discover(settings, url, library, client, state))
            for status in followed.values():
                if status.endpoints:
                    results.append(poll(status, library, client, state, settings.refresh_minutes))
                else:  # nothing was found there yet: look again
                    results.append(_discover(settings, status.url, library, client, state))
    finally:
        state.close()
    return tuple(results)


def _discover(
    settings: Settings, url: str, library: Library, client: PoliteFetcher, state: StoredSourceState
) -> PollResult:
    """Follow a configured site; when nothing is found there (yet) the status says why."""
    try:
        return follow(url, library, client, state, settings.backfill, settings.refresh_minutes)
    except FetchError as exc:
        log.warning("source %s: %s", url, exc)
        known = state.source(_key(url)) or SourceStatus(_key(url), added_at=now_iso())
        status, newly = record(known, state, exc, settings.refresh_minutes)
        return PollResult(status, error=exc, newly_failing=newly)


def source_statuses(settings: Settings) -> list[SourceStatus]:
    """Every followed source, and the configured ones not followed yet, in that order."""
    state = source_state(settings)
    try:
        known = state.sources()
    finally:
        state.close()
    urls = {s.url for s in known}
    return known + [SourceStatus(_key(u)) for u in settings.sources if _key(u) not in urls]


def unfollow_site(settings: Settings, url: str) -> bool:
    """Stop polling a site; its articles stay."""
    state = source_state(settings)
    try:
        return state.remove_source(_key(url))
    finally:
        state.close()


def _key(url: str) -> str:
    try:
        return canonical_url(follow_target(url) or url)
    except FetchError:
        return url


@dataclass(frozen=True)
class DocumentItem:
    """A document or post to store: its name (file name, or a channel post's link) and body."""

    name: str
    data: bytes | None = None  # a file's bytes
    article: Article | None = None  # or an article made already (a channel post)


def store_documents(settings: Settings, items: Sequence[DocumentItem]) -> tuple[IngestResult, ...]:
    """Store each document's (or post's) article; a bad one gets its reason, the rest go on."""
    library = Library(settings.data_dir)
    results = []
    for item in items:
        try:
            article = item.article or read_document(item.name, item.data or b"")
            stored = library.store(article)
        except BriefbotError as exc:
            results.append(IngestResult(item.name, "failed", error=exc))
            continue
        results.append(IngestResult(item.name, stored.status, stored.article, mirror=stored.mirror))
    return tuple(results)
