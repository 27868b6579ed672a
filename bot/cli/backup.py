"""`briefbot export` / `briefbot import`: the articles and the bot's state in one .tar.gz.

The index is left out: `briefbot index` rebuilds it from the articles. Layout of an archive:

    briefbot-backup.json      format, time, counts
    articles/<path>           every article file of the data folder, by its path in it
    state/<name>              the state folder's files; SQLite databases as consistent snapshots

Import never loses data silently: files that would change are listed and nothing is written
unless --force, and then the current versions are first copied into a hidden folder.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import sqlite3
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO

from bot.settings import Settings
from retrieval.errors import BriefbotError
from retrieval.index.articles import EXTENSIONS
from retrieval.index.files import write_atomic

FORMAT = 1
MANIFEST = "briefbot-backup.json"
ARTICLES, STATE = "articles", "state"
SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")
_SKIP_STATE = ("-wal", "-shm", "-journal", ".lock", ".tmp")  # live SQLite side files, locks
_SHOWN = 5  # conflicting files named in the refusal


class BackupError(BriefbotError):
    """An archive that cannot be written, read or safely restored."""


@dataclass(frozen=True)
class ExportSummary:
    articles: int
    state_files: tuple[str, ...]


@dataclass(frozen=True)
class ImportSummary:
    added: int  # articles written that were not there
    unchanged: int  # articles already there with the same content
    replaced: int  # articles that differed and were replaced (--force)
    state_files: tuple[str, ...]  # state files restored
    kept_in: Path | None  # where the replaced versions were copied


@dataclass(frozen=True)
class _Entry:
    """One file of an archive and where it goes."""

    member: str
    target: Path
    data: bytes

    @property
    def is_sqlite(self) -> bool:
        return self.member.startswith(f"{STATE}/") and self.target.suffix in SQLITE_SUFFIXES


def export_archive(settings: Settings, target: str, force: bool = False) -> ExportSummary:
    """Write the archive to `target` (a path, or "-" for standard output)."""
    articles = list(_article_files(settings))
    with tempfile.TemporaryDirectory(prefix="briefbot-export-") as tmp:
        state = list(_state_files(settings.state_dir, Path(tmp)))
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "articles": len(articles),
            "state": [name for name, _ in state],
        }
        files = [(f"{ARTICLES}/{rel}", path) for rel, path in articles]
        files += [(f"{STATE}/{name}", path) for name, path in state]
        if target == "-":
            _write_tar(sys.stdout.buffer, manifest, files, stream=True)
        else:
            _write_file(Path(target), manifest, files, force)
    return ExportSummary(len(articles), tuple(name for name, _ in state))


def import_archive(settings: Settings, source: str, force: bool = False) -> ImportSummary:
    """Restore articles and state from `source` (a path, or "-" for standard input)."""
    entries = _read_archive(source, settings)
    articles = [e for e in entries if e.member.startswith(f"{ARTICLES}/")]
    state = [e for e in entries if e.member.startswith(f"{STATE}/")]
    same = {e.member for e in articles if e.target.is_file() and e.target.read_bytes() == e.data}
    changed = [e for e in entries if e.member not in same and _would_lose(e)]
    replaced = sum(1 for e in changed if e.member.startswith(f"{ARTICLES}/"))
    if changed and not force:
        names = ", ".join(e.member for e in changed[:_SHOWN])
        more = f" and {len(changed) - _SHOWN} more" if len(changed) > _SHOWN else ""
        raise BackupError(
            f"{len(changed)} file(s) here differ from the archive ({names}{more}); nothing was "
            "changed. Pass --force to replace them (the current versions are kept in a "
            f"hidden .before-import folder in {settings.data_dir})"
        )
    kept_in = settings.data_dir / f".before-import-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    for entry in changed:
        _keep(entry, kept_in)
    for entry in entries:
        if entry.member not in same:
            _restore(entry)
    return ImportSummary(
        added=len(articles) - len(same) - replaced,
        unchanged=len(same),
        replaced=replaced,
        state_files=tuple(e.target.name for e in state),
        kept_in=kept_in if changed else None,
    )


# ----- export -----


def _article_files(settings: Settings) -> Iterator[tuple[str, Path]]:
    """(path in the data folder, file) of every file `briefbot index` reads, in order."""
    data = settings.data_dir
    if not data.is_dir():
        raise BackupError(f"data folder not found: {data}")
    skip = {settings.index_dir.resolve(), settings.state_dir.resolve()}
    for root, dirs, names in os.walk(data):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and (Path(root) / d).resolve() not in skip
        )
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(EXTENSIONS):
                path = Path(root) / name
                yield path.relative_to(data).as_posix(), path


def _state_files(state_dir: Path, tmp: Path) -> Iterator[tuple[str, Path]]:
    """(name, file to archive) per state file; SQLite databases as consistent snapshots."""
    if not state_dir.is_dir():
        return
    for path in sorted(state_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name.endswith(_SKIP_STATE) or not path.is_file():
            continue
        if path.suffix in SQLITE_SUFFIXES:
            # A copy of the file could miss what is still in its -wal file, or tear mid-write.
            snapshot = tmp / name
            _copy_database(path, snapshot)
            yield name, snapshot
        else:
            yield name, path


def _copy_database(source: Path, target: Path, standalone: bool = True) -> None:
    """Copy through SQLite's backup API: consistent while the bot writes, -wal files included."""
    try:
        src = sqlite3.connect(source)  # read-write: a read-only open of a WAL database may fail
        dst = sqlite3.connect(target)
        try:
            src.execute("PRAGMA quick_check").fetchone()
            src.backup(dst)
            if standalone:
                dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            dst.close()
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(f"cannot copy the database {source}: {exc}") from exc


def _write_file(
    path: Path, manifest: dict[str, object], files: list[tuple[str, Path]], force: bool
) -> None:
    if path.exists() and not force:
        raise BackupError(f"{path} exists; choose another name or pass --force")
    _atomic_write(path, lambda out: _write_tar(out, manifest, files, stream=False))


def _atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write beside, then rename: a half-written file never carries the final name."""
    try:
        write_atomic(path, write)
    except OSError as exc:
        raise BackupError(f"cannot write {path}: {exc.strerror or exc}") from exc


def _write_tar(
    out: IO[bytes], manifest: dict[str, object], files: list[tuple[str, Path]], stream: bool
) -> None:
    with tarfile.open(fileobj=out, mode="w|gz" if stream else "w:gz") as tar:
        _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode(), time.time())
        for member, path in files:
            try:
                data, mtime = path.read_bytes(), path.stat().st_mtime
            except OSError as exc:
                raise BackupError(f"cannot read {path}: {exc.strerror}") from exc
            _add_bytes(tar, member, data, mtime)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o644
    tar.addfile(info, io.BytesIO(data))


# ----- import -----


def _read_archive(source: str, settings: Settings) -> list[_Entry]:
    """Every file of the archive with its target, after checking each member is safe."""
    try:
        with _opened(source) as raw, tarfile.open(fileobj=raw, mode="r:gz") as tar:
            members = tar.getmembers()
            files = {m.name: _member_bytes(tar, m) for m in members if _checked(m)}
    except (tarfile.TarError, EOFError) as exc:
        raise BackupError(f"{source} is not a briefbot export (a .tar.gz): {exc}") from exc
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror or exc}") from exc
    if len(files) != len([m for m in members if m.isfile()]):
        raise BackupError(f"{source} holds the same file twice; it was not made by briefbot")
    _check_manifest(source, files.pop(MANIFEST, None))
    return [_Entry(name, _target(name, settings), data) for name, data in sorted(files.items())]


@contextlib.contextmanager
def _opened(source: str) -> Iterator[IO[bytes]]:
    """The archive file, or standard input spooled into a file tarfile can seek in."""
    if source != "-":
        with open(source, "rb") as handle:
            yield handle
        return
    with tempfile.SpooledTemporaryFile(64 << 20) as spool:
        shutil.copyfileobj(sys.stdin.buffer, spool)
        spool.seek(0)
        yield spool


def _checked(member: tarfile.TarInfo) -> bool:
    """True for a file to restore, False for a folder; raise for anything unsafe."""
    path = PurePosixPath(member.name)
    parts = path.parts
    if path.is_absolute() or not parts or any(p in ("", ".", "..") for p in parts) or (
        "\\" in member.name
    ):
        raise BackupError(f"unsafe path in the archive: {member.name!r}; nothing was changed")
    if member.isdir():
        return False
    if not member.isfile():  # links, devices, fifos could point outside the folders
        raise BackupError(f"archive member {member.name!r} is not a plain file; nothing changed")
    hidden = any(p.startswith(".") for p in parts)
    article = parts[0] == ARTICLES and len(parts) > 1 and path.suffix.lower() in EXTENSIONS
    state = parts[0] == STATE and len(parts) == 2
    if hidden or not (member.name == MANIFEST or article or state):
        raise BackupError(f"unexpected file in the archive: {member.name!r}; nothing changed")
    return True


def _member_bytes(tar: tarfile.TarFile, member: tarfile.TarInfo) -> bytes:
    handle = tar.extractfile(member)
    assert handle is not None  # a regular file, checked above
    return handle.read()


def _check_manifest(source: str, raw: bytes | None) -> None:
    try:
        manifest = json.loads(raw) if raw is not None else None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict):
        raise BackupError(f"{source} has no {MANIFEST}: it is not a briefbot export")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{source} is export format {manifest.get('format')!r}; this briefbot reads {FORMAT}"
        )


def _target(member: str, settings: Settings) -> Path:
    kind, _, rel = member.partition("/")
    root = settings.data_dir if kind == ARTICLES else settings.state_dir
    target = root / rel
    # A symlinked folder in the data folder must not carry a restored file elsewhere.
    if not target.resolve().is_relative_to(root.resolve()):
        raise BackupError(f"{member} would be written outside {root}; nothing was changed")
    return target


def _would_lose(entry: _Entry) -> bool:
    """Whether restoring `entry` would replace something worth keeping."""
    if not entry.target.exists():
        return False
    if not entry.target.is_file():
        raise BackupError(f"{entry.target} is not a file; {entry.member} cannot replace it")
    if entry.is_sqlite:
        return _has_rows(entry.target)  # a freshly started bot's empty database loses nothing
    return entry.target.read_bytes() != entry.data


def _has_rows(path: Path) -> bool:
    con = sqlite3.connect(path)
    try:
        tables = con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return any(con.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]
                   for (t,) in tables if not t.startswith("sqlite_"))
    except sqlite3.Error:
        return True  # unreadable: keep it aside rather than guess
    finally:
        con.close()


def _keep(entry: _Entry, kept_in: Path) -> None:
    """Copy the current version of entry's file into the hidden keep folder."""
    copy = kept_in / entry.member
    copy.parent.mkdir(parents=True, exist_ok=True)
    if entry.is_sqlite:
        _copy_database(entry.target, copy)
    else:
        shutil.copy2(entry.target, copy)


def _restore(entry: _Entry) -> None:
    entry.target.parent.mkdir(parents=True, exist_ok=True)
    if not entry.is_sqlite:
        _atomic_write(entry.target, lambda out: out.write(entry.data))
        return
    # Into the database through SQLite, not over its file: its -wal file stays coherent.
    with tempfile.TemporaryDirectory(prefix="briefbot-import-") as tmp:
        snapshot = Path(tmp) / entry.target.name
        snapshot.write_bytes(entry.data)
        _copy_database(snapshot, entry.target, standalone=False)


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """`briefbot export FILE`: say what was written (on stderr when FILE is "-")."""
    target = args.file
    summary = export_archive(settings, target, args.force)
    where = "standard output" if target == "-" else target
    print(f"exported {summary.articles} articles and {len(summary.state_files)} state file(s) "
          f"({', '.join(summary.state_files) or 'none'}) to {where}; the index is not included: "
          "`briefbot index` rebuilds it", file=sys.stderr if target == "-" else sys.stdout)
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    """`briefbot import FILE`: restore, then say what changed and that the index needs a rebuild."""
    s = import_archive(settings, args.file, args.force)
    print(f"imported {s.added + s.replaced + s.unchanged} articles into {settings.data_dir} "
          f"({s.added} new, {s.replaced} replaced, {s.unchanged} unchanged) and "
          f"{len(s.state_files)} state file(s) into {settings.state_dir}")
    if s.kept_in is not None:
        print(f"the versions replaced are kept in {s.kept_in}")
    print("now run `briefbot index` (or send /reindex to the running bot) to rebuild the index")
    return 0
