"""`briefbot export` / `briefbot import`: the articles and the bot's state in one .tar.gz.

The index is left out: `briefbot index` rebuilds it from the articles. Layout of an archive:

    articles/<path>           every article file `briefbot index` reads, by its path in the folder
    state/<name>              the state folder's files; SQLite databases as consistent snapshots
    briefbot-backup.json      format, time, counts, and each member's size and SHA-256

The manifest comes last so that it can hold the checksums of what was written before it (in one
pass, also to standard output). Exports made before it (manifest first, no checksums) still
import: their gzip CRC and length are checked, as for every archive.

Import (restore.py) never loses data silently: files that would change are listed and nothing is
written unless --force, and then the current versions are first copied into a hidden folder.
"""

from __future__ import annotations

import argparse
import hashlib
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

from bot.cli.backup_error import BackupError
from bot.settings import Settings
from retrieval.index.datafiles import list_article_files, open_regular, shown
from retrieval.index.files import write_atomic

FORMAT = 1
MANIFEST = "briefbot-backup.json"
ARTICLES, STATE = "articles", "state"
SQLITE_SUFFIXES = (".sqlite3", ".sqlite", ".db")
_SKIP_STATE = ("-wal", "-shm", "-journal", ".lock", ".tmp")  # live SQLite side files, locks


@dataclass(frozen=True)
class ExportSummary:
    articles: int
    state_files: tuple[str, ...]
    skipped: tuple[str, ...] = ()  # one line per data folder file left out, naming it


def export_archive(settings: Settings, target: str, force: bool = False) -> ExportSummary:
    """Write the archive to `target` (a path, or "-" for standard output)."""
    data = settings.data_dir
    if not data.is_dir():
        raise BackupError(f"data folder not found: {data}")
    # What `briefbot index` reads, and no more: no link out of the folder, no foreign name.
    listing = list_article_files(data, {settings.index_dir.resolve(), settings.state_dir.resolve()})
    skipped = list(listing.warnings)
    with tempfile.TemporaryDirectory(prefix="briefbot-export-") as tmp:
        state = (list(_shared_files(settings, Path(tmp))) if settings.database
                 else list(_state_files(settings.state_dir, Path(tmp), skipped)))
        manifest = {
            "format": FORMAT,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "articles": len(listing.files),
            "state": [name for name, _ in state],
        }
        files = [(f"{ARTICLES}/{f.path.relative_to(data).as_posix()}", f.real)
                 for f in listing.files]  # fmt: skip
        files += [(f"{STATE}/{name}", path) for name, path in state]
        if target == "-":
            _write_tar(sys.stdout.buffer, manifest, files, stream=True)
        else:
            _write_file(Path(target), manifest, files, force)
    return ExportSummary(len(listing.files), tuple(n for n, _ in state), tuple(skipped))


# ----- export -----


def _state_files(state_dir: Path, tmp: Path, skipped: list[str]) -> Iterator[tuple[str, Path]]:
    """(name, file to archive) per state file; SQLite databases as consistent snapshots."""
    if not state_dir.is_dir():
        return
    for path in sorted(state_dir.iterdir()):
        name = path.name
        if name.startswith(".") or name.endswith(_SKIP_STATE) or not path.is_file():
            continue
        if path.is_symlink():  # the bot writes no links: one could lead anywhere
            skipped.append(f"{shown(path)}: skipped, a link (links are not followed)")
            continue
        if path.suffix in SQLITE_SUFFIXES:
            # A copy of the file could miss what is still in its -wal file, or tear mid-write.
            snapshot = tmp / name
            copy_database(path, snapshot)
            yield name, snapshot
        else:
            yield name, path


def _shared_files(settings: Settings, tmp: Path) -> Iterator[tuple[str, Path]]:
    """The state in PostgreSQL as the files a state folder holds (bot.cli.backup_shared)."""
    from bot.cli.backup_shared import FILES, export_file

    for name in FILES:
        export_file(settings, name, tmp / name)
        yield name, tmp / name


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
    sums: dict[str, dict[str, object]] = {}
    with tarfile.open(fileobj=out, mode="w|gz" if stream else "w:gz") as tar:
        for member, path in files:
            try:
                with open_regular(path) as handle:
                    data, mtime = handle.read(), os.fstat(handle.fileno()).st_mtime
            except OSError as exc:
                raise BackupError(f"cannot read {shown(path)}: {exc.strerror}") from exc
            _add_bytes(tar, member, data, mtime)
            sums[member] = {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        body = {**manifest, "files": sums}
        _add_bytes(tar, MANIFEST, json.dumps(body, indent=2).encode(), time.time())


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(mtime), 0o644
    tar.addfile(info, io.BytesIO(data))


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    """`briefbot export FILE`: say what was written (on stderr when FILE is "-")."""
    target = args.file
    summary = export_archive(settings, target, args.force)
    where = "standard output" if target == "-" else target
    for line in summary.skipped:
        print(f"warning: {line}", file=sys.stderr)
    print(f"exported {summary.articles} articles and {len(summary.state_files)} state file(s) "
          f"({', '.join(summary.state_files) or 'none'}) to {where}; the index is not included: "
          "`briefbot index` rebuilds it", file=sys.stderr if target == "-" else sys.stdout)
    return 0
