"""Telegram side of following sources (admins): /follow <site>, documents, forwarded channel posts.

Registered by `bot.telegram.ingest_handlers`, whose lock keeps one writer of the data folder and
whose reindex path indexes what was stored. A forwarded channel post is taken before the
question handlers see it (group -1); from anyone but an admin it stays a question.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import asdict
from datetime import UTC
from typing import Any, Protocol

from telegram import Bot, MessageOriginChannel, Update
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    MessageHandler,
    filters,
)

from bot.ingest import AddReport, IndexOutcome, item_report
from bot.present.render import esc
from bot.present.reports import format_add
from bot.present.sources import format_followed, kind_words, source_texts
from bot.sources import DocumentItem, follow_site, follow_target, store_documents
from bot.telegram.admin import PROGRESS_EVERY, LatestProgress, refuse_unless_admin
from bot.telegram.handlers import NEW_MESSAGES, Context, user_lang
from bot.telegram.jobs import Job
from bot.telegram.messaging import edit_html, send_html
from bot.telegram.runtime import Runtime
from retrieval.errors import FetchError
from retrieval.records import MAX_ARTICLE_BYTES, Article
from retrieval.web.follow import PollResult
from retrieval.web.source_state import SourceStatus

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
MAX_BACKFILL = 1000  # what /follow <site> N may ask for
_TITLE_CHARS = 120


class Storing(Protocol):
    """What storing articles needs of the ingest handlers (which register these handlers):
    the one lock that /add, the refresh and these take, and the one way to index what is new."""

    storing: asyncio.Lock

    async def index_new(self, bot: Bot, chat_id: int, lang: str) -> None: ...


class SourceHandlers:
    def __init__(self, rt: Runtime, ingest: Storing) -> None:
        self.rt = rt
        self.ingest = ingest

    def register(self, app: App) -> None:
        admins = filters.User(user_id=self.rt.settings.admin_ids)
        private = NEW_MESSAGES & filters.ChatType.PRIVATE & admins
        # /follow is one command: a site's address comes here, a person or a topic goes to the
        # alerts (bot.telegram.follows).
        self.rt.source_follower = self.follow
        app.add_handler(MessageHandler(private & filters.Document.ALL, self.document))
        app.add_handler(MessageHandler(private & filters.FORWARDED, self.forwarded), group=-1)
        self.rt.workers.update(follow=self._follow_job, document=self._document_job,
                               post=self._post_job)

    async def follow(self, update: Update, context: Context, words: str) -> None:
        """Follow a site: /follow <address> [N newest to fetch first]."""
        if not await refuse_unless_admin(self.rt, update, "follow"):
            return
        chat, lang = update.effective_chat, user_lang(update)
        assert chat is not None
        args = words.split()
        url = follow_target(args[0]) if args else None
        if url is None:  # a person or topic: for the alerts feature (issue 20), not a site
            await send_html(context.bot, chat.id, esc(source_texts(lang).follow_usage))
            return
        backfill = None
        if len(args) > 1 and args[1].isdigit():
            backfill = min(int(args[1]), MAX_BACKFILL)
        await self.rt.submit(context.application, context.bot, update,
                             Job("follow", chat.id, lang, {"url": url, "backfill": backfill}))

    async def _follow_job(self, bot: Bot, job: Job) -> None:
        await self._follow(bot, job.chat_id, str(job.payload["url"]), job.payload["backfill"],
                           job.lang)

    async def _follow(
        self, bot: Bot, chat_id: int, url: str, backfill: int | None, lang: str
    ) -> None:
        t = source_texts(lang)
        status = await send_html(bot, chat_id, esc(t.looking.format(url=url)))
        progress, found = LatestProgress(), _Found()
        settings = self.rt.settings
        count = settings.backfill if backfill is None else backfill
        async with self.ingest.storing:
            job = asyncio.ensure_future(
                asyncio.to_thread(follow_site, settings, url, backfill, progress, found)
            )
            shown = ""
            while not job.done():
                await asyncio.wait({job}, timeout=PROGRESS_EVERY)
                text = _progress_text(found.status, progress.get(), count, lang)
                if text and text != shown and not job.done():
                    await edit_html(bot, chat_id, status.message_id, text)
                    shown = text
            try:
                result = job.result()
            except FetchError as exc:
                result = PollResult(SourceStatus(url), error=exc)
        await edit_html(bot, chat_id, status.message_id,
                        format_followed(result, lang, True, settings.refresh_minutes))  # fmt: skip
        if result.written:
            await self.ingest.index_new(bot, chat_id, lang)

    async def document(self, update: Update, context: Context) -> None:
        """Store the article a PDF, DOCX or text file holds."""
        message, chat, lang = update.effective_message, update.effective_chat, user_lang(update)
        assert message is not None and message.document is not None and chat is not None
        doc, t = message.document, source_texts(lang)
        name = doc.file_name or "dokumen"
        if doc.file_size and doc.file_size > MAX_ARTICLE_BYTES:
            mb = f"{MAX_ARTICLE_BYTES / 1_000_000:g}"
            await send_html(context.bot, chat.id, esc(t.too_big.format(mb=mb)))
            return
        status = await send_html(context.bot, chat.id, esc(t.reading.format(name=name)))
        payload = {"file_id": doc.file_id, "name": name, "status": status.message_id}
        await self.rt.submit(context.application, context.bot, update,
                             Job("document", chat.id, lang, payload))

    async def _document_job(self, bot: Bot, job: Job) -> None:
        data = bytes(await (await bot.get_file(job.payload["file_id"])).download_as_bytearray())
        item = DocumentItem(str(job.payload["name"]), data)
        await self._store(bot, job.chat_id, int(job.payload["status"]), item, job.lang)

    async def forwarded(self, update: Update, context: Context) -> None:
        """A post an admin forwards from a channel becomes an article; other forwards are asked."""
        message, chat, lang = update.effective_message, update.effective_chat, user_lang(update)
        assert message is not None and chat is not None
        origin = message.forward_origin
        if not isinstance(origin, MessageOriginChannel) or message.document is not None:
            return  # from a person: a question; a channel's document: read as a document
        text = (message.text or message.caption or "").strip()
        if not text:
            await send_html(context.bot, chat.id, esc(source_texts(lang).no_text_post))
            raise ApplicationHandlerStop
        status = await send_html(context.bot, chat.id, esc(source_texts(lang).reading.format(
            name=origin.chat.title or "kanal")))  # fmt: skip
        payload = {"name": _post_link(origin) or f"t.me/c/{origin.chat.id}",
                   "article": asdict(post_article(origin, text)), "status": status.message_id}
        await self.rt.submit(context.application, context.bot, update,
                             Job("post", chat.id, lang, payload))
        raise ApplicationHandlerStop  # not a question

    async def _post_job(self, bot: Bot, job: Job) -> None:
        item = DocumentItem(str(job.payload["name"]), None, Article(**job.payload["article"]))
        await self._store(bot, job.chat_id, int(job.payload["status"]), item, job.lang)

    async def _store(
        self, bot: Bot, chat_id: int, message_id: int, item: DocumentItem, lang: str
    ) -> None:
        async with self.ingest.storing:
            results = await asyncio.to_thread(store_documents, self.rt.settings, [item])
        report = AddReport(tuple(map(item_report, results)), IndexOutcome())
        await edit_html(bot, chat_id, message_id,
                        format_add(report, lang, html=True, show_index=not report.written))
        if report.written:
            await self.ingest.index_new(bot, chat_id, lang)


class _Found:
    """The source once discovered (set from the follow thread, read on the event loop)."""

    def __init__(self) -> None:
        self.status: SourceStatus | None = None

    def __call__(self, status: SourceStatus) -> None:
        self.status = status


def _progress_text(
    found: SourceStatus | None, progress: tuple[int, int], count: int, lang: str
) -> str:
    if found is None:
        return ""
    t = source_texts(lang)
    text = t.found.format(name=found.title or found.url, kind=kind_words(found.kind, lang),
                          count=count)  # fmt: skip
    done, total = progress
    if total:
        text += "\n" + t.progress.format(done=done, total=total)
    return esc(text)


def _post_link(origin: MessageOriginChannel) -> str | None:
    username = origin.chat.username
    return f"https://t.me/{username}/{origin.message_id}" if username else None


def post_article(origin: MessageOriginChannel, text: str) -> Article:
    """A channel post as an article: its text, the channel as source, its t.me link if public."""
    first = text.split("\n", 1)[0].strip()
    title = first if len(first) <= _TITLE_CHARS else first[: _TITLE_CHARS - 1].rstrip() + "…"
    name = origin.chat.title or origin.chat.username or str(origin.chat.id)
    return Article(
        id=f"tg_{abs(origin.chat.id)}_{origin.message_id}",
        text=text,
        title=title,
        url=_post_link(origin),
        published=origin.date.astimezone(UTC).date().isoformat(),
        source=name,
        origin=f"telegram:{origin.chat.id}/{origin.message_id}",
    )
