"""Telegram side of web ingestion: /add <url> and /feeds (admins), and the scheduled refresh.

Plugs into bot.app through its extension hook: `build_application(..., extensions=[register])`.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.admin import refuse_unless_admin, run_reindex
from bot.handlers import NEW_MESSAGES, Context, user_lang
from bot.ingest import AddReport, IndexOutcome, RefreshReport, store_feeds, store_urls
from bot.ingest_texts import format_add, format_feeds, format_refresh, ingest_texts
from bot.messaging import edit_html, send_html
from bot.render import esc
from bot.runtime import Runtime, SerializedEmbedder
from retrieval.errors import BriefbotError
from retrieval.feed_state import FeedStateStore
from retrieval.indexer import IndexSummary, build_index
from retrieval.search import Searcher

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
MAX_URLS = 10  # per /add message
REFRESH_WORDS = frozenset({"refresh", "segarkan", "perbarui", "sekarang", "now"})
FIRST_REFRESH_SECONDS = 30.0  # after start-up, so a bot restarted often still refreshes
WAIT_FOR_REINDEX = 600.0  # the scheduled job waits this long for a running reindex


def register(app: App, rt: Runtime) -> None:
    """Add /add, /feeds and, when feeds are set and the interval is not 0, the refresh job."""
    handlers = IngestHandlers(rt)
    app.add_handler(CommandHandler("add", handlers.add, filters=NEW_MESSAGES))
    app.add_handler(CommandHandler("feeds", handlers.feeds, filters=NEW_MESSAGES))
    minutes = rt.settings.refresh_minutes
    if minutes and rt.settings.feeds:
        if app.job_queue is None:
            log.warning("no job queue (install python-telegram-bot[job-queue]); no auto refresh")
            return
        app.job_queue.run_repeating(
            handlers.refresh_job,
            interval=minutes * 60,
            first=min(FIRST_REFRESH_SECONDS, minutes * 60),
            name="briefbot-refresh",
        )


class IngestHandlers:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.refreshing = False  # set and read on the event loop only

    async def add(self, update: Update, context: Context) -> None:
        if not await refuse_unless_admin(self.rt, update, "add"):
            return
        chat, lang = update.effective_chat, user_lang(update)
        assert chat is not None
        urls = [word for arg in context.args or () for word in arg.split(",") if word]
        if not urls:
            await send_html(context.bot, chat.id, esc(ingest_texts(lang).add_usage))
            return
        # In the background: fetching can take a while and the bot keeps answering meanwhile.
        context.application.create_task(
            self._add(context.bot, chat.id, urls[:MAX_URLS], lang), update=update
        )

    async def _add(self, bot: Bot, chat_id: int, urls: list[str], lang: str) -> None:
        t = ingest_texts(lang)
        status = await send_html(bot, chat_id, esc(t.adding.format(count=len(urls))))
        items = await asyncio.to_thread(store_urls, self.rt.settings, urls)
        report = AddReport(items, IndexOutcome())
        text = format_add(report, lang, html=True, show_index=not report.written)
        await edit_html(bot, chat_id, status.message_id, text)
        if report.written:
            await run_reindex(self.rt, bot, chat_id, lang)  # progress, summary, Searcher swap

    async def feeds(self, update: Update, context: Context) -> None:
        if not await refuse_unless_admin(self.rt, update, "feeds"):
            return
        chat, lang = update.effective_chat, user_lang(update)
        assert chat is not None
        if any(arg.lower() in REFRESH_WORDS for arg in context.args or ()):
            context.application.create_task(self.refresh(context.bot, chat.id, lang), update=update)
            return
        s = self.rt.settings
        statuses = await asyncio.to_thread(FeedStateStore(s.state_dir).read)
        text = format_feeds(s.feeds, statuses, s.refresh_minutes, lang)
        await send_html(context.bot, chat.id, text)

    async def refresh_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The scheduled refresh: no chat to report to, so it logs, and indexes quietly."""
        await self.refresh(context.bot, None, "id")

    async def refresh(self, bot: Bot, chat_id: int | None, lang: str) -> None:
        """Fetch the feeds, store new articles, then reindex (reported when a chat asked)."""
        t = ingest_texts(lang)
        if self.refreshing:
            if chat_id is not None:
                await send_html(bot, chat_id, esc(t.refresh_busy))
            return
        self.refreshing = True
        try:
            status = await send_html(bot, chat_id, esc(t.refreshing)) if chat_id else None
            feeds = await asyncio.to_thread(store_feeds, self.rt.settings)
            report = RefreshReport(feeds, IndexOutcome())
            log.info(
                "feed refresh: %d feeds, %d new articles, %d feeds failed",
                len(feeds), len(report.written), sum(1 for f in feeds if f.error),
            )  # fmt: skip
            if chat_id is not None and status is not None:
                text = format_refresh(report, lang, html=True, show_index=not report.written)
                await edit_html(bot, chat_id, status.message_id, text)
                if report.written:
                    await run_reindex(self.rt, bot, chat_id, lang)
            elif report.written:
                await self._reindex_quietly()
        except Exception:  # the scheduled job must never take the bot down
            log.exception("feed refresh failed")
        finally:
            self.refreshing = False

    async def _reindex_quietly(self) -> None:
        waited = 0.0
        while self.rt.reindexing and waited < WAIT_FOR_REINDEX:
            await asyncio.sleep(1.0)
            waited += 1.0
        if self.rt.reindexing:
            log.warning("a reindex is still running; new feed articles wait for the next one")
            return
        self.rt.reindexing = True
        try:
            summary, searcher = await asyncio.to_thread(self._rebuild)
        except BriefbotError as exc:
            log.warning("index update after the feed refresh failed: %s", exc)
            return
        finally:
            self.rt.reindexing = False
        self.rt.searcher = searcher
        log.info("index updated after the feed refresh: %s", summary)

    def _rebuild(self) -> tuple[IndexSummary, Searcher]:
        s = self.rt.settings
        if self.rt.embedder is None:
            self.rt.embedder = SerializedEmbedder(self.rt.load_embedder())
        summary = build_index(s.data_dir, s.index_dir, self.rt.embedder)
        return summary, Searcher.open(s.index_dir, self.rt.embedder, s.search_mode)
