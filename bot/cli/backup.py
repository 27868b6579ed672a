"""`briefbot export` / `briefbot import`: the articles and the bot's state in one .tar.gz.

The index is left out: `briefbot index` rebuilds it from the articles. Layout of an archive:

    briefbot-backup.json      format, time, counts
    articles/<path>           every article file of the data folder, by its path in it
    state/<name>              the state folder's files; SQLite databases as consistent snapshots

Import (restore.py) never loses data silently: files that would change are listed and nothing is
written unless --force, and then the current versions are first copied into a hidden folder.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
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


class BackupError(BriefbotError):
    """An archive that cannot be written, read or safely restored."""


@dataclass(frozen=True)
class ExportSummary:
    articles: int
    state_files: tuple[str, ...]


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
            copy_database(path, snapshot)
            yield name, snapshot
        else:
            yield name, path


def copy_database(source: Path, target: Path, standalone: bool = True) -> None:
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
    atomic_write(path, lambda out: _write_tar(out, manifest, files, stream=False))


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
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


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """`briefbot export FILE`: say what was written (on stderr when FILE is "-")."""
    target = args.file
    summary = export_archive(settings, target, args.force)
    where = "standard output" if target == "-" else target
    print(f"exported {summary.articles} articles and {len(summary.state_files)} state file(s) "
          f"({', '.join(summary.state_files) or 'none'}) to {where}; the index is not included: "
          "`briefbot index` rebuilds it", file=sys.stderr if target == "-" else sys.stdout)
    return 0
