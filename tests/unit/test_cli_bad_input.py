"""The terminal commands fed bad bytes and blank lines (a closed pipe: test_cli_faults)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.support.hashed_index import make_index, use_hash_model


@pytest.fixture
def installed(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    make_index(clean_env)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(clean_env / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    use_hash_model(monkeypatch)
    yield clean_env


def test_ask_from_stdin_answers_one_line_per_line_whatever_the_bytes(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    lines = [b"Apa pesan gubernur soal rapat?\n", b"\xff\xfe rusak \xc3\n", b"\n", b"   \n",
             b"Siapa sekretaris dewan itu?"]  # fmt: skip
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"".join(lines))))
    assert main(["ask", "-"]) == 2  # some lines could not be searched; the others were
    out = capsysbinary.readouterr().out.decode("utf-8")  # strict: no raw bad byte came out
    answers = [json.loads(line) for line in out.splitlines()]
    assert len(answers) == len(lines)
    assert [a.get("error") for a in answers] == [None, "invalid_utf8", "empty", "empty", None]
    assert answers[1]["question"] == "\ufffd\ufffd rusak \ufffd"
    assert answers[0]["question"].startswith("Apa pesan") and "reply" in answers[4]


def test_bad_bytes_in_arguments_are_replaced_not_echoed(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Python hands undecodable argv bytes over as lone surrogates ("\udcff" is byte 0xff).
    main(["ask", "--json", "gubernur \udcff rapat"])
    assert json.loads(capsys.readouterr().out)["question"] == "gubernur \ufffd rapat"
    assert main(["ask", "--json", "\udcff\udcfe"]) == 2
    assert "\udcff" not in capsys.readouterr().out
    assert main(["quotes", "--speaker", "nor\udcffha"]) == 0
    assert capsys.readouterr().out.strip() == "Tidak ada kutipan dari nor\ufffdha."
