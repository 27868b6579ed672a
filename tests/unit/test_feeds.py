"""Feeds: RSS/Atom parsing, refresh over several feeds (one failing), persisted feed status."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.errors import BadFeed, BadScheme, HttpStatus, NoArticleText, WrongContentType
from retrieval.index.articles import read_articles
from retrieval.web.feed_state import FeedStateStore
from retrieval.web.feeds import parse_feed, refresh
from retrieval.web.fetch import Fetcher
from retrieval.web.library import Library
from tests.support.web_server import Site
from tests.support.web_server_pages import ENTITY_BOMB, atom, rss


def test_rss_entries_have_absolute_links_titles_and_iso_dates() -> None:
    feed = parse_feed(rss("https://warta.contoh.id"), "https://warta.contoh.id/rss.xml")
    assert feed.title == "Warta Sungai Rekaan"
    assert [e.url for e in feed.entries] == [
        "https://warta.contoh.id/berita/jembatan.html?utm_source=rss&utm_medium=feed",
        "https://warta.contoh.id/berita/festival.html",
        "https://warta.contoh.id/kosong.html",
        "https://warta.contoh.id/hilang.html",
    ]
    assert feed.entries[0].published == "2024-03-14T01:00:00+00:00"
    assert feed.entries[1].title == "Festival"


def test_atom_entries_and_relative_links() -> None:
    feed = parse_feed(atom("https://dprd.contoh.id"), "https://dprd.contoh.id/atom.xml")
    assert feed.title == "DPRD Sungai Rekaan"
    assert feed.entries[0].url == "https://dprd.contoh.id/berita/anggaran.html"
    assert feed.entries[0].published == "2024-06-20T10:00:00+08:00"
    relative = parse_feed(
        b"<rss version='2.0'><channel><item><link>/berita/9.html</link></item>"
        b"<item><link>javascript:alert(1)</link></item></channel></rss>",
        "https://warta.contoh.id/feed/",
    )
    assert [e.url for e in relative.entries] == ["https://warta.contoh.id/berita/9.html"]


def test_rss_1_0_is_read_too() -> None:
    rdf = (
        b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/"><channel><title>RDF</title></channel>'
        b"<item><title>Satu</title><link>https://warta.contoh.id/1</link></item></rdf:RDF>"
    )
    assert [e.url for e in parse_feed(rdf, "https://warta.contoh.id/").entries] == [
        "https://warta.contoh.id/1"
    ]


@pytest.mark.parametrize(
    "body",
    [ENTITY_BOMB, b"<rss><channel><item><link>", b"<html><body>bukan feed</body></html>",
     b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss>&x;</rss>'],
)  # fmt: skip
def test_unsafe_broken_or_non_feed_xml_is_refused(body: bytes) -> None:
    with pytest.raises(BadFeed):
        parse_feed(body, "https://warta.contoh.id/rss.xml")


def test_refresh_adds_new_entries_and_one_failing_feed_never_stops_the_others(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    data, state = tmp_path / "data", tmp_path / "state"
    feeds = [site.url("/feeds/rusak.xml"), site.url("/feeds/rss.xml"),
             site.url("/feeds/bukan-feed.xml"), site.url("/feeds/atom.xml"),
             site.url("/feeds/tidak-ada.xml"), "ftp://warta.contoh.id/rss.xml"]  # fmt: skip
    results = refresh(feeds, Library(data), fetcher, state, workers=2)

    by_feed = {r.feed_url: r for r in results}
    assert isinstance(by_feed[feeds[0]].error, BadFeed)
    assert isinstance(by_feed[feeds[2]].error, WrongContentType)
    assert isinstance(by_feed[feeds[4]].error, HttpStatus)
    assert isinstance(by_feed[feeds[5]].error, BadScheme)

    rss_status = {e.url.split("/")[-1]: e.status for e in by_feed[feeds[1]].entries}
    assert rss_status == {
        "jembatan.html?utm_source=rss&utm_medium=feed": "added",
        "festival.html": "added",
        "kosong.html": "failed",
        "hilang.html": "failed",
    }
    failures = {e.url.split("/")[-1]: e.error for e in by_feed[feeds[1]].entries if e.error}
    assert isinstance(failures["kosong.html"], NoArticleText)
    assert isinstance(failures["hilang.html"], HttpStatus)
    atom_status = [e.status for e in by_feed[feeds[3]].entries]
    assert atom_status == ["added", "known", "duplicate"]  # anggaran, jembatan#..., copy

    titles = sorted(a.title or "" for a in read_articles(data).articles)
    assert titles == [
        "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh",
        "DPRD Sungai Rekaan Setujui Anggaran Air Bersih Desa",
        "Wakil Bupati Buka Festival Perahu Hias Sungai Rekaan",
    ]
    stored = {a.title: a for a in read_articles(data).articles}
    assert stored["Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"].url == site.url(
        "/berita/jembatan.html"
    )

    statuses = FeedStateStore(state).read()
    assert statuses[feeds[1]].last_success and statuses[feeds[1]].last_error is None
    assert statuses[feeds[1]].articles == 2 and statuses[feeds[1]].entries == 4
    assert statuses[feeds[3]].articles == 1
    assert statuses[feeds[0]].last_success is None and statuses[feeds[0]].last_error


def test_a_second_refresh_fetches_no_stored_article_again(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    data, state = tmp_path / "data", tmp_path / "state"
    feed = [site.url("/feeds/atom.xml")]
    (first,) = refresh(feed, Library(data), fetcher, state)
    assert [e.status for e in first.entries] == ["added", "added", "added"]
    site.reset()
    (again,) = refresh(feed, Library(data), fetcher, state)
    assert [e.status for e in again.entries] == ["known", "known", "known"]
    assert site.count("/feeds/atom.xml") == 1
    assert sum(site.hits.values()) == 1  # no article page was requested again
    assert FeedStateStore(state).read()[feed[0]].articles == 3  # counted once


def test_a_feed_that_recovers_keeps_its_last_error_time_but_clears_the_error(
    tmp_path: Path, site: Site, fetcher: Fetcher
) -> None:
    store = FeedStateStore(tmp_path)
    store.record_error("https://warta.contoh.id/rss.xml", "2024-01-01T00:00:00+00:00", "boom")
    store.record_success("https://warta.contoh.id/rss.xml", "2024-01-02T00:00:00+00:00", 3, 5)
    status = FeedStateStore(tmp_path).read()["https://warta.contoh.id/rss.xml"]
    assert status.last_error is None and status.last_error_at == "2024-01-01T00:00:00+00:00"
    assert status.last_success == "2024-01-02T00:00:00+00:00" and status.articles == 3


def test_an_unreadable_state_file_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / "feeds.json").write_text("{tidak json", encoding="utf-8")
    store = FeedStateStore(tmp_path)
    assert store.read() == {}
    store.record_success("https://warta.contoh.id/rss.xml", "2024-01-02T00:00:00+00:00", 1, 1)
    saved = json.loads((tmp_path / "feeds.json").read_text(encoding="utf-8"))
    assert saved["feeds"][0]["url"] == "https://warta.contoh.id/rss.xml"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".feeds-")] == []
