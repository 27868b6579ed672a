"""Feeding updates to the application, and stopping within the supervisor's grace.

Telegram forgets an update once a later `getUpdates` confirms it (its offset passes the id),
or once the webhook request answers 200. Both happen here only for updates that were answered,
so an update in flight when the bot stops is delivered again after the restart instead of lost.
Polling that ends for any reason but a requested stop ends `serve` with exit code 1, so the
supervisor restarts the bot rather than keep a live process that answers nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol, TypeVar

from telegram import Update
from telegram.error import InvalidToken, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.telegram.heartbeat import Heartbeat
from bot.telegram.ledger import Claim, Ledger, marking
from retrieval.errors import StateError

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
T = TypeVar("T")
MAX_BACKOFF = 30.0
STOP_STEPS = 2.0  # seconds beyond `stop_timeout` for the last confirm and the shutdown
BUSY_POLL = 0.05  # seconds between getUpdates while only updates in flight come back


@dataclass(frozen=True)
class Limits:
    """How many updates are handled at once, how long stopping may take, how polls behave."""

    in_flight: int = 16
    stop_timeout: float = 8.0
    poll_timeout: int = 10
    refusals: int = 3  # getUpdates answered 401/404 this many times in a row: give up


class Tracker:
    """Updates handed to the application and not yet finished.

    Finished ids are kept so that an update delivered again is not answered twice. Polling
    forgets them once `offset` confirms them. A webhook confirms each with its 200, so
    Telegram sends one again only soon after (its 200 lost): with `keep_finished` set, ids
    finished longer ago than that many seconds are forgotten, and never more than KEEP_MAX.
    """

    KEEP_MAX = 100_000  # ids; Telegram sends at most 100 updates at a time

    def __init__(self, app: App, keep_finished: float | None = None,
                 clock: Callable[[], float] = time.monotonic, ledger: Ledger | None = None,
                 ) -> None:
        self.app, self.ledger = app, ledger
        self.running: dict[int, asyncio.Task[bool]] = {}
        # id -> when it finished, in that order; polling: above the lowest running id
        self._finished: dict[int, float] = {}
        self._keep, self._clock = keep_finished, clock
        self.changed = asyncio.Event()
        self.generation = 0  # counts finishes, so a wait misses none that came before it

    @property
    def finished(self) -> int:
        """How many finished ids are remembered."""
        return len(self._finished)

    def handle(self, update: Update) -> asyncio.Task[bool] | None:
        """Start handling `update`; None when it is already being (or was) handled.

        The task's result says whether Telegram may be told the update is handled: False when
        another replica is still answering it (see bot.telegram.ledger).
        """
        uid = update.update_id
        if uid in self.running or uid in self._finished:
            return None
        task = asyncio.create_task(self._process(update), name=f"update-{uid}")
        self.running[uid] = task
        return task

    async def _process(self, update: Update) -> bool:
        uid, handled = update.update_id, True
        try:
            claim = await self._claim(uid)
            handled = claim is not Claim.BUSY
            if claim in (Claim.NEW, Claim.RETRY):
                if self.ledger is not None:
                    marking(partial(self._mark, uid))  # this task's context only
                await self.app.process_update(update)
                await self._mark(uid, "done")
        except Exception:  # process_update hands handler errors to the error handler already
            log.exception("update %s could not be processed", uid)
        finally:
            self.running.pop(uid, None)
            if handled:
                self._finished[uid] = self._clock()
            if self._keep is not None:
                self._forget(self._clock() - self._keep)
            self.generation += 1
            self.changed.set()
        return handled

    async def _claim(self, uid: int) -> Claim:
        if self.ledger is None:
            return Claim.NEW
        try:
            return await asyncio.to_thread(self.ledger.claim, uid)
        except StateError as exc:  # answering beats waiting for the database
            log.warning("update %s: the ledger cannot be read (%s); answering it", uid, exc)
            return Claim.NEW

    async def _mark(self, uid: int, state: str) -> None:
        if self.ledger is None:
            return
        try:
            await asyncio.to_thread(self.ledger.mark, uid, state)
        except StateError as exc:
            log.warning("update %s: cannot note it %s in the ledger: %s", uid, state, exc)

    def task(self, uid: int) -> asyncio.Task[bool] | None:
        """The task handling `uid`, while it runs."""
        return self.running.get(uid)

    def _forget(self, before: float) -> None:
        """Drop the ids finished before `before`, and the oldest beyond KEEP_MAX."""
        finished = self._finished
        while finished:
            uid, at = next(iter(finished.items()))
            if at >= before and len(finished) <= self.KEEP_MAX:
                return
            del finished[uid]

    def offset(self, next_id: int) -> int:
        """The lowest update id not answered yet: getUpdates with it confirms only answered ones."""
        low = min(self.running, default=next_id)
        self._finished = {uid: at for uid, at in self._finished.items() if uid >= low}
        return low

    async def wait_change(self, stop: asyncio.Event, timeout: float,
                          since: int | None = None) -> None:
        """Wait up to `timeout` s for an update to finish; none if one has since `since`."""
        if since is not None and self.generation != since:
            return
        self.changed.clear()
        await first_of(self.changed.wait(), stop, timeout)

    async def drain(self, timeout: float) -> list[int]:
        """Wait up to `timeout` s for the updates in flight; return the ids still unfinished."""
        if self.running:
            await asyncio.wait(set(self.running.values()), timeout=max(0.0, timeout))
        return sorted(self.running)

    async def cancel(self) -> None:
        tasks = list(self.running.values())
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


async def first_of(work: Awaitable[T], stop: asyncio.Event, timeout: float | None = None
                   ) -> T | None:
    """`work`'s result, or None once `stop` is set or `timeout` passes (work is cancelled)."""
    job = asyncio.ensure_future(work)
    stopped = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({job, stopped}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopped.cancel()
    if job.done():
        return job.result()
    job.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await job
    return None


class Feed(Protocol):
    """Where updates come from: `run` until `stop` is set, then `finish` after the drain."""

    async def run(self, stop: asyncio.Event) -> None: ...

    async def finish(self, unfinished: list[int]) -> None: ...


class Poller:
    """Long polling that confirms an update only once it is answered."""

    def __init__(self, app: App, tracker: Tracker, heartbeat: Heartbeat, limits: Limits) -> None:
        self.app, self.tracker, self.heartbeat, self.limits = app, tracker, heartbeat, limits
        self.next_id = 0  # one past the highest update id received; 0 before the first
        self._bootstrapped = False

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop`; raise InvalidToken once Telegram keeps refusing the token."""
        refused, delay = 0, 0.0
        while not stop.is_set():
            busy = len(self.tracker.running)
            if busy >= self.limits.in_flight:
                await self.tracker.wait_change(stop, 1.0)
                continue
            seen = self.tracker.generation
            offset = self.tracker.offset(self.next_id) if self.next_id else None
            behind = self.next_id - offset if offset is not None else 0
            try:
                if not self._bootstrapped:  # a webhook set earlier would refuse getUpdates
                    await self.app.bot.delete_webhook()
                    self._bootstrapped = True
                request = self.app.bot.get_updates(
                    offset=offset, limit=min(100, behind + self.limits.in_flight - busy),
                    timeout=0 if busy else self.limits.poll_timeout,
                    allowed_updates=Update.ALL_TYPES,
                )
                # With updates in flight Telegram answers at once, so that poll is let finish
                # even when stopping: a cancelled request can hold the one getUpdates connection
                # the last confirm needs. Only an idle long poll is cut short.
                updates = await request if busy else await first_of(request, stop)
            except InvalidToken as exc:
                refused += 1
                if refused >= self.limits.refusals:
                    raise
                log.warning("the Bot API refused getUpdates (%s); try %d of %d",
                            exc, refused, self.limits.refusals)
                delay = 2.0 ** refused
            except RetryAfter as exc:
                delay = exc.retry_after if isinstance(exc.retry_after, int | float) \
                    else exc.retry_after.total_seconds()
            except TimedOut:
                delay = 0.0
            except TelegramError as exc:
                delay = min(MAX_BACKOFF, max(1.0, delay * 2))
                log.warning("getUpdates failed (%s); trying again in %.0f s", exc, delay)
            else:
                if updates is None:
                    break
                refused, delay = 0, 0.0
                self.heartbeat.beat()
                fresh = [u for u in updates if self.tracker.handle(u)]
                if updates:
                    self.next_id = max(self.next_id, updates[-1].update_id + 1)
                if updates and not fresh:
                    # Only updates in flight came back: Telegram returns at once while any is
                    # unconfirmed, so new ones are looked for again soon rather than long-polled.
                    await self.tracker.wait_change(stop, BUSY_POLL, since=seen)
            if delay:
                await first_of(asyncio.sleep(delay), stop)

    async def finish(self, unfinished: list[int]) -> None:
        """Confirm what was answered, and nothing after the first unanswered update."""
        if not self.next_id:
            return
        offset = min(unfinished, default=self.next_id)
        try:
            await asyncio.wait_for(self.app.bot.get_updates(
                offset=offset, limit=1, timeout=0, allowed_updates=Update.ALL_TYPES), 1.5)
        except (TimeoutError, TelegramError) as exc:
            log.warning("could not confirm the answered updates (%s); "
                        "some may be answered again after the restart", exc)


async def serve(app: App, feed: Feed, tracker: Tracker, stop: asyncio.Event,
                limits: Limits, heartbeat: Heartbeat) -> int:
    """Run the started application with `feed` until `stop`; return the exit code.

    Stopping: no new updates at once, up to `limits.stop_timeout` s for the ones in flight,
    then the confirm and the application's own stop, bounded together by STOP_STEPS.
    """
    feeding = asyncio.create_task(feed.run(stop), name="feed")
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({feeding, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    code = 0
    if feeding.done() and not stop.is_set():
        exc = feeding.exception()
        log.error("stopped getting updates (%s); exiting so that the supervisor restarts "
                  "the bot", exc if exc is not None else "the feed ended", exc_info=exc)
        code = 1
    stop.set()
    started = time.monotonic()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(asyncio.shield(feeding), 1.0)
    if not feeding.done():
        feeding.cancel()
    unfinished = await tracker.drain(limits.stop_timeout - (time.monotonic() - started))
    if unfinished:
        log.warning("%d update(s) not answered within %.0f s; they stay unconfirmed and "
                    "come again after the restart", len(unfinished), limits.stop_timeout)
    await tracker.cancel()
    await feed.finish(unfinished)
    if code == 0:
        heartbeat.clear()
    return code


async def stop_application(app: App, budget: float) -> None:
    """The application's stop and shutdown, waiting at most `budget` s for its tasks."""
    try:
        if app.running:
            await asyncio.wait_for(app.stop(), max(0.1, budget))
    except TimeoutError:
        log.warning("background tasks still running after %.1f s; leaving them", budget)
        return
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
