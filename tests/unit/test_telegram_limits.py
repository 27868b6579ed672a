"""Telegram's limits counted as Telegram counts them (UTF-16), and links it can parse."""

from __future__ import annotations

import pytest

from bot.ingest import AddReport, IndexOutcome, ItemReport
from bot.present.listings import is_name, quotes_page, sources_page
from bot.present.reports import format_add
from bot.present.telegram_text import cut_utf16, plain_html, shorten, utf16_len
from bot.telegram.admin import _summary_html
from retrieval.index.builder import IndexSummary
from retrieval.records import Article, Quote, Source
from retrieval.search.listing import QuoteRef
from retrieval.web.library import IngestResult
from tests.support.fake_bot_api import parse_telegram_html

# Each of these is two UTF-16 units: an emoji, and mathematical bold letters.
WIDE = "😀🇮🇩 𝐊𝐚𝐥𝐭𝐢𝐦 𝐁𝐞𝐫𝐬𝐢𝐧𝐞𝐫𝐠𝐢 "


def _fits(html_text: str) -> str:
    visible, errors = parse_telegram_html(html_text)
    assert errors == [], errors
    return visible


def test_cuts_count_utf16_units_and_never_split_a_character() -> None:
    assert utf16_len("a😀𝐀") == 5
    assert cut_utf16("a😀𝐀", 2) == "a" and cut_utf16("a😀𝐀", 3) == "a😀"
    cut = shorten(WIDE * 20, 50)
    assert utf16_len(cut) <= 50 and cut.endswith("…")
    assert utf16_len(plain_html(WIDE * 1000)) <= 4096


@pytest.mark.parametrize("lang", ["id", "en"])
def test_listings_of_emoji_and_mathematical_letters_fit_one_message(lang: str) -> None:
    long = WIDE * 80
    source = Source("x" * 300, long, "https://e.id/" + "a" * 400, WIDE * 10, long)
    untitled = Source("y" * 300, None, None, "2025-01-01", long, lead=long)
    sources = [source if i % 2 else untitled for i in range(100_000)]
    refs = [QuoteRef(Quote(long, long, long, 0, 1), source)] * 100_000
    for page in (sources_page(sources, 9998, lang), quotes_page(refs, WIDE * 10, 19998, lang)):
        assert utf16_len(_fits(page.text)) > 2500  # full pages, and within the limit


def test_a_reindex_summary_naming_many_wide_files_fits() -> None:
    summary = IndexSummary(1, 0, 0, 0, 1, 1, 0, 1, 0.5,
                           warnings=tuple(f"{WIDE * 60} <{n}>.md: empty" for n in range(9)))
    visible = _fits(_summary_html(summary, "id"))
    assert "Dilewati:" in visible and "<0>.md" in visible and "<4>.md" not in visible
    assert visible.endswith(" …")  # the cut is marked


def _added(url: str, title: str) -> ItemReport:
    article = Article("a1", "Teks.", title, url, "2025-06-01")
    return ItemReport(IngestResult(url, "added", article), chunks=1, quotes=0)


def test_add_reports_escape_addresses_in_links_and_fit_with_wide_titles() -> None:
    url = 'https://contoh.go.id/berita?judul="banjir"&hal=2'
    text = format_add(AddReport((_added(url, "Banjir"),), IndexOutcome()), "id", html=True)
    assert _fits(text).startswith("✅ Ditambahkan: Banjir")
    assert 'href="https://contoh.go.id/berita?judul=&quot;banjir&quot;&amp;hal=2"' in text
    items = tuple(_added(f"https://e.id/{n}", WIDE * 20) for n in range(60))
    visible = _fits(format_add(AddReport(items, IndexOutcome()), "en", html=True))
    assert "… and " in visible and visible.count("✅ Added") < 60


def test_add_reports_say_which_links_were_left_out() -> None:
    items = tuple(_added(f"https://e.id/{n}", "Judul") for n in range(10))
    report = AddReport(items, IndexOutcome(), skipped=40)
    assert "⚠️ 40 tautan lain tidak diambil: paling banyak 10 tautan per /add. Kirim lagi " \
        "mulai dari tautan ke-11." in _fits(format_add(report, "id", html=True))
    assert "40 more link(s) not fetched" in format_add(report, "en", html=False)


@pytest.mark.parametrize("name", ["%", "_", "*", "😀", "\u200b", "-- 42 --"])
def test_a_name_without_letters_names_nobody(name: str) -> None:
    assert not is_name(name)
    assert is_name("Rudy") and is_name("𝐑𝐮𝐝𝐲") and is_name("Ma'ruf 2")
