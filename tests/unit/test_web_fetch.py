"""Fetching and extracting article pages from the real local test site."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest

from retrieval.errors import (
    FetchError,
    FetchTimeout,
    HttpStatus,
    NoArticleText,
    TooLarge,
    TooManyRedirects,
    WrongContentType,
)
from retrieval.web.extract import clean_text
from retrieval.web.fetch import Fetcher, FetchOptions
from retrieval.web.guard import article_id_for
from tests.support.web_server import Site, fetch_article

# The test site is on 127.0.0.1, so the address guard is off here; test_web_guard proves it.
FAST = FetchOptions(allow_private=True, read_timeout=0.3, total_timeout=5.0, backoff=0.0)


@pytest.fixture
def waits() -> list[float]:
    return []


@pytest.fixture
def fetcher(waits: list[float]) -> Iterator[Fetcher]:
    with Fetcher(FAST, sleep=waits.append) as f:
        yield f


def test_article_has_title_date_site_and_only_the_main_text(site: Site, fetcher: Fetcher) -> None:
    article = fetch_article(site.url("/berita/jembatan.html"), fetcher)

    assert article.title == "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"
    assert article.published == "2024-03-14"
    assert article.source == "Warta Sungai Rekaan"
    assert article.url == site.url("/berita/jembatan.html")
    assert article.text.startswith("Bupati Sungai Rekaan, Rahmat Fiktifiansyah, meresmikan")
    assert "“Jembatan ini kami bangun agar anak-anak" in article.text
    assert article.text.rstrip().endswith("biaya angkut hasil kebun turun.")
    for noise in ("Baca juga", "Beranda", "IKLAN", "Terpopuler", "Kontak", "©", "Oleh Redaksi"):
        assert noise.lower() not in article.text.lower(), noise


def test_tracking_parameters_and_fragment_do_not_change_the_article(
    site: Site, fetcher: Fetcher
) -> None:
    plain = fetch_article(site.url("/berita/festival.html"), fetcher)
    tracked = fetch_article(
        site.url("/berita/festival.html?utm_source=wa&utm_medium=share&fbclid=X1&gclid=Y#atas"),
        fetcher,
    )
    assert tracked.id == plain.id == article_id_for(site.url("/berita/festival.html"))
    assert tracked.url == plain.url == site.url("/berita/festival.html")


def test_xhtml_pages_are_accepted(site: Site, fetcher: Fetcher) -> None:
    article = fetch_article(site.url("/xhtml/anggaran"), fetcher)
    assert article.title == "DPRD Sungai Rekaan Setujui Anggaran Air Bersih Desa"


@pytest.mark.parametrize(
    "slug",
    ["kafe-cp1252", "kafe-latin1-meta", "kafe-tanpa-label",
     "kafe-rot13", "kafe-base64-meta", "kafe-idna"],
)  # fmt: skip
def test_non_utf8_pages_decode_correctly(site: Site, fetcher: Fetcher, slug: str) -> None:
    """Declared in the header, in <meta> (as latin-1), not at all, or as a non-text codec."""
    article = fetch_article(site.url(f"/berita/{slug}.html"), fetcher)
    assert article.title == "Kafe André di Desa Rekaan Jadi Tujuan Wisata Baru"
    assert "kopi lokal dan crème brûlée itu" in article.text
    assert "“Kami ingin tamu merasakan kopi dari kebun warga sendiri,” kata André" in article.text
    assert "\ufffd" not in article.text


def test_five_redirects_are_followed_and_the_final_url_is_cited(
    site: Site, fetcher: Fetcher
) -> None:
    article = fetch_article(site.url("/redirect/4/anggaran"), fetcher)  # 5 hops
    assert article.url == site.url("/berita/anggaran.html")


def test_a_sixth_redirect_is_refused(site: Site, fetcher: Fetcher) -> None:
    before = site.count("/berita/anggaran.html")
    with pytest.raises(TooManyRedirects):
        fetch_article(site.url("/redirect/5/anggaran"), fetcher)
    assert site.count("/berita/anggaran.html") == before  # the sixth hop is never requested


def test_a_redirect_loop_is_refused(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(TooManyRedirects, match="loop"):
        fetch_article(site.url("/loop/a"), fetcher)


def test_a_slow_server_times_out_after_retries_with_growing_waits(site: Site) -> None:
    waits: list[float] = []
    options = FetchOptions(allow_private=True, read_timeout=0.2, retries=2, backoff=0.5)
    before = site.count("/lambat")
    with Fetcher(options, sleep=waits.append) as fetcher, pytest.raises(FetchTimeout):
        fetch_article(site.url("/lambat?s=1.5"), fetcher)
    assert site.count("/lambat") - before == 3
    assert waits == [0.5, 1.0]


def test_a_page_that_drips_forever_is_cut_by_the_overall_deadline(site: Site) -> None:
    options = FetchOptions(allow_private=True, read_timeout=5, total_timeout=0.5, retries=0)
    with Fetcher(options) as fetcher, pytest.raises(FetchTimeout):
        fetch_article(site.url("/menetes?s=0.05"), fetcher)


def test_headers_dripping_byte_by_byte_are_cut_by_the_overall_deadline(site: Site) -> None:
    # Every read gets a byte well within read_timeout; the server would drip for ~30 s.
    options = FetchOptions(allow_private=True, read_timeout=5, total_timeout=0.5, retries=2)
    started = time.monotonic()
    with Fetcher(options) as fetcher, pytest.raises(FetchTimeout):
        fetch_article(site.url("/kepala-menetes?s=0.05"), fetcher)
    assert time.monotonic() - started < 5  # the deadline covers headers and all the retries


def test_credentials_in_a_url_are_never_sent_stored_or_shown(site: Site, fetcher: Fetcher) -> None:
    secret_url = site.url("/berita/jembatan.html").replace("//", "//redaksi:rahasia-xyz@")
    redirect = site.url("/ke-privat?to=") + secret_url.replace("jembatan", "festival")
    for url in (secret_url, redirect):
        article = fetch_article(url, fetcher)
        assert "rahasia-xyz" not in repr(article) and "redaksi" not in (article.url or "")
    with pytest.raises(HttpStatus) as caught:
        fetch_article(secret_url.replace("jembatan", "hilang"), fetcher)
    assert "rahasia-xyz" not in f"{caught.value} {caught.value.url}"
    assert site.authorizations == []


@pytest.mark.parametrize("path", ["/besar.html", "/besar-dinyatakan.html"])
def test_oversized_pages_are_cut_off(site: Site, path: str) -> None:
    options = FetchOptions(allow_private=True, max_bytes=1_000_000)
    with Fetcher(options) as fetcher, pytest.raises(TooLarge) as caught:
        fetch_article(site.url(path), fetcher)
    assert caught.value.limit == 1_000_000


def test_a_page_under_the_size_limit_is_read(site: Site) -> None:
    with Fetcher(FetchOptions(allow_private=True, max_bytes=100_000)) as fetcher:
        assert fetch_article(site.url("/berita/jembatan.html"), fetcher).title


@pytest.mark.parametrize(
    ("path", "media"),
    [("/gambar.png", "image/png"), ("/data.json", "application/json"),
     ("/dokumen.pdf", "application/pdf"), ("/tanpa-tipe", "")],
)  # fmt: skip
def test_wrong_content_types_are_refused(
    site: Site, fetcher: Fetcher, path: str, media: str
) -> None:
    with pytest.raises(WrongContentType) as caught:
        fetch_article(site.url(path), fetcher)
    assert caught.value.content_type == media


def test_a_500_that_recovers_is_retried(site: Site, fetcher: Fetcher, waits: list[float]) -> None:
    article = fetch_article(site.url("/goyah/pulih?fail=2"), fetcher)
    assert article.title == "Wakil Bupati Buka Festival Perahu Hias Sungai Rekaan"
    assert site.count("/goyah/pulih") == 3
    assert len(waits) == 2


def test_a_lasting_5xx_gives_the_status_after_the_retries(site: Site, fetcher: Fetcher) -> None:
    before = site.count("/rusak-500")
    with pytest.raises(HttpStatus) as caught:
        fetch_article(site.url("/rusak-500"), fetcher)
    assert caught.value.status == 503
    assert site.count("/rusak-500") - before == 3


def test_a_404_is_not_retried(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(HttpStatus) as caught:
        fetch_article(site.url("/hilang-sekali"), fetcher)
    assert caught.value.status == 404
    assert site.count("/hilang-sekali") == 1


def test_a_page_without_article_text_is_refused(site: Site, fetcher: Fetcher) -> None:
    with pytest.raises(NoArticleText):
        fetch_article(site.url("/kosong.html"), fetcher)


def test_a_closed_port_is_a_fetch_error(fetcher: Fetcher) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound but not listening: connections are refused
        with pytest.raises(FetchError, match="cannot connect"):
            fetch_article(f"http://127.0.0.1:{port}/berita/x.html", fetcher)


def test_baca_juga_lines_go_but_sentences_opening_with_baca_stay() -> None:
    text = (
        "Judul Berita\nBaca tulis jadi program unggulan desa.\nBaca juga: Berita lain\n"
        "BACA JUGA Berita lain lagi\nSimak: video\nBerita Terkait\nKalimat biasa."
    )
    assert clean_text(text, "Judul Berita") == (
        "Baca tulis jadi program unggulan desa.\nKalimat biasa."
    )
