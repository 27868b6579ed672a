"""Read a source's listings, newest first: a feed, WordPress API pages, sitemaps, listing pages.

Each kind yields article entries; the caller stops when it has enough. On a poll (`Reading.
poll`) the listing documents are fetched conditionally, an unchanged one (304) ends that kind at
once, and a paged kind stops after the first page holding an article seen before. Validators
are kept only once the caller commits, so a poll cut short by its budget is read again in full.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta

from retrieval.errors import HttpStatus
from retrieval.text.dates import published_date
from retrieval.web.extract import decode_html
from retrieval.web.feeds import Entry, parse_feed
from retrieval.web.fetch import FEED_TYPES, HTML_TYPES, JSON_TYPES, SITEMAP_TYPES, Page
from retrieval.web.links import article_links, next_page, page_two_links
from retrieval.web.polite import Budget, PoliteFetcher
from retrieval.web.sitemaps import Child, Sitemap, parse_sitemap
from retrieval.web.source_state import Endpoint, SourceState
from retrieval.web.wordpress import parse_posts, posts_url, total_pages

MAX_LISTING_PAGES = 500  # a listing that never ends (a calendar) ends here
MAX_SITEMAP_DEPTH = 3
POLL_PAGE = 20  # WordPress posts per page on a poll; a backfill asks for up to 100


@dataclass
class Reading:
    """One poll's or backfill's reading of listings: the client, state, budget and what's new."""

    client: PoliteFetcher
    state: SourceState
    budget: Budget
    is_new: Callable[[str], bool]
    poll: bool  # conditional requests, stop at what was seen; False: a backfill
    want: int = 50
    since: str | None = None  # the source's last successful poll (ISO), on a poll
    # Articles listed where nothing new can be: a sitemap changed before `since` that was never
    # read (the backfill's budget ended first). They are recorded as older, not fetched.
    older: set[str] = field(default_factory=set)
    settled: set[str] = field(default_factory=set)  # sitemaps whose every page is `older`
    _pending: dict[str, tuple[Page, str | None]] = field(default_factory=dict)

    def get(self, url: str, accept: frozenset[str], conditional: bool = True) -> Page:
        since = self.state.validators(url)[0] if self.poll and conditional else None
        return self.client.get(url, accept, since, self.budget)

    def remember(self, page: Page, memo: str | None = None) -> None:
        """Keep the page's validators (and what was read from it) once the caller commits."""
        if page.etag or page.last_modified or memo is not None:
            self._pending[page.requested_url] = (page, memo)

    def memo(self, url: str) -> str | None:
        return self.state.validators(url)[1]

    def commit(self, only: set[str] | None = None) -> None:
        """Keep the validators of what was read (`only`: of those URLs alone)."""
        for url, (page, memo) in self._pending.items():
            if only is None or url in only:
                self.state.save_validators(url, page.validators, memo)
        self._pending.clear()


def entries(endpoint: Endpoint, reading: Reading) -> Iterator[Entry]:
    """The endpoint's article entries, newest first as far as the kind knows."""
    readers = {"feed": _feed, "wordpress": _wordpress, "sitemap": _sitemap, "listing": _listing}
    return readers[endpoint.kind](endpoint.url, reading)


def _feed(url: str, reading: Reading) -> Iterator[Entry]:
    page = reading.get(url, FEED_TYPES)
    if page.not_modified:
        return
    reading.remember(page)
    yield from parse_feed(page.body, page.url).entries


def _wordpress(root: str, reading: Reading) -> Iterator[Entry]:
    per_page = POLL_PAGE if reading.poll else min(100, max(10, reading.want))
    number = 1
    while True:
        try:
            page = reading.get(posts_url(root, number, per_page), JSON_TYPES, number == 1)
        except HttpStatus as exc:
            if exc.status == 400 and number > 1:  # WordPress: past the last page
                return
            raise
        if page.not_modified:
            return
        if number == 1:
            reading.remember(page)
        posts = parse_posts(page.body, page.url)
        yield from posts
        last = total_pages(page.header("x-wp-totalpages"))
        seen_one = any(not reading.is_new(p.url) for p in posts)
        if not posts or (reading.poll and seen_one) or (last is not None and number >= last):
            return
        number += 1


def _sitemap(
    url: str, reading: Reading, depth: int = 0, lastmod: str | None = None
) -> Iterator[Entry]:
    page = reading.get(url, SITEMAP_TYPES)
    if page.not_modified:
        sitemap = Sitemap(children=_memo(reading.memo(url))[0])
        if not sitemap.children:
            return  # an unchanged list of pages: nothing new in it
    else:
        sitemap = parse_sitemap(page.body, page.url)
        children = [[c.url, c.lastmod] for c in sitemap.children]
        reading.remember(page, json.dumps({"children": children, "lastmod": lastmod}))
    # Read for the first time, yet unchanged for a week before the last poll: nothing new in it.
    if reading.poll and _older_than_week(lastmod, reading.since) and reading.memo(url) is None:
        reading.older.update(entry.url for entry in sitemap.pages)
        yield from sitemap.pages
        reading.settled.add(url)
    else:
        yield from sitemap.pages
    if depth >= MAX_SITEMAP_DEPTH:
        return
    for child in sorted(sitemap.children, key=lambda c: c.lastmod or "", reverse=True):
        if reading.poll and child.lastmod and _memo(reading.memo(child.url))[1] == child.lastmod:
            continue  # the index says it has not changed since it was read
        yield from _sitemap(child.url, reading, depth + 1, child.lastmod)


def _older_than_week(lastmod: str | None, since: str | None) -> bool:
    then, last = published_date(lastmod), published_date(since)
    return then is not None and last is not None and then < last - timedelta(days=7)


def _memo(memo: str | None) -> tuple[tuple[Child, ...], str | None]:
    """What was read from a sitemap before: its children, and its lastmod in its index."""
    try:
        data = json.loads(memo) if memo else {}
        children = tuple(Child(str(u), str(m) if m else None) for u, m in data["children"])
        return children, data.get("lastmod")
    except (ValueError, TypeError, KeyError, AttributeError):
        return (), None


def _listing(url: str, reading: Reading) -> Iterator[Entry]:
    visited: set[str] = set()
    current: str | None = url
    while current and current not in visited and len(visited) < MAX_LISTING_PAGES:
        visited.add(current)
        page = reading.get(current, HTML_TYPES, conditional=len(visited) == 1)
        if page.not_modified:
            return
        if len(visited) == 1:
            reading.remember(page)
        html = decode_html(page)
        found = article_links(html, page.url)
        yield from (Entry(link) for link in found)
        if reading.poll and any(not reading.is_new(link) for link in found):
            return
        current = next_page(html, page.url) or next(iter(page_two_links(html, page.url)), None)
