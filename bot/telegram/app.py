"""Builds the python-telegram-bot Application and runs it (`briefbot run`)."""

from __future__ import annotations

import asyncio
import logging
import secrets
import signal
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from functools import partial
from typing import Any
from urllib.parse import urlparse

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
from bot.telegram.handlers import UserHandlers, user_lang
from bot.telegram.ingest_handlers import register as register_ingest
from bot.telegram.messaging import send_html
from bot.telegram.runtime import Runtime
from retrieval.errors import IndexMismatch, IndexMissing, IndexStoreError
from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from retrieval.search.searcher import Searcher

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
# A later feature plugs in by adding a function here (see the module docstring of bot.telegram.admin
# for `run_reindex` and `refuse_unless_admin`); it runs after the core handlers and before
# the fallbacks that catch unknown commands.
Extension = Callable[[App, Runtime], None]
EXTENSIONS: tuple[Extension, ...] = (register_ingest,)


def build_application(
    settings: Settings,
    load_embedder: Callable[[], Embedder] | None = None,
    *,
    extensions: Sequence[Extension] = EXTENSIONS,
) -> App:
    """Wire the bot; the model and index are loaded in post_init, once."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        raise InvalidToken(NO_TOKEN)
    if load_embedder is None:
        from retrieval.model.embedder import load_embedder as load

        load_embedder = partial(load, settings.model, settings.cache_dir)
    _redact_from_logs(token.strip())
    rt = Runtime(settings, load_embedder)
    app: App = (
        Application.builder()
        .token(token.strip())
        .base_url(settings.telegram_api_base_url)
        .concurrent_updates(True)
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data["runtime"] = rt
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


def runtime_of(app: App) -> Runtime:
    rt = app.bot_data["runtime"]
    assert isinstance(rt, Runtime)
    return rt


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
    embedder = rt.loaded_embedder()  # ModelError stops the start-up
    try:
        rt.searcher = Searcher.open(s.index_dir, embedder, s.search_mode)
    except IndexMissing:
        log.warning("no index in %s yet; building it from %s", s.index_dir, s.data_dir)
        summary = build_index(s.data_dir, s.index_dir, embedder)
        log.info("index built: %s", summary)
        rt.searcher = Searcher.open(s.index_dir, embedder, s.search_mode)
    except IndexMismatch as exc:
        # After an upgrade that changed the model or chunker the old vectors cannot be compared
        # with new questions: rebuild now rather than start with nothing to answer from.
        log.warning("the index must be rebuilt: %s; rebuilding it from %s now, before answering",
                    exc, s.data_dir)
        summary = build_index(s.data_dir, s.index_dir, embedder)
        log.info("index rebuilt for %s: %s", embedder.model_id, summary)
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
    for scope, menu in menus:
        for lang in ("id", "en"):
            t = texts(lang)
            pairs = list(getattr(t, menu))
            if menu == "menu_admin":
                pairs = [*t.menu_private, *pairs, *rt.admin_menu[lang]]
            commands = [BotCommand(name, text) for name, text in pairs]
            try:
                await app.bot.set_my_commands(
                    commands, scope=scope, language_code="en" if lang == "en" else None
                )
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
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        await send_html(context.bot, update.effective_chat.id,
                        esc(texts(user_lang(update)).apology))
    except TelegramError as exc:
        log.warning("could not send the apology: %s", exc)


@asynccontextmanager
async def running(app: App, poll_timeout: float = 1.0) -> AsyncIterator[App]:
    """Run the bot with long polling inside the current event loop (tests, benchmarks)."""
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0.0, timeout=int(poll_timeout))
        await app.start()
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


class _Redact(logging.Filter):
    def __init__(self, secret: str) -> None:
        super().__init__()
        self.secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self.secret in message:
            record.msg, record.args = message.replace(self.secret, "<token>"), None
        return True


def _redact_from_logs(token: str) -> None:
    """The Bot API puts the token in every URL, and these loggers print URLs."""
    for name in ("httpx", "telegram.Bot", "telegram.ext.ExtBot"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _Redact) and f.secret == token for f in logger.filters):
            logger.addFilter(_Redact(token))


def _guard_logs(token: str) -> None:
    """Keep the token out of every log line, and log the bot's own progress."""
    root = logging.getLogger()
    if not root.handlers:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in root.handlers:
        handler.addFilter(_Redact(token))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    bot_log = logging.getLogger("bot")
    if bot_log.getEffectiveLevel() > logging.INFO:
        bot_log.setLevel(logging.INFO)


def run(
    settings: Settings,
    webhook_url: str | None = None,
    *,
    listen: str = "0.0.0.0",
    port: int = 8443,
    load_embedder: Callable[[], Embedder] | None = None,
    extensions: Sequence[Extension] = EXTENSIONS,
) -> int:
    """Run the bot until stopped (long polling, or a webhook); return the exit code."""
    token = settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
    if not token.strip():
        print(NO_TOKEN, file=sys.stderr)
        return 2
    _guard_logs(token.strip())
    app = build_application(settings, load_embedder, extensions=extensions)
    _handle_stop_signals(runtime_of(app))
    try:
        if webhook_url:
            app.run_webhook(
                listen=listen, port=port, url_path=urlparse(webhook_url).path.lstrip("/"),
                webhook_url=webhook_url, secret_token=secrets.token_urlsafe(32),
                allowed_updates=Update.ALL_TYPES, stop_signals=None,
            )
        else:
            app.run_polling(allowed_updates=Update.ALL_TYPES, stop_signals=None)
    except InvalidToken:
        print("briefbot: Telegram refused TELEGRAM_BOT_TOKEN; copy it again from @BotFather.",
              file=sys.stderr)
        return 1
    except NetworkError as exc:
        print(f"briefbot: cannot reach the Bot API at {settings.telegram_api_base_url}: {exc}",
              file=sys.stderr)
        return 1
    return 0


STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGABRT)  # python-telegram-bot's own


def _handle_stop_signals(rt: Runtime) -> None:
    """Take the stop signals from python-telegram-bot, to abandon a running reindex first.

    Its own handler only raises SystemExit; run_polling/run_webhook then stop fetching updates,
    wait for the updates and tasks in flight (answers, the /reindex task), and shut down.
    """
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)  # run_polling and run_webhook run on the current loop
    for sig in STOP_SIGNALS:
        loop.add_signal_handler(sig, _on_stop_signal, rt, sig)


def _on_stop_signal(rt: Runtime, sig: signal.Signals) -> None:
    if rt.stopping.is_set():
        log.warning("%s again: still sending the answers in flight", sig.name)
        return
    log.info("%s: stopping; answers in flight are sent, a running reindex is abandoned "
             "and the previous index stays", sig.name)
    rt.request_stop()
    raise SystemExit  # python-telegram-bot's run_* turn this into their orderly shutdown
