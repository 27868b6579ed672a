"""The running bot's heartbeat: a file in the state folder touched after each good poll.

`briefbot health` reads it without talking to the bot: a heartbeat older than the configured
age means the bot stopped getting updates while its process lives on.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)
HEARTBEAT = "heartbeat"


@dataclass(frozen=True)
class Beat:
    """The last heartbeat: when, and by which process."""

    at: float
    pid: int

    def age(self, now: float | None = None) -> float:
        return (time.time() if now is None else now) - self.at


class Heartbeat:
    """Writes the heartbeat; a failing write is logged once, until it works again."""

    def __init__(self, state_dir: Path) -> None:
        self.path = state_dir / HEARTBEAT
        self.failing = False

    def beat(self) -> None:
        tmp = self.path.with_name(f".{HEARTBEAT}-{os.getpid()}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_text(f"{time.time():.3f} {os.getpid()}\n", encoding="ascii")
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
        at, pid = (state_dir / HEARTBEAT).read_text(encoding="ascii").split()
        return Beat(float(at), int(pid))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return Beat(0.0, 0)  # unreadable counts as stale
