"""/sources and /quotes as pages of Telegram HTML that each fit one message.

A page holds a fixed number of entries, so the engine reads only that page's rows (and a count):
ten articles, or five quotes, at their longest (titles, publishers, dates, quotes and speakers
are cut to a bound in UTF-16 units, as Telegram counts; links count only as their label) stay
within Telegram's 4,096 units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.present.render import attribution, citation_html, cite, esc, shorten
from bot.present.texts import texts
from retrieval.records import Source
from retrieval.search.listing import QuoteRef, Slice, slice_of

SOURCES_PER_PAGE = 10
QUOTES_PER_PAGE = 5
NAME_CHARS = 100  # a name asked for, in UTF-16 units: it heads the page
_QUOTE_CHARS = 300
_WHO_CHARS = 100


def is_name(text: str) -> bool:
    """Whether `text` can name a speaker: it holds a letter ("%", "😀" or "_" do not)."""
    return any(ch.isalpha() for ch in text)


@dataclass(frozen=True)
class Page:
    """One page of a listing; `page` counts from 0."""

    text: str
    page: int
    pages: int


def sources_page(sources: Sequence[Source], page: int, lang: str) -> Page:
    """List the indexed articles in the engine's order (newest first), each as a citation."""
    return sources_listing(slice_of(sources, page, SOURCES_PER_PAGE), lang)


def sources_listing(part: Slice[Source], lang: str) -> Page:
    """One page of the articles, numbered by their place in the whole listing."""
    t = texts(lang)
    if not part.total:
        return Page(esc(t.sources_none), 0, 1)
    lines = [
        f"{n}. {citation_html(cite(n, s, t), t)}" for n, s in enumerate(part.items, part.start + 1)
    ]
    heading = t.sources_list_heading.format(count=part.total)
    return _page(lines, heading, part.page, part.pages, lang)


def quotes_page(refs: Sequence[QuoteRef], speaker: str | None, page: int, lang: str) -> Page:
    """List direct quotes with who said them and where."""
    return quotes_listing(slice_of(refs, page, QUOTES_PER_PAGE), speaker, lang)


def quotes_listing(part: Slice[QuoteRef], speaker: str | None, lang: str) -> Page:
    """One page of the quotes (of `speaker`, when asked), numbered as in the whole listing."""
    t = texts(lang)
    if not part.total:
        return Page(esc(t.quotes_none), 0, 1)
    lines = []
    for n, ref in enumerate(part.items, part.start + 1):
        text = shorten(" ".join(ref.quote.text.split()), _QUOTE_CHARS, " …")
        who = shorten(attribution(ref.quote, t), _WHO_CHARS)
        where = citation_html(cite(n, ref.source, t), t)
        lines.append(f"{n}. “{esc(text)}” — {esc(who)}\n    {where}")
    heading = (
        t.quotes_by_heading.format(speaker=speaker, count=part.total)
        if speaker
        else t.quotes_heading.format(count=part.total)
    )
    return _page(lines, heading, part.page, part.pages, lang)


def _page(lines: list[str], heading: str, page: int, pages: int, lang: str) -> Page:
    text = f"<b>{esc(heading)}</b>\n\n" + "\n".join(lines)
    if pages > 1:
        counter = texts(lang).sources_page.format(page=page + 1, pages=pages)
        text += f"\n\n<i>{esc(counter)}</i>"
    return Page(text, page, pages)
