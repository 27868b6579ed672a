"""From any address of a site, find how to follow it: feed, WordPress API, sitemap or listing.

Tried in that order, as cheaply as the page allows (what the page announces first, then the
usual addresses). A WordPress site is followed through its API, which pages through every post
with its text; its feed is kept beside it. A sitemap found beside a feed serves a backfill
larger than the feed; a listing page is the last resort.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

from retrieval.errors import BadFeed, FetchError, NoSource, RobotsDisallowed
from retrieval.web.extract import decode_html
from retrieval.web.feeds import parse_feed
from retrieval.web.fetch import FEED_TYPES, HTML_TYPES, JSON_TYPES, SITEMAP_TYPES, Page
from retrieval.web.links import article_links, feed_links, is_wordpress, wordpress_api
from retrieval.web.polite import Budget, PoliteFetcher, origin_of
from retrieval.web.sitemaps import parse_sitemap
from retrieval.web.source_state import Endpoint
from retrieval.web.wordpress import default_root, parse_posts, posts_url

log = logging.getLogger(__name__)

FEED_PATHS = ("/feed/", "/rss.xml")
SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml")
MIN_LISTING_LINKS = 3
_SITE_NAME = re.compile(
    r"""<meta[^>]+property=["']og:site_name["'][^>]+content=["']([^"']+)""", re.I
)
_TITLE = re.compile(r"<title[^>]*>([^<]+)</title>", re.I)


@dataclass(frozen=True)
class Discovered:
    """How a site is followed: its endpoints, the first one the kind polled; its name."""

    url: str
    endpoints: tuple[Endpoint, ...]
    title: str | None = None


def discover(url: str, client: PoliteFetcher, budget: Budget) -> Discovered:
    """Find the site's endpoints; NoSource when there is nothing to follow."""
    page = client.get(url, HTML_TYPES | SITEMAP_TYPES, None, budget)
    if page.content_type not in HTML_TYPES:
        return Discovered(url, (_xml_endpoint(page),))
    html = decode_html(page)
    origin = origin_of(page.url)
    found: list[Endpoint] = []
    probe = _Probe(client, budget)
    feed = probe.first(feed_links(html, page.url), FEED_TYPES, _is_feed) or probe.first(
        [origin + p for p in FEED_PATHS], FEED_TYPES, _is_feed
    )
    api = wordpress_api(html, page.url) or (default_root(origin) if is_wordpress(html) else None)
    if api and probe.first([posts_url(api, 1, 1)], JSON_TYPES, _is_posts):
        found.append(Endpoint("wordpress", api))
    if feed:
        found.append(Endpoint("feed", feed))
    if not any(e.kind == "wordpress" for e in found):
        named = probe.robots_sitemaps(page.url)
        candidates = named or [origin + p for p in SITEMAP_PATHS]
        sitemap = probe.first(candidates, SITEMAP_TYPES, _is_sitemap)
        if sitemap:
            found.append(Endpoint("sitemap", sitemap))
    if len(article_links(html, page.url)) >= MIN_LISTING_LINKS:
        found.append(Endpoint("listing", page.url))
    if not found:
        raise NoSource("no feed, WordPress API, sitemap or article listing found", url)
    return Discovered(url, tuple(found), _site_name(html))


def _xml_endpoint(page: Page) -> Endpoint:
    """The address given is itself a feed or a sitemap."""
    try:
        parse_feed(page.body, page.url)
        return Endpoint("feed", page.requested_url)
    except BadFeed:
        pass
    try:
        parse_sitemap(page.body, page.url)
        return Endpoint("sitemap", page.requested_url)
    except BadFeed as exc:
        raise NoSource("the address is neither a feed nor a sitemap", page.requested_url) from exc


def _is_feed(page: Page) -> bool:
    return bool(parse_feed(page.body, page.url).entries)


def _is_sitemap(page: Page) -> bool:
    sitemap = parse_sitemap(page.body, page.url)
    return bool(sitemap.children or sitemap.pages)


def _is_posts(page: Page) -> bool:
    parse_posts(page.body, page.url)
    return True


class _Probe:
    """Asks addresses whether they serve a kind; a failure there only means "no"."""

    def __init__(self, client: PoliteFetcher, budget: Budget) -> None:
        self.client, self.budget = client, budget

    def first(
        self, urls: list[str], accept: frozenset[str], check: Callable[[Page], bool]
    ) -> str | None:
        for url in urls:
            try:
                if check(self.client.get(url, accept, None, self.budget)):
                    return url
            except RobotsDisallowed:
                continue
            except FetchError as exc:
                log.info("%s: %s", url, exc)
        return None

    def robots_sitemaps(self, url: str) -> list[str]:
        try:
            return self.client.sitemaps(url, self.budget)
        except FetchError:
            return []


def _site_name(html: str) -> str | None:
    match = _SITE_NAME.search(html) or _TITLE.search(html[:20_000])
    return " ".join(match.group(1).split()) or None if match else None
