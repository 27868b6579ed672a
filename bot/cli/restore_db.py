"""A state database from an archive, rebuilt: its rows poured into today's schema, nothing else.

Copying the file as it comes would keep whatever its schema holds: a trigger that fails every
later question, a view, an extra table, an old column layout. Only the rows of the tables the
bot knows survive, each value of the type its column declares. A table or column this briefbot
does not know (a newer one wrote it) holds data: it is refused, naming it, unless the operator
asks to restore without it (`--drop-unknown`); triggers and views hold none and are dropped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.cli.backup_error import BackupError
from retrieval.statedb.database import SCHEMA_TABLE


def _new_bot_state(path: Path) -> None:
    from bot.telegram.state import StateStore

    StateStore(path).close()


def _new_source_state(path: Path) -> None:
    from retrieval.web.source_state import SqliteSourceState

    state = SqliteSourceState(path.parent, path.name)
    state.close()


def _new_alert_state(path: Path) -> None:
    from bot.telegram.alert_store import AlertStore

    AlertStore(path).close()


# State database name -> creates an empty one with the current schema.
SCHEMAS: dict[str, Callable[[Path], None]] = {
    "bot.sqlite3": _new_bot_state,
    "sources.sqlite3": _new_source_state,
    "alerts.sqlite3": _new_alert_state,
}
_TYPES: dict[str, tuple[type, ...]] = {"INTEGER": (int,), "REAL": (int, float), "TEXT": (str,)}
_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"


@dataclass(frozen=True)
class _Column:
    name: str
    type: str
    required: bool  # NOT NULL without a default: a row cannot do without it


def rebuild_state_database(
    member: str, archived: Path, out: Path, drop_unknown: bool = False
) -> None:
    """Write at `out` a database of today's schema holding the archived database's rows."""
    create = SCHEMAS.get(Path(member).name)
    if create is None:
        raise BackupError(f"{member} is not a database this briefbot keeps; nothing was changed")
    create(out)
    source = _open_untrusted(member, archived)
    target = sqlite3.connect(out)
    try:
        tables = [name for (name,) in target.execute(_TABLES)]
        unknown = _unknown(source, target, tables)
        if unknown and not drop_unknown:
            raise BackupError(
                f"{member} holds {', '.join(unknown)}, unknown to this briefbot (an export of a "
                "newer one?); nothing was changed. Upgrade briefbot, or pass --drop-unknown to "
                "restore without them"
            )
        with target:
            for table in tables:
                if table != SCHEMA_TABLE:  # today's versions, written by `create`
                    _copy_rows(member, source, target, table)
    except sqlite3.Error as exc:
        raise BackupError(f"{member} cannot be restored: {exc}; nothing was changed") from exc
    finally:
        source.close()
        target.close()


def _unknown(source: sqlite3.Connection, target: sqlite3.Connection, known: list[str]) -> list[str]:
    """The archived tables and columns today's schema lacks, as words: "table x", "column t.c"."""
    found = []
    for (table,) in source.execute(_TABLES):
        if table not in known:
            found.append(f"table {table!r}")
            continue
        ours = {c.name for c in _columns(target, table)}
        found += [f"column {table}.{c.name}" for c in _columns(source, table) if c.name not in ours]
    return found


def _open_untrusted(member: str, path: Path) -> sqlite3.Connection:
    try:
        # immutable: no journal or WAL file is looked for, nothing is written.
        con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
        con.execute("PRAGMA trusted_schema = OFF")  # no functions with side effects from it
        con.execute("PRAGMA cell_size_check = ON")
        ok = con.execute("PRAGMA quick_check").fetchone()
    except sqlite3.Error as exc:
        raise BackupError(f"{member} is not a readable SQLite database: {exc}") from exc
    if ok != ("ok",):
        con.close()
        raise BackupError(f"{member} is a damaged database; nothing was changed")
    return con


def _columns(con: sqlite3.Connection, table: str) -> list[_Column]:
    rows = con.execute(f'PRAGMA table_info("{table}")').fetchall()
    # cid, name, type, notnull, default, pk; an INTEGER PRIMARY KEY fills itself in.
    return [
        _Column(name, kind.upper(), bool(notnull) and default is None and not pk)
        for _cid, name, kind, notnull, default, pk in rows
    ]


def _copy_rows(
    member: str, source: sqlite3.Connection, target: sqlite3.Connection, table: str
) -> None:
    kind = source.execute("SELECT type FROM sqlite_master WHERE name = ?", (table,)).fetchone()
    if kind is None:
        return  # an older bot without this table: it starts empty
    if kind != ("table",):
        raise BackupError(f"{member}: {table} is a {kind[0]}, not a table; nothing was changed")
    present = {c.name for c in _columns(source, table)}
    wanted = _columns(target, table)
    missing = [c.name for c in wanted if c.required and c.name not in present]
    if missing:
        raise BackupError(f"{member}: table {table} lacks {', '.join(missing)}; nothing changed")
    columns = [c for c in wanted if c.name in present]
    names = ", ".join(f'"{c.name}"' for c in columns)
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    for row in source.execute(f'SELECT {names} FROM "{table}"'):
        for column, value in zip(columns, row, strict=True):
            allowed = _TYPES.get(column.type)
            if value is None or allowed is None or type(value) in allowed:
                continue
            raise BackupError(
                f"{member}: {table}.{column.name} holds a {type(value).__name__} where "
                f"{column.type} belongs; nothing was changed"
            )
        target.execute(insert, row)


def has_rows(path: Path) -> bool:
    """Whether a (local, trusted) database holds any row worth keeping."""
    con = sqlite3.connect(path)
    try:
        tables = con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
        return any(con.execute(f'SELECT EXISTS (SELECT 1 FROM "{t}")').fetchone()[0]
                   for (t,) in tables if not t.startswith("sqlite_") and t != SCHEMA_TABLE)
    except sqlite3.Error:
        return True  # unreadable: keep it aside rather than guess
    finally:
        con.close()
