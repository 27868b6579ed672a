"""A real HTTP server on 127.0.0.1 serving fictional Indonesian news pages and feeds for tests.

Every person, place and event here is invented for testing ("Kabupaten Sungai Rekaan").
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from retrieval.records import Article
from retrieval.web.extract import fetch_and_extract
from retrieval.web.fetch import Fetcher
from tests.support import web_server_pages as pages
from tests.support.polling import POLL_SECONDS

BIG = 6 * 1024 * 1024


@dataclass
class Site:
    """The running server: its base URL and how often each path was requested."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)
    authorizations: list[str] = field(default_factory=list)  # Authorization headers received
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        with self.lock:
            return self.hits[path]

    def reset(self) -> None:
        with self.lock:
            self.hits.clear()


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        split = urlsplit(self.path)
        path, query = split.path, parse_qs(split.query)
        site = self.server.site
        with site.lock:
            site.hits[path] += 1
            hits = site.hits[path]
            if self.headers.get("Authorization"):
                site.authorizations.append(self.headers["Authorization"])
        # The client giving up (size limit, timeout) is the point of some routes.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._route(path, query, hits)

    def _route(self, path: str, query: dict[str, list[str]], hits: int) -> None:
        parts = path.strip("/").split("/")
        if parts[0] == "berita" and path.endswith(".html"):
            slug = parts[-1].removesuffix(".html")
            if slug in pages.ENCODED:
                body, header = pages.ENCODED[slug]
                return self._send(200, header, body)
            if slug in pages.ARTICLES:
                return self._html(pages.article_html(pages.ARTICLES[slug], self._base()))
        elif parts[0] == "cermin" and parts[-1].removesuffix(".html") in pages.ARTICLES:
            article = pages.ARTICLES[parts[-1].removesuffix(".html")]
            return self._html(pages.mirror_html(article))
        elif parts[0] == "xhtml" and parts[-1] in pages.ARTICLES:
            html = pages.article_html(pages.ARTICLES[parts[-1]], self._base())
            return self._send(200, "application/xhtml+xml; charset=utf-8", html.encode())
        elif parts[0] == "bench" and parts[-1].removesuffix(".html").isdigit():
            number = int(parts[-1].removesuffix(".html"))
            article = pages.bench_article(number)
            return self._html(pages.article_html(article, self._base(), heavy=True))
        elif path == "/kosong.html":
            return self._html(pages.EMPTY_PAGE)
        elif parts[0] == "redirect" and len(parts) == 3 and parts[1].isdigit():
            left = int(parts[1])
            target = f"/redirect/{left - 1}/{parts[2]}" if left else f"/berita/{parts[2]}.html"
            return self._redirect(target)
        elif path == "/loop/a":
            return self._redirect("/loop/b")
        elif path == "/loop/b":
            return self._redirect("/loop/a")
        elif path == "/ke-privat":
            return self._redirect(query.get("to", ["http://10.0.0.7/rahasia"])[0])
        elif path == "/lambat":
            time.sleep(float(query.get("s", ["2"])[0]))
            return self._html(pages.article_html(pages.ARTICLES["jembatan"], self._base()))
        elif path == "/kepala-menetes":
            return self._drip_headers(float(query.get("s", ["0.05"])[0]))
        elif path == "/menetes":
            return self._drip(float(query.get("s", ["0.2"])[0]))
        elif path == "/besar.html":
            return self._big(declare=False)
        elif path == "/besar-dinyatakan.html":
            return self._big(declare=True)
        elif path in pages.WRONG_TYPES:
            content_type, body = pages.WRONG_TYPES[path]
            return self._send(200, content_type, body)
        elif parts[0] == "goyah":
            # Fails the first `fail` times per path, then serves the article: a 500 that recovers.
            if hits <= int(query.get("fail", ["2"])[0]):
                return self._send(500, "text/html", b"<h1>Kesalahan server</h1>")
            return self._html(pages.article_html(pages.ARTICLES["festival"], self._base()))
        elif path == "/rusak-500":
            return self._send(503, "text/html", b"<h1>Layanan tidak tersedia</h1>")
        elif parts[0] == "feeds":
            return self._feed(parts[-1], query)
        return self._send(404, "text/html; charset=utf-8", b"<h1>Tidak ditemukan</h1>")

    def _feed(self, name: str, query: dict[str, list[str]]) -> None:
        base = self._base()
        if name == "rss.xml":
            return self._send(200, "application/rss+xml; charset=utf-8", pages.rss(base))
        if name == "atom.xml":
            return self._send(200, "application/atom+xml", pages.atom(base))
        if name == "bench.xml":
            count = int(query.get("n", ["50"])[0])
            return self._send(200, "application/rss+xml", pages.bench_rss(base, count))
        if name == "rusak.xml":
            return self._send(200, "application/rss+xml", b"<rss><channel><item><link>")
        if name == "entitas.xml":
            return self._send(200, "application/xml", pages.ENTITY_BOMB)
        if name == "bukan-feed.xml":
            return self._html(pages.EMPTY_PAGE)
        return self._send(404, "text/html", b"<h1>Tidak ditemukan</h1>")

    def _base(self) -> str:
        return self.server.site.base

    def _html(self, html: str) -> None:
        self._send(200, "text/html; charset=utf-8", html.encode("utf-8"))

    def _send(self, status: int, content_type: str | None, body: bytes) -> None:
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big(self, declare: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        if declare:
            self.send_header("Content-Length", str(BIG))
        self.end_headers()
        block = b"<p>" + b"Teks pengisi halaman yang sangat besar. " * 1600 + b"</p>\n"
        sent = 0
        while sent < BIG:
            self.wfile.write(block)
            sent += len(block)

    def _drip_headers(self, pause: float) -> None:
        # One header byte at a time: each socket read gets something, so only a total
        # deadline ends the wait (about 30 s of dripping, far beyond any test's deadline).
        self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Tetes: ")
        for _ in range(600):
            self.wfile.write(b"a")
            self.wfile.flush()
            time.sleep(pause)
        self.wfile.write(b"\r\nContent-Length: 0\r\n\r\n")

    def _drip(self, pause: float) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        for _ in range(200):
            self.wfile.write(b"<p>tetes</p>\n")
            self.wfile.flush()
            time.sleep(pause)


def fetch_article(url: str, fetcher: Fetcher) -> Article:
    """The article /add would store from one page; raises the FetchError saying why not."""
    return fetch_and_extract(url, fetcher).article


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: Site


@contextlib.contextmanager
def serve() -> Iterator[Site]:
    """Run the test site on a free port of 127.0.0.1 for the duration of the block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = Site(f"http://127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(
        target=server.serve_forever, args=(POLL_SECONDS,), name="web-test-site", daemon=True
    )
    thread.start()
    try:
        yield server.site
    finally:
        server.shutdown()
        server.server_close()
