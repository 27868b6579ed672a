"""What a replicated bot's processes share beyond the bot's state: who runs, serving which build.

- `Processes`: each process's last heartbeat in the state database (role, host, the build it
  serves and when that build was made), for `briefbot health` anywhere.
- `BuildWatcher`: a replica serves the newest complete build of the shared index folder. The
  indexer writes a build beside the current one and swaps the `current` link in one rename; the
  watcher sees the link move, opens the new build in a thread and swaps the searcher in one
  assignment, as /reindex does: a question in flight finishes on the build it started on.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bot.telegram.heartbeat import Beat
from retrieval.errors import BriefbotError, StateError
from retrieval.search.searcher import Searcher
from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)
MIGRATIONS = (Migration(1, """
CREATE TABLE IF NOT EXISTS processes (
    name TEXT PRIMARY KEY, role TEXT NOT NULL, build TEXT NOT NULL, built_at TEXT NOT NULL,
    beat_at REAL NOT NULL)"""),)


@dataclass(frozen=True)
class ProcessBeat:
    """One process's last heartbeat as the others see it."""

    name: str  # host:pid
    role: str
    build: str
    built_at: str
    beat_at: float


class Processes:
    """The `processes` table; a write that fails is logged once, until one works again."""

    def __init__(self, db: Database, role: str) -> None:
        self.db, self.role = db, role
        self.name = f"{socket.gethostname()}:{os.getpid()}"
        db.migrate("processes", MIGRATIONS)
        self._failing = False

    def share(self, beat: Beat) -> None:
        try:
            self.db.run(
                "INSERT INTO processes (name, role, build, built_at, beat_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET role = excluded.role,"
                " build = excluded.build, built_at = excluded.built_at, beat_at = excluded.beat_at",
                self.name, self.role, beat.build, beat.built_at, beat.at)
        except StateError as exc:
            if not self._failing:
                log.warning("cannot share the heartbeat in %s: %s", self.db.where, exc)
            self._failing = True
            return
        self._failing = False

    def leave(self) -> None:
        """A process that stops on request is no longer listed."""
        try:
            self.db.run("DELETE FROM processes WHERE name = ?", self.name)
        except StateError as exc:
            log.warning("cannot remove this process from %s: %s", self.db.where, exc)


def processes(db: Database, since: float) -> list[ProcessBeat]:
    """Processes that beat after `since` (epoch seconds), newest first."""
    db.migrate("processes", MIGRATIONS)
    rows = db.rows("SELECT name, role, build, built_at, beat_at FROM processes"
                   " WHERE beat_at >= ? ORDER BY role, name", since)
    return [ProcessBeat(str(n), str(r), str(b), str(t), float(at)) for n, r, b, t, at in rows]


class BuildWatcher:
    """Looks at `current` every `every` seconds; `opened` gets each new searcher."""

    def __init__(self, index_dir: Path, every: float, serving: Callable[[], Searcher | None],
                 open_build: Callable[[], Searcher], opened: Callable[[Searcher], None]) -> None:
        self.link, self.every = index_dir / "current", every
        self._serving, self._open, self._opened = serving, open_build, opened
        self._task: asyncio.Task[None] | None = None
        self._failed: str | None = None  # the build that could not be opened (said once)

    def start(self) -> None:
        if self.every > 0:
            self._task = asyncio.get_running_loop().create_task(self._watch(), name="builds")

    async def stop(self, timeout: float) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    def indexed(self) -> None:
        pass

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.every)
            await self.look()

    async def look(self) -> bool:
        """Swap to the build `current` names when it is not the one served; True if swapped."""
        try:
            newest = self.link.resolve(strict=True)
        except OSError:
            return False  # no index yet, or the link is being replaced: look again later
        serving = self._serving()
        if (serving is not None and serving.folder == newest) or str(newest) == self._failed:
            return False
        try:
            searcher = await asyncio.to_thread(self._open)
        except BriefbotError as exc:
            log.warning("the new build %s cannot be served (%s); the current one stays",
                        newest.name, exc)
            self._failed = str(newest)
            return False
        self._opened(searcher)
        log.info("now serving build %s (built %s)", searcher.folder.name,
                 searcher.stats().built_at)
        return True
