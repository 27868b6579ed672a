"""Inline buttons: "Sumber lain", 👍/👎, listing pages; stale ones get a short notice.

Buttons carry only ids (see bot.telegram.messaging); the rest is in the SQLite store, so they keep
working after a restart.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.present.listings import quotes_page, sources_page
from bot.present.render import render_html
from bot.present.texts import texts
from bot.telegram.handlers import Context, passage_ids, user_lang
from bot.telegram.messaging import (
    MORE,
    QUOTES,
    SOURCES,
    VOTE,
    answer_buttons,
    answer_query,
    edit_html,
    page_buttons,
    send_html,
)
from bot.telegram.runtime import Runtime
from retrieval.errors import QuestionError

log = logging.getLogger(__name__)


class ButtonHandlers:
    """Callback queries; `register_fallback` goes last, after every other button handler."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(CallbackQueryHandler(self.more, pattern=rf"^{MORE}:\d+:\d+$"))
        app.add_handler(CallbackQueryHandler(self.vote, pattern=rf"^{VOTE}:\d+:\d+:[+-]$"))
        app.add_handler(CallbackQueryHandler(self.sources_page, pattern=rf"^{SOURCES}:\d+$"))
        app.add_handler(CallbackQueryHandler(self.quotes_page, pattern=rf"^{QUOTES}:\d+:"))

    def register_fallback(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(CallbackQueryHandler(self.stale))

    async def more(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        _, qid, offset = query.data.split(":")
        stored = self.rt.state().question(int(qid))
        message = query.message
        if stored is None or not isinstance(message, Message):
            await self.stale(update, context)
            return
        t = texts(stored.lang)
        searcher = self.rt.searcher
        if searcher is None:
            await answer_query(query, t.index_missing)
            return
        start = int(offset) + self.rt.settings.top_k
        try:
            page = await self.rt.ask(searcher, stored.question, start)
        except QuestionError:
            await self.stale(update, context)
            return
        await _drop_more_button(context.bot, message)
        if not page.answer.answered or not page.answer.passages:
            await answer_query(query, t.no_more_sources)
            return
        await answer_query(query)
        self.rt.state().record_page(stored.id, start, passage_ids(page.answer))
        await send_html(
            context.bot, message.chat.id, render_html(page.answer, stored.lang, more=True),
            reply_to=message.message_id, markup=answer_buttons(stored.id, start, t, page.has_more),
        )

    async def vote(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        _, qid, offset, sign = query.data.split(":")
        stored = self.rt.state().question(int(qid))
        if stored is None or query.from_user is None:
            await self.stale(update, context)
            return
        vote = 1 if sign == "+" else -1
        self.rt.state().add_feedback(stored.id, int(offset), query.from_user.id, vote)
        log.info("feedback %+d on question %s by user %s", vote, stored.id, query.from_user.id)
        await answer_query(query, texts(stored.lang).feedback_thanks)

    async def sources_page(self, update: Update, context: Context) -> None:
        await self._turn_page(update, context, speaker=None)

    async def quotes_page(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        await self._turn_page(update, context, speaker=query.data.split(":", 2)[2])

    async def _turn_page(self, update: Update, context: Context, speaker: str | None) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        message, searcher = query.message, self.rt.searcher
        if not isinstance(message, Message) or searcher is None:
            await self.stale(update, context)
            return
        lang = user_lang(update)
        page_no = int(query.data.split(":")[1])
        if speaker is None:
            page = sources_page(await self.rt.off_loop(searcher.sources), page_no, lang)
            markup = page_buttons(SOURCES, page.page, page.pages)
        else:
            refs = await self.rt.off_loop(searcher.quotes, speaker or None)
            page = quotes_page(refs, speaker or None, page_no, lang)
            markup = page_buttons(QUOTES, page.page, page.pages, speaker)
        await answer_query(query)
        await edit_html(context.bot, message.chat.id, message.message_id, page.text, markup)

    async def stale(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        log.info("stale button %r from user %s", query.data, query.from_user.id)
        await answer_query(query, texts(user_lang(update)).stale_button)


async def _drop_more_button(bot: Bot, message: Message) -> None:
    """Remove "Sumber lain" from a message once its next page was asked for."""
    markup = message.reply_markup
    if markup is None:
        return
    rows = [
        row for row in markup.inline_keyboard
        if not any(str(b.callback_data or "").startswith(f"{MORE}:") for b in row)
    ]
    with contextlib.suppress(TelegramError):
        await bot.edit_message_reply_markup(
            message.chat.id, message.message_id, reply_markup=InlineKeyboardMarkup(rows))
