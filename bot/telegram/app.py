"""Builds the python-telegram-bot Application and runs it (`briefbot run`)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any

from telegram import (
    BotCommand,
    BotCommandScope,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import AIORateLimiter, Application, ContextTypes

from bot.present.render import esc
from bot.present.texts import NO_TOKEN, texts
from bot.settings import Settings
from bot.telegram.admin import AdminHandlers
from bot.telegram.buttons import ButtonHandlers
from bot.telegram.follows import register as register_follows
from bot.telegram.handlers import UserHandlers, user_lang
from bot.telegram.heartbeat import Heartbeat
from bot.telegram.ingest_handlers import register as register_ingest
from bot.telegram.jobs import JobFeed, Jobs
from bot.telegram.ledger import Ledger
from bot.telegram.messaging import answer_query, send_html
from bot.telegram.pace import SharedFloodLimiter, SharedPace
from bot.telegram.redaction import guard_logging, guard_records, redact
from bot.telegram.replicas import Processes
from bot.telegram.runtime import Runtime
from bot.telegram.services import add_services, webhook_secret
from bot.telegram.serving import (
    STOP_STEPS,
    Feed,
    Limits,
    Poller,
    Tracker,
    serve,
    stop_application,
)
from bot.telegram.webhook import KEEP_FINISHED, WebhookConfig, WebhookFeed
from retrieval.errors import BriefbotError, IndexMismatch, IndexMissing, IndexStoreError
from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from retrieval.search.searcher import Searcher

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
# A later feature plugs in by adding a function here (see the module docstring of bot.telegram.admin
# for `run_reindex` and `refuse_unless_admin`); it runs after the core handlers and before
# the fallbacks that catch unknown commands.
Extension = Callable[[App, Runtime], None]
EXTENSIONS: tuple[Extension, ...] = (register_ingest, register_follows)


def build_application(
    settings: Settings,
    load_embedder: Callable[[], Embedder] | None = None,
    *,
    extensions: Sequence[Extension] = EXTENSIONS,
) -> App:
    """Wire the bot; the model and index are loaded in post_init, once."""
    token = settings.bot_token
    if not token:
        raise InvalidToken(NO_TOKEN)
    if load_embedder is None:
        from retrieval.model.loader import load_embedder as load

        load_embedder = partial(
            load, settings.model, settings.cache_dir, backend=settings.embed_backend
        )
    guard_records(token)
    rt = Runtime(settings, load_embedder)
    app: App = (
        Application.builder()
        .token(token)
        .context_types(ContextTypes(bot_data=BotData))
        .base_url(settings.telegram_api_base_url)
        .base_file_url(file_base_url(settings.telegram_api_base_url))
        .concurrent_updates(True)
        .rate_limiter(_rate_limiter(rt))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data.runtime = rt
    users, buttons = UserHandlers(rt), ButtonHandlers(rt)
    users.register(app)
    buttons.register(app)
    AdminHandlers(rt).register(app)
    for extension in extensions:
        extension(app, rt)
    users.register_fallbacks(app)
    buttons.register_fallback(app)
    app.add_error_handler(_on_error)
    return app


def _rate_limiter(rt: Runtime) -> AIORateLimiter:
    """Telegram's limits, for one process, or for every replica together (PostgreSQL)."""
    rate = rt.settings.telegram_per_second
    if rt.shared is None or not rate:
        return AIORateLimiter(overall_max_rate=rate, max_retries=3)
    return SharedFloodLimiter(SharedPace(rt.shared, "telegram", rate), 3)


def file_base_url(base_url: str) -> str:
    """Where files sent to the bot are downloaded: the Bot API's `/file/bot` beside `/bot`."""
    head, bot, _ = base_url.rstrip("/").rpartition("/bot")
    return f"{head}/file/bot" if bot else base_url.rstrip("/") + "/file/bot"


class BotData:
    """The application's `bot_data` (python-telegram-bot's ContextTypes): typed, not a dict."""

    def __init__(self) -> None:
        self.runtime: Runtime | None = None


def runtime_of(app: App) -> Runtime:
    data = app.bot_data
    assert isinstance(data, BotData) and data.runtime is not None
    return data.runtime


async def _post_init(app: App) -> None:
    rt = runtime_of(app)
    await asyncio.to_thread(_load_engine, rt)
    await _set_commands(app, rt)
    stats = rt.searcher.stats() if rt.searcher else None
    log.info(
        "briefbot ready as @%s: %s articles, %s chunks, %s quotes, mode %s",
        app.bot.username, stats.articles if stats else 0, stats.chunks if stats else 0,
        stats.quotes if stats else 0, rt.settings.search_mode,
    )


def _load_engine(rt: Runtime) -> None:
    s = rt.settings
    try:
        rt.searcher = Searcher.open(s.index_dir, rt.question_embedder(), s.search_mode)
    except (IndexMissing, IndexMismatch) as exc:
        if s.role == "replica":  # only the indexer builds: its build is picked up once made
            log.warning("%s; waiting for the indexer's build in %s", exc, s.index_dir)
            return
        if isinstance(exc, IndexMissing):
            log.warning("no index in %s yet; building it from %s", s.index_dir, s.data_dir)
        else:
            # After an upgrade that changed the model or chunker the old vectors cannot be
            # compared with new questions: rebuild now rather than start with nothing.
            log.warning("the index must be rebuilt: %s; rebuilding it from %s now, before "
                        "answering", exc, s.data_dir)
        embedder = rt.loaded_embedder()  # ModelError stops the start-up
        summary = build_index(s.data_dir, s.index_dir, embedder)
        log.info("index built for %s: %s", embedder.model_id, summary)
        rt.searcher = Searcher.open(s.index_dir, embedder, s.search_mode)
    except IndexStoreError as exc:
        # The bot still starts, says the index is not ready, and an admin can /reindex.
        log.error("the index cannot be used (%s); an admin can send /reindex", exc)


async def _set_commands(app: App, rt: Runtime) -> None:
    menus: list[tuple[BotCommandScope, str]] = [
        (BotCommandScopeAllPrivateChats(), "menu_private"),
        (BotCommandScopeAllGroupChats(), "menu_group"),
    ]
    menus += [(BotCommandScopeChat(admin), "menu_admin") for admin in sorted(rt.settings.admin_ids)]
    # Indonesian is also the menu of every language without its own (language_code None).
    for scope, menu in menus:
        for code, lang in ((None, "id"), ("id", "id"), ("en", "en")):
            t = texts(lang)
            pairs = [*getattr(t, menu), *rt.user_menu[lang]]
            if menu == "menu_admin":
                pairs = [*t.menu_private, *rt.user_menu[lang], *t.menu_admin, *rt.admin_menu[lang]]
            # One entry a command: an admin's wording of a command (/follow also takes a site)
            # replaces the one every user sees.
            named = {name: text for name, text in pairs}
            commands = [BotCommand(name, text) for name, text in named.items()]
            try:
                await app.bot.set_my_commands(commands, scope=scope, language_code=code)
            except TelegramError as exc:  # e.g. an admin who never opened a chat with the bot
                log.warning("setMyCommands for %s failed: %s", scope.type, exc)


async def _post_shutdown(app: App) -> None:
    runtime_of(app).close()


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with its context; tell the user briefly, never with a traceback."""
    where = "no update"
    if isinstance(update, Update):
        user, chat = update.effective_user, update.effective_chat
        where = (f"update {update.update_id} chat {chat.id if chat else None} "
                 f"user {user.id if user else None}")
    log.error("error handling %s: %r", where, context.error, exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:  # a notice on the button, and its spinner stops
        await answer_query(update.callback_query, texts(user_lang(update)).apology)
        return
    if update.effective_chat is None:
        return
    try:
        await send_html(context.bot, update.effective_chat.id,
                        esc(texts(user_lang(update)).apology))
    except TelegramError as exc:
        log.warning("could not send the apology: %s", exc)


@asynccontextmanager
async def running(app: App, poll_timeout: float = 1.0) -> AsyncIterator[App]:
    """Run the bot with long polling inside the current event loop (tests, benchmarks)."""
    stop = asyncio.Event()
    limits = _limits(runtime_of(app).settings, poll_timeout=max(1, int(poll_timeout)))
    serving = await _start(app, stop, limits, None)
    try:
        yield app
    finally:
        stop.set()
        await serving


async def _start(app: App, stop: asyncio.Event, limits: Limits,
                 webhook: WebhookConfig | None) -> asyncio.Task[int]:
    """Initialize and start the application; return the task that serves it until `stop`."""
    rt = runtime_of(app)
    # A webhook confirms each update with its 200: finished ids need keeping only a while.
    keep = None if webhook is None else KEEP_FINISHED
    processes = Processes(rt.shared, rt.settings.role) if rt.shared is not None else None
    heartbeat = Heartbeat(rt.settings.state_dir, partial(_serving, rt),
                          processes.share if processes is not None else None)
    ledger = Ledger(rt.shared) if webhook is not None and rt.shared is not None else None
    tracker = Tracker(app, keep, ledger=ledger)
    heartbeat.clear()  # one left by a killed process would fail `health` while the model loads
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        await app.start()
    except BaseException:
        await stop_application(app, 1.0)
        raise
    add_services(rt, processes, heartbeat.beat)
    rt.start_services()
    feed: Feed
    if rt.settings.role == "indexer" and rt.shared is not None:
        feed = JobFeed(Jobs(rt.shared), rt.workers, app.bot, heartbeat)
    elif webhook is None:
        feed = Poller(app, tracker, heartbeat, limits)
    else:
        feed = WebhookFeed(app, tracker, heartbeat, limits, webhook,
                           ready=lambda: rt.searcher is not None)

    async def lifetime() -> int:
        try:
            return await serve(app, feed, tracker, stop, limits, heartbeat)
        finally:
            await rt.stop_services(STOP_STEPS / 2)
            await stop_application(app, STOP_STEPS)

    return asyncio.create_task(lifetime(), name="briefbot")


def _serving(rt: Runtime) -> tuple[str, str]:
    searcher = rt.searcher
    return (searcher.folder.name, searcher.stats().built_at) if searcher else ("", "")


def _limits(settings: Settings, poll_timeout: int = 10) -> Limits:
    return Limits(in_flight=settings.updates_in_flight, stop_timeout=settings.stop_timeout,
                  poll_timeout=poll_timeout)


def run(
    settings: Settings,
    webhook_url: str | None = None,
    *,
    listen: str = "127.0.0.1",
    port: int = 8443,
    load_embedder: Callable[[], Embedder] | None = None,
    extensions: Sequence[Extension] = EXTENSIONS,
) -> int:
    """Run the bot until stopped (long polling, or a webhook), then end the process.

    Exit code 0 after a stop signal; 1 when Telegram refuses the token or cannot be reached at
    start-up, or updates stop coming for any other reason (so the supervisor restarts the bot).
    Returns 2 when no token is set; raises a BriefbotError (e.g. no model) for the CLI to word.
    """
    if not settings.bot_token:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if settings.role == "replica" and not webhook_url:
        print("briefbot: a replica gets its updates through the webhook behind the load "
              "balancer: give --webhook-url (polling replicas would take each other's updates)",
              file=sys.stderr)
        return 2
    forms = _guard_logs(settings.bot_token)
    limits = _limits(settings)
    webhook = None
    if webhook_url and settings.role != "indexer":
        webhook = WebhookConfig(webhook_url, listen, port, webhook_secret(settings))
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    stop = asyncio.Event()
    clock = _StopClock(limits.stop_timeout + STOP_STEPS)
    code = 1
    try:
        app = build_application(settings, load_embedder, extensions=extensions)
        for sig in STOP_SIGNALS:
            loop.add_signal_handler(sig, _on_stop_signal, runtime_of(app), stop, clock, sig)
        code = loop.run_until_complete(_lifetime(app, stop, limits, webhook))
    except InvalidToken:
        print("briefbot: Telegram refused TELEGRAM_BOT_TOKEN; copy it again from @BotFather.",
              file=sys.stderr)
    except NetworkError as exc:
        print(redact(f"briefbot: cannot reach the Bot API at {settings.telegram_api_base_url}: "
                     f"{exc}", forms), file=sys.stderr)
    except BriefbotError:
        loop.close()
        raise  # bot/cli says it in its own words
    except Exception:
        log.exception("briefbot stopped on an unexpected error")
    _exit_in_time(loop, clock, code)
    return code  # not reached: _exit_in_time ends the process


async def _lifetime(app: App, stop: asyncio.Event, limits: Limits,
                    webhook: WebhookConfig | None) -> int:
    return await (await _start(app, stop, limits, webhook))


class _StopClock:
    """When the process must be gone: `grace` s after the stop began (signal or failure)."""

    def __init__(self, grace: float) -> None:
        self.grace = grace
        self.started: float | None = None

    def start(self) -> None:
        if self.started is None:
            self.started = time.monotonic()

    def left(self) -> float:
        self.start()
        assert self.started is not None
        return self.started + self.grace - time.monotonic()


def _exit_in_time(loop: asyncio.AbstractEventLoop, clock: _StopClock, code: int) -> None:
    """Leave within the grace: the process ends here, whatever is still running.

    A reindex batch may still be embedding in a thread, and the model's native thread pools
    take seconds to tear down at interpreter exit. Everything that matters is done by now:
    answers sent, updates confirmed, the state database closed, and the index is swapped
    atomically, so an abandoned batch loses nothing but itself.
    """
    with contextlib.suppress(asyncio.TimeoutError, RuntimeError):
        loop.run_until_complete(
            asyncio.wait_for(loop.shutdown_default_executor(), max(0.1, clock.left())))
    loop.close()
    main = threading.main_thread()
    busy = [t.name for t in threading.enumerate()
            if t is not main and not t.daemon and t.is_alive()]
    if busy:
        log.info("leaving without waiting for %s", ", ".join(busy))
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)


def _on_stop_signal(rt: Runtime, stop: asyncio.Event, clock: _StopClock,
                    sig: signal.Signals) -> None:
    if stop.is_set():
        log.warning("%s again: still sending the answers in flight", sig.name)
        return
    clock.start()
    log.info("%s: stopping; answers in flight are sent within %.0f s, a running reindex is "
             "abandoned and the previous index stays", sig.name, rt.settings.stop_timeout)
    rt.request_stop()
    stop.set()


def _guard_logs(token: str) -> tuple[str, ...]:
    """Keep the token out of everything printed, and log the bot's own progress."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    bot_log = logging.getLogger("bot")
    if bot_log.getEffectiveLevel() > logging.INFO:
        bot_log.setLevel(logging.INFO)
    return guard_logging(token)
