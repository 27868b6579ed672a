"""`open_database`: the engine a URL names, PostgreSQL or the SQLite file (the default)."""

from __future__ import annotations

from pathlib import Path

from retrieval.statedb.database import Database, is_postgres


def open_database(url: str | None, file: Path) -> Database:
    """PostgreSQL when `url` names a server; otherwise the SQLite database `file`."""
    if url and is_postgres(url):
        from retrieval.statedb.postgres import shared_database

        return shared_database(url)
    from retrieval.statedb.sqlite import SqliteDatabase

    return SqliteDatabase(file)
