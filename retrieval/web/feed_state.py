"""Per-feed status (last success, last error, articles added): `FeedState`.

Two stores: one JSON file in the state folder, written atomically (the embedded default), or a
table of the state `Database` (PostgreSQL: shared by the indexer and the replicas' /feeds).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Protocol

from retrieval.statedb.database import Database, Migration

log = logging.getLogger(__name__)

STATE_FILE = "feeds.json"


@dataclass(frozen=True)
class FeedStatus:
    """What is known about one feed; times are ISO 8601 UTC."""

    url: str
    last_checked: str | None = None
    last_success: str | None = None
    last_error: str | None = None  # None once the feed succeeds again
    last_error_at: str | None = None
    articles: int = 0  # articles this feed has added, over all refreshes
    entries: int = 0  # entries in the feed at its last success


class FeedState(Protocol):
    """What a feed refresh records and /feeds reads."""

    def read(self) -> dict[str, FeedStatus]: ...
    def record_success(self, url: str, when: str, added: int, entries: int) -> None: ...
    def record_error(self, url: str, when: str, error: str) -> None: ...
    def replace(self, statuses: dict[str, FeedStatus]) -> None: ...


def succeeded(old: FeedStatus, when: str, added: int, entries: int) -> FeedStatus:
    return replace(old, last_checked=when, last_success=when, last_error=None,
                   articles=old.articles + added, entries=entries)


def failed(old: FeedStatus, when: str, error: str) -> FeedStatus:
    """A failed refresh: its last success stays."""
    return replace(old, last_checked=when, last_error=error, last_error_at=when)


def _status(item: object) -> FeedStatus | None:
    names = {f.name for f in fields(FeedStatus)}
    if isinstance(item, dict) and isinstance(item.get("url"), str):
        return FeedStatus(**{k: v for k, v in item.items() if k in names})
    return None


def read_statuses(path: Path) -> dict[str, FeedStatus]:
    """Every feed a feed state file records, by URL; an unreadable file counts as empty, with a
    warning."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable feed state %s: %s", path, exc)
        return {}
    statuses = {}
    for item in raw.get("feeds", []) if isinstance(raw, dict) else []:
        status = _status(item)
        if status is not None:
            statuses[status.url] = status
    return statuses


class FeedStateStore:
    """Reads and updates `<state_dir>/feeds.json`; a lock file serialises writers (bot and CLI)."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.path = state_dir / STATE_FILE

    def read(self) -> dict[str, FeedStatus]:
        return read_statuses(self.path)

    def record_success(self, url: str, when: str, added: int, entries: int) -> None:
        """Note a successful refresh of one feed."""
        with self._update() as statuses:
            statuses[url] = succeeded(statuses.get(url, FeedStatus(url)), when, added, entries)

    def record_error(self, url: str, when: str, error: str) -> None:
        """Note a failed refresh of one feed; its last success stays."""
        with self._update() as statuses:
            statuses[url] = failed(statuses.get(url, FeedStatus(url)), when, error)

    def replace(self, statuses: dict[str, FeedStatus]) -> None:
        """Write these statuses in place of every recorded one (a restore)."""
        with self._update() as current:
            current.clear()
            current.update(statuses)

    @contextlib.contextmanager
    def _update(self) -> Iterator[dict[str, FeedStatus]]:
        self.state_dir.mkdir(parents=True, exist_ok=True)
        with open(self.state_dir / (STATE_FILE + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            statuses = self.read()
            yield statuses
            self._write(statuses)

    def _write(self, statuses: dict[str, FeedStatus]) -> None:
        data = {"feeds": [asdict(s) for s in statuses.values()]}
        fd, tmp = tempfile.mkstemp(prefix=".feeds-", suffix=".json", dir=self.state_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False, indent=1)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


MIGRATIONS = (
    Migration(1, "CREATE TABLE IF NOT EXISTS feeds (url TEXT PRIMARY KEY, status TEXT NOT NULL)"),
)


class StoredFeedState:
    """`FeedState` in a table of the state `Database`; each update reads and writes its row in
    one transaction, so two processes never lose each other's counts."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("feeds", MIGRATIONS)

    def read(self) -> dict[str, FeedStatus]:
        found = (_status(json.loads(raw)) for (raw,) in self.db.rows("SELECT status FROM feeds"))
        return {status.url: status for status in found if status is not None}

    def record_success(self, url: str, when: str, added: int, entries: int) -> None:
        self._update(url, lambda old: succeeded(old, when, added, entries))

    def record_error(self, url: str, when: str, error: str) -> None:
        self._update(url, lambda old: failed(old, when, error))

    def replace(self, statuses: dict[str, FeedStatus]) -> None:
        """Write these statuses in place of every recorded one (a restore)."""
        with self.db.transaction() as tx:
            tx.run("DELETE FROM feeds")
            tx.many("INSERT INTO feeds (url, status) VALUES (?, ?)",
                    [(url, json.dumps(asdict(s), ensure_ascii=False))
                     for url, s in statuses.items()])

    def _update(self, url: str, change: Callable[[FeedStatus], FeedStatus]) -> None:
        with self.db.transaction() as tx:
            rows = tx.rows("SELECT status FROM feeds WHERE url = ?" + tx.for_update, url)
            old = _status(json.loads(rows[0][0])) if rows else None
            new = change(old or FeedStatus(url))
            tx.run("INSERT INTO feeds (url, status) VALUES (?, ?) ON CONFLICT (url)"
                   " DO UPDATE SET status = excluded.status",
                   url, json.dumps(asdict(new), ensure_ascii=False))
