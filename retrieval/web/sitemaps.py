"""Sitemaps: indexes (with each child's lastmod), URL sets, news sitemaps, gzip and plain text.

URL sets are read by ultimate-sitemap-parser from the bytes our guarded fetcher got (it never
fetches here); an index is read by a few lines of expat, because the parser drops the lastmod of
each child, which is what lets a poll skip the children that did not change.
"""

from __future__ import annotations

import gzip
import io
import logging
import re
from dataclasses import dataclass
from xml.parsers import expat

from retrieval.errors import BadFeed
from retrieval.web.feeds import Entry

log = logging.getLogger(__name__)

MAX_UNZIPPED = 50_000_000  # the sitemap protocol's own limit of one file
# Children of an index that list no articles: pages, taxonomies, authors (WordPress, Yoast).
_NOT_POSTS = re.compile(
    r"(?:^|[/_-])(?:page|pages|halaman|category|categories|kategori|tag|tags|taxonom\w*|"
    r"author|authors|users?|penulis|image|video)(?:[-_]?sitemap|[-_.\d]|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Child:
    """A sitemap an index points to, and when the index says it last changed."""

    url: str
    lastmod: str | None = None


@dataclass(frozen=True)
class Sitemap:
    """One sitemap file: the child sitemaps of an index, or the pages of a URL set."""

    children: tuple[Child, ...] = ()
    pages: tuple[Entry, ...] = ()


def unzip(body: bytes) -> bytes:
    """The body, gunzipped when it is gzip (sitemap.xml.gz), at most MAX_UNZIPPED bytes."""
    if not body.startswith(b"\x1f\x8b"):
        return body
    with gzip.GzipFile(fileobj=io.BytesIO(body)) as unzipped:
        data = unzipped.read(MAX_UNZIPPED + 1)
    if len(data) > MAX_UNZIPPED:
        raise BadFeed("the sitemap unpacks to more than 50 MB")
    return data


def parse_sitemap(body: bytes, url: str) -> Sitemap:
    """Parse one sitemap file; anything that is none raises BadFeed."""
    data = unzip(body)
    children = _index_children(data)
    if children is not None:
        return Sitemap(children=tuple(c for c in children if lists_posts(c.url)))
    from usp.objects.sitemap import InvalidSitemap
    from usp.tree import sitemap_from_str

    parsed = sitemap_from_str(data.decode("utf-8", errors="replace"))
    if isinstance(parsed, InvalidSitemap):
        raise BadFeed("not a sitemap", url)
    dated = [_entry(page) for page in parsed.pages]
    dated.sort(key=lambda pair: pair[1] or "", reverse=True)  # newest first; undated last
    return Sitemap(pages=tuple(entry for entry, _ in dated))


def lists_posts(child_url: str) -> bool:
    """Whether a child sitemap may list articles (not pages, categories, tags or authors)."""
    name = child_url.rsplit("/", 1)[-1].split("?")[0]
    return not _NOT_POSTS.search(name)


def _entry(page: object) -> tuple[Entry, str | None]:
    news = getattr(page, "news_story", None)
    title = getattr(news, "title", None) if news is not None else None
    published = getattr(news, "publish_date", None) if news is not None else None
    modified = getattr(page, "last_modified", None)
    # Only a news sitemap's date is a publication date; lastmod only orders (newest first).
    entry = Entry(
        str(getattr(page, "url", "")),
        title=str(title) if title else None,
        published=_iso(published),
    )
    return entry, entry.published or _iso(modified)


def _iso(value: object) -> str | None:
    isoformat = getattr(value, "isoformat", None)
    return str(isoformat()) if isoformat is not None else None


def _index_children(data: bytes) -> list[Child] | None:
    """The children of a <sitemapindex>; None when the file is something else."""
    children: list[Child] = []
    path: list[str] = []
    current: dict[str, str] = {}
    text: list[str] = []

    def refuse(*_: object) -> None:
        raise BadFeed("the sitemap declares XML entities; refused as unsafe")

    def start(name: str, _attrs: object) -> None:
        local = name.rsplit(" ", 1)[-1]
        if not path and local != "sitemapindex":
            raise _NotIndex
        path.append(local)
        text.clear()

    def end(name: str) -> None:
        local = path.pop()
        if local in ("loc", "lastmod") and path and path[-1] == "sitemap":
            current[local] = "".join(text).strip()
        elif local == "sitemap":
            if current.get("loc"):
                children.append(Child(current["loc"], current.get("lastmod") or None))
            current.clear()
        text.clear()

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text.append
    try:
        parser.Parse(data, True)
    except _NotIndex:
        return None
    except (expat.ExpatError, ValueError, LookupError):
        return children if path[:1] == ["sitemapindex"] else None  # cut short: what was read
    return children


class _NotIndex(Exception):
    pass
