"""/sources and /quotes read one page of rows, and each page is that page of the whole listing."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from bot.present.listings import (
    QUOTES_PER_PAGE,
    SOURCES_PER_PAGE,
    quotes_listing,
    quotes_page,
    sources_listing,
    sources_page,
)
from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredArticle, StoredChunk, StoredQuote, write_store
from retrieval.records import Chunk, Quote, Source
from retrieval.search.listing import Listings, QuoteRef, slice_of
from tests.support.telegram_html import parse_telegram_html

DIM = 4
DATES = ("2025-03-01", "2024-12-31", "2025-03-01T09:00:00+08:00", None, "", "Senin lalu",
         "2025-03-01", "2023-07-04")
TITLES = ("Rapat anggaran", None, "Banjir di hulu", "rapat anggaran", "", "Zona ekonomi", "Á")
SPEAKERS = (
    ("Rudy Mas’ud", "Gubernur Kalimantan Timur"),
    ("Seno Aji", "Wakil Gubernur"),
    ("Sri Wahyuni", "Sekretaris Daerah"),
    ("Andi Harun", None),
    (None, "Kepala Dinas Kesehatan"),
    (None, None),
    ("Ma'ruf D'Souza", "Ketua DPRD"),
)


def _store(folder: Path, articles: int = 57) -> Path:
    arts, chunks, quotes = [], [], []
    for i in range(articles):
        aid = f"art-{(i * 37) % articles:03d}"
        source = Source(aid, TITLES[i % len(TITLES)], f"https://e.id/{i}",
                        DATES[i % len(DATES)], "Diskominfo" if i % 3 else None)
        arts.append(StoredArticle(source, f"h{i}", "data"))
        chunks.append(StoredChunk(i, Chunk(aid, 0, 0, 500, f"Teks artikel {i}.", ()), f"e{i}"))
        for j in range(i % 4):
            speaker, role = SPEAKERS[(i + j) % len(SPEAKERS)]
            quote = Quote(f"Kutipan {j} di artikel {i}.", speaker, role, 10 + 100 * j, 60 + 100 * j)
            quotes.append(StoredQuote(quote, aid, np.ones(DIM, dtype=np.float32)))
    path = folder / "store.sqlite"
    write_store(path, arts, chunks, quotes)
    return path


@pytest.fixture(scope="module")
def listings(tmp_path_factory: pytest.TempPathFactory) -> Listings:
    return Listings(StoreReader(_store(tmp_path_factory.mktemp("listing")), DIM))


def _old_build(path: Path, folder: Path) -> Listings:
    """The same store as a build made before listings were saved: no indexes, no speakers."""
    old = folder / "old.sqlite"
    shutil.copy(path, old)
    con = sqlite3.connect(old)
    for sql in ("DROP INDEX articles_listing", "DROP INDEX quotes_listing", "DROP INDEX quotes_who",
                "DROP TABLE speakers", "DROP TABLE speakers_folding"):
        con.execute(sql)
    con.commit()
    con.close()
    return Listings(StoreReader(old, DIM))


def test_sources_pages_are_slices_of_the_whole_listing(listings: Listings) -> None:
    every = listings.sources()
    dated = [s for s in every if (s.published or "")[:1].isdigit()]
    assert every[: len(dated)] == dated and every[0].published == "2025-03-01T09:00:00+08:00"
    assert len(every) == 57
    for size in (1, 7, 10):
        pages = listings.source_page(0, size).pages
        assert pages == -(-57 // size)
        for n in range(pages):
            assert listings.source_page(n, size) == slice_of(every, n, size)
        got = [s for n in range(pages) for s in listings.source_page(n, size).items]
        assert got == every
    assert listings.source_page(999, 10) == slice_of(every, 5, 10)
    assert listings.source_page(-3, 10).page == 0


def test_a_store_reads_only_the_rows_of_one_page(listings: Listings) -> None:
    store = listings._store
    before = store.rows_read
    listings.source_page(3, 10)
    listings.quote_page("rudy", 1, 5)
    # a count, 10 articles; the speakers, a count, 5 quotes and their articles
    assert store.rows_read - before <= 1 + 10 + (1 + len(SPEAKERS) + 1 + 5 + 5)
    before = store.rows_read
    listings.quotes("rudy")
    assert store.rows_read - before > 57


@pytest.mark.parametrize(
    "speaker",
    [None, "rudy", "Mas'ud", "mas’ud RUDY", "MASUD", "gub kal", "gubernur", "sri", "Sekretaris",
     "d'souza", "dsou", "ma’ruf", "kepala dinas", "nobody", "ru dy", "’", "", "rudy seno"],
)
def test_quotes_by_name_are_those_names_match_finds(listings: Listings, speaker: str) -> None:
    every = listings.quotes(speaker)
    assert list(listings.each_quote(speaker, block=3)) == every
    first = listings.quote_page(speaker, 0, QUOTES_PER_PAGE)
    assert first.total == len(every)
    for n in range(first.pages):
        assert listings.quote_page(speaker, n, QUOTES_PER_PAGE) == slice_of(
            every, n, QUOTES_PER_PAGE
        )


def test_rudy_is_found_by_any_part_in_any_order(listings: Listings) -> None:
    rudy = listings.quotes("rudy")
    assert rudy and all(r.quote.speaker == "Rudy Mas’ud" for r in rudy)
    assert listings.quotes("masud rud") == rudy == listings.quotes("KALIMANTAN rudy")
    assert listings.quote_page("nobody", 0, 5).total == 0


def test_older_builds_and_other_folding_list_the_same(
    listings: Listings, tmp_path: Path
) -> None:
    path = _store(tmp_path)
    old = _old_build(path, tmp_path)
    assert old._store.listing is None and listings._store.listing is not None
    assert old.source_page(2, 10) == listings.source_page(2, 10)
    assert old.quote_page("seno", 0, 5) == listings.quote_page("seno", 0, 5)
    assert list(old.each_quote("sri")) == listings.quotes("sri")
    con = sqlite3.connect(path)
    con.execute("UPDATE speakers_folding SET fingerprint = 'other code'")
    con.commit()
    con.close()
    other = Listings(StoreReader(path, DIM))
    for speaker in ("rudy", "gub kal", "d'souza"):
        assert list(other.each_quote(speaker)) == listings.quotes(speaker)


def test_bot_pages_number_entries_as_the_whole_listing(listings: Listings) -> None:
    every = listings.sources()
    paged = sources_listing(listings.source_page(2, SOURCES_PER_PAGE), "id")
    assert paged == sources_page(every, 2, "id")
    assert "<b>Artikel di indeks (57):</b>\n\n21. " in paged.text and "Halaman 3/6" in paged.text
    refs = listings.quotes("gubernur")
    assert quotes_listing(listings.quote_page("gubernur", 1, QUOTES_PER_PAGE), "gubernur", "en") \
        == quotes_page(refs, "gubernur", 1, "en")


def test_the_longest_entries_still_fit_one_message() -> None:
    long = "ÉA&<b>" * 200
    source = Source("x" * 300, long, "https://e.id/" + "&a" * 400, "Senin " * 30, long)
    untitled = Source("y" * 300, None, None, "2025-01-01", long, lead=long)
    sources = [source if i % 2 else untitled for i in range(1_000_000)]
    quote = Quote(long, long, long, 0, 1)
    refs = [QuoteRef(quote, source)] * 1_000_000
    for lang in ("id", "en"):
        # the last full pages: the longest numbers
        last = (len(sources) - 1) // SOURCES_PER_PAGE, (len(refs) - 1) // QUOTES_PER_PAGE
        for page in (
            sources_page(sources, last[0] - 1, lang),
            quotes_page(refs, "w" * 100, last[1] - 1, lang),
        ):
            text, errors = parse_telegram_html(page.text)
            assert errors == [] and len(text) > 3000
