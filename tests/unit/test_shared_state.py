"""Every store behaves the same on SQLite and on PostgreSQL (the `db` fixture runs both)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.telegram.jobs import Job, Jobs
from bot.telegram.ledger import Claim, Ledger
from bot.telegram.limits import SharedRateLimiter
from bot.telegram.outbox import Outbox, Outgoing
from bot.telegram.pace import SharedPace
from bot.telegram.state import StateStore
from retrieval.statedb.database import Database
from retrieval.web.feed_state import StoredFeedState
from retrieval.web.fetch import Validators
from retrieval.web.source_state import SourceStatus, SqliteSourceState, StoredSourceState

DEAD = "4611686018427387001"  # a process token nobody holds


def test_the_bots_state_keeps_questions_pages_votes_and_names(db: Database) -> None:
    store = StateStore(db)
    qid = store.add_question(-1001234567890, 42, "Apa kata Gubernur?", "id", True)
    assert store.question(qid) is not None and store.question(qid).chat_id == -1001234567890  # type: ignore[union-attr]
    store.record_page(qid, 0, ["a#1", "a#2"])
    assert store.claim_page(qid, 2) and not store.claim_page(qid, 2)  # one page per message
    store.forget_page(qid, 2)
    assert store.claim_page(qid, 2)
    assert store.add_feedback(qid, 0, 7, 1) and store.add_feedback(qid, 0, 7, -1)
    assert not store.add_feedback(qid, 9, 7, 1)
    assert store.feedback(qid) == [(7, -1, ["a#1", "a#2"])]
    store.remember_answer(-1001234567890, 55, qid)
    assert store.answered_question(-1001234567890, 55) == store.question(qid)
    key = store.name_key("Rudy Mas'ud")
    assert store.name_key("Rudy Mas'ud") == key and store.named(key) == "Rudy Mas'ud"
    assert store.prune(older_than=4e9) == 1
    assert store.question(qid) is None and store.feedback(qid)  # votes outlive the question
    usage = store.usage()
    assert (usage.asked, usage.up, usage.down) == (0, 0, 1)


def test_a_state_file_of_an_older_briefbot_opens_as_it_is(tmp_path: Path) -> None:
    old = sqlite3.connect(tmp_path / "bot.sqlite3")
    old.executescript("""
        CREATE TABLE questions (id INTEGER PRIMARY KEY AUTOINCREMENT, chat_id INTEGER NOT NULL,
            user_id INTEGER, question TEXT NOT NULL, lang TEXT NOT NULL,
            answered INTEGER NOT NULL, asked_at REAL NOT NULL);
        CREATE TABLE pages (question_id INTEGER NOT NULL REFERENCES questions(id),
            offset INTEGER NOT NULL, passages TEXT NOT NULL, PRIMARY KEY (question_id, offset));
        INSERT INTO questions VALUES (7, 1, 1, 'lama', 'id', 1, 1.0);
        INSERT INTO pages VALUES (7, 0, '["x#0"]');""")
    old.close()
    store = StateStore.in_folder(tmp_path)
    assert store.page_passages(7, 0) == ["x#0"]
    assert store.db.version("bot") == 1
    store.close()


def test_followed_sources_and_feeds(db: Database, tmp_path: Path) -> None:
    state = StoredSourceState(db)
    for url in ("https://b.example", "https://a.example"):
        state.save_source(SourceStatus(url, title=url))
    assert [s.url for s in state.sources()] == ["https://b.example", "https://a.example"]
    state.mark("https://b.example", "https://b.example/1", "stored", "b1")
    state.mark("https://b.example", "https://b.example/2", "failed", None)
    assert state.counts("https://b.example") == (2, 1)
    assert not state.seen("https://b.example", "https://b.example/2")  # tried again later
    state.save_validators("https://b.example/feed", Validators('"e1"', None), "memo")
    state.save_validators("https://b.example/feed", Validators('"e2"', None), None)
    assert state.validators("https://b.example/feed") == (Validators('"e2"', None), None)
    state.add_mirror("https://c.example/1", "b1", "https://b.example/1")
    assert state.mirrors("b1") == ["https://c.example/1"]
    assert state.remove_source("https://a.example") and not state.remove_source("x")
    feeds = StoredFeedState(db)
    feeds.record_success("https://b.example/rss", "2025-06-02T10:00:00+00:00", 3, 9)
    feeds.record_error("https://b.example/rss", "2025-06-02T11:00:00+00:00", "HTTP 500")
    feed = feeds.read()["https://b.example/rss"]
    assert (feed.articles, feed.last_error, feed.last_success) == (
        3, "HTTP 500", "2025-06-02T10:00:00+00:00")
    SqliteSourceState(tmp_path).close()  # the embedded default opens as before


def test_two_replicas_share_one_rate_limit(db: Database) -> None:
    now = [1000.0]
    one, two = (SharedRateLimiter(db, 2, clock=lambda: now[0]) for _ in range(2))
    assert one.check(5).allowed and two.check(5).allowed
    refused = one.check(5)
    assert not refused.allowed and refused.notify and refused.retry_after == 60
    assert not two.check(5).notify  # told once a window, by whichever replica
    assert two.check(6).allowed
    now[0] += 61
    assert two.check(5).allowed


def test_the_ledger_answers_each_update_once(db: Database) -> None:
    ledger = Ledger(db)
    assert ledger.claim(900) is Claim.NEW
    assert ledger.claim(900) is Claim.BUSY  # ours, still being answered
    ledger.mark(900, "sent")
    assert ledger.claim(900) is Claim.DONE
    db.run("INSERT INTO updates (update_id, owner, state, at) VALUES (?, ?, 'working', 0)",
           901, DEAD)
    db.run("INSERT INTO updates (update_id, owner, state, at) VALUES (?, ?, 'sending', 0)",
           902, DEAD)
    assert ledger.claim(901) is Claim.RETRY and ledger.claim(902) is Claim.RETRY
    assert db.rows("SELECT update_id, ambiguous, attempts FROM updates WHERE update_id > 900"
                   " ORDER BY update_id") == [(901, 0, 2), (902, 1, 2)]


def test_the_outbox_queues_once_and_never_sends_again_what_a_dead_process_claimed(
    db: Database
) -> None:
    outbox = Outbox(db)
    assert outbox.queue([Outgoing(1, "a:x", "hi"), Outgoing(2, "a:x", "hi")], 10.0) == 2
    assert outbox.queue([Outgoing(1, "a:x", "again")], 11.0) == 0
    first, second = outbox.pending(12.0, 10)
    assert first.chat_id == 1 and outbox.claim(first.id, 12.0)
    assert not outbox.claim(first.id, 12.0)  # taken: a second sender gets nothing
    outbox.mark_sent(first.id, 12.1)
    assert outbox.pending(12.0, 10) == [second]
    db.run("UPDATE outbox SET claimed_by = ? WHERE id = ?", DEAD, second.id)
    assert outbox.pending(13.0, 10) == [] and outbox.abandon_stale(13.0) == 1  # it may have
    assert outbox.abandon_stale(14.0) == 0  # arrived: not sent again
    assert outbox.outcomes() == {"sent": 1, "unknown": 1}
    pace = SharedPace(db, "test", 4.0)
    assert [pace.take(100.0) for _ in range(3)] == [100.0, 100.25, 100.5]


def test_jobs_go_to_one_indexer_and_come_back_when_it_dies(db: Database) -> None:
    jobs = Jobs(db)
    jobs.submit(Job("add", -5, "id", {"urls": ["https://x.example/1"], "skipped": 0}))
    jobs.submit(Job("reindex", -5, "en"))
    first = jobs.claim()
    assert first is not None and first.payload["urls"] == ["https://x.example/1"]
    second = jobs.claim()
    assert second is not None and second.kind == "reindex" and jobs.claim() is None
    jobs.done(first, "done")
    db.run("UPDATE jobs SET claimed_by = ? WHERE id = ?", DEAD, second.id)
    again = jobs.claim()
    assert again is not None and again.id == second.id and jobs.waiting() == 1
