"""Admin work a replica hands to the indexer: only the indexer fetches and builds.

/reindex, /add, /follow, /feeds segarkan, a document or a channel post sent to a replica become
a row of `jobs` in the state database. The indexer (`BRIEFBOT_ROLE=indexer`) claims them one at
a time (`FOR UPDATE SKIP LOCKED`: a second indexer never takes the same one), runs the same code
a single bot runs in the background, and reports in the admin's chat with the same bot token.
The replicas then pick up the new build from the shared index folder (bot.telegram.replicas).
A job claimed by an indexer that died is claimed again by the next one (stored articles are
found stored; an index build resumes from what it reuses).
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from telegram import Bot

from bot.telegram.heartbeat import Heartbeat
from bot.telegram.serving import first_of
from retrieval.errors import StateError
from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)
POLL = 1.0  # seconds between looks for new jobs when there are none
HEARTBEAT_EVERY = 30.0
MIGRATIONS = (Migration(1, """
CREATE TABLE IF NOT EXISTS jobs (
    id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT NOT NULL,
    chat_id INTEGER NOT NULL, lang TEXT NOT NULL, created_at REAL NOT NULL,
    claimed_by TEXT, claimed_at REAL, done_at REAL, outcome TEXT);
CREATE INDEX IF NOT EXISTS jobs_open ON jobs(done_at, id)"""),)


@dataclass(frozen=True)
class Job:
    """What to do (`kind`, its `payload` of plain values) and the admin's chat to report in."""

    kind: str  # "reindex", "add", "refresh", "follow", "document", "post"
    chat_id: int
    lang: str
    payload: dict[str, Any] = field(default_factory=dict)
    id: int = 0  # 0: run here, never stored


Worker = Callable[[Bot, Job], Awaitable[None]]


class Jobs:
    """The `jobs` table; blocking calls (use a thread)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("jobs", MIGRATIONS)
        self.presence = db.presence()

    def submit(self, job: Job) -> int:
        [(job_id,)] = self.db.rows(
            "INSERT INTO jobs (kind, payload, chat_id, lang, created_at) VALUES (?, ?, ?, ?, ?)"
            " RETURNING id", job.kind, json.dumps(job.payload), job.chat_id, job.lang,
            time.time())
        return int(job_id)

    def claim(self) -> Job | None:
        """The oldest job nobody works on, now ours; jobs of a dead indexer come back first."""
        me, now = self.presence.token, time.time()
        held = self.db.rows("SELECT DISTINCT claimed_by FROM jobs WHERE done_at IS NULL"
                            " AND claimed_by IS NOT NULL AND claimed_by != ?", me)
        for (owner,) in held:
            if not self.presence.alive(str(owner)):
                back = self.db.run("UPDATE jobs SET claimed_by = NULL WHERE claimed_by = ?"
                                   " AND done_at IS NULL", owner)
                log.warning("%d job(s) of an indexer that stopped are taken up again", back)
        with self.db.transaction() as tx:
            rows = tx.rows(
                "UPDATE jobs SET claimed_by = ?, claimed_at = ? WHERE id IN (SELECT id FROM jobs"
                " WHERE done_at IS NULL AND claimed_by IS NULL ORDER BY id LIMIT 1"
                f"{tx.skip_locked}) RETURNING id, kind, payload, chat_id, lang", me, now)
        if not rows:
            return None
        job_id, kind, payload, chat_id, lang = rows[0]
        return Job(str(kind), int(chat_id), str(lang), json.loads(payload), int(job_id))

    def done(self, job: Job, outcome: str) -> None:
        self.db.run("UPDATE jobs SET done_at = ?, outcome = ? WHERE id = ?",
                    time.time(), outcome, job.id)

    def waiting(self) -> int:
        [(count,)] = self.db.rows("SELECT COUNT(*) FROM jobs WHERE done_at IS NULL")
        return int(count)


class JobFeed:
    """The indexer's feed (bot.telegram.serving.Feed): jobs instead of Telegram's updates."""

    def __init__(self, jobs: Jobs, workers: dict[str, Worker], bot: Bot,
                 heartbeat: Heartbeat) -> None:
        self.jobs, self.workers, self.bot, self.heartbeat = jobs, workers, bot, heartbeat

    async def run(self, stop: asyncio.Event) -> None:
        log.info("indexer ready: running the replicas' admin jobs")
        beat_at = 0.0
        while not stop.is_set():
            if time.monotonic() >= beat_at:
                self.heartbeat.beat()
                beat_at = time.monotonic() + HEARTBEAT_EVERY
            try:
                job = await asyncio.to_thread(self.jobs.claim)
            except StateError as exc:
                log.warning("cannot read the jobs (%s); looking again", exc)
                job = None
            if job is None:
                await first_of(asyncio.sleep(POLL), stop)
                continue
            await self._run(job)

    async def _run(self, job: Job) -> None:
        worker, outcome = self.workers.get(job.kind), "done"
        log.info("job %d: %s for chat %s", job.id, job.kind, job.chat_id)
        try:
            if worker is None:
                outcome = "unknown kind"
            else:
                await worker(self.bot, job)
        except Exception as exc:  # one failing job must not stop the indexer
            log.exception("job %d (%s) failed", job.id, job.kind)
            outcome = f"failed: {type(exc).__name__}"
        await asyncio.to_thread(self.jobs.done, job, outcome)

    async def finish(self, unfinished: list[int]) -> None:
        """Nothing to confirm: a job cut short stays claimed by a process that is gone."""
