"""What the Telegram handlers share: settings, the current Searcher, the store, the limits."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, Protocol, TypeVar

from telegram import Bot
from telegram.ext import Application

from bot.settings import Settings
from bot.stores import bot_state
from bot.telegram.jobs import Job, Jobs, Worker
from bot.telegram.limits import Limiter, RateLimiter, SharedRateLimiter
from bot.telegram.state import StateStore
from retrieval.errors import BriefbotError, StateError
from retrieval.model.batching import DEFAULT_WINDOW, MicroBatcher
from retrieval.model.embedder import Embedder, Vectors, WrappedEmbedder
from retrieval.records import Answer
from retrieval.search.searcher import Searcher
from retrieval.statedb.database import Database
from retrieval.statedb.engines import open_database

log = logging.getLogger(__name__)
SEARCH_THREADS = 4
PRUNE_EVERY = 3600.0  # seconds between forgetting old questions
T = TypeVar("T")
App = Application[Any, Any, Any, Any, Any, Any]


@dataclass(frozen=True)
class Page:
    """One page of an answer, starting after `offset` passages."""

    answer: Answer
    offset: int
    has_more: bool


class Stopping(BriefbotError):
    """The bot is stopping: a reindex gives up before its next batch and the old index stays."""


class SerializedEmbedder(WrappedEmbedder):
    """Lets a reindex and the questions share one model, one call at a time, questions first.

    The tokenizer of a loaded model must not run in two threads at once. A reindex embeds in
    batches and starts no batch while a question is open (see `question`), so a question waits
    for one batch at most. Once `stopping` is set, passage batches raise Stopping: every
    reindex path embeds through here, and the indexer writes nothing before its last batch.
    Questions asked together are embedded in one call (`MicroBatcher`); `batch_window=None`
    embeds each on its own.
    """

    def __init__(
        self,
        inner: Embedder,
        stopping: threading.Event | None = None,
        batch_window: float | None = DEFAULT_WINDOW,
    ) -> None:
        super().__init__(inner)
        self._stopping = stopping or threading.Event()
        self._turns = threading.Condition()
        self._busy = False
        self._questions_waiting = 0
        self.batcher = (
            None if batch_window is None else MicroBatcher(self._embed_queries, batch_window)
        )

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        if self.batcher is None:
            return self._embed_queries(texts)
        return self.batcher(texts)

    def _embed_queries(self, texts: Sequence[str]) -> Vectors:
        with self._turn(question=True):
            return self.inner.embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        with self._turn(question=False):
            return self.inner.embed_passages(texts)

    @contextmanager
    def question(self) -> Iterator[None]:
        """Hold passage batches back while a question is being answered (or queued for it)."""
        with self._turns:
            self._questions_waiting += 1
        try:
            yield
        finally:
            with self._turns:
                self._questions_waiting -= 1
                self._turns.notify_all()

    def wake(self) -> None:
        """Let waiting passage batches see that the bot is stopping."""
        with self._turns:
            self._turns.notify_all()

    @contextmanager
    def _turn(self, question: bool) -> Iterator[None]:
        with self._turns:
            while True:
                if not question and self._stopping.is_set():
                    raise Stopping("the bot is stopping; send /reindex again once it is back")
                if not (self._busy or (not question and self._questions_waiting)):
                    break
                self._turns.wait()
            self._busy = True
        try:
            yield
        finally:
            with self._turns:
                self._busy = False
                self._turns.notify_all()


class Service(Protocol):
    """Background work beside the answers (alerts, a replica's build watcher, the outbox's
    sender): started once the index is loaded."""

    def start(self) -> None: ...

    async def stop(self, timeout: float) -> None: ...

    def indexed(self) -> None:
        """The searcher was swapped for one over a new index."""


class Runtime:
    """Mutable bot state; `searcher` is swapped whole when a reindex finishes."""

    def __init__(self, settings: Settings, load_embedder: Callable[[], Embedder]) -> None:
        self.settings = settings
        self.load_embedder = load_embedder
        self.embedder: SerializedEmbedder | None = None
        self.searcher: Searcher | None = None
        self.store: StateStore | None = None
        # The PostgreSQL database replicas share (None: one bot on the state folder's files).
        self.shared: Database | None = None
        self.limiter: Limiter = RateLimiter(settings.rate_limit_per_minute)
        if settings.database:
            self.shared = open_database(settings.database, settings.state_dir)
            self.limiter = SharedRateLimiter(self.shared, settings.rate_limit_per_minute)
        # Admin work by kind (/add, /follow, /reindex …): run here, or by the indexer.
        self.workers: dict[str, Worker] = {}
        self.services: list[Service] = []  # started once the index is loaded
        self.executor = ThreadPoolExecutor(SEARCH_THREADS, thread_name_prefix="briefbot-ask")
        self.reindexing = False  # set and read on the event loop only
        # Extensions add their admin commands here, per language, for the admins' menu.
        self.admin_menu: dict[str, list[tuple[str, str]]] = {"id": [], "en": []}
        self.user_menu: dict[str, list[tuple[str, str]]] = {"id": [], "en": []}
        # What /follow <site address> runs (bot.telegram.source_handlers), when sources load.
        self.source_follower: Callable[[Any, Any, str], Awaitable[None]] | None = None
        self.in_flight = 0
        self.stopping = threading.Event()  # set once, by a stop signal (see bot.telegram.app.run)
        self._state_failures: set[str] = set()
        self._next_prune = 0.0

    async def submit(self, app: App, bot: Bot, update: object, job: Job) -> None:
        """Run admin work in the background here, or hand it to the indexer (a replica)."""
        if self.settings.role == "replica" and self.shared is not None:
            await asyncio.to_thread(Jobs(self.shared).submit, job)
            log.info("%s for chat %s handed to the indexer", job.kind, job.chat_id)
            return
        app.create_task(self.workers[job.kind](bot, job), update=update)

    def start_services(self) -> None:
        for service in self.services:
            service.start()

    def indexed(self) -> None:
        """Tell the services that a new index is serving."""
        for service in self.services:
            service.indexed()

    async def stop_services(self, timeout: float) -> None:
        await asyncio.gather(*(s.stop(timeout) for s in self.services), return_exceptions=True)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    def loaded_embedder(self) -> SerializedEmbedder:
        """The shared model, loading it on first use (blocking: call it in a thread)."""
        if self.embedder is None:
            self.embedder = SerializedEmbedder(self.load_embedder(), self.stopping)
        return self.embedder

    def question_embedder(self) -> SerializedEmbedder | None:
        """The model questions need: none for a replica searching in bm25 mode, which never
        builds either (blocking: call it in a thread)."""
        s = self.settings
        if s.role == "replica" and s.search_mode == "bm25":
            return None
        return self.loaded_embedder()

    def request_stop(self) -> None:
        """Abandon a running reindex at its next batch; answers in flight carry on."""
        self.stopping.set()
        if self.embedder is not None:
            self.embedder.wake()

    def state(self) -> StateStore:
        if self.store is None:
            self.store = bot_state(self.settings)
        return self.store

    def remember(self, write: Callable[[StateStore], T]) -> T | None:
        """Write to the state; when it cannot be written (full disk, read-only), None.

        Answers matter more than their buttons: the caller goes on without them, and each kind
        of failure is logged once, not once per question.
        """
        try:
            result = write(self.state())
        except (StateError, OSError) as exc:
            kind = exc.kind if isinstance(exc, StateError) else type(exc).__name__
            if kind not in self._state_failures:
                self._state_failures.add(kind)
                where = self.shared.where if self.shared else self.settings.state_dir
                log.warning("cannot write the bot's state in %s (%s: %s); answers go out "
                            "without buttons", where, kind, exc)
            return None
        self._prune_when_due()
        return result

    def _prune_when_due(self) -> None:
        now = time.time()
        if now < self._next_prune:
            return
        self._next_prune = now + PRUNE_EVERY
        cutoff = now - self.settings.questions_keep_days * 86400.0
        gone = self.remember(lambda store: store.prune(cutoff))
        if gone:
            log.info("forgot %d question(s) older than %d days", gone,
                     self.settings.questions_keep_days)

    async def off_loop(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking engine call in the search threads."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, fn, *args)

    async def answer(self, searcher: Searcher, question: str, k: int) -> Answer:
        """A question's first k relevant passages, off the loop, its encoding shared with the
        questions asked meanwhile (micro-batching) and before a reindex's next batch."""
        waiting = self.embedder.question() if self.embedder else contextlib.nullcontext()
        with waiting:
            return await self.off_loop(searcher.ask, question, k)

    async def ask(
        self, searcher: Searcher, question: str, offset: int = 0, seen: Sequence[str] = ()
    ) -> Page:
        """Run retrieval off the event loop so one slow question never stalls the others.

        `seen`: passage keys the user was already shown (see Searcher.ask).
        """
        loop = asyncio.get_running_loop()
        k = self.settings.top_k
        waiting = self.embedder.question() if self.embedder else contextlib.nullcontext()
        with waiting:
            # One passage beyond the page tells whether "Sumber lain" has anything behind it.
            answer = await loop.run_in_executor(
                self.executor, functools.partial(searcher.ask, question, k + 1, offset, seen=seen)
            )
        shown = k if answer.shown is None else min(answer.shown, k)
        page = replace(answer, passages=answer.passages[:shown])
        return Page(page, offset, has_more=len(answer.passages) > shown)

    def close(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        if self.store is not None:
            self.store.close()
            self.store = None
