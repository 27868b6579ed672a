"""Per-feed status (last success, last error, articles added) in one JSON file, atomically."""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

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


class FeedStateStore:
    """Reads and updates `<state_dir>/feeds.json`; a lock file serialises writers (bot and CLI)."""

    def __init__(self, state_dir: Path) -> None:
        self.state_dir = state_dir
        self.path = state_dir / STATE_FILE

    def read(self) -> dict[str, FeedStatus]:
        """Every recorded feed by URL; an unreadable file counts as empty, with a warning."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable feed state %s: %s", self.path, exc)
            return {}
        names = {f.name for f in fields(FeedStatus)}
        statuses = {}
        for item in raw.get("feeds", []) if isinstance(raw, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("url"), str):
                status = FeedStatus(**{k: v for k, v in item.items() if k in names})
                statuses[status.url] = status
        return statuses

    def record_success(self, url: str, when: str, added: int, entries: int) -> None:
        """Note a successful refresh of one feed."""
        with self._update() as statuses:
            old = statuses.get(url, FeedStatus(url))
            statuses[url] = replace(
                old,
                last_checked=when,
                last_success=when,
                last_error=None,
                articles=old.articles + added,
                entries=entries,
            )

    def record_error(self, url: str, when: str, error: str) -> None:
        """Note a failed refresh of one feed; its last success stays."""
        with self._update() as statuses:
            old = statuses.get(url, FeedStatus(url))
            statuses[url] = replace(old, last_checked=when, last_error=error, last_error_at=when)

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
