"""The alerts' tables on both engines (the `db` fixture), and alerts.sqlite3 files kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.telegram.alert_store import AlertStore, Digest, Follow, Outgoing
from retrieval.statedb.database import Database


def test_follows_digests_and_seen_articles_on_either_engine(db: Database) -> None:
    store = AlertStore(db)
    for words in ("zeta", "alfa", "Seno Aji"):  # listed in the order added
        assert store.add_follow(Follow(-100, words.lower(), words, 3, "id"), 5.0, 3)
    assert not store.add_follow(Follow(-100, "zeta", "Zeta", 0, "id"), 6.0, 3)
    assert store.add_follow(Follow(-100, "baru", "baru", 0, "id"), 6.0, 3) is None
    assert [f.follow for f in store.follows(-100)] == ["zeta", "alfa", "Seno Aji"]
    assert store.unseen(["a1"]) is None  # the first look learns the index
    store.record(["a1"], [], 10.0)
    assert store.unseen(["a1", "a2"]) == ["a2"]
    queued = store.record(["a2"], [Outgoing(-100, "a:a2", "<b>baru</b>", 3)], 20.0)
    assert queued == 1 and store.seen_since(10.0, 20.0) == ["a2"]
    digest = Digest(-100, 7 * 60, 3, "id", 0.0, 30.0)
    store.set_digest(digest)
    assert store.due_digests(30.0) == [digest] and store.next_digest_at() == 30.0
    page = Outgoing(-100, "d:30:0", "ringkasan", 3)
    assert store.digest_done(digest, [page], 30.0, 90.0)
    # A second replica that found the same digest due does it no second time.
    assert not store.digest_done(digest, [page], 31.0, 91.0)
    assert store.digest(-100) == Digest(-100, 7 * 60, 3, "id", 30.0, 90.0)
    assert [r.text for r in store.pending(40.0, 10)] == ["<b>baru</b>", "ringkasan"]
    assert store.forget_chat(-100) == 3 and store.digest(-100) is None
    assert store.outcomes() == {"blocked": 2}


def test_an_alerts_file_of_the_previous_briefbot_keeps_its_rows(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "alerts.sqlite3")
    old.executescript("""
        CREATE TABLE follows (chat_id INTEGER NOT NULL, key TEXT NOT NULL,
            follow TEXT NOT NULL, thread_id INTEGER NOT NULL DEFAULT 0, lang TEXT NOT NULL,
            added_at REAL NOT NULL, PRIMARY KEY (chat_id, key));
        CREATE TABLE seen (article_id TEXT PRIMARY KEY, seen_at REAL NOT NULL);
        CREATE TABLE marks (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL,
            key TEXT NOT NULL, thread_id INTEGER NOT NULL DEFAULT 0, text TEXT NOT NULL,
            created_at REAL NOT NULL, not_before REAL NOT NULL DEFAULT 0, claimed_by TEXT,
            claimed_at REAL, sent_at REAL, outcome TEXT, UNIQUE (chat_id, key));
        INSERT INTO follows VALUES (5, 'banjir', 'Banjir', 0, 'id', 1.0);
        INSERT INTO seen VALUES ('lama', 1.0);
        INSERT INTO marks VALUES ('baseline', '1.0');
        INSERT INTO outbox (chat_id, key, text, created_at) VALUES (5, 'a:lama', 'x', 1.0);""")
    old.close()
    store = AlertStore.in_folder(tmp_path)
    assert [f.follow for f in store.follows()] == ["Banjir"]
    assert store.unseen(["lama", "baru"]) == ["baru"]
    assert [r.text for r in store.pending(2.0, 10)] == ["x"]
    assert store.db.version("alerts") == 1 and store.db.version("outbox") == 1
    store.close()
