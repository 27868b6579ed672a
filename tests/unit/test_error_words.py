"""Engine errors reach people through their codes: chat words in id/en, advice on the terminal."""

from __future__ import annotations

import pytest

from bot.cli.errors import cli_words
from bot.present.errors import describe_error
from retrieval import errors
from retrieval.errors import (
    ArticleError,
    BriefbotError,
    HttpStatus,
    IndexBusy,
    IndexCorrupt,
    IndexMissing,
    QuestionError,
    TooLarge,
    WrongContentType,
)


def _engine_errors() -> list[type[BriefbotError]]:
    found = [v for v in vars(errors).values() if isinstance(v, type)]
    return [c for c in found if issubclass(c, BriefbotError) and c is not BriefbotError]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_engine_error_has_its_own_words(lang: str) -> None:
    kinds = [c for c in _engine_errors() if c is not QuestionError]  # the reply texts say those
    said = {describe_error(kind("fakta mesin"), lang) for kind in kinds}
    assert len(said) == len(kinds)  # one sentence per kind
    assert not any(s == "fakta mesin" for s in said)  # none falls back to the engine's words
    assert "briefbot index" not in " ".join(said)


def test_details_of_a_fetch_failure_are_filled_in() -> None:
    assert "HTTP status 404" in describe_error(HttpStatus("x", status=404), "en")
    assert "5 MB" in describe_error(TooLarge("x", limit=5_000_000), "id")
    assert "text/plain" in describe_error(WrongContentType("x", content_type="text/plain"), "id")
    assert "content type: -)" in describe_error(WrongContentType("x"), "en")


def test_the_terminal_gets_the_fact_and_what_to_run() -> None:
    assert cli_words(IndexMissing("no index in data/.index")) == (
        "no index in data/.index: run `briefbot index` first"
    )
    assert cli_words(IndexCorrupt("vector file v.faiss is damaged")).endswith(
        "damaged: run `briefbot index` to rebuild it"
    )
    assert cli_words(IndexBusy("another indexing run is writing x")).endswith("try again later")
    empty = ArticleError("no readable articles", ArticleError.NO_ARTICLES)
    assert "--allow-empty" in cli_words(empty)
    assert cli_words(ArticleError("data folder not found: x")) == "data folder not found: x"


def test_a_code_given_where_raised_wins_over_the_kinds() -> None:
    assert IndexMissing("x").code == "index_missing" and HttpStatus("x").code == "http_status"
    assert ArticleError("x").code == "article_error"
    assert ArticleError("x", ArticleError.NO_ARTICLES).code == "no_articles"
    assert QuestionError(QuestionError.EMPTY, "the question is empty").code == "empty"
