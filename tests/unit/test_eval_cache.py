"""Cached evaluation indexes answer from what the current code reads out of the articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.search import evaluate
from retrieval.search.evaluate import open_benchmark
from tests.support.fake_embedder import HashEmbedder

ARTICLE = {
    "id": "a1",
    "text": "Bupati Rekaan meninjau pasar. “Pasar dibuka Senin,” kata Bupati Rekaan Budi Santoso.",
}


def test_a_cached_index_is_read_anew_when_the_extraction_code_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bench = tmp_path / "bench"
    bench.mkdir()
    (bench / "corpus.jsonl").write_text(json.dumps(ARTICLE) + "\n", "utf-8")
    cache = tmp_path / "cache"
    embedder = HashEmbedder()
    _, built = open_benchmark(bench, cache, embedder, "hybrid")
    _, cached = open_benchmark(bench, cache, embedder, "hybrid")
    assert built > 0.0 and cached == 0.0
    monkeypatch.setattr(evaluate, "extraction_key", lambda: "changed rules")
    _, rebuilt = open_benchmark(bench, cache, embedder, "hybrid")
    assert rebuilt > 0.0
    _, again = open_benchmark(bench, cache, embedder, "hybrid")
    assert again == 0.0  # the rebuilt index is kept as the new code's
