"""Polite crawling on top of the guarded fetcher: robots.txt, a delay per host, a request budget.

Every request still goes through `Fetcher` (address guard, size and time caps); this adds what a
site's owner asks of a crawler: its robots.txt rules and Crawl-delay (read with protego), at least
`CrawlPolicy.delay` seconds between two requests to one host, and a cap on requests per poll.
A robots.txt is kept for a day (RFC 9309's longest) in the source state, when one is given, so a
poll of an unchanged site asks for nothing but its listing.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

from retrieval.errors import FetchError, HttpStatus, RobotsDisallowed
from retrieval.web.fetch import HTML_TYPES, TEXT_TYPES, Fetcher, Page, Validators
from retrieval.web.guard import parse_url

if TYPE_CHECKING:
    from retrieval.web.source_state import SourceState

log = logging.getLogger(__name__)

ROBOTS_AGENT = "briefbot"  # the token robots.txt groups are matched against
ROBOTS_KEEP = 86_400.0  # seconds a robots.txt is trusted before it is read again


@dataclass(frozen=True)
class CrawlPolicy:
    """How gently to crawl; seconds."""

    delay: float = 1.0  # between two requests to one host, at least
    max_delay: float = 30.0  # a robots.txt Crawl-delay above this is taken as this
    max_requests: int = 60  # per source per poll; a backfill gets its size on top


class BudgetSpent(FetchError):
    """The source's requests for this poll are used up; what was found so far stands."""


class Budget:
    """Requests left for one source's poll; counts every request made, robots.txt included."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def take(self, url: str) -> None:
        if self.used >= self.limit:
            raise BudgetSpent(f"the cap of {self.limit} requests for this poll is reached", url)
        self.used += 1


class _Robots:
    """One host's robots.txt as protego reads it; None rules: the file is absent (allow all)."""

    def __init__(self, text: str | None) -> None:
        from protego import Protego

        self._rules = Protego.parse(text) if text else None

    def allowed(self, url: str) -> bool:
        return self._rules is None or bool(self._rules.can_fetch(url, ROBOTS_AGENT))

    def delay(self) -> float:
        value = self._rules.crawl_delay(ROBOTS_AGENT) if self._rules is not None else None
        return float(value or 0.0)

    def sitemaps(self) -> list[str]:
        return list(self._rules.sitemaps) if self._rules is not None else []


class PoliteFetcher:
    """A Fetcher that asks robots.txt first and waits its turn per host; thread-safe.

    `clock` and `sleep` are injectable so tests control time instead of waiting.
    """

    def __init__(
        self,
        fetcher: Fetcher,
        policy: CrawlPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        state: SourceState | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.state = state
        self.policy = policy or CrawlPolicy()
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._robots: dict[str, _Robots] = {}
        self._next_at: dict[str, float] = {}  # host -> when the next request may go
        self.requests = 0  # every request made, for reports and benchmarks
        self.waited = 0.0  # seconds slept for politeness

    def get(
        self,
        url: str,
        accept: frozenset[str] = HTML_TYPES,
        since: Validators | None = None,
        budget: Budget | None = None,
    ) -> Page:
        """Fetch `url` if robots.txt allows it, after the host's delay; counts against `budget`."""
        robots = self.robots(url, budget)
        if not robots.allowed(url):
            raise RobotsDisallowed("the site's robots.txt does not allow this page", url)
        return self._request(url, accept, since, budget, robots.delay())

    def robots(self, url: str, budget: Budget | None = None) -> _Robots:
        """The rules of the URL's host, fetched once (that request waits its turn too)."""
        origin = origin_of(url)
        with self._lock:
            known = self._robots.get(origin)
        if known is not None:
            return known
        kept = self._kept(origin)
        if kept is not None:
            rules = _Robots(kept or None)
            with self._lock:
                self._robots[origin] = rules
            return rules
        try:
            page = self._request(origin + "/robots.txt", TEXT_TYPES | HTML_TYPES, None, budget, 0)
            text: str | None = page.body.decode("utf-8", errors="replace")
            if page.content_type != "text/plain":
                text = None  # a soft 404 page in place of robots.txt: no rules
        except HttpStatus as exc:
            if exc.status >= 500 or exc.status == 429:
                # RFC 9309: an unreachable robots.txt means "crawl nothing" until it answers.
                raise RobotsDisallowed(
                    f"the site's robots.txt cannot be read (HTTP {exc.status})", url
                ) from exc
            text = None  # 4xx: the site has no robots.txt, so no rules
        rules = _Robots(text)
        with self._lock:
            self._robots[origin] = rules
        if self.state is not None:
            memo = json.dumps({"text": text or "", "at": time.time()})
            self.state.save_validators(origin + "/robots.txt", Validators(), memo)
        return rules

    def _kept(self, origin: str) -> str | None:
        """A robots.txt read less than a day ago ("" when the site had none), else None."""
        if self.state is None:
            return None
        try:
            memo = json.loads(self.state.validators(origin + "/robots.txt")[1] or "{}")
            fresh = time.time() - float(memo["at"]) < ROBOTS_KEEP
            return str(memo["text"]) if fresh else None
        except (ValueError, KeyError, TypeError):
            return None

    def sitemaps(self, url: str, budget: Budget | None = None) -> list[str]:
        """Sitemap URLs the host's robots.txt names."""
        return self.robots(url, budget).sitemaps()

    def _request(
        self,
        url: str,
        accept: frozenset[str],
        since: Validators | None,
        budget: Budget | None,
        robots_delay: float,
    ) -> Page:
        if budget is not None:
            budget.take(url)
        host = origin_of(url)
        delay = max(self.policy.delay, min(robots_delay, self.policy.max_delay))
        with self._lock:
            now = self._clock()
            start = max(now, self._next_at.get(host, now))
            self._next_at[host] = start + delay  # claimed before sleeping: threads queue up
            self.requests += 1
            self.waited += start - now
        if start > now:
            self._sleep(start - now)
        try:
            return self.fetcher.get(url, accept, since)
        finally:
            # Counted from the answer's end as well: a slow answer does not shorten the pause
            # the site sees between two requests.
            with self._lock:
                self._next_at[host] = max(self._next_at[host], self._clock() + delay)


def origin_of(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parsed = parse_url(url)
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"


def same_host(url: str, other: str) -> bool:
    """Whether two URLs are on one host (and port), www. aside."""
    try:
        a, b = httpx.URL(url), httpx.URL(other)
    except (httpx.InvalidURL, ValueError):
        return False
    return bool(a.host) and (a.host.removeprefix("www."), a.port) == (
        b.host.removeprefix("www."), b.port
    )
