"""`briefbot import` of a damaged or foreign backup: a flipped bit, a cut end, a member that does
not match its checksum, state from a newer briefbot. Each is refused before anything is written,
or restored in full; never restored altered or with part of it silently dropped."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.telegram.state import StateStore
from tests.unit.test_backup import _articles, _use, old_server  # noqa: F401  (fixture)


def _tree(root: Path) -> list[tuple[str, bytes]]:
    files = (p for p in root.rglob("*") if p.is_file())
    return sorted((str(p.relative_to(root)), p.read_bytes()) for p in files)


@pytest.fixture
def exported(old_server: Path, tmp_path: Path) -> Path:  # noqa: F811
    """An export of a bot that has run for a while, with questions in its state."""
    store = StateStore.in_folder(old_server / "data" / ".state")
    store.add_question(5, 5, "Kapan pasar desa dibuka?", "id", answered=True)
    store.close()
    archive = tmp_path / "backup.tar.gz"
    assert main(["export", str(archive)]) == 0
    return archive


@pytest.fixture
def new_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    new = tmp_path / "new"
    new.mkdir()
    _use(monkeypatch, new)
    yield new


def _import(archive: bytes, new: Path, stdin: bool = False) -> int:
    path = new.parent / "try.tar.gz"
    path.write_bytes(archive)
    if not stdin:
        return main(["import", str(path)])
    sys.stdin = io.TextIOWrapper(io.BytesIO(archive))
    try:
        return main(["import", "-"])
    finally:
        sys.stdin = sys.__stdin__


def _clear(root: Path) -> None:
    for path in sorted(root.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()


def test_a_flipped_bit_is_refused_or_restores_the_exact_content(
    exported: Path, new_server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = exported.read_bytes()
    assert _import(good, new_server) == 0
    expected = _tree(new_server)  # articles and state as the intact archive restores them
    _clear(new_server)
    refused = 0
    for at in range(0, len(good), max(1, len(good) // 300)):  # ~300 places, header to trailer
        flipped = bytearray(good)
        flipped[at] ^= 1 << (at % 8)
        if _import(bytes(flipped), new_server) == 0:
            # Only bits that carry no content pass (gzip's time stamp, the padding of the
            # deflate stream's last byte), and then what is restored is exactly the original.
            assert _tree(new_server) == expected, f"byte {at} altered what was restored"
        else:
            refused += 1
            assert not (new_server / "data").exists(), f"byte {at}: written before refusing"
        _clear(new_server)
    assert refused > 250
    assert "is damaged" in capsys.readouterr().err


@pytest.mark.parametrize("cut", [1, 2, 4, 8, 9, 12, 20])
def test_an_archive_cut_short_on_stdin_is_refused(
    exported: Path, new_server: Path, capsys: pytest.CaptureFixture[str], cut: int
) -> None:
    assert _import(exported.read_bytes()[:-cut], new_server, stdin=True) == 1
    err = capsys.readouterr().err.strip()
    assert "is damaged or cut short" in err and len(err.splitlines()) == 1
    assert not (new_server / "data").exists()


def _repacked(archive: Path, change: dict[str, bytes]) -> bytes:
    """The archive with some members' content replaced, its manifest left as it was."""
    out = io.BytesIO()
    with tarfile.open(archive) as old, tarfile.open(fileobj=out, mode="w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            data = change.get(member.name, data)
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return out.getvalue()


def test_a_member_that_does_not_match_the_manifest_is_refused(
    exported: Path, new_server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with tarfile.open(exported) as tar:
        manifest = json.loads(tar.extractfile("briefbot-backup.json").read())  # type: ignore[union-attr]
    assert manifest["files"]["articles/2025/rapat.md"]["sha256"]
    altered = _repacked(exported, {"articles/2025/rapat.md": b"Teks yang diubah orang lain.\n"})
    assert _import(altered, new_server) == 1
    assert "'articles/2025/rapat.md' does not match the checksums" in capsys.readouterr().err
    assert not (new_server / "data").exists()


def test_an_export_made_before_checksums_still_imports(
    old_server: Path, exported: Path, new_server: Path  # noqa: F811
) -> None:
    out = io.BytesIO()
    with tarfile.open(exported) as old, tarfile.open(fileobj=out, mode="w:gz") as new:
        members = sorted(old.getmembers(), key=lambda m: m.name != "briefbot-backup.json")
        for member in members:  # the manifest first and without checksums, as exports were
            data = old.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "briefbot-backup.json":
                data = json.dumps({k: v for k, v in json.loads(data).items() if k != "files"})
                data = data.encode()
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    assert _import(out.getvalue(), new_server) == 0
    assert _articles(new_server) == _articles(old_server)


def _newer_state(path: Path, sql: str) -> bytes:
    store = StateStore(path)
    store.add_question(7, 7, "Kapan jembatan desa selesai?", "id", answered=True)
    store.close()
    con = sqlite3.connect(path)
    con.executescript(sql + "; PRAGMA journal_mode=DELETE;")
    con.close()
    return path.read_bytes()


def _state_archive(path: Path, database: bytes) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as tar:
        for name, data in [("briefbot-backup.json", json.dumps({"format": 1}).encode()),
                           ("state/bot.sqlite3", database)]:  # fmt: skip
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.mark.parametrize(("sql", "named"), [
    ("CREATE TABLE langganan (chat_id INTEGER, topik TEXT); "
     "INSERT INTO langganan VALUES (7, 'banjir')", "table 'langganan'"),
    ("ALTER TABLE questions ADD COLUMN sumber TEXT; UPDATE questions SET sumber = 'grup'",
     "column questions.sumber"),
])  # fmt: skip
def test_state_from_a_newer_briefbot_is_refused_naming_what_it_would_lose(
    new_server: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, named: str
) -> None:
    archive = _state_archive(tmp_path, _newer_state(tmp_path / "newer.sqlite3", sql))
    assert _import(archive, new_server) == 1
    err = capsys.readouterr().err.strip()
    assert named in err and "--drop-unknown" in err and len(err.splitlines()) == 1
    assert not (new_server / "data").exists()
    path = new_server.parent / "try.tar.gz"
    assert main(["import", str(path), "--drop-unknown"]) == 0  # asked for: known rows restored
    store = StateStore(new_server / "data" / ".state" / "bot.sqlite3")
    try:
        stored = store.question(1)
        assert stored is not None and stored.question == "Kapan jembatan desa selesai?"
    finally:
        store.close()


def test_gzip_trailer_is_checked_even_when_the_tar_ends_early(
    exported: Path, new_server: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    raw = bytearray(exported.read_bytes())
    raw[-8] ^= 0xFF  # the CRC of the uncompressed stream
    assert _import(bytes(raw), new_server) == 1
    assert "CRC check failed" in capsys.readouterr().err
    assert gzip.decompress(exported.read_bytes())  # the untouched export is a valid gzip
