"""`briefbot import` of archives made to hurt: huge or sparse members, forged headers, and state
databases carrying triggers, views or side files. Each is refused in one line, or defused."""

from __future__ import annotations

import gzip
import io
import json
import sqlite3
import tarfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.telegram.state import StateStore
from tests.unit.test_backup import _use, old_server  # noqa: F401  (fixture)

MANIFEST = json.dumps({"format": 1}).encode()


class _Zeros:
    """`size` zero bytes, produced as read: a huge member without a huge buffer in the test."""

    def __init__(self, size: int) -> None:
        self.left = size

    def read(self, size: int) -> bytes:
        n = min(size, self.left)
        self.left -= n
        return bytes(n)


def _tar_gz(path: Path, files: dict[str, bytes | int], **pax: str) -> Path:
    """An archive with a manifest and `files` (bytes, or a size of zeros); `pax` headers too."""
    with tarfile.open(path, "w:gz", compresslevel=1, format=tarfile.PAX_FORMAT) as tar:
        members: dict[str, bytes | int] = {"briefbot-backup.json": MANIFEST, **files}
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.pax_headers = dict(pax)
            info.size = content if isinstance(content, int) else len(content)
            body = _Zeros(content) if isinstance(content, int) else io.BytesIO(content)
            tar.addfile(info, body)  # type: ignore[arg-type]
    return path


def _sparse_tar_gz(path: Path, name: str, claimed: int) -> Path:
    """A GNU sparse member holding 512 bytes that claims to be `claimed` bytes long."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tar:
        manifest = tarfile.TarInfo("briefbot-backup.json")
        manifest.size = len(MANIFEST)
        tar.addfile(manifest, io.BytesIO(MANIFEST))
        at = raw.tell()
        info = tarfile.TarInfo(name)
        info.size = 512
        tar.addfile(info, io.BytesIO(b"a" * 512))
    data = bytearray(raw.getvalue())
    header = data[at : at + 512]
    header[156:157] = b"S"  # GNU sparse: one block of data, then the size it claims
    header[386:410] = b"%011o\0%011o\0" % (0, 512)
    header[482] = 0
    header[483:495] = b"%012o" % claimed
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    data[at : at + 512] = header
    path.write_bytes(gzip.compress(bytes(data)))
    return path


def _tree(root: Path) -> list[tuple[str, bytes]]:
    files = (p for p in root.rglob("*") if p.is_file())
    return sorted((str(p.relative_to(root)), p.read_bytes()) for p in files)


@pytest.fixture
def unchanged(old_server: Path) -> Iterator[Path]:  # noqa: F811
    """The server's files must be exactly as they were after a refused import."""
    before = _tree(old_server)
    yield old_server
    assert _tree(old_server) == before


def _refused(archive: Path, capsys: pytest.CaptureFixture[str], reason: str) -> None:
    assert main(["import", str(archive)]) == 1
    err = capsys.readouterr().err.strip()
    assert reason in err and len(err.splitlines()) == 1, err


@pytest.mark.parametrize(("cap", "member"), [
    ("MAX_JSONL_BYTES", "articles/besar.jsonl"), ("MAX_STATE_BYTES", "state/besar.json"),
])  # fmt: skip
def test_a_member_over_the_size_cap_is_refused_without_being_held_in_memory(
    unchanged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch, cap: str, member: str,
) -> None:
    monkeypatch.setattr(f"bot.cli.restore_read.{cap}", 40 << 20)  # the real caps are larger
    archive = _tar_gz(tmp_path / "big.tar.gz", {member: 41 << 20})
    assert archive.stat().st_size < 1 << 20  # a small archive that unpacks to 41 MB
    tracemalloc.start()
    try:
        _refused(archive, capsys, "byte limit")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


def test_members_under_the_cap_are_streamed_not_read_whole(
    old_server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    new = tmp_path / "new"
    new.mkdir()
    _use(monkeypatch, new)
    archive = _tar_gz(tmp_path / "ok.tar.gz", {"state/panjang.json": 40 << 20})
    tracemalloc.start()
    try:
        assert main(["import", str(archive)]) == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (new / "data" / ".state" / "panjang.json").stat().st_size == 40 << 20
    assert peak < 16 << 20


def test_an_archive_over_the_total_cap_is_refused(
    unchanged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("bot.cli.restore_read.MAX_TOTAL_BYTES", 10_000)
    files: dict[str, bytes | int] = {f"articles/{n}.md": b"Teks berita.\n" * 300 for n in range(3)}
    _refused(_tar_gz(tmp_path / "many.tar.gz", files), capsys, "byte limit")


def test_a_sparse_member_claiming_8_gb_is_refused(
    unchanged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = _sparse_tar_gz(tmp_path / "sparse.tar.gz", "articles/jarang.md", 8 << 30)
    _refused(archive, capsys, "not a plain file")


def test_an_oversized_pax_header_is_refused(
    unchanged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    huge = "x" * (9 << 20)
    archive = _tar_gz(tmp_path / "pax.tar.gz", {"articles/a.md": b"Teks.\n"}, comment=huge)
    _refused(archive, capsys, "oversized tar header")


def _hostile_state(path: Path) -> bytes:
    """A bot database with a trigger that fails every new question and a view."""
    store = StateStore(path)
    store.add_question(7, 7, "Kapan jembatan desa selesai?", "id", answered=True)
    store.close()
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TRIGGER jebakan BEFORE INSERT ON questions BEGIN"
        " SELECT RAISE(ABORT, 'jebakan'); END;"
        "CREATE VIEW intip AS SELECT * FROM questions;"
        "PRAGMA journal_mode=DELETE;"
    )
    con.close()
    return path.read_bytes()


def test_a_restored_state_database_keeps_its_rows_but_not_its_schema(
    old_server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # noqa: F811
) -> None:
    database = _hostile_state(tmp_path / "hostile.sqlite3")
    archive = _tar_gz(tmp_path / "state.tar.gz", {"state/bot.sqlite3": database})
    new = tmp_path / "new"
    new.mkdir()
    _use(monkeypatch, new)
    assert main(["import", str(archive)]) == 0
    restored = new / "data" / ".state" / "bot.sqlite3"
    store = StateStore(restored)
    try:
        stored = store.question(1)
        assert stored is not None and stored.question == "Kapan jembatan desa selesai?"
        assert store.add_question(8, 8, "Pertanyaan baru?", "id", answered=False) == 2
    finally:
        store.close()
    con = sqlite3.connect(restored)
    schema = set(con.execute("SELECT type, name FROM sqlite_master"))
    con.close()
    assert not {kind for kind, _ in schema} & {"trigger", "view"}


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("state/bot.sqlite3-wal", b"\x37\x7f\x06\x82", "unexpected file"),
        ("state/bot.sqlite3-journal", b"\xd9\xd5\x05\xf9", "unexpected file"),
        ("state/lain.db", b"SQLite format 3\x00", "not a database this briefbot keeps"),
        ("state/bot.sqlite3", b"bukan basis data", "not a readable SQLite database"),
    ],
)
def test_state_side_files_unknown_and_broken_databases_are_refused(
    unchanged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    name: str, content: bytes, reason: str,
) -> None:
    _refused(_tar_gz(tmp_path / "state.tar.gz", {name: content}), capsys, reason)


def test_a_state_value_of_the_wrong_type_is_refused(
    unchanged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "typed.sqlite3"
    StateStore(path).close()
    con = sqlite3.connect(path)
    con.execute(
        "INSERT INTO questions (chat_id, user_id, question, lang, answered, asked_at)"
        " VALUES (1, 1, X'00ff', 'id', 1, 0)"
    )
    con.commit()
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    archive = _tar_gz(tmp_path / "typed.tar.gz", {"state/bot.sqlite3": path.read_bytes()})
    _refused(archive, capsys, "holds a bytes where TEXT belongs")
