"""`briefbot add` / `briefbot refresh`: the entry points in-process, and the command itself."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli.ingest import cli_add, cli_refresh
from bot.engine import LazyEmbedder
from bot.ingest import AddReport, IndexOutcome, store_urls
from bot.present.reports import format_add
from bot.settings import Settings
from retrieval.index.articles import read_articles
from retrieval.model.embedder import Embedder
from retrieval.search.searcher import Searcher
from tests.support.environment import without_settings
from tests.support.fake_bot_api import parse_telegram_html
from tests.support.web_server import Site

ROOT = Path(__file__).resolve().parents[2]


def settings(tmp: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp / "data", "index_dir": tmp / "index", "state_dir": tmp / "state",
        "cache_dir": tmp / "cache", "allow_private_urls": True, "fetch_retries": 0,
        "fetch_read_timeout": 2.0, **extra,
    }  # fmt: skip
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def _never_loaded() -> Embedder:
    raise AssertionError("the model was loaded although nothing changed")


NO_MODEL = LazyEmbedder(_never_loaded)


def test_add_of_bad_urls_says_why_for_each_and_stores_nothing(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    s = settings(tmp_path)
    urls = [site.url("/kosong.html"), site.url("/gambar.png"), site.url("/rusak-500"),
            "ftp://warta.contoh.id/x", site.url("/loop/a")]  # fmt: skip
    assert cli_add(s, urls, NO_MODEL) == 1
    out = capsys.readouterr().out
    assert out.count("❌ Not added") == 5
    assert "no article text on that page; nothing was stored" in out
    assert "not an HTML page (its content type: image/png)" in out
    assert "HTTP status 503" in out
    assert "must start with http:// or https://" in out
    assert "redirect loop" in out
    assert "No new articles; the index is unchanged." in out
    assert read_articles(s.data_dir).articles == ()


def test_add_refuses_private_addresses_unless_allowed(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    s = settings(tmp_path, allow_private_urls=False)
    site.reset()
    assert cli_add(s, [site.url("/berita/jembatan.html")], NO_MODEL) == 1
    assert "internal or private network; refused for safety" in capsys.readouterr().out
    assert site.count("/berita/jembatan.html") == 0


def test_add_of_an_already_stored_url_changes_nothing(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    s = settings(tmp_path)
    store_urls(s, [site.url("/berita/festival.html")])
    copy = site.url("/cermin/festival.html")
    assert cli_add(s, [site.url("/berita/festival.html?utm_source=x"), copy], NO_MODEL) == 0
    out = capsys.readouterr().out
    assert "Already stored, unchanged: Wakil Bupati Buka Festival Perahu Hias" in out
    assert "The same text is already stored as: Wakil Bupati Buka Festival" in out
    assert len(read_articles(s.data_dir).articles) == 1


def test_refresh_without_feeds_says_how_to_set_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_refresh(settings(tmp_path), NO_MODEL) == 2
    assert "BRIEFBOT_FEEDS" in capsys.readouterr().err


def test_refresh_reports_each_broken_feed(
    tmp_path: Path, site: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    feeds = (site.url("/feeds/rusak.xml"), site.url("/feeds/entitas.xml"))
    assert cli_refresh(settings(tmp_path, feeds=feeds), NO_MODEL) == 1
    out = capsys.readouterr().out
    assert out.count("could not be read — not a readable RSS/Atom feed") == 2


def test_the_telegram_report_is_valid_html_with_titles_escaped(tmp_path: Path, site: Site) -> None:
    items = store_urls(settings(tmp_path), [site.url("/berita/anggaran.html"),
                                            site.url("/kosong.html?a=<b>&c=1")])  # fmt: skip
    text = format_add(AddReport(items, IndexOutcome()), "id", html=True, show_index=False)
    visible, errors = parse_telegram_html(text)
    assert errors == []
    assert "✅ Ditambahkan: DPRD Sungai Rekaan Setujui Anggaran Air Bersih Desa (20 Juni 2024)" in (
        visible
    )
    assert "1 potongan teks, 1 kutipan langsung dari " in visible  # who: the quote extractor's call
    assert "❌ Tidak ditambahkan" in visible and "tidak ada teks artikel" in visible


@pytest.mark.integration
def test_add_then_the_article_is_answerable_with_its_real_url(
    tmp_path: Path, site: Site, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    s = settings(tmp_path)
    assert cli_add(s, [site.url("/berita/jembatan.html?utm_source=wa")], embedder) == 0
    out = capsys.readouterr().out
    title = "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"
    assert f"✅ Added: {title} (14 March 2024)" in out
    assert "2 direct quotes by Rahmat Fiktifiansyah" in out
    assert "Index updated: 1 articles" in out

    answer = Searcher.open(s.index_dir, embedder).ask("Apa kata Bupati tentang jembatan?")
    assert answer.answered
    top = answer.passages[0]
    assert top.source.url == site.url("/berita/jembatan.html")
    assert top.source.title == "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"
    assert top.source.published == "2024-03-14"


@pytest.mark.integration
def test_refresh_indexes_new_feed_articles_once(
    tmp_path: Path, site: Site, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    s = settings(tmp_path, feeds=(site.url("/feeds/rss.xml"), site.url("/feeds/atom.xml")))
    assert cli_refresh(s, embedder) == 0
    out = capsys.readouterr().out
    assert "Warta Sungai Rekaan: 2 new, 0 already stored, 2 failed" in out
    assert "DPRD Sungai Rekaan: 1 new, 2 already stored, 0 failed" in out
    assert "Index updated: 3 articles" in out

    assert cli_refresh(s, NO_MODEL) == 0  # nothing new: no fetch of stored pages, no model
    assert "No new articles; the index is unchanged." in capsys.readouterr().out


def briefbot(tmp: Path, cache: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the `briefbot` command as a user would, configured only through its environment."""
    script = Path(sys.executable).with_name("briefbot")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot.cli.main"]
    inherited = without_settings()
    settings = {
        "BRIEFBOT_DATA_DIR": str(tmp / "data"), "BRIEFBOT_INDEX_DIR": str(tmp / "index"),
        "BRIEFBOT_STATE_DIR": str(tmp / "state"), "BRIEFBOT_CACHE_DIR": str(cache),
        "BRIEFBOT_FETCH_RETRIES": "0", "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8",
    }  # fmt: skip
    return subprocess.run(
        [*command, *args], cwd=tmp, env={**inherited, **settings, **env},
        capture_output=True, text=True, timeout=900,
    )  # fmt: skip


@pytest.mark.integration
def test_the_briefbot_add_command_stores_and_indexes(
    tmp_path: Path, site: Site, model_cache_dir: Path, embedder: Embedder
) -> None:
    url = site.url("/berita/jembatan.html?utm_source=wa")
    refused = briefbot(tmp_path, model_cache_dir, "add", url)
    assert refused.returncode == 1
    assert "internal or private network; refused for safety" in refused.stdout
    assert not (tmp_path / "index").exists()

    added = briefbot(tmp_path, model_cache_dir, "add", url, BRIEFBOT_ALLOW_PRIVATE_URLS="1")
    assert added.returncode == 0, added.stderr[-2000:]
    title = "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"
    assert f"✅ Added: {title} (14 March 2024)" in added.stdout
    assert "Index updated: 1 articles, 3 chunks, 2 quotes" in added.stdout
    (stored,) = read_articles(tmp_path / "data").articles
    assert stored.url == site.url("/berita/jembatan.html")
    answer = Searcher.open(tmp_path / "index", embedder).ask("Apa kata Bupati tentang jembatan?")
    assert answer.passages[0].source.url == stored.url
    assert answer.passages[0].source.title == title

    again = briefbot(tmp_path, model_cache_dir, "add", site.url("/berita/jembatan.html"),
                     BRIEFBOT_ALLOW_PRIVATE_URLS="1")  # fmt: skip
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"Already stored, unchanged: {title}" in again.stdout
    assert "No new articles; the index is unchanged." in again.stdout


@pytest.mark.integration
def test_the_briefbot_refresh_command_reads_the_configured_feeds(
    tmp_path: Path, site: Site, model_cache_dir: Path, embedder: Embedder
) -> None:
    feeds = f"{site.url('/feeds/rss.xml')}, {site.url('/feeds/atom.xml')}"
    env = {"BRIEFBOT_ALLOW_PRIVATE_URLS": "1", "BRIEFBOT_FEEDS": feeds}
    first = briefbot(tmp_path, model_cache_dir, "refresh", **env)
    assert first.returncode == 0, first.stderr[-2000:]
    assert "Warta Sungai Rekaan: 2 new, 0 already stored, 2 failed" in first.stdout
    assert "DPRD Sungai Rekaan: 1 new, 2 already stored, 0 failed" in first.stdout
    assert "Index updated: 3 articles" in first.stdout
    answer = Searcher.open(tmp_path / "index", embedder).ask(
        "Berapa desa yang mendapat anggaran air bersih?")  # fmt: skip
    assert answer.passages[0].source.url == site.url("/berita/anggaran.html")
    assert "15 desa" in answer.passages[0].chunk.text

    again = briefbot(tmp_path, model_cache_dir, "refresh", **env)
    assert again.returncode == 0, again.stderr[-2000:]
    assert "No new articles; the index is unchanged." in again.stdout
