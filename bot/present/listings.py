"""/sources and /quotes as pages of Telegram HTML that each fit one message."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.present.render import attribution, citation_html, cite, esc, shorten
from bot.present.texts import texts
from retrieval.records import Source
from retrieval.search.searcher import QuoteRef

PAGE_CHARS = 3500  # below 4,096 with room for the heading and the page line
PER_PAGE = 10
_QUOTE_CHARS = 300


@dataclass(frozen=True)
class Page:
    """One page of a listing; `page` counts from 0."""

    text: str
    page: int
    pages: int


def sources_page(sources: Sequence[Source], page: int, lang: str) -> Page:
    """List the indexed articles in the engine's order (newest first), each as a citation."""
    t = texts(lang)
    if not sources:
        return Page(esc(t.sources_none), 0, 1)
    lines = [f"{n}. {citation_html(cite(n, s, t), t)}" for n, s in enumerate(sources, 1)]
    return _paginate(lines, t.sources_list_heading.format(count=len(lines)), page, lang)


def quotes_page(refs: Sequence[QuoteRef], speaker: str | None, page: int, lang: str) -> Page:
    """List direct quotes with who said them and where."""
    t = texts(lang)
    if not refs:
        return Page(esc(t.quotes_none), 0, 1)
    lines = []
    for n, ref in enumerate(refs, 1):
        text = shorten(" ".join(ref.quote.text.split()), _QUOTE_CHARS, " …")
        who = attribution(ref.quote, t)
        where = citation_html(cite(n, ref.source, t), t)
        lines.append(f"{n}. “{esc(text)}” — {esc(who)}\n    {where}")
    heading = (
        t.quotes_by_heading.format(speaker=speaker, count=len(lines))
        if speaker
        else t.quotes_heading.format(count=len(lines))
    )
    return _paginate(lines, heading, page, lang)


def _paginate(lines: list[str], heading: str, page: int, lang: str) -> Page:
    pages: list[list[str]] = [[]]
    used = 0
    for line in lines:
        if pages[-1] and (used + len(line) > PAGE_CHARS or len(pages[-1]) >= PER_PAGE):
            pages.append([])
            used = 0
        pages[-1].append(line)
        used += len(line) + 1
    page = min(max(page, 0), len(pages) - 1)
    body = "\n".join(pages[page])
    text = f"<b>{esc(heading)}</b>\n\n{body}"
    if len(pages) > 1:
        counter = texts(lang).sources_page.format(page=page + 1, pages=len(pages))
        text += f"\n\n<i>{esc(counter)}</i>"
    return Page(text, page, len(pages))
