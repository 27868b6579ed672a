"""The running bot's heartbeat: a file in the state folder touched after each good poll.

`briefbot health` reads it without talking to the bot: a heartbeat older than the configured
age means the bot stopped getting updates while its process lives on. It also says which index
build the bot serves, and when that build was made. A replicated bot also shares each beat
(`share`: a row in the state database, bot.telegram.replicas), so that `health` anywhere can
list them all.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
HEARTBEAT = "heartbeat"
NOTHING = ("", "")


@dataclass(frozen=True)
class Beat:
    """The last heartbeat: when, by which process, serving which build (made when)."""

    at: float
    pid: int
    build: str = ""  # the build folder's name; empty before the index is loaded
    built_at: str = ""  # ISO 8601 UTC

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.at


class Heartbeat:
    """Writes the heartbeat; a failing write is logged once, until it works again."""

    def __init__(self, state_dir: Path, serving: Callable[[], tuple[str, str]] = lambda: NOTHING,
                 share: Callable[[Beat], None] | None = None) -> None:
        self.path = state_dir / HEARTBEAT
        self.failing = False
        self._serving, self._share = serving, share

    def beat(self) -> None:
        beat = Beat(time.time(), os.getpid(), *self._serving())
        if self._share is not None:
            self._share(beat)
        tmp = self.path.with_name(f".{HEARTBEAT}-{os.getpid()}")
        line = f"{beat.at:.3f} {beat.pid} {beat.build or '-'} {beat.built_at or '-'}\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(line, encoding="ascii", errors="replace")
            os.replace(tmp, self.path)
        except OSError as exc:
            if not self.failing:
                log.warning("cannot write the heartbeat %s (%s); answers go on", self.path, exc)
            self.failing = True
            return
        self.failing = False

    def clear(self) -> None:
        """A bot that stopped on request leaves no heartbeat to go stale."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove the heartbeat %s: %s", self.path, exc)


def read_beat(state_dir: Path) -> Beat | None:
    """The last heartbeat, or None when no bot is running (or it stopped cleanly)."""
    try:
        at, pid, *serving = (state_dir / HEARTBEAT).read_text(encoding="ascii").split()
        build, built_at = ([*serving, "-", "-"])[:2]
        return Beat(float(at), int(pid), build.strip("-"), built_at.strip("-"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return Beat(0.0, 0)  # unreadable counts as stale
