"""`briefbot import`: restore an export, treating the archive as hostile until proven otherwise.

The archive is staged, checked and verified whole first (restore_read). State databases are
rebuilt from their rows (restore_db), never copied as they come. Nothing in the data or state
folders changes until every member has been staged and checked, and no file is written through
a link leading out of its folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import filecmp
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from bot.cli.backup import (
    ARTICLES,
    SQLITE_SUFFIXES,
    atomic_write,
    copy_database,
)
from bot.cli.backup_error import BackupError
from bot.cli.restore_db import has_rows, rebuild_state_database
from bot.cli.restore_read import read_archive
from bot.settings import Settings

_CHUNK = 1 << 20
_SHOWN = 5  # conflicting files named in the refusal


@dataclass(frozen=True)
class ImportSummary:
    added: int  # articles written that were not there
    unchanged: int  # articles already there with the same content
    replaced: int  # articles that differed and were replaced (--force)
    state_files: tuple[str, ...]  # state files restored
    kept_in: Path | None  # where the replaced versions were copied
    skipped: tuple[str, ...] = ()  # one line per member left out, naming it


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


def import_archive(
    settings: Settings, source: str, force: bool = False, drop_unknown: bool = False
) -> ImportSummary:
    """Restore articles and state from `source` (a path, or "-" for standard input).

    `drop_unknown` restores state databases without the tables and columns this briefbot does
    not know (from a newer one); without it they are refused, never dropped unsaid.
    """
    with tempfile.TemporaryDirectory(prefix="briefbot-import-") as tmp:
        staging = Path(tmp)
        staged = read_archive(source, staging)
        entries = [
            _rebuilt(_Entry(name, _target(name, settings), path), staging, drop_unknown)
            for name, path in sorted(staged.files.items())
        ]
        summary = _apply(entries, settings, force)
        return dataclasses.replace(summary, skipped=tuple(staged.skipped))


def _rebuilt(entry: _Entry, staging: Path, drop_unknown: bool) -> _Entry:
    if not entry.is_sqlite:
        return entry
    rebuilt = staging / f"{entry.staged.name}.rebuilt"
    rebuild_state_database(entry.member, entry.staged, rebuilt, drop_unknown)
    return _Entry(entry.member, entry.target, rebuilt)


def _apply(entries: list[_Entry], settings: Settings, force: bool) -> ImportSummary:
    articles = [e for e in entries if e.is_article]
    same = {e.member for e in articles if _same_file(e)}
    changed = [e for e in entries if e.member not in same and _would_lose(e, settings)]
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
        _keep(entry, kept_in, settings)
    for entry in entries:
        if entry.member not in same:
            _restore(entry, settings)
    return ImportSummary(
        added=len(articles) - len(same) - replaced,
        unchanged=len(same),
        replaced=replaced,
        state_files=tuple(e.target.name for e in entries if not e.is_article),
        kept_in=kept_in if changed else None,
    )


# ----- where each file goes -----


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


def _shared(entry: _Entry, settings: Settings) -> bool:
    """Whether `entry` goes into the PostgreSQL state rather than the state folder."""
    from bot.cli.backup_shared import FILES

    return bool(settings.database) and not entry.is_article and entry.target.name in FILES


def _would_lose(entry: _Entry, settings: Settings) -> bool:
    """Whether restoring `entry` would replace something worth keeping."""
    if _shared(entry, settings):
        from bot.cli.backup_shared import holds_rows

        return holds_rows(settings, entry.target.name)
    if not entry.target.exists():
        return False
    if not entry.target.is_file():
        raise BackupError(f"{entry.target} is not a file; {entry.member} cannot replace it")
    if entry.is_sqlite:
        return has_rows(entry.target)  # a freshly started bot's empty database loses nothing
    return not _same_file(entry)


def _keep(entry: _Entry, kept_in: Path, settings: Settings) -> None:
    """Copy the current version of entry's file into the hidden keep folder."""
    copy = kept_in / entry.member
    copy.parent.mkdir(parents=True, exist_ok=True)
    if _shared(entry, settings):
        from bot.cli.backup_shared import export_file

        export_file(settings, entry.target.name, copy)
    elif entry.is_sqlite:
        copy_database(entry.target, copy)
    else:
        shutil.copy2(entry.target, copy)


def _restore(entry: _Entry, settings: Settings) -> None:
    if _shared(entry, settings):
        from bot.cli.backup_shared import restore_file

        restore_file(settings, entry.target.name, entry.staged)
        return
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
    s = import_archive(settings, args.file, args.force, args.drop_unknown)
    for line in s.skipped:
        print(f"warning: {line}", file=sys.stderr)
    print(f"imported {s.added + s.replaced + s.unchanged} articles into {settings.data_dir} "
          f"({s.added} new, {s.replaced} replaced, {s.unchanged} unchanged) and "
          f"{len(s.state_files)} state file(s) into {_where(settings)}")
    if s.kept_in is not None:
        print(f"the versions replaced are kept in {s.kept_in}")
    print("now run `briefbot index` (or send /reindex to the running bot) to rebuild the index")
    return 0


def _where(settings: Settings) -> str:
    if settings.database:
        from retrieval.statedb.postgres import redacted

        return f"the state database {redacted(settings.database)}"
    return str(settings.state_dir)
