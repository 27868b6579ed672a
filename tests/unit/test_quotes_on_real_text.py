"""Quote and speaker reading never fails on real Indonesian text: every text of the shared corpora.

Titles, lists, English phrases and tables in Wikipedia and news text are what word rules trip
on; an exception here would stop a whole `briefbot index` or `/add`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.text.quotes import extract_quotes

BENCHMARKS = next(
    (up / "shared" / "benchmarks" for up in Path(__file__).resolve().parents
     if (up / "shared" / "benchmarks").is_dir()),
    Path("/work/shared/benchmarks"),
)  # fmt: skip


@pytest.mark.parametrize("corpus", ["facqa-news", "tydiqa-id-wiki"])
def test_every_text_of_a_benchmark_corpus_is_read(corpus: str) -> None:
    lines = (BENCHMARKS / corpus / "corpus.jsonl").read_text(encoding="utf-8").splitlines()
    failed = []
    for line in lines:
        row = json.loads(line)
        try:
            extract_quotes(row["text"])
        except Exception as exc:  # any exception is the failure this test reports
            failed.append(f"{row['id']}: {exc!r}")
    assert len(lines) > 1000 and failed == []


def test_every_pfsa_article_is_read() -> None:
    articles = sorted((BENCHMARKS / "pfsa-id-dev" / "articles").glob("*.md"))
    assert len(articles) > 300
    for path in articles:
        extract_quotes(path.read_text(encoding="utf-8"))


def test_a_rule_failing_on_an_article_costs_its_quotes_not_the_index(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from retrieval.index.people import read_people
    from retrieval.index.store import StoredChunk
    from retrieval.records import Chunk
    from retrieval.text import quotes

    text = "“Jalan itu selesai tahun ini,” kata Gubernur Kaltim Rudy Contoh di Samarinda."
    chunk = StoredChunk(0, Chunk("a", 0, 0, len(text), text, ()), "h")
    assert extract_quotes(text)[0].speaker == "Rudy Contoh"
    assert read_people([chunk])

    def broken(_: str) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(quotes, "People", broken)
    monkeypatch.setattr("retrieval.index.people.People", broken)
    assert extract_quotes(text) == []
    assert read_people([chunk]) == ()
    assert "could not be read" in caplog.text and "Rudy" not in caplog.text
