"""Faults only a separate process shows: a disk that fills during `index`, a reader that closes
the pipe under `ask -`. The model is the hashing stand-in; everything else is real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.support.environment import without_settings
from tests.support.hashed_index import ROOT
from tests.unit.test_damaged_index import QUESTION, _current, _one_line, installed  # noqa: F401

pytestmark = pytest.mark.integration


# `briefbot` with the hashing stand-in for the model; FILE_LIMIT caps the size of any file the
# process writes, so a disk "fills" at the first larger file (a real EFBIG, not a mock).
_BRIEFBOT = (
    "import os, resource, signal, sys, bot.engine as e, bot.cli.local as l;"
    "from tests.support.fake_embedder import HashEmbedder;"
    "from tests.support.hashed_index import default_model_id;"
    "e.load_model = l.load_model = lambda s: HashEmbedder(model_id=default_model_id());"
    "limit = int(os.environ.get('FILE_LIMIT', '0'));"
    "limit and signal.signal(signal.SIGXFSZ, signal.SIG_IGN);"
    "limit and resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit));"
    "from bot.cli.main import main; sys.exit(main(sys.argv[1:]))"
)


def _env(root: Path, **extra: str) -> dict[str, str]:
    return without_settings() | extra | {
        "BRIEFBOT_DATA_DIR": str(root / "data"),
        "BRIEFBOT_INDEX_DIR": str(root / "index"),
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def test_a_reader_that_stops_early_ends_ask_quietly(installed: Path) -> None:  # noqa: F811
    env = _env(installed)
    questions = installed / "questions.txt"
    questions.write_bytes(b"Apa pesan gubernur soal rapat?\n" * 3000)  # more than a pipe holds
    with open(questions, "rb") as stdin:
        ask = subprocess.Popen(
            [sys.executable, "-c", _BRIEFBOT, "ask", "-"],
            stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=installed, env=env,
        )
    assert ask.stdout is not None and ask.stderr is not None
    assert json.loads(ask.stdout.readline())["question"]  # `| head -1`
    ask.stdout.close()
    err = ask.stderr.read().decode()
    assert ask.wait(timeout=60) == 141 and err == "", err


@pytest.mark.parametrize("limit", [4_000, 40_000])  # FAISS's file, then SQLite's
def test_a_full_disk_during_index_is_one_line_and_keeps_the_old_index(
    installed: Path, limit: int  # noqa: F811
) -> None:
    before = _current(installed)
    (installed / "data" / "baru.md").write_text("Lurah membuka pasar murah.\n" * 200, "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _BRIEFBOT, "index"], capture_output=True, text=True,
        cwd=installed, env=_env(installed, FILE_LIMIT=str(limit)), timeout=120,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "cannot write the index" in _one_line(done.stderr)
    assert "previous index is kept" in done.stderr
    assert _current(installed) == before
    assert [p for p in (installed / "index" / "builds").iterdir()] == [before]
    assert main(["ask", "--json", QUESTION]) == 0


