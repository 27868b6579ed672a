"""Storing fetched articles: one file per article, by URL and by text; failures store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.errors import NoArticleText
from retrieval.index.articles import read_articles, save_article
from retrieval.records import Article
from retrieval.web.fetch import Fetcher
from retrieval.web.library import Library, ingest_url
from tests.support.web_server import Site


def _stored(data: Path) -> tuple[Article, ...]:
    return read_articles(data).articles


def test_an_added_article_is_stored_with_its_metadata(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    result = ingest_url(site.url("/berita/jembatan.html"), Library(tmp_path), fetcher)
    assert result.status == "added"
    (article,) = _stored(tmp_path)
    assert result.article is not None and article.id == result.article.id
    assert article.title == "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"
    assert article.published == "2024-03-14"
    assert article.url == site.url("/berita/jembatan.html")
    assert article.source == "Warta Sungai Rekaan"
    assert "Rahmat Fiktifiansyah" in article.text


def test_the_same_url_twice_and_with_tracking_parameters_is_one_article(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    library = Library(tmp_path)
    first = ingest_url(site.url("/berita/festival.html"), library, fetcher)
    again = ingest_url(site.url("/berita/festival.html"), library, fetcher)
    tracked_url = site.url("/berita/festival.html?utm_source=fb&fbclid=abc")
    tracked = ingest_url(tracked_url, library, fetcher)
    assert [first.status, again.status, tracked.status] == ["added", "unchanged", "unchanged"]
    assert len(_stored(tmp_path)) == 1


def test_a_url_reached_by_redirect_is_known_under_both_urls(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    library = Library(tmp_path)
    assert ingest_url(site.url("/redirect/1/anggaran"), library, fetcher).status == "added"
    direct = ingest_url(site.url("/berita/anggaran.html"), library, fetcher)
    assert direct.status == "unchanged"
    fresh = Library(tmp_path)  # after a restart, the final URL is what the file knows
    assert fresh.known_url(site.url("/berita/anggaran.html")) is not None


def test_the_same_text_under_another_url_is_stored_once(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    library = Library(tmp_path)
    original = ingest_url(site.url("/berita/festival.html"), library, fetcher)
    copy = ingest_url(site.url("/cermin/festival.html"), Library(tmp_path), fetcher)
    assert copy.status == "duplicate"
    assert copy.article is not None and original.article is not None
    assert copy.article.id == original.article.id
    assert len(_stored(tmp_path)) == 1


def test_a_changed_page_updates_its_article_in_place(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    url = site.url("/berita/anggaran.html")
    old = ingest_url(url, Library(tmp_path), fetcher).article
    assert old is not None
    corrected = Article(old.id, "Teks lama yang sudah dikoreksi redaksi.", old.title, url)
    save_article(corrected, tmp_path)
    result = ingest_url(url, Library(tmp_path), fetcher)
    assert result.status == "updated"
    (article,) = _stored(tmp_path)
    assert article.id == old.id
    assert "Bambang Ujicoba" in article.text


def test_skip_known_does_not_fetch_a_stored_url_again(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    library = Library(tmp_path)
    ingest_url(site.url("/berita/jembatan.html"), library, fetcher)
    before = site.count("/berita/jembatan.html")
    again = site.url("/berita/jembatan.html#komentar")
    result = ingest_url(again, library, fetcher, skip_known=True)
    assert result.status == "known"
    assert site.count("/berita/jembatan.html") == before


@pytest.mark.parametrize("path", ["/kosong.html", "/gambar.png", "/hilang.html"])
def test_a_failed_url_stores_nothing_and_says_why(
    tmp_path: Path, site: Site, fetcher: Fetcher, path: str
) -> None:
    result = ingest_url(site.url(path), Library(tmp_path), fetcher)
    assert result.status == "failed"
    assert result.error is not None and str(result.error)
    if path == "/kosong.html":
        assert isinstance(result.error, NoArticleText)
    assert list(tmp_path.iterdir()) == []


def test_feed_metadata_fills_only_what_the_page_lacks(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    result = ingest_url(
        site.url("/cermin/jembatan.html"), Library(tmp_path), fetcher,
        title="Judul dari feed", published="2024-03-15T08:00:00+08:00",
    )  # fmt: skip
    assert result.article is not None
    assert result.article.title == "Cermin Berita"  # the page's own <title> wins
    assert result.article.published == "2024-03-15T08:00:00+08:00"  # the page has no date


def test_credentials_in_an_added_or_configured_url_are_never_stored(
    tmp_path: Path, site: Site, fetcher: Fetcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.settings import Settings

    url = site.url("/berita/jembatan.html").replace("//", "//admin:sandi-rahasia@")
    result = ingest_url(url, Library(tmp_path), fetcher)
    assert result.status == "added" and "sandi-rahasia" not in result.url
    assert not [p for p in tmp_path.rglob("*") if "sandi-rahasia" in p.read_text("utf-8")]
    monkeypatch.setenv("BRIEFBOT_FEEDS", "https://admin:sandi-rahasia@warta.contoh.id/rss")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.feeds == ("https://warta.contoh.id/rss",)
