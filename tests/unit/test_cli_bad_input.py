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


@pytest.mark.parametrize("today", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize(
    "question", ["Apa kata gubernur kemarin?", "Rapat tahun lalu?", "Rapat minggu lalu?",
                 "Rapat 999 hari terakhir?", "Rapat bulan Desember?"],
)  # fmt: skip
def test_ask_with_a_today_at_the_calendar_edge_gives_one_line(
    installed: Path, capsys: pytest.CaptureFixture[str], today: str, question: str
) -> None:
    code = main(["ask", "--today", today, question])
    out = capsys.readouterr()
    assert out.err == ""
    if today.startswith("0001"):  # every one of these periods starts before year 1
        assert code == 2
        assert out.out.strip() == ("Kata waktu dalam pertanyaan itu, dihitung dari tanggal hari "
                                   "ini, jatuh di luar kalender (tahun 1 sampai 9999).")
    else:  # and each fits before 9999-12-31
        assert code == 0 and out.out.strip()
    assert main(["ask", "--json", "--today", "0001-01-01", "Apa kata gubernur kemarin?"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "out_of_calendar"
