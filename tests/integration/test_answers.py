"""Who said what on the seed article: the answers a user sees, scored by `eval --answers`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.support.shared import SEED_QUESTIONS

pytestmark = pytest.mark.integration


def _ask(capsys: pytest.CaptureFixture[str], question: str) -> dict[str, object]:
    assert main(["ask", "--json", question]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Kata gubernur kaltim soal kerja sendiri-sendiri?", "Rudy Mas’ud"),
        ("What did the governor say about teamwork?", "Rudy Mas’ud"),
        ("RUDY MASUD bilang apa tentang laporan?", "Rudy Mas’ud"),
        ("kutipan sekwan", "Norhayati Usman"),
        ("The council secretary's statement on the forum", "Norhayati Usman"),
        ("menurut norhayati, apa gunanya forum itu?", "Norhayati Usman"),
    ],
)
def test_asking_what_someone_said_shows_their_quote_first(
    workspace: Path, capsys: pytest.CaptureFixture[str], question: str, speaker: str
) -> None:
    answer = _ask(capsys, question)
    first = answer["passages"][0]  # type: ignore[index]
    assert first["quotes"][0]["speaker"] == speaker
    assert f" {speaker}" in answer["reply"]  # type: ignore[operator]


def test_someone_named_but_not_quoted_gets_one_line_and_where_they_are(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = _ask(capsys, "Wagub ngomong apa soal briefing?")
    assert answer["unquoted"] is not None
    assert "Seno Aji" in answer["passages"][0]["text"]  # type: ignore[index]
    assert "Wakil Gubernur Seno Aji tidak dikutip langsung" in answer["reply"]  # type: ignore[operator]


def test_a_role_question_finds_the_holder(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for question, name in (
        ("Sekda Kaltim namanya siapa?", "Sri Wahyuni"),
        ("Who is the first assistant?", "Sirajuddin"),
    ):
        answer = _ask(capsys, question)
        assert name in answer["passages"][0]["text"], question  # type: ignore[index]


@pytest.mark.skipif(not SEED_QUESTIONS.is_file(), reason="../shared is not beside the project")
def test_eval_answers_scores_the_development_questions(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", "--answers", str(SEED_QUESTIONS)]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    report = json.loads(lines[-1])
    assert report["first_passage_hit"] >= 0.9
    assert report["quote_with_speaker"] == 1.0
    assert report["misses"] == sum(line.startswith("MISS ") for line in lines)
