"""`Database` on one SQLite file: the embedded default, one connection behind a lock."""

from __future__ import annotations

import secrets
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from retrieval.errors import StateError
from retrieval.statedb.database import Dialect, Migration, Row, migrate_in, version_in


@contextmanager
def _words() -> Iterator[None]:
    """The engine's errors as ours, keeping SQLite's own name for the reason (SQLITE_FULL)."""
    try:
        yield
    except sqlite3.Error as exc:
        kind = getattr(exc, "sqlite_errorname", None) or type(exc).__name__
        raise StateError(str(exc), kind) from exc


class _Tx:
    dialect: Dialect = "sqlite"
    skip_locked = ""  # BEGIN IMMEDIATE: no other writer until COMMIT
    for_update = ""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def rows(self, sql: str, *args: object) -> list[Row]:
        with _words():
            return list(self._db.execute(sql, args).fetchall())

    def run(self, sql: str, *args: object) -> int:
        with _words():
            return int(self._db.execute(sql, args).rowcount)

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        with _words():
            before = self._db.total_changes
            self._db.executemany(sql, rows)
            return self._db.total_changes - before


class _OneProcess:
    """An SQLite state folder belongs to one running bot: any other claimant is gone."""

    def __init__(self) -> None:
        self.token = secrets.token_hex(8)

    def alive(self, token: str) -> bool:
        return token == self.token

    def close(self) -> None:
        pass


class SqliteDatabase:
    """One SQLite file in WAL mode (the bot and the CLI may share it); safe from any thread."""

    dialect: Dialect = "sqlite"

    def __init__(self, path: Path, timeout: float = 30.0) -> None:
        self.path, self.where = path, str(path)
        self._lock = threading.RLock()
        self._presence: _OneProcess | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(f"cannot make the state folder {path.parent}: {exc.strerror}",
                             type(exc).__name__) from exc
        with _words():
            self._db = sqlite3.connect(
                path, check_same_thread=False, isolation_level=None, timeout=timeout)
            # WAL with NORMAL sync: a commit costs no fsync, and a crash loses at most the
            # last few.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
        self._tx = _Tx(self._db)

    def rows(self, sql: str, *args: object) -> list[Row]:
        with self._lock:
            return self._tx.rows(sql, *args)

    def run(self, sql: str, *args: object) -> int:
        with self._lock:
            return self._tx.run(sql, *args)

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        with self._lock:
            with _words():
                self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._tx
            except BaseException:
                with _words():
                    self._db.execute("ROLLBACK")
                raise
            with _words():
                self._db.execute("COMMIT")

    def version(self, component: str) -> int:
        with self.transaction() as tx:
            return version_in(tx, component)

    def migrate(self, component: str, migrations: Sequence[Migration]) -> int:
        """Bring `component`'s tables to the last migration (see `migrate_in`)."""
        with self.transaction() as tx:  # BEGIN IMMEDIATE: one process at a time
            return migrate_in(tx, component, migrations)

    def presence(self) -> _OneProcess:
        if self._presence is None:
            self._presence = _OneProcess()
        return self._presence

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def raw(self) -> sqlite3.Connection:
        """The connection itself, for what only SQLite does (backups, page limits in tests)."""
        return self._db
