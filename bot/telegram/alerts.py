"""The alert service: after each index swap, match follows and queue alerts; send the outbox at
Telegram's pace; queue each chat's daily digest when due.

Three loops on the bot's event loop. Sending: a row is claimed just before its message goes and
marked sent just after, so a stop never sends one twice (a row claimed by a process killed
mid-send is not sent again, see Outbox.abandon_stale). On PostgreSQL every replica runs them
over the same tables: a row goes to the one process whose claim wins, and the alerts of all
replicas keep one shared pace (bot.telegram.pace). A chat that blocked the bot (403)
loses its follows and digest; every other chat's rows go on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import Callable, Coroutine
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TimedOut,
)

from bot.stores import alert_state
from bot.telegram.alert_plan import collect, run_digest
from bot.telegram.alert_store import AlertStore, Claimed
from bot.telegram.messaging import NO_PREVIEW
from bot.telegram.pace import SharedPace
from bot.telegram.pacing import Clock, Pacer, SystemClock
from bot.telegram.runtime import Runtime
from retrieval.errors import StateError

log = logging.getLogger(__name__)
SEND_AT_ONCE = 8  # messages in flight: Telegram answers in ~0.1 s, the pace wants 25 a second
BATCH = 500  # rows read from the outbox at a time
IDLE_CHECK = 300.0  # seconds between looks at the outbox with nothing to wake the sender
NETWORK_BACKOFF = 30.0
RESTART_AFTER = 30.0
STALE_EVERY = 30.0  # seconds between looks for rows claimed by processes that are gone
GONE = ("chat not found", "bot was kicked", "user is deactivated", "have no rights to send")


class AlertService:
    """Started by the application once the index is loaded; see the module docstring."""

    def __init__(self, rt: Runtime, bot: Bot, clock: Clock | None = None,
                 pace_clock: Clock | None = None) -> None:
        self.rt = rt
        self.bot = bot
        self.clock = clock or SystemClock()
        self.pace_clock = pace_clock or self.clock
        self.zone = ZoneInfo(rt.settings.timezone)
        self.pacer = Pacer(rt.settings.alerts_per_second)
        # Replicas: one pace for all of them (each Pacer alone would let three send 3×).
        self.shared_pace: SharedPace | None = None
        self._stale_at = 0.0
        self.store: AlertStore | None = None
        self._indexed = asyncio.Event()
        self._wake = asyncio.Event()
        self._digests_changed = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._sending: set[asyncio.Task[None]] = set()
        self._stopping = False

    def alerts(self) -> AlertStore:
        if self.store is None:
            self.store = AlertStore(alert_state(self.rt.settings))
        return self.store

    # ----- life cycle -----
    def start(self) -> None:
        try:
            abandoned = self.alerts().abandon_stale(self.clock.now())
            if self.rt.shared is not None:
                self.shared_pace = SharedPace(
                    self.rt.shared, "alerts", self.rt.settings.alerts_per_second)
        except (StateError, OSError) as exc:  # answers matter more: the bot starts anyway
            where = self.rt.shared.where if self.rt.shared else self.rt.settings.state_dir
            log.error("alerts and digests are off: cannot open %s (%s)", where, exc)
            return
        self._stale_at = time.monotonic() + STALE_EVERY
        if abandoned:
            log.warning("%d alert(s) were being sent when the bot last stopped; they may have "
                        "arrived and are not sent again", abandoned)
        self._indexed.set()  # the index may hold articles indexed while the bot was down
        for loop in (self._match_loop, self._send_loop, self._digest_loop):
            self._tasks.append(asyncio.create_task(_forever(loop), name=f"alerts-{loop.__name__}"))

    async def stop(self, timeout: float) -> None:
        """Claim nothing more; let messages in flight finish (up to `timeout` s); end."""
        self._stopping = True
        if self._sending:
            await asyncio.wait(set(self._sending), timeout=timeout)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self.store is not None:
            self.store.close()
            self.store = None

    def indexed(self) -> None:
        """The index was swapped: look for new articles."""
        self._indexed.set()

    def digests_changed(self) -> None:
        self._digests_changed.set()

    def woken(self) -> None:
        self._wake.set()

    # ----- matching -----
    async def _match_loop(self) -> None:
        while True:
            await self._indexed.wait()
            self._indexed.clear()
            searcher = self.rt.searcher
            if searcher is None:
                continue
            try:
                await asyncio.to_thread(collect, searcher, self.alerts(), self.clock.now())
            except Exception:  # the next index swap tries again; the articles stay unseen
                log.exception("matching follows against the new articles failed")
                continue
            # Another replica may have queued them first (queued 0): this one helps send.
            self._wake.set()

    # ----- digests -----
    async def _digest_loop(self) -> None:
        while True:
            store, now = self.alerts(), self.clock.now()
            searcher = self.rt.searcher
            due = await asyncio.to_thread(store.due_digests, now) if searcher else []
            for digest in due:
                assert searcher is not None
                try:
                    pages = await asyncio.to_thread(
                        run_digest, searcher, store, digest, now, self.zone)
                except Exception:
                    log.exception("the digest of chat %s failed", digest.chat_id)
                    continue
                if pages:
                    self._wake.set()
            next_at = await asyncio.to_thread(store.next_digest_at)
            wait = 3600.0 if next_at is None else min(3600.0, max(0.0, next_at - now))
            self._digests_changed.clear()
            await _first(self.clock.sleep(wait), self._digests_changed.wait())

    # ----- sending -----
    async def _send_loop(self) -> None:
        gate = asyncio.Semaphore(SEND_AT_ONCE)
        while not self._stopping:
            store = self.alerts()
            self._wake.clear()
            await self._abandon_stale(store)
            rows = await asyncio.to_thread(store.pending, self.clock.now(), BATCH)
            if not rows:
                due = await asyncio.to_thread(store.next_due)
                wait = IDLE_CHECK if due is None else max(0.05, due - self.clock.now())
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), min(wait, IDLE_CHECK))
                continue
            await self._send_rows(deque(rows), gate)
        if self._sending:
            await asyncio.gather(*self._sending, return_exceptions=True)

    async def _send_rows(self, queue: deque[Claimed], gate: asyncio.Semaphore) -> None:
        pace = self.pace_clock
        while queue and not self._stopping:
            now = pace.now()
            wait = self.pacer.overall_at(now) - now
            if wait > 0:
                await pace.sleep(wait)
                continue
            ready = next((r for r in queue if self.pacer.ready_at(r.chat_id, now) <= now), None)
            if ready is None:
                soonest = min(self.pacer.ready_at(r.chat_id, now) for r in queue)
                await pace.sleep(soonest - now)
                continue
            queue.remove(ready)
            if not await asyncio.to_thread(self.alerts().claim, ready.id, now):
                continue  # sent, or being sent, by another replica
            self.pacer.spend(ready.chat_id, now)
            if self.shared_pace is not None:
                at = await asyncio.to_thread(self.shared_pace.take, time.time())
                await asyncio.sleep(max(0.0, at - time.time()))
            await gate.acquire()
            task = asyncio.create_task(self._send_one(ready, now))
            self._sending.add(task)
            task.add_done_callback(self._sent(gate))
        if self._sending:
            await asyncio.gather(*set(self._sending), return_exceptions=True)

    async def _abandon_stale(self, store: AlertStore) -> None:
        """Rows of replicas that died mid-send, now and then (a single bot's: at start)."""
        if time.monotonic() < self._stale_at:
            return
        self._stale_at = time.monotonic() + STALE_EVERY
        lost = await asyncio.to_thread(store.abandon_stale, self.clock.now())
        if lost:
            log.warning("%d alert(s) were being sent by a process that stopped; they may have "
                        "arrived and are not sent again", lost)

    def _sent(self, gate: asyncio.Semaphore) -> Callable[[asyncio.Task[None]], None]:
        def done(task: asyncio.Task[None]) -> None:
            self._sending.discard(task)
            gate.release()

        return done

    async def _send_one(self, row: Claimed, at: float) -> None:
        store = self.alerts()
        try:
            await self.bot.send_message(
                row.chat_id, row.text, parse_mode=ParseMode.HTML,
                link_preview_options=NO_PREVIEW, message_thread_id=row.thread_id or None)
        except Forbidden as exc:
            self._gone(store, row, exc)
        except ChatMigrated as exc:
            log.warning("chat %s became %s; its alert is dropped", row.chat_id,
                        exc.new_chat_id)
            store.mark_sent(row.id, at, "failed")
        except BadRequest as exc:
            if any(word in str(exc).lower() for word in GONE):
                self._gone(store, row, exc)
            else:
                log.error("alert %s to chat %s refused: %s", row.id, row.chat_id, exc)
                store.mark_sent(row.id, at, "failed")
        except RetryAfter as exc:
            seconds = exc.retry_after if isinstance(exc.retry_after, int | float) \
                else exc.retry_after.total_seconds()
            store.release(row.id, self.clock.now() + float(seconds))
        except TimedOut:  # it may have arrived: never twice
            log.warning("alert %s to chat %s timed out; not sent again", row.id, row.chat_id)
            store.mark_sent(row.id, at, "unknown")
        except NetworkError as exc:  # refused before sending: it surely did not arrive
            log.warning("alert %s to chat %s failed (%s); trying again later", row.id,
                        row.chat_id, exc)
            store.release(row.id, self.clock.now() + NETWORK_BACKOFF)
        else:
            store.mark_sent(row.id, at)

    def _gone(self, store: AlertStore, row: Claimed, exc: Exception) -> None:
        follows = store.forget_chat(row.chat_id)
        store.mark_sent(row.id, self.pace_clock.now(), "blocked")
        log.info("chat %s cannot be sent to (%s): its %d follow(s) and digest are removed",
                 row.chat_id, exc, follows)


async def _forever(loop: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a service loop; one that fails (a full disk, say) starts again a little later."""
    while True:
        try:
            await loop()
            return
        except Exception:
            log.exception("%s failed; starting it again in %.0f s", loop.__name__, RESTART_AFTER)
            await asyncio.sleep(RESTART_AFTER)


async def _first(*waits: Coroutine[Any, Any, Any]) -> None:
    """Return once any of the awaitables is done; cancel the others."""
    tasks = [asyncio.ensure_future(w) for w in waits]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
