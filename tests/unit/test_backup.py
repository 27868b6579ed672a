"""`briefbot export` / `briefbot import` as an operator moves a bot to a new server."""

from __future__ import annotations

import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.telegram.state import StateStore
from retrieval.index.articles import read_articles
from retrieval.web.feed_state import FeedStateStore
from tests.support.hashed_index import make_index

pytestmark = pytest.mark.usefixtures("clean_env")
FEED = "https://kaltimprov.go.id/feed"
NEW_ARTICLE = "---\ntitle: Rapat\n---\nGubernur memimpin rapat koordinasi di Samarinda.\n"


def _use(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """Point the settings at an installation in `root` (the layout of the default settings)."""
    monkeypatch.chdir(root)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(root / "index"))
    monkeypatch.setenv("BRIEFBOT_STATE_DIR", str(root / "data" / ".state"))


@pytest.fixture
def old_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A bot that has run for a while: articles in subfolders, questions, votes, feed state."""
    root = make_index(tmp_path / "old")
    (root / "data" / "2025").mkdir()
    (root / "data" / "2025" / "rapat.md").write_text(NEW_ARTICLE, encoding="utf-8")
    (root / "data" / "notes.jsonl").write_text(
        json.dumps({"id": "n1", "title": "Catatan", "text": "Teks catatan rapat."}) + "\n",
        encoding="utf-8",
    )
    FeedStateStore(root / "data" / ".state").record_success(FEED, "2025-06-02T10:00:00+00:00", 4, 9)
    _use(monkeypatch, root)
    yield root


def _fill(store: StateStore) -> None:
    for n in range(3):
        qid = store.add_question(100 + n, 100 + n, f"Pertanyaan {n}?", "id", answered=n > 0)
        store.record_page(qid, 0, ["000_0e95df7f11f7d9a8#0"])
        store.add_feedback(qid, 0, 100 + n, 1 if n else -1)


def _members(archive: Path) -> list[str]:
    with tarfile.open(archive) as tar:
        return sorted(tar.getnames())


def _articles(root: Path) -> dict[str, str]:
    data = root / "data"
    return {a.id: a.text for a in read_articles(data).articles}


def test_export_then_import_on_a_new_server_restores_articles_votes_and_feeds(
    old_server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    store = StateStore.in_folder(old_server / "data" / ".state")
    try:
        _fill(store)  # the bot is running: the newest rows are still in the -wal file
        archive = tmp_path / "backup.tar.gz"
        assert main(["export", str(archive)]) == 0
    finally:
        store.close()
    assert "exported 3 articles and 2 state file(s)" in capsys.readouterr().out
    assert _members(archive) == [
        "articles/000_0e95df7f11f7d9a8.md", "articles/2025/rapat.md", "articles/notes.jsonl",
        "briefbot-backup.json", "state/bot.sqlite3", "state/feeds.json",
    ]  # no index, no SQLite side files, no lock files

    new = tmp_path / "new"
    new.mkdir()
    _use(monkeypatch, new)
    assert main(["import", str(archive)]) == 0
    out = capsys.readouterr().out
    assert "3 new" in out and "run `briefbot index`" in out
    assert _articles(new) == _articles(old_server)
    restored = StateStore.in_folder(new / "data" / ".state")
    try:
        usage = restored.usage()
        assert (usage.asked, usage.answered, usage.up, usage.down) == (3, 2, 2, 1)
        assert restored.feedback(1) == [(100, -1, ["000_0e95df7f11f7d9a8#0"])]
    finally:
        restored.close()
    feeds = FeedStateStore(new / "data" / ".state").read()
    assert feeds[FEED].articles == 4 and feeds[FEED].entries == 9
    assert not (new / "index").exists()  # rebuilt by `briefbot index`, never restored


def test_import_over_a_fresh_install_needs_no_force(
    old_server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = StateStore.in_folder(old_server / "data" / ".state")
    _fill(store)
    store.close()
    archive = tmp_path / "backup.tar.gz"
    assert main(["export", str(archive)]) == 0
    fresh = make_index(tmp_path / "fresh")  # the seed article, as a new installation has it
    StateStore.in_folder(fresh / "data" / ".state").close()  # a bot started once: empty tables
    _use(monkeypatch, fresh)
    assert main(["import", str(archive)]) == 0
    assert _articles(fresh) == _articles(old_server)
    assert not list((fresh / "data").glob(".before-import-*"))


def test_import_never_overwrites_silently(
    old_server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    archive = tmp_path / "backup.tar.gz"
    assert main(["export", str(archive)]) == 0
    edited = old_server / "data" / "2025" / "rapat.md"
    edited.write_text(NEW_ARTICLE.replace("Samarinda", "Balikpapan"), encoding="utf-8")
    capsys.readouterr()

    assert main(["import", str(archive)]) == 1
    err = capsys.readouterr().err
    assert "articles/2025/rapat.md" in err and "--force" in err and "nothing was changed" in err
    assert "Balikpapan" in edited.read_text(encoding="utf-8")

    assert main(["import", "--force", str(archive)]) == 0
    assert "Samarinda" in edited.read_text(encoding="utf-8")
    [kept] = (old_server / "data").glob(".before-import-*/articles/2025/rapat.md")
    assert "Balikpapan" in kept.read_text(encoding="utf-8")
    assert "1 replaced" in capsys.readouterr().out
    assert len(_articles(old_server)) == 3  # the kept copy is not indexed as an article


def test_export_does_not_overwrite_an_archive_unless_forced(
    old_server: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"yesterday's backup")
    assert main(["export", str(archive)]) == 1
    assert "exists" in capsys.readouterr().err
    assert archive.read_bytes() == b"yesterday's backup"
    assert main(["export", "--force", str(archive)]) == 0
    assert "briefbot-backup.json" in _members(archive)


def test_export_and_import_through_a_pipe(
    old_server: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsysbinary: pytest.CaptureFixture[bytes],
) -> None:
    assert main(["export", "-"]) == 0
    piped = capsysbinary.readouterr()
    assert b"exported 3 articles" in piped.err
    new = tmp_path / "new"
    new.mkdir()
    _use(monkeypatch, new)
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(piped.out)))
    assert main(["import", "-"]) == 0
    assert _articles(new) == _articles(old_server)


def _archive(path: Path, members: list[tarfile.TarInfo], manifest: bool = True) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        if manifest:
            data = json.dumps({"format": 1}).encode()
            info = tarfile.TarInfo("briefbot-backup.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for info in members:
            tar.addfile(info, io.BytesIO(b"x" * info.size) if info.isfile() else None)
    return path


def _file(name: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = 1
    return info


def _link(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


@pytest.mark.parametrize(("members", "manifest", "reason"), [
    ([_file("/etc/cron.d/x.md")], True, "unsafe path"),
    ([_file("articles/../../outside.md")], True, "unsafe path"),
    ([_link("articles/evil.md", "/etc/passwd")], True, "not a plain file"),
    ([_file("index/current/vectors.faiss")], True, "unexpected file"),
    ([_file("articles/.hidden.md")], True, "unexpected file"),
    ([_file("articles/a.md")], False, "not a briefbot export"),
])
def test_import_refuses_unsafe_archives_and_changes_nothing(
    old_server: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    members: list[tarfile.TarInfo], manifest: bool, reason: str,
) -> None:
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    archive = _archive(tmp_path.parent / f"{tmp_path.name}.tar.gz", members, manifest)
    assert main(["import", str(archive)]) == 1
    err = capsys.readouterr().err.strip()
    assert reason in err and len(err.splitlines()) == 1
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "outside.md").exists()


def test_import_of_something_else_says_so(
    old_server: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    not_an_archive = tmp_path / "notes.tar.gz"
    not_an_archive.write_text("just text", encoding="utf-8")
    assert main(["import", str(not_an_archive)]) == 1
    assert "is not a briefbot export" in capsys.readouterr().err
    truncated = tmp_path / "cut.tar.gz"
    assert main(["export", str(truncated)]) == 0
    truncated.write_bytes(truncated.read_bytes()[:-300])
    assert main(["import", str(truncated)]) == 1
    assert "is damaged or cut short" in capsys.readouterr().err
