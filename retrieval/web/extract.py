"""Web page -> Article: charset decoding, main-text extraction, URL-derived ids."""

from __future__ import annotations

import codecs
import hashlib
import logging
import re
import time
import unicodedata
from dataclasses import dataclass
from typing import Protocol

from retrieval.errors import NoArticleText
from retrieval.records import Article
from retrieval.web.fetch import HTML_TYPES, Page
from retrieval.web.guard import article_id_for, canonical_url

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 200  # shorter "articles" are navigation or teasers, not briefings
# Python text codecs no web page is written in; a label naming one is treated as unknown.
_NOT_CHARSETS = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined"})
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# Whole lines that point away from the article ("baca juga" boxes and their kin).
# A bare "Baca"/"Simak" must carry a colon: "Baca tulis ..." can open a real sentence.
_NOT_ARTICLE_LINE = re.compile(
    r"^\s*(?:(?:baca|simak|lihat)\s*[:：]|(?:baca|simak|lihat)\s+(?:juga|pula)\b"
    r"|(?:artikel|berita) terkait\b|ikuti (?:kami|berita)\b|dapatkan (?:update|berita)\b"
    r"|read also\b|see also\b)",
    re.I,
)
_PRUNE = (
    "//*[contains(@class,'baca-juga') or contains(@class,'bacajuga')"
    " or contains(@class,'read-also') or contains(@class,'related')"
    " or contains(@class,'share') or contains(@class,'advert')]"
)


def decode_html(page: Page) -> str:
    """Decode HTML: BOM, else the header's charset, else <meta>, else UTF-8, else detection."""
    body = page.body
    for bom, with_bom in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if body.startswith(bom):
            return body.decode(with_bom, errors="replace")
    for name in (page.charset, _meta_charset(body[:4096]), "utf-8"):
        codec = _codec(name)
        if codec is None:
            continue
        try:
            return body.decode(codec)
        except (UnicodeError, LookupError):
            log.info("%s does not decode as %s", page.url, codec)
    return _detect(body)


def _detect(body: bytes) -> str:
    from charset_normalizer import from_bytes

    matches = from_bytes(body)
    best = matches.best()
    if best is None:
        return body.decode("cp1252", errors="replace")
    # Mostly-ASCII text fits several single-byte codecs equally well; among those ties take
    # windows-1252, the legacy default of Latin-script (Indonesian) locales.
    ties = [m for m in matches if m.chaos <= best.chaos + 0.01]
    western = next((m for m in ties if "cp1252" in m.could_be_from_charset), None)
    return str(western or best)


def _meta_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip()).name
        b"".decode(codec)  # refuses codecs that are not text encodings: rot13, base64, zlib...
    except (LookupError, UnicodeError, ValueError):
        log.info("unknown charset %r; treated as undeclared", name[:40])
        return None
    if codec in _NOT_CHARSETS:
        return None
    # Browsers read latin-1 and ASCII labels as windows-1252; so do the pages written for them.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def extract_article(page: Page, min_chars: int = MIN_TEXT_CHARS) -> Article:
    """Extract title, date, site and main text; a page without article text is refused."""
    import trafilatura

    html = decode_html(page)
    doc = trafilatura.bare_extraction(
        html,
        url=page.url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        prune_xpath=_PRUNE,
    )
    title = _clean(getattr(doc, "title", None))
    text = clean_text(getattr(doc, "text", None) or "", title)
    if len(text) < min_chars:
        raise NoArticleText("no article text found on the page", page.requested_url)
    url = canonical_url(page.url)
    return Article(
        id=article_id_for(url),
        text=text,
        title=title,
        url=url,
        published=_clean(getattr(doc, "date", None)),
        source=_clean(getattr(doc, "sitename", None)),
        origin=url,
    )


def clean_text(text: str, title: str | None) -> str:
    """Drop "baca juga" lines, blank lines, and a first line that only repeats the title."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    kept = [line for line in lines if line and not _NOT_ARTICLE_LINE.match(line)]
    if kept and title and _norm(kept[0]) == _norm(title):
        kept = kept[1:]
    return "\n".join(kept)


def _clean(value: object) -> str | None:
    return (value.strip() or None) if isinstance(value, str) else None


def _norm(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.findall(r"\w+", folded))


def text_key(text: str) -> str:
    """A hash of the words of a text, blind to case, punctuation, spacing and Unicode forms."""
    return hashlib.sha256(_norm(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Fetched:
    """An extracted article and where the time went."""

    article: Article
    fetch_seconds: float
    extract_seconds: float


class Getter(Protocol):
    """What fetches a page: the guarded Fetcher, or the polite one that wraps it."""

    def get(self, url: str, accept: frozenset[str] = HTML_TYPES) -> Page: ...


def fetch_and_extract(url: str, fetcher: Getter) -> Fetched:
    """Fetch one page and extract its article, timing both steps."""
    started = time.perf_counter()
    page = fetcher.get(url, HTML_TYPES)
    fetched = time.perf_counter()
    article = extract_article(page)
    return Fetched(article, fetched - started, time.perf_counter() - fetched)



_BLOCKS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")


def fragment_text(html: str, title: str | None = None) -> str:
    """The text of an article body given as HTML (a WordPress post's content), one block a line."""
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ValueError, TypeError, SyntaxError):
        return ""
    for junk in root.xpath(".//script|.//style|.//figure|.//noscript"):
        junk.drop_tree()
    blocks = [
        " ".join(element.text_content().split())
        for element in root.iter(*_BLOCKS)
        if not any(parent.tag in _BLOCKS for parent in element.iterancestors())
    ]
    if not any(blocks):
        blocks = [" ".join(root.text_content().split())]
    return clean_text("\n".join(b for b in blocks if b), title)


def article_from_html(
    url: str, html: str, title: str | None, published: str | None, source: str | None
) -> Article:
    """An article whose body the source gave as HTML; too little text is refused."""
    text = fragment_text(html, title)
    if len(text) < MIN_TEXT_CHARS:
        raise NoArticleText("no article text in the post", url)
    canonical = canonical_url(url)
    return Article(
        id=article_id_for(canonical),
        text=text,
        title=title,
        url=canonical,
        published=published,
        source=source,
        origin=canonical,
    )
