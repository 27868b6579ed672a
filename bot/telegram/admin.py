"""Admin commands: /reindex in the background with one edited progress message, /stats.

Extensions share the reindex path: `run_reindex` (reported in a chat) or `reindex` (quiet),
both through `start_reindex`; and `refuse_unless_admin` for their own admin commands.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from dataclasses import asdict
from typing import Any

from telegram import Bot, Update
from telegram.ext import Application, CommandHandler

from bot.present.errors import describe_error
from bot.present.telegram_text import esc, plain_html
from bot.present.texts import humanize_age, texts
from bot.telegram.handlers import NEW_MESSAGES, Context, user_lang
from bot.telegram.jobs import Job
from bot.telegram.messaging import edit_html, send_html, thread_of
from bot.telegram.runtime import Runtime
from retrieval.errors import BriefbotError, IndexBusy
from retrieval.index.builder import IndexSummary, Progress, build_index
from retrieval.search.searcher import Searcher

log = logging.getLogger(__name__)
PROGRESS_EVERY = 2.0  # seconds between edits of the progress message
_MAX_SKIPPED_LINES = 5


class LatestProgress:
    """The latest (done, total) from the indexing thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value = (0, 0)

    def __call__(self, done: int, total: int) -> None:
        with self._lock:
            self._value = (done, total)

    def get(self) -> tuple[int, int]:
        with self._lock:
            return self._value


async def refuse_unless_admin(rt: Runtime, update: Update, command: str) -> bool:
    """Return True for a bot admin; otherwise refuse politely and log who tried."""
    user, chat = update.effective_user, update.effective_chat
    if rt.is_admin(user.id if user else None):
        return True
    log.warning("refused /%s from user %s in chat %s", command,
                user.id if user else None, chat.id if chat else None)
    if chat is not None:
        message = update.effective_message
        reply_to = message.message_id if message is not None and chat.type != "private" else None
        await send_html(update.get_bot(), chat.id, esc(texts(user_lang(update)).admin_refused),
                        reply_to=reply_to, thread_id=thread_of(message))
    return False


def start_reindex(rt: Runtime, progress: Progress | None = None) -> asyncio.Task[IndexSummary]:
    """Claim the one reindex slot and rebuild in a thread; the task swaps the new Searcher in.

    This is the only place that builds and swaps the Searcher and sets `rt.reindexing`; an
    admin's /reindex, /add and the feed refresh all come through here. The claim happens before
    any await, so two commands in one batch of updates cannot both start. Raises IndexBusy at
    once when a reindex is running. A failed rebuild leaves the old Searcher serving.
    """
    if rt.reindexing:
        raise IndexBusy("a reindex is already running")
    rt.reindexing = True
    task = asyncio.ensure_future(_reindex(rt, progress))

    def release(_: asyncio.Task[IndexSummary]) -> None:
        # A done-callback, not `finally`: it also runs when the task is cancelled before it starts.
        rt.reindexing = False

    task.add_done_callback(release)
    return task


async def reindex(rt: Runtime, progress: Progress | None = None) -> IndexSummary:
    """Rebuild and swap without reporting to a chat (see `start_reindex`)."""
    return await start_reindex(rt, progress)


async def _reindex(rt: Runtime, progress: Progress | None) -> IndexSummary:
    summary, searcher = await asyncio.to_thread(_rebuild, rt, progress)
    rt.searcher = searcher  # one assignment: every later question sees the new index
    rt.indexed()
    log.info("reindex done: %s", summary)
    return summary


async def run_reindex(rt: Runtime, bot: Bot, chat_id: int, lang: str) -> IndexSummary | None:
    """Reindex (see `start_reindex`), reporting progress and the summary in `chat_id`.

    Questions keep being answered by the old Searcher until the new one is open. Extensions
    (e.g. /add) call this after they have written an article into the data folder.
    """
    t = texts(lang)
    progress = LatestProgress()
    try:
        job = start_reindex(rt, progress)
    except IndexBusy:
        await send_html(bot, chat_id, esc(t.reindex_busy))
        return None
    status = await send_html(bot, chat_id, esc(t.reindex_started))
    shown = status.text_html or ""
    while not job.done():
        await asyncio.wait({job}, timeout=PROGRESS_EVERY)
        done, total = progress.get()
        text = esc(t.reindex_progress.format(done=done, total=total))
        if not job.done() and total and text != shown:
            await edit_html(bot, chat_id, status.message_id, text)
            shown = text
    try:
        summary = job.result()
    except IndexBusy:  # another process holds the index's writer lock
        await edit_html(bot, chat_id, status.message_id, esc(t.reindex_busy))
        return None
    except BriefbotError as exc:
        log.warning("reindex failed: %s", exc)
        reason = t.reindex_failed.format(reason=describe_error(exc, lang))
        await edit_html(bot, chat_id, status.message_id, plain_html(reason))
        return None
    except Exception:
        log.exception("reindex failed")
        reason = t.reindex_failed.format(reason=t.internal_error)
        await edit_html(bot, chat_id, status.message_id, esc(reason))
        return None
    await edit_html(bot, chat_id, status.message_id, _summary_html(summary, lang))
    return summary


def _rebuild(rt: Runtime, progress: Progress | None) -> tuple[IndexSummary, Searcher]:
    s, embedder = rt.settings, rt.loaded_embedder()
    summary = build_index(s.data_dir, s.index_dir, embedder, progress)
    return summary, Searcher.open(s.index_dir, embedder, s.search_mode)


def _summary_html(summary: IndexSummary, lang: str) -> str:
    t = texts(lang)
    text = t.reindex_done.format(**asdict(summary))
    if summary.warnings:
        lines = list(summary.warnings[:_MAX_SKIPPED_LINES])
        if len(summary.warnings) > _MAX_SKIPPED_LINES:
            lines.append(f"… +{len(summary.warnings) - _MAX_SKIPPED_LINES}")
        text += f"\n\n{t.reindex_skipped}\n" + "\n".join(lines)
    return plain_html(text)


class AdminHandlers:
    """/reindex and /stats, for the user ids in BRIEFBOT_ADMIN_IDS only."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(CommandHandler("reindex", self.reindex, filters=NEW_MESSAGES))
        app.add_handler(CommandHandler("stats", self.stats, filters=NEW_MESSAGES))
        self.rt.workers["reindex"] = self._reindex

    async def reindex(self, update: Update, context: Context) -> None:
        if not await refuse_unless_admin(self.rt, update, "reindex"):
            return
        chat = update.effective_chat
        assert chat is not None
        # In the background (or by the indexer): the bot keeps answering meanwhile.
        await self.rt.submit(context.application, context.bot, update,
                             Job("reindex", chat.id, user_lang(update)))

    async def _reindex(self, bot: Bot, job: Job) -> None:
        await run_reindex(self.rt, bot, job.chat_id, job.lang)

    async def stats(self, update: Update, context: Context) -> None:
        if not await refuse_unless_admin(self.rt, update, "stats"):
            return
        chat = update.effective_chat
        assert chat is not None
        lang = user_lang(update)
        usage = await asyncio.to_thread(self.rt.state().usage)
        searcher = self.rt.searcher
        index = searcher.stats() if searcher is not None else None
        text = texts(lang).stats.format(
            articles=index.articles if index else "–",
            chunks=index.chunks if index else "–",
            quotes=index.quotes if index else "–",
            built_at=esc(index.built_at) if index else "–",
            age=humanize_age(index.built_at, lang) if index else "–",
            model=esc(index.model_id if index else self.rt.settings.model),
            asked=usage.asked, answered=usage.answered, up=usage.up, down=usage.down,
        )
        await send_html(context.bot, chat.id, text)
