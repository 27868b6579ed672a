"""Local sites of each kind a province has, on 127.0.0.1, one port each, over real HTTP.

- `wordpress`: a home page announcing its REST API and feed, `/feed/`, `/wp-json/wp/v2/posts`
  paged with X-WP-Total(Pages), posts under `/YYYY/MM/DD/slug/`; without a User-Agent: 403.
- `cms`: a custom CMS with no feed and no sitemap; its listing is paged (`/berita?page=N`,
  "Selanjutnya"), articles under `/berita/<slug>`.
- `sitemap`: robots.txt names a sitemap index with one child per month (with lastmod) and one of
  pages; the home page lists nothing (rendered by script); articles under `/detailberita/`.
Every site also has tag, category, about, profile and search pages, and answers a matching
If-None-Match with 304. `articles` may grow while the site runs (a site that gains articles).
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.support import source_pages as pages
from tests.support.polling import POLL_SECONDS
from tests.support.web_server_pages import FakeArticle

NAV_PATHS = ("/tag/", "/kategori/", "/tentang-kami", "/kontak", "/profil/", "/cari")


@dataclass(frozen=True)
class Request:
    path: str  # with its query
    agent: str
    conditional: bool
    at: float  # time.monotonic() when it came in


@dataclass
class SourceSite:
    kind: str  # "wordpress", "cms" or "sitemap"
    name: str
    articles: list[FakeArticle]  # oldest first
    robots: str | None = "User-agent: *\nDisallow: /admin/\n"
    per_page: int = 10
    host: str = "127.0.0.1"  # a name (portal.rekaan.go.id) needs a resolver pointing here
    base: str = ""
    requests: list[Request] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url_of(self, a: FakeArticle) -> str:
        if self.kind == "wordpress":
            return f"{self.base}/{a.date.replace('-', '/')}/{a.slug}/"
        return f"{self.base}/{'detailberita' if self.kind == 'sitemap' else 'berita'}/{a.slug}"

    def newest(self) -> list[FakeArticle]:
        with self.lock:
            return sorted(self.articles, key=lambda a: a.date, reverse=True)

    def paths(self) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests]

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()

    def article_at(self, path: str) -> FakeArticle | None:
        return next((a for a in self.newest() if self.url_of(a) == self.base + path), None)


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        site = self.server.site
        agent = self.headers.get("User-Agent") or ""
        with site.lock:
            conditional = "If-None-Match" in self.headers
            site.requests.append(Request(self.path, agent, conditional, time.monotonic()))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            if site.kind == "wordpress" and "briefbot" not in agent:
                return self._send(403, "text/html", b"<h1>Forbidden</h1>")
            self._route(site, urlsplit(self.path))

    def _route(self, site: SourceSite, split: object) -> None:
        path, query = split.path, parse_qs(split.query)  # type: ignore[attr-defined]
        page = int(query.get("page", ["1"])[0] or 1)
        article = site.article_at(path)
        if article is not None:
            return self._html(pages.article_page(article, site.url_of(article), site.name))
        if path == "/robots.txt" and site.robots is not None:
            sitemap = f"Sitemap: {site.base}/sitemap_index.xml\n" if site.kind == "sitemap" else ""
            return self._send(200, "text/plain", (site.robots + sitemap).encode())
        if path.startswith(NAV_PATHS):
            return self._nav_page(site, path)
        routes = {"wordpress": self._wordpress, "cms": self._cms, "sitemap": self._sitemap}
        if not routes[site.kind](site, path, page, query):
            self._send(404, "text/html", b"<h1>Tidak ditemukan</h1>")

    def _nav_page(self, site: SourceSite, path: str) -> None:
        if path.startswith(("/tag/", "/kategori/", "/cari")):
            items = [(site.url_of(a), a) for a in site.newest()[:4]]
            return self._html(pages.listing_page(items, site.name, None, title="Arsip"))
        return self._html(pages.about_page(site.name))

    def _items(self, site: SourceSite, page: int) -> tuple[list[tuple[str, FakeArticle]], bool]:
        newest = site.newest()
        chunk = newest[(page - 1) * site.per_page : page * site.per_page]
        return [(site.url_of(a), a) for a in chunk], page * site.per_page < len(newest)

    def _wordpress(
        self, site: SourceSite, path: str, page: int, query: dict[str, list[str]]
    ) -> bool:
        if path == "/":
            head = (
                f"<link rel='https://api.w.org/' href='{site.base}/wp-json/'>"
                f"<link rel='alternate' type='application/rss+xml' href='{site.base}/feed/'>"
                "<link rel='alternate' type='application/rss+xml' href='/comments/feed/'>"
            )
            self._html(pages.home_page(site.name, head, "<div id='wp-content'></div>"))
        elif path == "/feed/":
            items, _ = self._items(site, 1)
            self._send(
                200, "application/rss+xml; charset=UTF-8", pages.rss(site.name, site.base, items)
            )
        elif path == "/wp-json/wp/v2/posts":
            per_page = int(query.get("per_page", ["10"])[0])
            total = len(site.articles)
            pages_total = max(1, -(-total // per_page))
            if page > pages_total:
                self._send(400, "application/json", b'{"code":"rest_post_invalid_page_number"}')
                return True
            newest = site.newest()[(page - 1) * per_page : page * per_page]
            body = pages.wp_posts([(site.url_of(a), a) for a in newest])
            headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages_total)}
            self._send(200, "application/json; charset=UTF-8", body, headers)
        else:
            return False
        return True

    def _cms(self, site: SourceSite, path: str, page: int, query: dict[str, list[str]]) -> bool:
        if path not in ("/", "/berita"):
            return False
        items, more = self._items(site, page)
        popular = [(site.url_of(a), a) for a in site.newest()[-3:]]
        next_url = f"/berita?page={page + 1}" if more else None
        self._html(pages.listing_page(items, site.name, next_url, popular))
        return True

    def _sitemap(self, site: SourceSite, path: str, page: int, query: dict[str, list[str]]) -> bool:
        months = sorted({a.date[:7] for a in site.newest()})
        if path == "/":
            self._html(pages.home_page(site.name, body="<div id='app'>Memuat berita…</div>"))
        elif path == "/sitemap_index.xml":
            children = [(f"{site.base}/sitemap-pages.xml", "2024-01-01")] + [
                (
                    f"{site.base}/sitemap-posts-{m}.xml",
                    max(a.date for a in site.newest() if a.date[:7] == m),
                )
                for m in months
            ]
            self._send(200, "application/xml", pages.sitemap_index(children))
        elif path == "/sitemap-pages.xml":
            entries = [
                (site.base + p, None)
                for p in (
                    "/tentang-kami",
                    "/kontak",
                    "/profil/visi-dan-misi-daerah",
                    "/kategori/ekonomi",
                )
            ]
            self._send(200, "application/xml", pages.urlset(entries))
        elif path.startswith("/sitemap-posts-") and path[15:22] in months:
            chosen = [a for a in site.newest() if a.date[:7] == path[15:22]]
            entries = [(site.url_of(a), a.date) for a in chosen]
            self._send(200, "application/xml", pages.urlset(entries, news=chosen))
        else:
            return False
        return True

    def _html(self, html: str) -> None:
        self._send(200, "text/html; charset=utf-8", html.encode("utf-8"))

    def _send(
        self, status: int, kind: str, body: bytes, headers: dict[str, str] | None = None
    ) -> None:
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        if status == 200:
            self.send_header("ETag", etag)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    site: SourceSite


@contextlib.contextmanager
def serve_site(site: SourceSite) -> Iterator[SourceSite]:
    """Run one site on a free port of 127.0.0.1 for the duration of the block."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.site = site
    site.base = f"http://{site.host}:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(POLL_SECONDS,), daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
