"""Command-line flags override the configured settings, in one place, and only when given."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import _parser, with_flags
from bot.settings import Settings


def _settings(argv: list[str]) -> Settings:
    return with_flags(Settings(), _parser().parse_args(argv))


def test_flags_win_over_the_environment(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_SEARCH_MODE", "dense")
    monkeypatch.setenv("BRIEFBOT_TOP_K", "7")
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", "elsewhere")
    given = _settings(["ask", "siapa?", "--mode", "bm25", "-k", "2", "--index", "mine"])
    assert (given.search_mode, given.top_k, given.index_dir) == ("bm25", 2, Path("mine"))
    configured = _settings(["ask", "siapa?"])
    assert (configured.search_mode, configured.top_k) == ("dense", 7)
    assert configured.index_dir == Path("elsewhere")


def test_index_flags_name_both_folders(clean_env: Path) -> None:
    given = _settings(["index", "--data", "artikel", "--index", "indeks"])
    assert (given.data_dir, given.index_dir) == (Path("artikel"), Path("indeks"))
    assert _settings(["quotes"]).index_dir == Settings().index_dir
