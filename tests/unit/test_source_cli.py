"""`briefbot follow`, `sources`, `refresh` and `add FILE` on the terminal (a hashing embedder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.cli.ingest import cli_add, cli_follow, cli_refresh, cli_sources
from bot.settings import Settings
from retrieval.index.articles import read_articles
from tests.support.documents import SIARAN, docx, pdf
from tests.support.fake_embedder import HashEmbedder
from tests.support.source_sites import SourceSite, serve_site
from tests.support.web_server_pages import bench_article


def settings(tmp: Path, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp / "data", "index_dir": tmp / "index", "state_dir": tmp / "state",
        "allow_private_urls": True, "fetch_retries": 0, "crawl_delay": 0.0, **extra,
    }  # fmt: skip
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_follow_then_sources_then_refresh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    s = settings(tmp_path)
    site = SourceSite("sitemap", "Portal Sungai Rekaan", [bench_article(n) for n in range(1, 9)])
    with serve_site(site):
        assert cli_follow(s, site.base + "/", 4, HashEmbedder()) == 0
        captured = capsys.readouterr()
        assert "Portal Sungai Rekaan: following its sitemap" in captured.err
        assert "Following Portal Sungai Rekaan (sitemap): 4 new articles" in captured.out
        assert "Index updated: 4 articles" in captured.out
        assert cli_sources(s) == 0
        listed = capsys.readouterr().out
        assert "kind: sitemap; 4 articles found, 4 indexed" in listed
        site.reset()
        assert cli_refresh(s, HashEmbedder()) == 0
        assert "Portal Sungai Rekaan: 0 new" in capsys.readouterr().out
        assert len(site.paths()) == 1
    assert len(read_articles(s.data_dir).articles) == 4


def test_follow_of_a_site_with_nothing_to_follow_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = SourceSite("cms", "Kosong", [])
    with serve_site(site):
        assert cli_follow(settings(tmp_path), site.base + "/", 4, HashEmbedder()) == 1
    assert "no feed, WordPress API, sitemap or article listing found" in capsys.readouterr().out


def test_add_reads_documents_and_refuses_a_scan_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "siaran.pdf").write_bytes(pdf())
    (tmp_path / "sambutan.docx").write_bytes(docx(["Sambutan Bupati", *SIARAN[2:], "Lain."]))
    (tmp_path / "pindaian.pdf").write_bytes(pdf(text=False))
    s = settings(tmp_path)
    files = [str(tmp_path / n) for n in ("siaran.pdf", "sambutan.docx", "pindaian.pdf")]
    assert cli_add(s, files, HashEmbedder()) == 1
    out = capsys.readouterr().out
    assert f"✅ Added: {SIARAN[0]} (14 March 2024)" in out
    assert "The same text is already stored as" in out  # the DOCX says the same
    assert "❌ Not added: pindaian.pdf" in out and "scanned PDF" in out
    assert "Index updated: 1 articles" in out
