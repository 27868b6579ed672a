"""The articles and the direct quotes of an index, listed a page at a time.

A page reads its own rows: SQL orders them with the indexes saved with the build, and a name
asked for is narrowed to the speakers whose words could match before `names_match` decides, as
it does for the whole list. A build made before those were saved is listed as before: every row
read and ordered here (`sources`, `quotes`: also the reference the pages must equal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from retrieval.index.listing import ListingRows, listing_date, who
from retrieval.index.reader import StoreReader
from retrieval.records import Quote, Source
from retrieval.text.vocabulary import fold_words, names_match

T = TypeVar("T")


@dataclass(frozen=True)
class QuoteRef:
    """A direct quote and the article it stands in."""

    quote: Quote
    source: Source


@dataclass(frozen=True)
class Slice(Generic[T]):
    """One page of a listing: its items, their positions from `start`, and the whole's size."""

    items: tuple[T, ...]
    page: int  # from 0, at most the last page
    pages: int  # at least 1
    start: int  # position of the first item in the whole listing, from 0
    total: int


def _placed(total: int, page: int, size: int) -> tuple[int, int]:
    """The page asked for, kept within the listing, and how many pages it has."""
    pages = max(1, -(-total // size))
    return min(max(page, 0), pages - 1), pages


def slice_of(items: Sequence[T], page: int, size: int) -> Slice[T]:
    """A page of a listing held in full."""
    page, pages = _placed(len(items), page, size)
    start = page * size
    return Slice(tuple(items[start : start + size]), page, pages, start, len(items))


class Listings:
    """Pages of one build's articles (newest first) and quotes (in article order)."""

    def __init__(self, store: StoreReader) -> None:
        self._store = store

    def sources(self) -> list[Source]:
        """Every article, newest first; undated ones, or dated in words, last."""
        every = self._store.sources().values()
        by_title = sorted(every, key=lambda s: (s.title or "", s.article_id))
        return sorted(by_title, key=lambda s: listing_date(s.published), reverse=True)

    def quotes(self, speaker: str | None = None) -> list[QuoteRef]:
        """Every direct quote in article order, or those whose speaker or role matches."""
        sources = self._store.sources()
        return [
            QuoteRef(quote, sources[article_id])
            for article_id, quote in self._store.quotes()
            if not speaker or names_match(speaker, who(quote.role, quote.speaker))
        ]

    def source_page(self, page: int, size: int) -> Slice[Source]:
        """Page `page` (from 0; kept within the listing) of `size` articles of `sources()`."""
        rows = self._store.listing
        if rows is None:
            return slice_of(self.sources(), page, size)
        total = rows.article_count()
        page, pages = _placed(total, page, size)
        return Slice(tuple(rows.sources(page * size, size)), page, pages, page * size, total)

    def quote_page(self, speaker: str | None, page: int, size: int) -> Slice[QuoteRef]:
        """Page `page` of `size` quotes of `quotes(speaker)`."""
        rows = self._store.listing
        if rows is None:
            return slice_of(self.quotes(speaker), page, size)
        speakers = self._speakers(rows, speaker)
        total = rows.quote_count(speakers) if speakers != [] else 0
        page, pages = _placed(total, page, size)
        found = rows.quotes(page * size, size, speakers, total) if total else []
        return Slice(self._refs(found), page, pages, page * size, total)

    def each_quote(self, speaker: str | None = None, block: int = 2048) -> Iterator[QuoteRef]:
        """What `quotes(speaker)` holds, in its order, read a block at a time."""
        rows = self._store.listing
        if rows is None:
            yield from self.quotes(speaker)
            return
        speakers = self._speakers(rows, speaker)
        if speakers == []:
            return
        found: list[tuple[str, Quote]] = []
        for row in rows.each_quote(speakers, block):
            found.append(row)
            if len(found) == block:
                yield from self._refs(found)
                found = []
        yield from self._refs(found)

    def article_ids(self) -> set[str]:
        return self._store.article_ids()

    def sources_of(self, article_ids: Iterable[str]) -> dict[str, Source]:
        return self._store.sources(article_ids)

    def quotes_of(self, article_ids: Iterable[str]) -> dict[str, list[Quote]]:
        """The quotes of each of these articles, in article order (articles with none left out)."""
        out: dict[str, list[Quote]] = {}
        for article_id, quote in self._store.quotes_of(article_ids):
            out.setdefault(article_id, []).append(quote)
        return out

    def newest_quotes(self, n: int, pages: int = 5) -> list[QuoteRef]:
        """Up to n quotes of the newest articles, newest article first, each article's in order."""
        found: list[QuoteRef] = []
        for page in range(pages):
            part = self.source_page(page, 10)
            by_article = self.quotes_of(s.article_id for s in part.items)
            for source in part.items:
                found += [QuoteRef(q, source) for q in by_article.get(source.article_id, ())]
            if len(found) >= n or part.page + 1 >= part.pages:
                break
        return found[:n]

    @staticmethod
    def _speakers(rows: ListingRows, speaker: str | None) -> list[int] | None:
        """Numbers of the speakers `names_match` finds for `speaker`; None: everyone."""
        words = fold_words(speaker) if speaker else []
        if not words:  # nothing to compare: every quote matches, as names_match says
            return None
        return [
            n
            for n, role, name in rows.speakers(words)
            if names_match(speaker or "", who(role, name))
        ]

    def _refs(self, rows: Sequence[tuple[str, Quote]]) -> tuple[QuoteRef, ...]:
        sources = self._store.sources(a for a, _ in rows) if rows else {}
        return tuple(QuoteRef(quote, sources[a]) for a, quote in rows)
