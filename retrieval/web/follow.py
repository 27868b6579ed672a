"""Follow a site: discover it, backfill its newest articles, then poll it for new ones.

One poll reads the source's first endpoint (a backfill reads them all, in order, until it has
enough), fetches each new article politely and stores it once in the library. What each article
URL became is recorded in the source state, so no poll fetches an article twice, and so is the
source's status: kind, counts, last success, last error, failures in a row.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from retrieval.errors import (
    FetchError,
    HttpStatus,
    NoArticleText,
    RobotsDisallowed,
    WrongContentType,
)
from retrieval.records import Article
from retrieval.web.crawl import Reading, entries
from retrieval.web.discover import discover
from retrieval.web.extract import article_from_html, extract_article
from retrieval.web.feeds import Entry
from retrieval.web.fetch import HTML_TYPES
from retrieval.web.guard import canonical_url
from retrieval.web.library import IngestResult, Library
from retrieval.web.polite import Budget, BudgetSpent, PoliteFetcher
from retrieval.web.source_state import SeenStatus, SourceState, SourceStatus

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (articles done, articles to fetch)
FAILING_AFTER = 3  # polls failed in a row before the admins are told, once
# A poll of a kind listed newest first stops at this many articles in a row it has handled: a
# pinned old article on top is one, the backfill's oldest are not reached back for.
SEEN_IN_A_ROW = 3
# Kinds whose URLs may list pages other than articles: an article there must carry a date.
_UNSORTED_KINDS = frozenset({"sitemap", "listing"})
# Not an article (or not ours to take): recorded, never tried again.
_NOT_ARTICLE = (NoArticleText, WrongContentType, RobotsDisallowed)


@dataclass(frozen=True)
class PollResult:
    """One poll or backfill of one source."""

    source: SourceStatus  # the status after it
    items: tuple[IngestResult, ...] = ()
    requests: int = 0
    error: FetchError | None = None  # the source could not be read at all
    newly_failing: bool = False  # it just reached FAILING_AFTER failures: tell the admins

    @property
    def written(self) -> tuple[IngestResult, ...]:
        return tuple(i for i in self.items if i.written)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def follow(
    url: str,
    library: Library,
    client: PoliteFetcher,
    state: SourceState,
    backfill: int,
    refresh_minutes: int = 60,
    progress: Progress | None = None,
    found: Callable[[SourceStatus], None] | None = None,
) -> PollResult:
    """Discover a site (raises FetchError when there is nothing to follow), save it, backfill.

    `found` hears of the source once it is discovered, before the backfill starts.
    """
    key = canonical_url(url)
    budget = Budget(client.policy.max_requests)
    site = discover(key, client, budget)
    old = state.source(key) or SourceStatus(key, added_at=now_iso())
    status = dataclasses.replace(old, endpoints=site.endpoints, title=site.title or old.title)
    state.save_source(status)
    if found is not None:
        found(status)
    return poll(status, library, client, state, refresh_minutes, backfill, progress)


def poll(
    source: SourceStatus,
    library: Library,
    client: PoliteFetcher,
    state: SourceState,
    refresh_minutes: int = 60,
    backfill: int | None = None,
    progress: Progress | None = None,
) -> PollResult:
    """Fetch what is new at a source (or its `backfill` newest articles) and record it."""
    before = client.requests
    want = backfill if backfill is not None else client.policy.max_requests
    extra = 2 * backfill if backfill is not None else 0
    budget = Budget(client.policy.max_requests + extra)
    reading = Reading(client, state, budget, lambda u: _is_new(u, source, state, library),
                      poll=backfill is None, want=want, since=source.last_success)  # fmt: skip
    items: list[IngestResult] = []
    error: FetchError | None = None
    try:
        todo = _collect(source, reading, want)
        for done, (kind, entry) in enumerate(todo, start=1):
            items.append(_ingest(source, kind, entry, library, client, state, budget))
            if progress is not None:
                progress(done, len(todo))
        reading.commit()
    except BudgetSpent as exc:
        log.info("%s: %s; the rest waits for the next poll", source.url, exc)
        reading.commit(only=reading.settled)  # never to be read again for nothing
    except FetchError as exc:
        log.warning("source %s failed: %s", source.url, exc)
        error = exc
    status, newly = record(source, state, error, refresh_minutes)
    return PollResult(status, tuple(items), client.requests - before, error, newly)


def _collect(source: SourceStatus, reading: Reading, want: int) -> list[tuple[str, Entry]]:
    """Up to `want` new entries, newest first; a backfill of a sitemap marks the rest older."""
    endpoints = source.endpoints[:1] if reading.poll else source.endpoints
    todo: dict[str, tuple[str, Entry]] = {}
    for endpoint in endpoints:
        run = 0  # articles seen before, in a row
        try:
            for entry in entries(endpoint, reading):
                key = canonical_url(entry.url)
                if key in todo:
                    continue
                if entry.url in reading.older or key in reading.older:
                    reading.state.mark(source.url, key, "older", None)
                    continue
                if not reading.is_new(key):
                    run += 1
                    if reading.poll and endpoint.kind != "sitemap" and run >= SEEN_IN_A_ROW:
                        break  # newest first: what follows is older than what was taken before
                    continue
                run = 0
                if len(todo) < want:
                    todo[key] = (endpoint.kind, dataclasses.replace(entry, url=key))
                elif reading.poll or endpoint.kind != "sitemap" or _short(reading, len(todo)):
                    break
                else:  # never fetched; a later poll of a changed sitemap must not take it
                    reading.state.mark(source.url, key, "older", None)
        except BudgetSpent:
            if not todo:
                raise
            break
        except FetchError:
            if endpoint is endpoints[0] and not todo:
                raise
            log.info("%s: the %s endpoint failed; keeping what was found", source.url, endpoint)
        if len(todo) >= want:
            break
    return list(todo.values())


def _short(reading: Reading, needed: int) -> bool:
    """Whether the budget has only what fetching the articles chosen needs left."""
    return reading.budget.limit - reading.budget.used <= needed + 1


def _is_new(url: str, source: SourceStatus, state: SourceState, library: Library) -> bool:
    key = canonical_url(url)
    if state.seen(source.url, key):
        return False
    known = library.known_url(key)
    if known is not None:  # stored before (by /add, a feed or another source)
        state.mark(source.url, key, "stored", known.id)
        return False
    return True


def _ingest(
    source: SourceStatus,
    kind: str,
    entry: Entry,
    library: Library,
    client: PoliteFetcher,
    state: SourceState,
    budget: Budget,
) -> IngestResult:
    try:
        article = _article(kind, entry, client, budget, source.title)
        stored = library.store(article, requested_url=entry.url)
    except BudgetSpent:
        raise
    except FetchError as exc:
        gone = isinstance(exc, _NOT_ARTICLE) or (
            isinstance(exc, HttpStatus) and exc.status in (404, 410)
        )
        state.mark(source.url, entry.url, "skipped" if gone else "failed", None)
        return IngestResult(entry.url, "failed", error=exc)
    seen: SeenStatus = "mirror" if stored.status == "duplicate" else "stored"
    state.mark(source.url, entry.url, seen, stored.article.id)
    if stored.mirror:
        state.add_mirror(canonical_url(stored.mirror), stored.article.id, stored.article.url)
    return IngestResult(entry.url, stored.status, stored.article, mirror=stored.mirror)


def _article(
    kind: str, entry: Entry, client: PoliteFetcher, budget: Budget, site: str | None
) -> Article:
    if entry.html is not None:
        return article_from_html(entry.url, entry.html, entry.title, entry.published, site)
    page = client.get(entry.url, HTML_TYPES, None, budget)
    article = extract_article(page)
    article = dataclasses.replace(
        article,
        title=article.title or entry.title,
        published=article.published or entry.published,
        source=article.source or site,
    )
    if kind in _UNSORTED_KINDS and not article.published:
        # A sitemap or a menu also lists "about", contact and index pages: they carry no date.
        raise NoArticleText("the page has no date: not an article", entry.url)
    return article


def record(
    source: SourceStatus, state: SourceState, error: FetchError | None, refresh_minutes: int
) -> tuple[SourceStatus, bool]:
    """Save how a poll went; also whether the source has just become one that keeps failing."""
    when = now_iso()
    later = datetime.now(UTC) + timedelta(minutes=refresh_minutes)
    next_poll = later.isoformat(timespec="seconds") if refresh_minutes else None
    current = state.source(source.url) or source
    if error is None:
        status = dataclasses.replace(
            current, last_poll=when, last_success=when, last_error=None, error_code=None,
            error_status=0, failures=0, reported=False, next_poll=next_poll,
        )  # fmt: skip
        newly = False
    else:
        failures = current.failures + 1
        newly = failures >= FAILING_AFTER and not current.reported
        status = dataclasses.replace(
            current, last_poll=when, last_error=str(error), error_code=error.code,
            error_status=getattr(error, "status", 0), failures=failures,
            reported=current.reported or newly, next_poll=next_poll,
        )  # fmt: skip
    state.save_source(status)
    return state.source(source.url) or status, newly
