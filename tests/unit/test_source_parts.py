"""The parts of following a site: article links, paging, sitemaps, /follow's argument, documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import Settings
from bot.sources import DocumentItem, follow_target, store_documents
from retrieval.errors import DocumentError, TooLarge
from retrieval.index.articles import read_articles
from retrieval.records import Article
from retrieval.web.dedupe import prefer
from retrieval.web.documents import read_document
from retrieval.web.links import article_links, next_page
from retrieval.web.sitemaps import lists_posts, parse_sitemap
from tests.support import source_pages as pages
from tests.support.documents import SIARAN, docx, pdf
from tests.support.web_server_pages import bench_article

BASE = "https://diskominfo.rekaan.go.id"


def test_a_listing_gives_its_articles_not_its_menus_side_box_or_categories() -> None:
    items = [(f"{BASE}/berita/{a.slug}-rapat-desa", a) for a in map(bench_article, range(1, 6))]
    popular = [(f"{BASE}/berita/populer-{n}-rapat-lama", bench_article(n)) for n in (8, 9)]
    html = pages.listing_page(items, "Diskominfo Rekaan", "/berita?page=2", popular)
    assert article_links(html, BASE + "/berita") == [u for u, _ in items]
    assert next_page(html, BASE + "/berita") == BASE + "/berita?page=2"


@pytest.mark.parametrize(
    ("link", "here", "then"),
    [
        ("<a href='/berita?page=3'>3</a>", "/berita?page=2", "/berita?page=3"),
        ("<a href='/page/3/'>3</a>", "/page/2/", "/page/3/"),
        ("<link rel='next' href='/arsip/lama'>", "/", "/arsip/lama"),
        ("<a href='/indeks?hal=2'>Berikutnya</a>", "/indeks", "/indeks?hal=2"),
        ("<a href='/page/5/'>5</a>", "/page/2/", None),
    ],
)
def test_the_next_listing_page(link: str, here: str, then: str | None) -> None:
    html = f"<html><head></head><body><main>{link}</main></body></html>"
    assert next_page(html, BASE + here) == (BASE + then if then else None)


def test_sitemap_children_of_pages_and_taxonomies_are_left_out() -> None:
    assert lists_posts(f"{BASE}/post-sitemap.xml") and lists_posts(f"{BASE}/sitemap-2024-01.xml")
    for name in ("page-sitemap.xml", "wp-sitemap-posts-page-1.xml", "category-sitemap.xml",
                 "wp-sitemap-taxonomies-post_tag-1.xml", "sitemap-pages.xml"):  # fmt: skip
        assert not lists_posts(f"{BASE}/{name}")


def test_a_news_sitemap_gives_titles_and_dates_newest_first() -> None:
    older, newer = bench_article(1), bench_article(2)
    body = pages.urlset([(f"{BASE}/a", older.date), (f"{BASE}/b", newer.date)], [older, newer])
    entries = parse_sitemap(body, BASE + "/sitemap-news.xml").pages
    ordered = sorted((older, newer), key=lambda a: a.date, reverse=True)
    assert [e.title for e in entries] == [a.title for a in ordered]
    assert [e.published[:10] for e in entries if e.published] == [a.date for a in ordered]


@pytest.mark.parametrize(
    ("argument", "site"),
    [
        ("https://diskominfo.kaltimprov.go.id/berita", "https://diskominfo.kaltimprov.go.id/berita"),
        ("kaltimprov.go.id", "https://kaltimprov.go.id"),
        ("ppid.kaltimprov.go.id/feed/", "https://ppid.kaltimprov.go.id/feed/"),
        ("Gubernur", None),
        ("Rudy Mas'ud", None),
        ("banjir", None),
        ("", None),
    ],
)
def test_follow_takes_a_site_address_and_leaves_people_and_topics(
    argument: str, site: str | None
) -> None:
    assert follow_target(argument) == site


def test_the_official_copy_is_cited_then_the_earliest() -> None:
    outlet = Article("a", "x", url="https://kabar.example.id/b/1", published="2024-03-14")
    portal = Article("b", "x", url="https://kaltimprov.go.id/berita/1", published="2024-03-15")
    assert prefer(portal, outlet) and not prefer(outlet, portal)
    later = Article("c", "x", url="https://lain.example.id/2", published="2024-03-16")
    assert prefer(outlet, later) and not prefer(later, outlet)


def test_documents_give_their_text_title_and_date() -> None:
    made = read_document("siaran.pdf", pdf())
    assert made.title == SIARAN[0] and made.published == "2024-03-14"
    assert made.text.split("\n")[1].startswith("Bupati Sungai Rekaan, Rahmat Fiktifiansyah")
    assert read_document("siaran.pdf", pdf(title="Layanan Aduan Warga")).title == (
        "Layanan Aduan Warga"
    )
    word = read_document("sambutan.docx", docx(title="Sambutan Bupati"))
    assert word.title == "Sambutan Bupati" and word.published == "2024-03-14"
    assert "“Setiap aduan akan kami jawab" in word.text
    text = read_document("catatan.txt", "\n".join(SIARAN).encode())
    assert text.title == SIARAN[0] and text.text.startswith(SIARAN[1])


def test_a_scan_an_unknown_file_and_an_oversized_one_are_refused_with_reasons() -> None:
    with pytest.raises(DocumentError) as scan:
        read_document("pindaian.pdf", pdf(text=False))
    assert scan.value.code == "no_document_text"
    with pytest.raises(DocumentError) as other:
        read_document("foto.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64)
    assert other.value.code == "unsupported_document"
    with pytest.raises(TooLarge):
        read_document("besar.txt", b"kata " * 1_000_001)


def test_stored_documents_are_articles_and_a_bad_one_loses_nothing(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    results = store_documents(settings, [
        DocumentItem("siaran.pdf", pdf()), DocumentItem("pindaian.pdf", pdf(text=False)),
        DocumentItem("sambutan.docx", docx(title="Sambutan Bupati")),
    ])  # fmt: skip
    assert [r.status for r in results] == ["added", "failed", "duplicate"]
    assert results[1].error is not None and results[1].error.code == "no_document_text"
    stored = read_articles(tmp_path / "data").articles
    assert [a.title for a in stored] == [SIARAN[0]]


def test_every_source_text_is_valid_telegram_html() -> None:
    from bot.present.reports import format_feeds
    from bot.present.sources import format_sources
    from retrieval.web.source_state import Endpoint, SourceStatus
    from tests.support.telegram_html import parse_telegram_html

    followed = SourceStatus("https://a.go.id/", (Endpoint("sitemap", "https://a.go.id/s.xml"),),
                            title="Dinas <A&B>", last_error="x < y", error_code="fetch_error",
                            last_success="2024-03-14T01:00:00+00:00")  # fmt: skip
    for lang in ("id", "en"):
        for sources in ([], [followed]):
            feeds = format_feeds(("https://a.go.id/feed/",), {}, 60, lang)
            for block in (feeds, None):
                text = format_sources(sources, block, 60, lang)
                assert parse_telegram_html(text)[1] == [], text
