"""`Database` on a PostgreSQL server through psycopg 3: a pool per process, shared by its stores.

Statements are the stores' portable SQL with `?` turned into psycopg's `%s`. Connections are
in autocommit; `transaction()` opens a real one. psycopg and its pool are imported only here, so
the embedded default never loads them.
"""

from __future__ import annotations

import functools
import logging
import secrets
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from retrieval.errors import StateError
from retrieval.statedb.database import Dialect, Migration, Row, migrate_in, version_in

log = logging.getLogger(__name__)
# pg_advisory_xact_lock(MIGRATIONS, 0) serialises migrations; the two-key form never meets the
# one-key locks `Presence` takes.
MIGRATIONS = 0x62726966  # "brif"
POOL_SIZE = 8  # the bot's search threads, its event loop and a background job at once
CONNECT_TIMEOUT = 10


@functools.lru_cache(maxsize=512)
def _pg(sql: str) -> str:
    return sql.replace("%", "%%").replace("?", "%s")


@contextmanager
def _words(where: str) -> Iterator[None]:
    import psycopg

    try:
        yield
    except psycopg.Error as exc:
        kind = getattr(exc, "sqlstate", None) or type(exc).__name__
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StateError(f"{where}: {reason}", kind) from exc


def redacted(url: str) -> str:
    """The server and database a URL names, never its password: "postgresql://bot@db:5432/x"."""
    from psycopg.conninfo import conninfo_to_dict

    try:
        parts = conninfo_to_dict(url)
    except Exception:  # a URL psycopg cannot read names nothing worth showing
        return "postgresql://?"
    user = f"{parts['user']}@" if parts.get("user") else ""
    port = f":{parts['port']}" if parts.get("port") else ""
    return f"postgresql://{user}{parts.get('host') or 'localhost'}{port}/{parts.get('dbname', '')}"


class _Tx:
    dialect: Dialect = "postgres"
    skip_locked = " FOR UPDATE SKIP LOCKED"
    for_update = " FOR UPDATE"

    def __init__(self, con: Any, where: str) -> None:
        self._con, self._where = con, where

    def rows(self, sql: str, *args: object) -> list[Row]:
        with _words(self._where):
            cur = self._con.execute(_pg(sql), args)
            return list(cur.fetchall()) if cur.description else []

    def run(self, sql: str, *args: object) -> int:
        with _words(self._where):
            return int(self._con.execute(_pg(sql), args).rowcount)

    def many(self, sql: str, rows: Iterable[Sequence[object]]) -> int:
        with _words(self._where), self._con.cursor() as cur:
            batch = [tuple(r) for r in rows]
            if not batch:
                return 0
            cur.executemany(_pg(sql), batch)
            return max(0, int(cur.rowcount))


class _Sessions:
    """Each process holds an advisory lock on its token's number for its lifetime, on a
    connection of its own: when the process dies, the server drops the connection and the lock
    with it, so `alive` of a dead process's token is false at once."""

    def __init__(self, url: str, where: str) -> None:
        import psycopg

        self._where, self._lock = where, threading.Lock()
        key = secrets.randbits(62) + 1
        self.token = str(key)
        with _words(where):
            self._con = psycopg.connect(url, autocommit=True, connect_timeout=CONNECT_TIMEOUT)
            self._con.execute("SELECT pg_advisory_lock(%s)", (key,))

    def alive(self, token: str) -> bool:
        if token == self.token:
            return True
        if not token.isdigit():
            return False
        with self._lock, _words(self._where):
            got = self._con.execute("SELECT pg_try_advisory_lock(%s)", (int(token),)).fetchone()
            if got and got[0]:
                self._con.execute("SELECT pg_advisory_unlock(%s)", (int(token),))
        return not (got and got[0])

    def close(self) -> None:
        with self._lock:
            self._con.close()


class PostgresDatabase:
    """A pool of connections to one server; safe from any thread."""

    dialect: Dialect = "postgres"

    def __init__(self, url: str, size: int = POOL_SIZE) -> None:
        from psycopg_pool import ConnectionPool

        self.url, self.where = url, redacted(url)
        self._presence: _Sessions | None = None
        self._lock = threading.Lock()
        problem = _connect_problem(url)  # the pool would only retry until its timeout
        if problem:
            raise StateError(f"cannot reach the state database {self.where}: {problem}",
                             "connection")
        self._pool = ConnectionPool(
            url, min_size=1, max_size=size, open=False, timeout=CONNECT_TIMEOUT,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT},
            name="briefbot-state")
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        except Exception as exc:
            self._pool.close()
            raise StateError(f"cannot reach the state database {self.where}: {exc}",
                             "connection") from exc

    def rows(self, sql: str, *args: object) -> list[Row]:
        with self._connection() as con:
            return _Tx(con, self.where).rows(sql, *args)

    def run(self, sql: str, *args: object) -> int:
        with self._connection() as con:
            return _Tx(con, self.where).run(sql, *args)

    @contextmanager
    def transaction(self) -> Iterator[_Tx]:
        with self._connection() as con, _words(self.where), con.transaction():
            yield _Tx(con, self.where)

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        from psycopg_pool import PoolTimeout

        try:
            with self._pool.connection() as con:
                yield con
        except PoolTimeout as exc:
            raise StateError(f"no connection to the state database {self.where} within "
                             f"{CONNECT_TIMEOUT:.0f} s", "connection") from exc

    def version(self, component: str) -> int:
        with self.transaction() as tx:
            return version_in(tx, component)

    def migrate(self, component: str, migrations: Sequence[Migration]) -> int:
        """Bring `component`'s tables to the last migration (see `migrate_in`); the first
        process to start does, the others wait on the lock and then find nothing left to do."""
        with self.transaction() as tx:
            tx.run("SELECT pg_advisory_xact_lock(?, 0)", MIGRATIONS)
            return migrate_in(tx, component, migrations)

    def presence(self) -> _Sessions:
        with self._lock:
            if self._presence is None:
                self._presence = _Sessions(self.url, self.where)
            return self._presence

    def close(self) -> None:
        """Stores share the process's pool (`shared_database`): they do not close it."""


def _connect_problem(url: str) -> str:
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=CONNECT_TIMEOUT).close()
    except psycopg.Error as exc:
        return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ""


_shared: dict[str, PostgresDatabase] = {}
_shared_lock = threading.Lock()


def shared_database(url: str) -> PostgresDatabase:
    """One pool per server and process, whichever store asks first."""
    with _shared_lock:
        db = _shared.get(url)
        if db is None:
            db = _shared[url] = PostgresDatabase(url)
        return db


def close_shared() -> None:
    """Close every pool (the end of a process, or of a test)."""
    with _shared_lock:
        for db in _shared.values():
            db._pool.close()
            if db._presence is not None:
                db._presence.close()
        _shared.clear()
