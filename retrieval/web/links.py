"""What an HTML page links to: feeds, the WordPress API, article links and the next listing page.

Article links are told from navigation by where they stand and what they look like: links in
menus, headers, footers and side boxes are navigation; so are tag, category, author, search and
"about" addresses (courlan's filters, and the Indonesian words of the same pages). Of the rest,
an article's address ends in a slug of words or an id, and the articles of a listing share one
address pattern: the most common one wins, so a stray link elsewhere on the page does not.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx

from retrieval.web.polite import same_host

FEED_MEDIA = ("application/rss+xml", "application/atom+xml", "application/feed+json")
# Navigation in Indonesian and English: listings of tags, categories, authors, pages, search, and
# the pages about the office rather than its news.
_NAV_PATH = re.compile(
    r"/(?:tag|tags|topik|topic|kategori|category|categories|kanal|rubrik|author|penulis|"
    r"page|halaman|hal|arsip|archives?|search|cari|pencarian|tentang|about|profil|profile|"
    r"kontak|contact|hubungi-kami|login|masuk|daftar|register|feed|rss|wp-admin|wp-content|"
    r"wp-json|wp-login\.php|galeri|gallery|video|foto)(?:/|$|\.html?$|\?)",
    re.IGNORECASE,
)
_NAV_QUERY = re.compile(r"(?:^|&)(?:s|q|cari|search|keyword|tag|kategori|category)=", re.I)
# Words of a class or id that mark a box of navigation (whole words of "site-menu main-nav").
_NAV_BOX = frozenset(
    {"nav", "navbar", "navigation", "menu", "sidebar", "widget", "breadcrumb", "breadcrumbs",
     "footer", "populer", "popular", "terpopuler", "terkait", "related", "trending", "share",
     "social", "pagination", "paging", "tags", "tag"}
)  # fmt: skip
_BOX_WORDS = re.compile(r"[a-z]+")
_NEXT_WORDS = frozenset(
    {"next", "selanjutnya", "berikutnya", "lanjut", "›", "»", ">", "older posts",
     "berita lama", "sebelumnya »", "next »", "next page", "halaman berikutnya"}
)  # fmt: skip
_PAGE_NUMBER = re.compile(
    r"(?P<pre>[?&](?:page|hal|halaman|p|paged)=|/(?:page|halaman|hal)/)(?P<n>\d+)", re.I
)
_SLUG_WORD = re.compile(r"[A-Za-z]+")
_FILE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|pdf|docx?|xlsx?|pptx?|zip|rar|mp[34])$", re.I)


@dataclass(frozen=True)
class Link:
    url: str
    text: str
    boxed: bool  # inside a menu, header, footer or side box


def _tree(html: str) -> Any:
    import lxml.html

    try:
        return lxml.html.fromstring(html)
    except (ValueError, TypeError, SyntaxError):  # lxml's ParserError is a SyntaxError
        return None


def _absolute(href: str, base: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "whatsapp:")):
        return None
    try:
        url = httpx.URL(base).join(href).copy_with(fragment=None)
    except (httpx.InvalidURL, ValueError):
        return None
    return str(url) if url.scheme in ("http", "https") else None


def links(html: str, base: str) -> list[Link]:
    """Every http(s) link of the page, absolute, with its text and whether it is in a box."""
    tree = _tree(html)
    if tree is None:
        return []
    out = []
    for a in tree.iter("a"):
        url = _absolute(a.get("href") or "", base)
        if url is None:
            continue
        text = " ".join(a.text_content().split())
        boxed = _boxed(a)
        out.append(Link(url, text, boxed))
    return out


def _boxed(a: Any) -> bool:
    """In nav or aside, a page's (not an article's) header or footer, or a box named so."""
    ancestors = list(a.iterancestors())
    in_article = any(getattr(e, "tag", "") == "article" for e in ancestors)
    for element in ancestors:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("nav", "aside") or (tag in ("header", "footer") and not in_article):
            return True
        marks = " ".join(element.get(name) or "" for name in ("class", "id", "role"))
        if not _NAV_BOX.isdisjoint(_BOX_WORDS.findall(marks.lower())):
            return True
    return False


def is_navigation(url: str) -> bool:
    """A tag, category, author, search, paging or "about" address, or a file that is no page."""
    import courlan

    parsed = httpx.URL(url)
    path = parsed.path or "/"
    query = parsed.query.decode("ascii", "replace")
    return bool(
        path == "/"
        or _NAV_PATH.search(path + ("?" if query else ""))
        or _NAV_QUERY.search(query)
        or _FILE_EXT.search(path)
        or courlan.is_navigation_page(url)
        or courlan.is_not_crawlable(url)
    )


def looks_like_article(url: str) -> bool:
    """An address ending in a slug of three or more words, or a number with words, or .html."""
    if is_navigation(url):
        return False
    path = httpx.URL(url).path.rstrip("/")
    last = path.rsplit("/", 1)[-1]
    words = _SLUG_WORD.findall(last.removesuffix(".html").removesuffix(".htm"))
    has_id = any(ch.isdigit() for ch in last)
    return len(words) >= 3 or (has_id and len(words) >= 1) or (
        last.endswith((".html", ".htm")) and len(words) >= 2
    )


def _shape(url: str) -> str:
    """The address pattern an article shares with its siblings: the path without its last part."""
    path = httpx.URL(url).path.rstrip("/")
    parent = path.rsplit("/", 1)[0]
    return re.sub(r"\d+", "#", parent)


def article_links(html: str, base: str) -> list[str]:
    """Links to articles on this page's host, in page order, by the listing's dominant pattern."""
    found = [
        link.url
        for link in links(html, base)
        if not link.boxed and same_host(link.url, base) and looks_like_article(link.url)
    ]
    found = [u for u in dict.fromkeys(found) if u.rstrip("/") != base.rstrip("/")]
    if not found:
        return []
    shapes = Counter(_shape(u) for u in found)
    top = shapes.most_common(1)[0][1]
    kept = {shape for shape, count in shapes.items() if count * 2 >= top}
    return [u for u in found if _shape(u) in kept]


def next_page(html: str, base: str) -> str | None:
    """The next page of a listing: rel="next", a "next" link, or this address's page number + 1."""
    tree = _tree(html)
    if tree is None:
        return None
    for element in tree.iter("link", "a"):
        rel = (element.get("rel") or "").lower().split()
        if "next" in rel and element.get("href"):
            return _absolute(element.get("href"), base)
    candidates = links(html, base)
    for link in candidates:
        if link.text.lower() in _NEXT_WORDS and same_host(link.url, base):
            return link.url
    wanted = _page_after(base)
    for link in candidates:
        if wanted is not None and _same_page(link.url, wanted):
            return link.url
    return None


def _page_after(url: str) -> str | None:
    match = _PAGE_NUMBER.search(url)
    if match is None:  # the first page: its next one is page 2 in any of the usual forms
        return None
    n = int(match.group("n")) + 1
    return url[: match.start("n")] + str(n) + url[match.end("n") :]


def _same_page(url: str, wanted: str) -> bool:
    return url.rstrip("/") == wanted.rstrip("/")


def page_two_links(html: str, base: str) -> Iterator[str]:
    """Links of this page that point at its page 2 (`?page=2`, `/page/2/`, …)."""
    for link in links(html, base):
        match = _PAGE_NUMBER.search(link.url)
        if match and match.group("n") == "2" and same_host(link.url, base):
            yield link.url


def feed_links(html: str, base: str) -> list[str]:
    """Feeds the page announces with <link rel="alternate">; comment feeds left out."""
    tree = _tree(html)
    if tree is None:
        return []
    found = []
    for element in tree.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower()
        href = element.get("href") or ""
        if "alternate" in rel and kind in FEED_MEDIA and "comment" not in href.lower():
            url = _absolute(href, base)
            if url:
                found.append(url)
    return list(dict.fromkeys(found))


def wordpress_api(html: str, base: str) -> str | None:
    """The WordPress REST API root a page announces (<link rel="https://api.w.org/">)."""
    tree = _tree(html)
    if tree is None:
        return None
    for element in tree.iter("link"):
        if (element.get("rel") or "").strip() == "https://api.w.org/" and element.get("href"):
            return _absolute(element.get("href"), base)
    return None


def is_wordpress(html: str) -> bool:
    """Signs of a WordPress site in its page: its API link, wp-content paths or generator tag."""
    lowered = html[:200_000].lower()
    return "api.w.org" in lowered or "/wp-content/" in lowered or "wordpress" in lowered
