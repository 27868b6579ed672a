"""The WordPress REST API: posts newest first, a page at a time, with their text and date.

A post comes with its title, date, link and body, so following a WordPress site costs one
request per page of posts instead of one per article. Pages are counted from `X-WP-TotalPages`.
"""

from __future__ import annotations

import html as htmllib
import json
import re

import httpx

from retrieval.errors import BadFeed
from retrieval.web.feeds import Entry

POSTS = "wp/v2/posts"
FIELDS = "link,date,date_gmt,title,content"
_TAGS = re.compile(r"<[^>]+>")


def posts_url(root: str, page: int, per_page: int) -> str:
    """The URL of one page of posts under an API root (`…/wp-json/` or `…/?rest_route=/`)."""
    parsed = httpx.URL(root)
    params = {"per_page": str(per_page), "page": str(page), "_fields": FIELDS}
    route = parsed.params.get("rest_route")
    if route is not None:
        params["rest_route"] = route.rstrip("/") + "/" + POSTS
        return str(parsed.copy_merge_params(params))
    base = parsed.copy_with(query=None, path=parsed.path.rstrip("/") + "/" + POSTS)
    return str(base.copy_with(params=params))


def default_root(origin: str) -> str:
    return origin.rstrip("/") + "/wp-json/"


def parse_posts(body: bytes, url: str) -> list[Entry]:
    """The posts of one API page; anything but a list of posts raises BadFeed."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadFeed("the WordPress API did not answer JSON", url) from exc
    if not isinstance(data, list):
        raise BadFeed("the WordPress API did not answer a list of posts", url)
    entries = []
    for post in data:
        if not isinstance(post, dict) or not isinstance(post.get("link"), str):
            continue
        entries.append(
            Entry(
                post["link"],
                title=_rendered(post.get("title")),
                published=_text(post.get("date")) or _text(post.get("date_gmt")),
                html=_raw(post.get("content")),
            )
        )
    return entries


def _raw(field: object) -> str | None:
    value = field.get("rendered") if isinstance(field, dict) else None
    return value if isinstance(value, str) and value.strip() else None


def _rendered(field: object) -> str | None:
    value = _raw(field)
    return " ".join(htmllib.unescape(_TAGS.sub("", value)).split()) or None if value else None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def total_pages(header: str | None) -> int | None:
    return int(header) if header and header.strip().isdigit() else None
