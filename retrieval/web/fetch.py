"""HTTP GET with the safety rules of web ingestion: guarded redirects, limits, retries."""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import TracebackType

import httpx

from retrieval.errors import (
    FetchError,
    FetchTimeout,
    HttpStatus,
    TooLarge,
    TooManyRedirects,
    WrongContentType,
)
from retrieval.records import MAX_ARTICLE_BYTES
from retrieval.web.deadline import DeadlineTransport
from retrieval.web.guard import Resolver, check_url, parse_url, system_resolver, without_userinfo

log = logging.getLogger(__name__)

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_TYPES = frozenset(
    {
        "application/rss+xml", "application/atom+xml", "application/rdf+xml",
        "application/feed+xml", "application/xml", "text/xml",
    }
)  # fmt: skip
JSON_TYPES = frozenset({"application/json"})
TEXT_TYPES = frozenset({"text/plain"})
# Sitemaps come as XML, gzipped XML or plain text (one URL a line), under many labels.
SITEMAP_TYPES = FEED_TYPES | TEXT_TYPES | {"application/gzip", "application/x-gzip"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
NOT_MODIFIED = 304
USER_AGENT = "briefbot/0.1 (news briefing indexer)"


@dataclass(frozen=True)
class FetchOptions:
    """Limits of one fetch; timeouts in seconds, sizes in bytes."""

    allow_private: bool = False
    trusted_networks: tuple[str, ...] = ()  # CIDRs allowed although private (an intranet)
    connect_timeout: float = 5.0
    read_timeout: float = 20.0
    # The whole fetch: every attempt, wait, header and body byte, so a slow drip cannot hang us.
    total_timeout: float = 60.0
    max_bytes: int = MAX_ARTICLE_BYTES
    max_redirects: int = 5
    retries: int = 2  # extra attempts after timeouts, 5xx, 429 and dropped connections
    backoff: float = 0.5  # first wait between attempts; doubled each time
    user_agent: str = USER_AGENT


@dataclass(frozen=True)
class Page:
    """A fetched body with what is needed to decode and cite it."""

    url: str  # final URL after redirects
    requested_url: str
    status: int
    content_type: str  # media type only, lower case
    charset: str | None  # charset parameter of the Content-Type header, if any
    body: bytes
    etag: str | None = None  # validators for the next conditional GET of the same URL
    last_modified: str | None = None
    headers: tuple[tuple[str, str], ...] = ()  # the response's headers, names in lower case

    def header(self, name: str) -> str | None:
        """A response header's value, by name in any case."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    @property
    def not_modified(self) -> bool:
        """The server said the page is unchanged since the validators sent (HTTP 304)."""
        return self.status == NOT_MODIFIED

    @property
    def validators(self) -> Validators:
        return Validators(self.etag, self.last_modified)


@dataclass(frozen=True)
class Validators:
    """What a server gave to ask "changed since?" with: its ETag and Last-Modified headers."""

    etag: str | None = None
    last_modified: str | None = None


class _Retryable(Exception):
    """An attempt failed in a way another attempt may fix; wraps the error to raise at the end."""

    def __init__(self, error: FetchError) -> None:
        super().__init__(str(error))
        self.error = error


class Fetcher:
    """A reusable HTTP client with the guard and limits; the transport is injectable for tests.

    An injected transport is only checked against the total deadline between body pieces.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = system_resolver,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.options = options or FetchOptions()
        self._resolver = resolver
        self._sleep = sleep
        o = self.options
        try:
            self._trusted = tuple(ipaddress.ip_network(n, strict=False) for n in o.trusted_networks)
        except ValueError as exc:
            raise ValueError(f"bad trusted network: {exc}") from exc
        self._transport = DeadlineTransport() if transport is None else None
        self._client = httpx.Client(
            transport=transport or self._transport,
            follow_redirects=False,  # every hop is checked by the guard below
            trust_env=False,  # a proxy from the environment would bypass the address check
            timeout=httpx.Timeout(o.read_timeout, connect=o.connect_timeout),
            headers={"User-Agent": o.user_agent},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def get(
        self, url: str, accept: frozenset[str] = HTML_TYPES, since: Validators | None = None
    ) -> Page:
        """Fetch a URL whose content type is in `accept`, retrying transient failures.

        Credentials in the URL (user:password@) are dropped: never sent, stored or shown.
        With `since` the request is conditional: an unchanged page comes back as a Page with
        status 304 and no body.
        """
        url = without_userinfo(url)
        parse_url(url)  # a bad URL is refused before any waiting
        deadline = time.monotonic() + self.options.total_timeout
        attempts = self.options.retries + 1
        with self._deadline(deadline):
            for attempt in range(attempts):
                try:
                    return self._attempt(url, accept, deadline, since)
                except _Retryable as failure:
                    wait = self.options.backoff * 2**attempt
                    if attempt + 1 == attempts or time.monotonic() + wait >= deadline:
                        raise failure.error from failure
                    log.info("retrying %s in %.2fs: %s", url, wait, failure.error)
                    self._sleep(wait)
        raise AssertionError("unreachable")

    @contextlib.contextmanager
    def _deadline(self, at: float) -> Iterator[None]:
        if self._transport is None:
            yield
        else:
            with self._transport.deadline(at):
                yield

    def _attempt(
        self, url: str, accept: frozenset[str], deadline: float, since: Validators | None
    ) -> Page:
        o = self.options
        current = parse_url(url)
        seen = {str(current)}
        for _hop in range(o.max_redirects + 1):
            target = check_url(current, o.allow_private, self._resolver, self._trusted)
            headers = {"Accept": _accept_header(accept)}
            if since is not None and since.etag:
                headers["If-None-Match"] = since.etag
            if since is not None and since.last_modified:
                headers["If-Modified-Since"] = since.last_modified
            extensions = {}
            if target.host_header:
                headers["Host"] = target.host_header
            if target.sni_hostname:
                extensions["sni_hostname"] = target.sni_hostname
            try:
                with self._client.stream(
                    "GET", target.url, headers=headers, extensions=extensions
                ) as response:
                    location = response.headers.get("location")
                    if response.status_code in REDIRECTS and location:
                        current = parse_url(current.join(location))
                        if str(current) in seen:
                            raise TooManyRedirects(f"redirect loop at {current}", url)
                        seen.add(str(current))
                        continue
                    return self._page(url, current, response, accept, deadline)
            except httpx.TimeoutException as exc:
                raise _Retryable(FetchTimeout(f"timed out fetching {current}", url)) from exc
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                raise _Retryable(FetchError(f"connection dropped: {exc}", url)) from exc
            except httpx.TransportError as exc:
                raise FetchError(f"cannot connect to {current.host}: {exc}", url) from exc
        raise TooManyRedirects(f"more than {o.max_redirects} redirects", url)

    def _page(
        self,
        url: str,
        final: httpx.URL,
        response: httpx.Response,
        accept: frozenset[str],
        deadline: float,
    ) -> Page:
        status = response.status_code
        if status >= 400:
            error = HttpStatus(f"the server answered HTTP {status}", url, status)
            if status >= 500 or status == 429:
                raise _Retryable(error)
            raise error
        etag, modified = response.headers.get("etag"), response.headers.get("last-modified")
        if status == NOT_MODIFIED:
            return Page(str(final), url, status, "", None, b"", etag, modified)
        content_type = response.headers.get("content-type", "")
        media = content_type.split(";")[0].strip().lower()
        if media not in accept:
            raise WrongContentType(f"content type {media or 'none'!r} is not accepted", url, media)
        declared = response.headers.get("content-length", "")
        limit = self.options.max_bytes
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(f"the page is {int(declared)} bytes, over the {limit} limit", url, limit)
        body = bytearray()
        for piece in response.iter_bytes():
            body += piece
            if len(body) > limit:
                raise TooLarge(f"the page is over the {limit} byte limit; cut off", url, limit)
            if time.monotonic() > deadline:
                raise FetchTimeout(f"the page took over {self.options.total_timeout}s", url)
        return Page(
            url=str(final),
            requested_url=url,
            status=status,
            content_type=media,
            charset=response.charset_encoding,
            body=bytes(body),
            etag=etag,
            last_modified=modified,
            headers=tuple((k.lower(), v) for k, v in response.headers.items()),
        )


def _accept_header(accept: frozenset[str]) -> str:
    return ", ".join(sorted(accept)) + ", */*;q=0.1"
