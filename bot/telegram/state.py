"""The bot's memory: questions behind buttons, pages shown, feedback, usage counts.

Buttons carry only a question id (or a name's number, when the name would not fit Telegram's
64 bytes); everything else lives here so that they keep working after a restart, and, on
PostgreSQL (`BRIEFBOT_DATABASE_URL`), on whichever replica the press reaches.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.statedb.database import Database, Migration, postgres_ddl
from retrieval.statedb.sqlite import SqliteDatabase

FILE = "bot.sqlite3"
COMPONENT = "bot"
_V1 = """
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    chat_id INTEGER NOT NULL,
    user_id INTEGER,
    question TEXT NOT NULL,
    lang TEXT NOT NULL,
    answered INTEGER NOT NULL,
    asked_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS pages (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    "offset" INTEGER NOT NULL,
    passages TEXT NOT NULL,
    PRIMARY KEY (question_id, "offset")
);
CREATE TABLE IF NOT EXISTS answers (
    chat_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    question_id INTEGER NOT NULL REFERENCES questions(id),
    PRIMARY KEY (chat_id, message_id)
);
CREATE TABLE IF NOT EXISTS names (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    used_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS feedback (
    question_id INTEGER NOT NULL REFERENCES questions(id),
    "offset" INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL,
    passages TEXT NOT NULL,
    voted_at REAL NOT NULL,
    PRIMARY KEY (question_id, "offset", user_id)
)"""
_FEEDBACK_OF = "feedback (\n    question_id INTEGER NOT NULL REFERENCES questions(id),"
MIGRATIONS = (
    # Votes outlive the questions they were on (prune), which SQLite, not enforcing foreign
    # keys, always allowed: PostgreSQL's feedback table names no foreign key.
    Migration(1, _V1, postgres_ddl(_V1.replace(
        _FEEDBACK_OF, "feedback (\n    question_id INTEGER NOT NULL,"))),
)
CLAIMED = "[]"  # a page being sent: taken, so that a second tap sends nothing (see claim_page)


def open_state(path: Path, schema: str) -> sqlite3.Connection:
    """A state database for any thread (callers lock), in autocommit, with `schema` made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
    # WAL with NORMAL sync: a commit costs no fsync, and a crash loses at most the last few.
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(schema)
    return db


@dataclass(frozen=True)
class StoredQuestion:
    """A question as asked, enough to page on or vote about it later."""

    id: int
    chat_id: int
    question: str
    lang: str


@dataclass(frozen=True)
class Usage:
    """Counts for /stats."""

    asked: int
    answered: int
    up: int
    down: int


class StateStore:
    """The bot's tables in one `Database`; safe to call from any thread."""

    def __init__(self, db: Database | Path) -> None:
        self.db = SqliteDatabase(db) if isinstance(db, Path) else db
        self.db.migrate(COMPONENT, MIGRATIONS)

    @classmethod
    def in_folder(cls, state_dir: Path) -> StateStore:
        return cls(state_dir / FILE)

    def close(self) -> None:
        self.db.close()

    def add_question(
        self, chat_id: int, user_id: int | None, question: str, lang: str, answered: bool
    ) -> int:
        """Remember a question and return its id (what buttons carry)."""
        [(qid,)] = self.db.rows(
            "INSERT INTO questions (chat_id, user_id, question, lang, answered, asked_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            chat_id, user_id, question, lang, int(answered), time.time())
        return int(qid)

    def question(self, question_id: int) -> StoredQuestion | None:
        rows = self.db.rows(
            "SELECT id, chat_id, question, lang FROM questions WHERE id = ?", question_id)
        return StoredQuestion(int(rows[0][0]), int(rows[0][1]), str(rows[0][2]),
                              str(rows[0][3])) if rows else None

    def remember_answer(self, chat_id: int, message_id: int, question_id: int) -> None:
        """Remember which question a sent answer was for: a reply to it is a follow-up."""
        self.db.run(
            "INSERT INTO answers (chat_id, message_id, question_id) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, message_id) DO UPDATE SET question_id = excluded.question_id",
            chat_id, message_id, question_id)

    def answered_question(self, chat_id: int, message_id: int) -> StoredQuestion | None:
        """The question one of our messages answered, if it was an answer."""
        rows = self.db.rows(
            "SELECT question_id FROM answers WHERE chat_id = ? AND message_id = ?",
            chat_id, message_id)
        return self.question(int(rows[0][0])) if rows else None

    def record_page(self, question_id: int, offset: int, passages: Sequence[str]) -> bool:
        """Remember which passages one message showed, for the feedback about it."""
        self.db.run(
            'INSERT INTO pages (question_id, "offset", passages) VALUES (?, ?, ?)'
            ' ON CONFLICT (question_id, "offset") DO UPDATE SET passages = excluded.passages',
            question_id, offset, json.dumps(list(passages)))
        return True

    def claim_page(self, question_id: int, offset: int) -> bool:
        """Take the page of `question_id` from `offset` for sending; False when it was taken
        already (sent, or on its way from this or another replica)."""
        return self.db.run(
            'INSERT INTO pages (question_id, "offset", passages) VALUES (?, ?, ?)'
            ' ON CONFLICT (question_id, "offset") DO NOTHING',
            question_id, offset, CLAIMED) == 1

    def page_passages(self, question_id: int, offset: int) -> list[str] | None:
        """The keys of the passages one message showed; None when it was not recorded."""
        rows = self.db.rows(
            'SELECT passages FROM pages WHERE question_id = ? AND "offset" = ?',
            question_id, offset)
        return [str(p) for p in json.loads(rows[0][0])] if rows else None

    def forget_page(self, question_id: int, offset: int) -> None:
        """Forget a page that could not be sent after all."""
        self.db.run('DELETE FROM pages WHERE question_id = ? AND "offset" = ?',
                    question_id, offset)

    def name_key(self, name: str) -> int:
        """A short number standing for `name` in a button's data; the same name, the same one."""
        [(key,)] = self.db.rows(
            "INSERT INTO names (name, used_at) VALUES (?, ?)"
            " ON CONFLICT (name) DO UPDATE SET used_at = excluded.used_at RETURNING id",
            name, time.time())
        return int(key)

    def named(self, key: int) -> str | None:
        """The name `key` stands for (see `name_key`), or None."""
        rows = self.db.rows("SELECT name FROM names WHERE id = ?", key)
        return str(rows[0][0]) if rows else None

    def page_size(self, question_id: int, offset: int) -> int | None:
        """How many passages one message showed (a first page shows only the close ones)."""
        shown = self.page_passages(question_id, offset)
        return None if shown is None else len(shown)

    def add_feedback(self, question_id: int, offset: int, user_id: int, vote: int) -> bool:
        """Store a 👍 (+1) or 👎 (-1) on a page that was shown; False when none was.

        One vote per user per message: a second vote replaces the first.
        """
        with self.db.transaction() as tx:
            rows = tx.rows('SELECT passages FROM pages WHERE question_id = ? AND "offset" = ?',
                           question_id, offset)
            if not rows:
                return False
            tx.run(
                'INSERT INTO feedback (question_id, "offset", user_id, vote, passages, voted_at)'
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (question_id, \"offset\", user_id)"
                " DO UPDATE SET vote = excluded.vote, passages = excluded.passages,"
                " voted_at = excluded.voted_at",
                question_id, offset, user_id, vote, rows[0][0], time.time())
        return True

    def prune(self, older_than: float) -> int:
        """Forget questions asked before `older_than` (epoch seconds), the pages they showed, and
        names last listed before then.

        Their buttons then say they expired; votes already given stay for /stats.
        """
        with self.db.transaction() as tx:
            for table in ("pages", "answers"):
                tx.run(f"DELETE FROM {table} WHERE question_id IN"
                       " (SELECT id FROM questions WHERE asked_at < ?)", older_than)
            gone = tx.run("DELETE FROM questions WHERE asked_at < ?", older_than)
            tx.run("DELETE FROM names WHERE used_at < ?", older_than)
        return gone

    def feedback(self, question_id: int) -> list[tuple[int, int, list[str]]]:
        """Return (user id, vote, passages shown) for one question."""
        rows = self.db.rows(
            "SELECT user_id, vote, passages FROM feedback WHERE question_id = ?"
            " ORDER BY voted_at", question_id)
        return [(int(r[0]), int(r[1]), list(json.loads(r[2]))) for r in rows]

    def usage(self) -> Usage:
        [(asked, answered)] = self.db.rows(
            "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions")
        [(up, down)] = self.db.rows(
            "SELECT COALESCE(SUM(CASE WHEN vote > 0 THEN 1 ELSE 0 END), 0),"
            " COALESCE(SUM(CASE WHEN vote < 0 THEN 1 ELSE 0 END), 0) FROM feedback")
        return Usage(int(asked), int(answered), int(up), int(down))
