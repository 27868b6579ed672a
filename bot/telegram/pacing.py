"""Clocks the bot's schedules read (one a test can move), and the pace of pushed messages.

Telegram allows about 30 messages a second overall, one a second in a chat and 20 a minute in a
group (docs/telegram.md). Alerts and digests are paced below that here, on their own clock, so
that a thousand followers never wait on the answers' rate limiter nor crowd out answers; the
application's AIORateLimiter stays behind both as the last guard.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Protocol


class Clock(Protocol):
    """Seconds since the epoch, and a way to wait for a later moment."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def now(self) -> float:
        return time.time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(max(0.0, seconds))


class ManualClock:
    """Time moves only when `advance` says (tests): sleepers wake once it has passed."""

    def __init__(self, start: float) -> None:
        self._now = start
        self._moved = asyncio.Event()

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        until = self._now + max(0.0, seconds)
        while self._now < until:
            self._moved.clear()
            await self._moved.wait()

    def advance(self, seconds: float) -> None:
        self._now += seconds
        self._moved.set()


class JumpClock:
    """Time that jumps ahead to where each sleep ends (tests of pacing without waiting)."""

    def __init__(self, start: float = 0.0) -> None:
        self._now = start

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        self._now += max(0.0, seconds)
        await asyncio.sleep(0)


class Pacer:
    """When the next message to a chat may go: overall, per chat and per group windows."""

    def __init__(self, per_second: float, chat_gap: float = 1.0,
                 group_per_minute: int = 20) -> None:
        self.per_second = max(1, int(per_second))
        self.chat_gap = chat_gap
        self.group_per_minute = group_per_minute
        self._recent: deque[float] = deque()
        self._last: dict[int, float] = {}
        self._groups: dict[int, deque[float]] = {}

    def overall_at(self, now: float) -> float:
        """The earliest moment (>= now) any message keeps the overall limit."""
        self._forget(now)
        if len(self._recent) >= self.per_second:
            return max(now, self._recent[-self.per_second] + 1.0)
        return now

    def ready_at(self, chat_id: int, now: float) -> float:
        """The earliest moment (>= now) a message to `chat_id` keeps every limit."""
        at = self.overall_at(now)
        last = self._last.get(chat_id)
        if last is not None:
            at = max(at, last + self.chat_gap)
        group = self._groups.get(chat_id)
        while group and group[0] <= now - 60.0:
            group.popleft()
        if chat_id < 0 and group is not None and len(group) >= self.group_per_minute:
            at = max(at, group[-self.group_per_minute] + 60.0)
        return at

    def spend(self, chat_id: int, now: float) -> None:
        """A message to `chat_id` goes now."""
        self._recent.append(now)
        self._last[chat_id] = now
        if chat_id < 0:
            self._groups.setdefault(chat_id, deque()).append(now)

    def _forget(self, now: float) -> None:
        while self._recent and self._recent[0] <= now - 1.0:
            self._recent.popleft()
        if len(self._last) > 10_000:  # a big fan-out: chats quiet for a minute are forgotten
            self._last = {c: t for c, t in self._last.items() if t > now - 60.0}
            self._groups = {c: g for c, g in self._groups.items() if g and g[-1] > now - 60.0}
