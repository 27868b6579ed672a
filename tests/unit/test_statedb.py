"""The state database behaves alike on SQLite and PostgreSQL: what every store relies on."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from retrieval.errors import StateError
from retrieval.statedb.database import Database, Migration
from retrieval.statedb.engines import open_database

STEPS = (
    Migration(1, "CREATE TABLE IF NOT EXISTS jobs (\n"
              " id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL,\n"
              ' "offset" INTEGER NOT NULL DEFAULT 0, at REAL NOT NULL, owner TEXT)'),
    Migration(2, "CREATE INDEX IF NOT EXISTS jobs_owner ON jobs(owner)"),
)


def test_migrations_run_once_and_say_the_version(db: Database) -> None:
    assert db.migrate("test", STEPS[:1]) == 1
    assert db.migrate("test", STEPS) == 2
    assert db.migrate("test", STEPS) == 2
    assert db.version("test") == 2


def test_big_ids_returning_and_times_keep_their_value(db: Database) -> None:
    db.migrate("test", STEPS)
    chat = -1001234567890123  # a supergroup's id: past 32 bits
    [(first,)] = db.rows("INSERT INTO jobs (chat_id, at) VALUES (?, ?) RETURNING id",
                         chat, 1750000000.123456)
    [(second,)] = db.rows("INSERT INTO jobs (chat_id, at) VALUES (?, ?) RETURNING id", 2, 0.5)
    assert second == first + 1
    assert db.rows('SELECT chat_id, at, "offset" FROM jobs WHERE id = ?', first) == [
        (chat, 1750000000.123456, 0)]
    assert db.rows("SELECT COUNT(*) FROM jobs WHERE owner LIKE '%x%'") == [(0,)]


def test_a_failed_transaction_leaves_nothing(db: Database) -> None:
    db.migrate("test", STEPS)
    with pytest.raises(StateError), db.transaction() as tx:
        tx.run("INSERT INTO jobs (chat_id, at) VALUES (?, ?)", 1, 0.0)
        tx.run("INSERT INTO nowhere VALUES (1)")
    assert db.rows("SELECT COUNT(*) FROM jobs") == [(0,)]


def test_claims_never_hand_one_row_to_two_takers(db: Database) -> None:
    db.migrate("test", STEPS)
    with db.transaction() as tx:
        tx.many("INSERT INTO jobs (chat_id, at) VALUES (?, ?)", [(n, 0.0) for n in range(200)])
    taken: list[int] = []
    lock = threading.Lock()

    def take(owner: str) -> None:
        while True:
            with db.transaction() as tx:
                rows = tx.rows(
                    "UPDATE jobs SET owner = ? WHERE id IN (SELECT id FROM jobs WHERE owner IS"
                    f" NULL ORDER BY id LIMIT 7{tx.skip_locked}) RETURNING chat_id", owner)
            if not rows:
                return
            with lock:
                taken.extend(int(r[0]) for r in rows)

    takers = [threading.Thread(target=take, args=(f"t{n}",)) for n in range(4)]
    for t in takers:
        t.start()
    for t in takers:
        t.join()
    assert sorted(taken) == list(range(200))


def test_presence_knows_itself_and_the_dead(db: Database) -> None:
    me = db.presence()
    assert me.alive(me.token)
    assert not me.alive("4611686018427387000")


def test_an_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    from tests.support.webhook_process import free_port

    url = f"postgresql://nobody:secret-pw@127.0.0.1:{free_port()}/none"
    with pytest.raises(StateError) as caught:
        open_database(url, tmp_path / "x.sqlite3")
    assert "postgresql://nobody@127.0.0.1" in str(caught.value)
    assert "secret-pw" not in str(caught.value)
