"""The bot's memory in SQLite: questions behind buttons, pages shown, feedback, usage counts.

Buttons carry only a question id (or a name's number, when the name would not fit Telegram's
64 bytes); everything else lives here so that they keep working after a restart.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

_SCHEMA = """
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
    offset INTEGER NOT NULL,
    passages TEXT NOT NULL,
    PRIMARY KEY (question_id, offset)
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
    offset INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    vote INTEGER NOT NULL,
    passages TEXT NOT NULL,
    voted_at REAL NOT NULL,
    PRIMARY KEY (question_id, offset, user_id)
);
"""


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
    """One SQLite file under the state folder; safe to call from any thread."""

    def __init__(self, path: Path) -> None:
        self._lock = threading.Lock()
        self._db = open_state(path, _SCHEMA)

    @classmethod
    def in_folder(cls, state_dir: Path) -> StateStore:
        return cls(state_dir / "bot.sqlite3")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add_question(
        self, chat_id: int, user_id: int | None, question: str, lang: str, answered: bool
    ) -> int:
        """Remember a question and return its id (what buttons carry)."""
        with self._lock:
            cur = self._db.execute(
                "INSERT INTO questions (chat_id, user_id, question, lang, answered, asked_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (chat_id, user_id, question, lang, int(answered), time.time()),
            )
            return int(cur.lastrowid or 0)

    def question(self, question_id: int) -> StoredQuestion | None:
        with self._lock:
            row = self._db.execute(
                "SELECT id, chat_id, question, lang FROM questions WHERE id = ?", (question_id,)
            ).fetchone()
        return StoredQuestion(int(row[0]), int(row[1]), str(row[2]), str(row[3])) if row else None

    def remember_answer(self, chat_id: int, message_id: int, question_id: int) -> None:
        """Remember which question a sent answer was for: a reply to it is a follow-up."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO answers (chat_id, message_id, question_id)"
                " VALUES (?, ?, ?)",
                (chat_id, message_id, question_id),
            )

    def answered_question(self, chat_id: int, message_id: int) -> StoredQuestion | None:
        """The question one of our messages answered, if it was an answer."""
        with self._lock:
            row = self._db.execute(
                "SELECT question_id FROM answers WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            ).fetchone()
        return self.question(int(row[0])) if row else None

    def record_page(self, question_id: int, offset: int, passages: Sequence[str]) -> bool:
        """Remember which passages one message showed, for the feedback about it."""
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO pages (question_id, offset, passages) VALUES (?, ?, ?)",
                (question_id, offset, json.dumps(list(passages))),
            )
        return True

    def page_passages(self, question_id: int, offset: int) -> list[str] | None:
        """The keys of the passages one message showed; None when it was not recorded."""
        with self._lock:
            row = self._db.execute(
                "SELECT passages FROM pages WHERE question_id = ? AND offset = ?",
                (question_id, offset),
            ).fetchone()
        return [str(p) for p in json.loads(row[0])] if row else None

    def forget_page(self, question_id: int, offset: int) -> None:
        """Forget a page that could not be sent after all."""
        with self._lock:
            self._db.execute(
                "DELETE FROM pages WHERE question_id = ? AND offset = ?", (question_id, offset))

    def name_key(self, name: str) -> int:
        """A short number standing for `name` in a button's data; the same name, the same one."""
        with self._lock:
            self._db.execute(
                "INSERT INTO names (name, used_at) VALUES (?, ?)"
                " ON CONFLICT (name) DO UPDATE SET used_at = excluded.used_at", (name, time.time()))
            row = self._db.execute("SELECT id FROM names WHERE name = ?", (name,)).fetchone()
        return int(row[0])

    def named(self, key: int) -> str | None:
        """The name `key` stands for (see `name_key`), or None."""
        with self._lock:
            row = self._db.execute("SELECT name FROM names WHERE id = ?", (key,)).fetchone()
        return str(row[0]) if row else None

    def page_size(self, question_id: int, offset: int) -> int | None:
        """How many passages one message showed (a first page shows only the close ones)."""
        shown = self.page_passages(question_id, offset)
        return None if shown is None else len(shown)

    def add_feedback(self, question_id: int, offset: int, user_id: int, vote: int) -> bool:
        """Store a 👍 (+1) or 👎 (-1) on a page that was shown; False when none was.

        One vote per user per message: a second vote replaces the first.
        """
        with self._lock:
            row = self._db.execute(
                "SELECT passages FROM pages WHERE question_id = ? AND offset = ?",
                (question_id, offset),
            ).fetchone()
            if row is None:
                return False
            self._db.execute(
                "INSERT OR REPLACE INTO feedback"
                " (question_id, offset, user_id, vote, passages, voted_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (question_id, offset, user_id, vote, row[0], time.time()),
            )
        return True

    def prune(self, older_than: float) -> int:
        """Forget questions asked before `older_than` (epoch seconds), the pages they showed, and
        names last listed before then.

        Their buttons then say they expired; votes already given stay for /stats.
        """
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                for table in ("pages", "answers"):
                    self._db.execute(
                        f"DELETE FROM {table} WHERE question_id IN"
                        " (SELECT id FROM questions WHERE asked_at < ?)", (older_than,))
                gone = self._db.execute(
                    "DELETE FROM questions WHERE asked_at < ?", (older_than,)).rowcount
                self._db.execute("DELETE FROM names WHERE used_at < ?", (older_than,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return int(gone)

    def feedback(self, question_id: int) -> list[tuple[int, int, list[str]]]:
        """Return (user id, vote, passages shown) for one question."""
        with self._lock:
            rows = self._db.execute(
                "SELECT user_id, vote, passages FROM feedback WHERE question_id = ?"
                " ORDER BY voted_at",
                (question_id,),
            ).fetchall()
        return [(int(r[0]), int(r[1]), list(json.loads(r[2]))) for r in rows]

    def usage(self) -> Usage:
        with self._lock:
            asked, answered = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(answered), 0) FROM questions"
            ).fetchone()
            up, down = self._db.execute(
                "SELECT COALESCE(SUM(vote > 0), 0), COALESCE(SUM(vote < 0), 0) FROM feedback"
            ).fetchone()
        return Usage(int(asked), int(answered), int(up), int(down))
