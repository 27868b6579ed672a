"""`briefbot import`: restore an export, treating the archive as hostile until proven otherwise.

Members are streamed into a private staging folder under size caps (never whole into memory),
checked with tarfile's `data` filter and briefbot's own layout rules; only regular files pass.
State databases are rebuilt from their rows (restore_db), never copied as they come.
Nothing in the data or state folders changes until every member has been staged and checked.
"""

from __future__ import annotations

import argparse
import contextlib
import filecmp
import gzip
import json
import shutil
import sys
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO

from bot.cli.backup import (
    ARTICLES,
    FORMAT,
    MANIFEST,
    SQLITE_SUFFIXES,
    STATE,
    BackupError,
    atomic_write,
    copy_database,
)
from bot.cli.restore_db import has_rows, rebuild_state_database
from bot.settings import Settings
from retrieval.index.articles import EXTENSIONS

# Room for a large .jsonl of articles or a long-lived state database, never for a disk filler.
MAX_ARTICLE_BYTES = 256 << 20  # one article file (fetched pages are capped at 5 MB)
MAX_STATE_BYTES = 1 << 30  # one state file
MAX_TOTAL_BYTES = 4 << 30  # everything an archive unpacks to
MAX_MEMBERS = 200_000
_MAX_READ = 8 << 20  # tarfile reads pax and long-name headers whole: refuse giant ones
_CHUNK = 1 << 20
_SHOWN = 5  # conflicting files named in the refusal


@dataclass(frozen=True)
class ImportSummary:
    added: int  # articles written that were not there
    unchanged: int  # articles already there with the same content
    replaced: int  # articles that differed and were replaced (--force)
    state_files: tuple[str, ...]  # state files restored
    kept_in: Path | None  # where the replaced versions were copied


@dataclass(frozen=True)
class _Entry:
    """One staged file of an archive and where it goes."""

    member: str
    target: Path
    staged: Path

    @property
    def is_article(self) -> bool:
        return self.member.startswith(f"{ARTICLES}/")

    @property
    def is_sqlite(self) -> bool:
        return not self.is_article and self.target.suffix in SQLITE_SUFFIXES


def import_archive(settings: Settings, source: str, force: bool = False) -> ImportSummary:
    """Restore articles and state from `source` (a path, or "-" for standard input)."""
    with tempfile.TemporaryDirectory(prefix="briefbot-import-") as tmp:
        staging = Path(tmp)
        entries = [_rebuilt(e, staging) for e in _read_archive(source, settings, staging)]
        return _apply(entries, settings, force)


def _rebuilt(entry: _Entry, staging: Path) -> _Entry:
    if not entry.is_sqlite:
        return entry
    rebuilt = staging / f"{entry.staged.name}.rebuilt"
    rebuild_state_database(entry.member, entry.staged, rebuilt)
    return _Entry(entry.member, entry.target, rebuilt)


def _apply(entries: list[_Entry], settings: Settings, force: bool) -> ImportSummary:
    articles = [e for e in entries if e.is_article]
    same = {e.member for e in articles if _same_file(e)}
    changed = [e for e in entries if e.member not in same and _would_lose(e)]
    replaced = sum(1 for e in changed if e.is_article)
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
        state_files=tuple(e.target.name for e in entries if not e.is_article),
        kept_in=kept_in if changed else None,
    )


# ----- reading and staging -----


def _read_archive(source: str, settings: Settings, staging: Path) -> list[_Entry]:
    """Every file of the archive, staged, with its target, after checking each member."""
    try:
        with (
            _opened(source, staging) as raw,
            gzip.GzipFile(fileobj=raw, mode="rb") as unzipped,
            tarfile.open(fileobj=_CappedReads(unzipped), mode="r:") as tar,  # type: ignore[call-overload]
        ):
            staged = _stage_members(tar, staging)
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        raise BackupError(f"{source} is not a briefbot export (a .tar.gz): {exc}") from exc
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror or exc}") from exc
    _check_manifest(source, staged.pop(MANIFEST, None))
    return [_Entry(name, _target(name, settings), path) for name, path in sorted(staged.items())]


class _CappedReads:
    """The tar stream, refusing the single huge read a forged pax or long-name header asks."""

    def __init__(self, inner: gzip.GzipFile) -> None:
        self._inner = inner

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > _MAX_READ:
            raise BackupError("the archive has an oversized tar header; not made by briefbot")
        return self._inner.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()


@contextlib.contextmanager
def _opened(source: str, staging: Path) -> Iterator[IO[bytes]]:
    """The archive file, or standard input copied (capped) into a file tarfile can seek in."""
    if source != "-":
        with open(source, "rb") as handle:
            yield handle
        return
    with open(staging / "stdin.tar.gz", "w+b") as spool:
        _copy_capped(sys.stdin.buffer, spool, MAX_TOTAL_BYTES, "standard input")
        spool.seek(0)
        yield spool


def _stage_members(tar: tarfile.TarFile, staging: Path) -> dict[str, Path]:
    staged: dict[str, Path] = {}
    total = 0
    for count, member in enumerate(tar, 1):
        if count > MAX_MEMBERS:
            raise BackupError(f"the archive has over {MAX_MEMBERS} members; nothing was changed")
        if not _checked(member, staging):
            continue
        if member.name in staged:
            raise BackupError("the archive holds the same file twice; it was not made by briefbot")
        total += member.size
        own = MAX_ARTICLE_BYTES if member.name.startswith(f"{ARTICLES}/") else MAX_STATE_BYTES
        if member.size > own or total > MAX_TOTAL_BYTES:
            which = "it" if member.size > own else "the archive"
            cap = own if which == "it" else MAX_TOTAL_BYTES
            raise BackupError(
                f"archive member {member.name!r} is {member.size} bytes; {which} would pass the "
                f"{cap} byte limit; nothing was changed"
            )
        path = staging / f"{len(staged):06d}"
        handle = tar.extractfile(member)
        assert handle is not None  # a regular file, checked above
        with handle, open(path, "wb") as out:
            _copy_capped(handle, out, member.size, repr(member.name))
        staged[member.name] = path
    return staged


def _copy_capped(source: IO[bytes], out: IO[bytes], limit: int, what: str) -> None:
    copied = 0
    while chunk := source.read(_CHUNK):
        copied += len(chunk)
        if copied > limit:
            raise BackupError(f"{what} is over the {limit} byte limit; nothing was changed")
        out.write(chunk)


def _checked(member: tarfile.TarInfo, staging: Path) -> bool:
    """True for a file to restore, False for a folder; raise for anything unsafe."""
    path = PurePosixPath(member.name)
    parts = path.parts
    if path.is_absolute() or not parts or any(p in ("", ".", "..") for p in parts) or (
        "\\" in member.name
    ):
        raise BackupError(f"unsafe path in the archive: {member.name!r}; nothing was changed")
    if member.isdir():
        return False
    # Links, devices, fifos could point outside the folders; a sparse member can claim any size.
    if not member.isfile() or member.issparse():
        raise BackupError(f"archive member {member.name!r} is not a plain file; nothing changed")
    try:
        tarfile.data_filter(member, str(staging))
    except tarfile.FilterError as exc:
        raise BackupError(f"unsafe archive member {member.name!r}: {exc}; nothing changed") from exc
    hidden = any(p.startswith(".") for p in parts)
    article = parts[0] == ARTICLES and len(parts) > 1 and path.suffix.lower() in EXTENSIONS
    state = parts[0] == STATE and len(parts) == 2 and not _sqlite_side_file(parts[1])
    if hidden or not (member.name == MANIFEST or article or state):
        raise BackupError(f"unexpected file in the archive: {member.name!r}; nothing changed")
    return True


def _sqlite_side_file(name: str) -> bool:
    """A journal or WAL file: SQLite would replay it into the database it sits beside."""
    stem = name.split("-")[0]
    return "-" in name and stem.endswith(SQLITE_SUFFIXES)


def _check_manifest(source: str, staged: Path | None) -> None:
    try:
        manifest = json.loads(staged.read_bytes()) if staged is not None else None
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


# ----- writing -----


def _same_file(entry: _Entry) -> bool:
    return entry.target.is_file() and filecmp.cmp(entry.target, entry.staged, shallow=False)


def _would_lose(entry: _Entry) -> bool:
    """Whether restoring `entry` would replace something worth keeping."""
    if not entry.target.exists():
        return False
    if not entry.target.is_file():
        raise BackupError(f"{entry.target} is not a file; {entry.member} cannot replace it")
    if entry.is_sqlite:
        return has_rows(entry.target)  # a freshly started bot's empty database loses nothing
    return not _same_file(entry)


def _keep(entry: _Entry, kept_in: Path) -> None:
    """Copy the current version of entry's file into the hidden keep folder."""
    copy = kept_in / entry.member
    copy.parent.mkdir(parents=True, exist_ok=True)
    if entry.is_sqlite:
        copy_database(entry.target, copy)
    else:
        shutil.copy2(entry.target, copy)


def _restore(entry: _Entry) -> None:
    entry.target.parent.mkdir(parents=True, exist_ok=True)
    if entry.is_sqlite:
        # Into the database through SQLite, not over its file: its -wal file stays coherent.
        copy_database(entry.staged, entry.target, standalone=False)
        return

    def write(out: IO[bytes]) -> None:
        with open(entry.staged, "rb") as staged:
            shutil.copyfileobj(staged, out, _CHUNK)

    atomic_write(entry.target, write)


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
