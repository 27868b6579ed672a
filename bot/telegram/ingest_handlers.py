"""Telegram side of web ingestion: /add <url> and /feeds (admins), and the scheduled refresh.

The refresh reads the feeds of BRIEFBOT_FEEDS and polls the followed sources (see
`bot.telegram.source_handlers` for /follow, documents and channel posts); a source that keeps
failing is reported to the admins once.

Plugs into `bot.telegram.app` through its extension hook (`EXTENSIONS`). Indexing goes through
`bot.telegram.admin`'s one reindex path, so /reindex, /add and the refresh never rebuild at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.ingest import AddReport, FeedReport, IndexOutcome, RefreshReport, store_feeds, store_urls
from bot.present.render import esc
from bot.present.reports import (
    format_add,
    format_feeds,
    format_refresh,
    ingest_texts,
    skipped_line,
)
from bot.present.sources import failing_alert, format_polls, format_sources
from bot.sources import poll_sites, source_statuses
from bot.stores import feed_state
from bot.telegram.admin import refuse_unless_admin, reindex, run_reindex
from bot.telegram.handlers import NEW_MESSAGES, Context, user_lang
from bot.telegram.jobs import Job
from bot.telegram.messaging import edit_html, send_html
from bot.telegram.runtime import Runtime
from retrieval.errors import BriefbotError
from retrieval.web.follow import PollResult

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
MAX_URLS = 10  # per /add message
REFRESH_WORDS = frozenset({"refresh", "segarkan", "perbarui", "sekarang", "now"})
FIRST_REFRESH_SECONDS = 30.0  # after start-up, so a bot restarted often still refreshes
WAIT_FOR_REINDEX = 600.0  # how long new articles wait for a running reindex before giving up
REINDEX_POLL = 0.5  # `rt.reindexing` is a plain flag on the event loop: look again this often


def register(app: App, rt: Runtime) -> None:
    """Add /add, /feeds, /follow, documents and posts and, unless its interval is 0, the refresh.

    The refresh runs without feeds too: an admin may /follow a site at any time.
    """
    from bot.telegram.source_handlers import SourceHandlers

    handlers = IngestHandlers(rt)
    app.add_handler(CommandHandler("add", handlers.add, filters=NEW_MESSAGES))
    app.add_handler(CommandHandler("feeds", handlers.feeds, filters=NEW_MESSAGES))
    rt.workers.update(add=handlers.add_job, refresh=handlers.refresh_now)
    SourceHandlers(rt, handlers).register(app)
    for lang, menu in rt.admin_menu.items():
        menu.extend(ingest_texts(lang).menu)
    minutes = rt.settings.refresh_minutes
    if minutes and rt.settings.role != "replica":  # only the indexer fetches
        if app.job_queue is None:
            log.warning("no job queue (install python-telegram-bot[job-queue]); no auto refresh")
            return
        app.job_queue.run_repeating(
            handlers.refresh_job,
            interval=minutes * 60,
            first=min(FIRST_REFRESH_SECONDS, minutes * 60),
            name="briefbot-refresh",
        )


async def reindex_finished(rt: Runtime, limit: float = WAIT_FOR_REINDEX) -> bool:
    """Wait until no reindex runs; False when one still runs after `limit` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    if rt.reindexing:
        log.info("new articles wait for the running reindex before they are indexed")
    while rt.reindexing:
        if loop.time() >= deadline:
            return False
        await asyncio.sleep(REINDEX_POLL)
    return True


class IngestHandlers:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.refreshing = False  # set and read on the event loop only
        # One writer of the data folder at a time: /add and a feed refresh may store the same
        # article (the same URL, or its copy elsewhere) and must not both decide it is new.
        self.storing = asyncio.Lock()

    async def add(self, update: Update, context: Context) -> None:
        if not await refuse_unless_admin(self.rt, update, "add"):
            return
        chat, lang = update.effective_chat, user_lang(update)
        assert chat is not None
        words = [word for arg in context.args or () for word in arg.split(",") if word]
        urls = list(dict.fromkeys(words))  # a link given twice takes one place
        if not urls:
            await send_html(context.bot, chat.id, esc(ingest_texts(lang).add_usage))
            return
        # In the background (or by the indexer): fetching can take a while.
        job = Job("add", chat.id, lang, {"urls": urls[:MAX_URLS], "skipped": len(urls[MAX_URLS:])})
        await self.rt.submit(context.application, context.bot, update, job)

    async def add_job(self, bot: Bot, job: Job) -> None:
        await self._add(bot, job.chat_id, list(job.payload["urls"]), job.lang,
                        int(job.payload["skipped"]))

    async def refresh_now(self, bot: Bot, job: Job) -> None:
        await self.refresh(bot, job.chat_id, job.lang)

    async def _add(self, bot: Bot, chat_id: int, urls: list[str], lang: str,
                   skipped: int) -> None:
        t = ingest_texts(lang)
        status = t.adding.format(count=len(urls))
        if skipped:
            status += "\n" + skipped_line(skipped, len(urls), lang)
        sent = await send_html(bot, chat_id, esc(status))
        async with self.storing:
            items = await asyncio.to_thread(store_urls, self.rt.settings, urls)
        report = AddReport(items, IndexOutcome(), skipped)
        text = format_add(report, lang, html=True, show_index=not report.written)
        await edit_html(bot, chat_id, sent.message_id, text)
        if report.written:
            await self.index_new(bot, chat_id, lang)

    async def index_new(self, bot: Bot, chat_id: int, lang: str) -> None:
        """Reindex after new articles were stored, reported in the chat that stored them."""
        # Waiting beats "busy": the running reindex may have listed the folder before the
        # new article was written. Still running after the limit: run_reindex says busy.
        await reindex_finished(self.rt)
        await run_reindex(self.rt, bot, chat_id, lang)  # progress, summary, Searcher swap

    async def feeds(self, update: Update, context: Context) -> None:
        if not await refuse_unless_admin(self.rt, update, "feeds"):
            return
        chat, lang = update.effective_chat, user_lang(update)
        assert chat is not None
        if any(arg.lower() in REFRESH_WORDS for arg in context.args or ()):
            await self.rt.submit(context.application, context.bot, update,
                                 Job("refresh", chat.id, lang))
            return
        s = self.rt.settings
        statuses = await asyncio.to_thread(lambda: feed_state(s).read())
        sources = await asyncio.to_thread(source_statuses, s)
        feeds = format_feeds(s.feeds, statuses, s.refresh_minutes, lang) if s.feeds else None
        text = format_sources(sources, feeds, s.refresh_minutes, lang)
        await send_html(context.bot, chat.id, text)

    async def refresh_job(self, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The scheduled refresh: no chat to report to, so it logs, and indexes quietly."""
        try:
            await self.refresh(context.bot, None, "id")
        except Exception:  # the scheduled job must never take the bot down
            log.exception("scheduled feed refresh failed; the next run tries again")

    async def refresh(self, bot: Bot, chat_id: int | None, lang: str) -> None:
        """Fetch the feeds, store new articles, then reindex (reported when a chat asked)."""
        t = ingest_texts(lang)
        if self.refreshing:
            if chat_id is not None:
                await send_html(bot, chat_id, esc(t.refresh_busy))
            else:
                log.info("scheduled feed refresh skipped: a refresh is still running")
            return
        self.refreshing = True
        try:
            status = await send_html(bot, chat_id, esc(t.refreshing)) if chat_id else None
            if self.storing.locked():
                log.info("feed refresh waits for a running /add")
            async with self.storing:
                # A failing feed or source is one report with an error; the others go on.
                feeds, polls = await asyncio.to_thread(self._store_all)
            report = RefreshReport(feeds, IndexOutcome())
            written = bool(report.written) or any(p.written for p in polls)
            log.info(
                "refresh: %d feeds, %d sources, %d new articles, %d failed",
                len(feeds), len(polls), len(report.written) + sum(len(p.written) for p in polls),
                sum(1 for f in feeds if f.error) + sum(1 for p in polls if p.error),
            )  # fmt: skip
            await self._alert_failing(bot, polls)
            if chat_id is not None and status is not None:
                text = format_refresh(report, lang, html=True, show_index=not written).strip()
                if polls:
                    text = (format_polls(polls, lang) + "\n\n" + text).strip()
                await edit_html(bot, chat_id, status.message_id, text[:4000])
                if written:
                    await self.index_new(bot, chat_id, lang)
            elif written:
                await self._reindex_quietly()
        finally:
            self.refreshing = False

    def _store_all(self) -> tuple[tuple[FeedReport, ...], tuple[PollResult, ...]]:
        settings = self.rt.settings
        return store_feeds(settings), poll_sites(settings)

    async def _alert_failing(self, bot: Bot, polls: tuple[PollResult, ...]) -> None:
        """Tell every admin, once, of a source that has just failed several polls in a row."""
        for result in (p for p in polls if p.newly_failing):
            for admin in sorted(self.rt.settings.admin_ids):
                try:
                    await send_html(bot, admin, failing_alert(result.source, "id"))
                except Exception as exc:  # an admin who never opened a chat with the bot
                    log.warning("could not tell admin %s of a failing source: %s", admin, exc)

    async def _reindex_quietly(self) -> None:
        if not await reindex_finished(self.rt):
            log.warning("a reindex is still running after %.0f s; the new feed articles are "
                        "stored and wait for the next reindex", WAIT_FOR_REINDEX)  # fmt: skip
            return
        try:
            summary = await reindex(self.rt)
        except BriefbotError as exc:  # the articles stay stored; the next reindex takes them
            log.warning("index update after the feed refresh failed: %s", exc)
            return
        log.info("index updated after the feed refresh: %s", summary)
