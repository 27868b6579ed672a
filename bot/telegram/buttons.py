"""Inline buttons: "Sumber lain", 👍/👎, listing pages; stale ones get a short notice.

Buttons carry only ids (see bot.telegram.messaging); the rest is in the SQLite store, so they keep
working after a restart.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.present.listings import (
    QUOTES_PER_PAGE,
    SOURCES_PER_PAGE,
    quotes_listing,
    sources_listing,
)
from bot.present.render import render_html
from bot.present.texts import texts
from bot.telegram.handlers import Context, passage_ids, quotes_buttons, user_lang
from bot.telegram.messaging import (
    MORE,
    NAMED_QUOTES,
    QUOTES,
    SOURCES,
    VOTE,
    answer_buttons,
    answer_query,
    edit_html,
    page_buttons,
    send_html,
    thread_of,
)
from bot.telegram.runtime import Runtime
from bot.telegram.state import StoredQuestion
from retrieval.errors import QuestionError

log = logging.getLogger(__name__)
ID, OFFSET, PAGE = r"\d{1,18}", r"\d{1,4}", r"\d{1,6}"


class ButtonHandlers:
    """Callback queries; `register_fallback` goes last, after every other button handler."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self._paging: set[tuple[int, int]] = set()  # (question id, offset) pages being sent

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        # Ids of at most 18 digits fit SQLite's integers; anything else is `stale`.
        app.add_handler(CallbackQueryHandler(self.more, pattern=rf"^{MORE}:{ID}:{OFFSET}$"))
        app.add_handler(CallbackQueryHandler(self.vote, pattern=rf"^{VOTE}:{ID}:{OFFSET}:[+-]$"))
        app.add_handler(CallbackQueryHandler(self.sources_page, pattern=rf"^{SOURCES}:{PAGE}$"))
        # "q:<page>" turns /quotes, "q:<page>:<name>" /quotes NAME, "n:<page>:<key>" a long NAME.
        app.add_handler(
            CallbackQueryHandler(self.quotes_page, pattern=rf"^{QUOTES}:{PAGE}(:|$)"))
        app.add_handler(
            CallbackQueryHandler(self.named_quotes_page, pattern=rf"^{NAMED_QUOTES}:{PAGE}:{ID}$"))

    def register_fallback(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(CallbackQueryHandler(self.stale))

    async def more(self, update: Update, context: Context) -> None:
        pressed = await self._pressed(update, context)
        if pressed is None:
            return
        query, message = pressed
        _, qid, offset = str(query.data).split(":")
        stored = self._question(int(qid), message)
        if stored is None:
            await self.stale(update, context)
            return
        t = texts(stored.lang)
        searcher = self.rt.searcher
        if searcher is None:
            await answer_query(query, t.index_missing)
            return
        # The first page shows only the passages close to the best; the next one starts after.
        size = self.rt.state().page_size(stored.id, int(offset))
        start = int(offset) + (size or self.rt.settings.top_k)
        # One page per message: a double tap, or a second person's tap (on any replica), while
        # the page is on its way or after it went out, sends nothing more. No await before the
        # claim; the state's claim holds across replicas, the set in a full-disk moment.
        claim = (stored.id, start)
        taken = claim in self._paging or self.rt.remember(
            lambda store: store.claim_page(stored.id, start)) is False
        if taken:
            await answer_query(query, t.more_sent)
            return
        self._paging.add(claim)
        sent = False
        try:
            sent = await self._send_more(query, message, stored, start, context.bot)
        finally:
            self._paging.discard(claim)
            if not sent:  # a later tap may send it
                self.rt.remember(lambda store: store.forget_page(stored.id, start))

    async def _send_more(self, query: CallbackQuery, message: Message, stored: StoredQuestion,
                         start: int, bot: Bot) -> bool:
        """Send the page of `stored`'s passages from `start` as a reply to `message`; True when
        it went out."""
        t, searcher = texts(stored.lang), self.rt.searcher
        assert searcher is not None
        try:
            page = await self.rt.ask(searcher, stored.question, start)
        except QuestionError:
            await answer_query(query, t.stale_button)
            return False
        await _drop_more_button(bot, message)
        if not page.answer.answered or not page.answer.passages:
            await answer_query(query, t.no_more_sources)
            return False
        await answer_query(query)
        recorded = self.rt.remember(
            lambda store: store.record_page(stored.id, start, passage_ids(page.answer)))
        await send_html(
            bot, message.chat.id, render_html(page.answer, stored.lang, more=True),
            reply_to=message.message_id, thread_id=thread_of(message),
            markup=answer_buttons(stored.id, start, t, page.has_more) if recorded else None,
        )
        return True

    async def vote(self, update: Update, context: Context) -> None:
        pressed = await self._pressed(update, context)
        if pressed is None:
            return
        query, message = pressed
        _, qid, offset, sign = str(query.data).split(":")
        stored = self._question(int(qid), message)
        if stored is None:
            await self.stale(update, context)
            return
        vote = 1 if sign == "+" else -1
        counted = self.rt.remember(
            lambda store: store.add_feedback(stored.id, int(offset), query.from_user.id, vote))
        if counted is False:  # no such answer was shown
            await self.stale(update, context)
            return
        log.info("feedback %+d on question %s by user %s", vote, stored.id, query.from_user.id)
        await answer_query(query, texts(stored.lang).feedback_thanks)

    async def sources_page(self, update: Update, context: Context) -> None:
        await self._turn_page(update, context, speaker=None)

    async def quotes_page(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        parts = query.data.split(":", 2)
        await self._turn_page(update, context, speaker=parts[2] if len(parts) > 2 else "")

    async def named_quotes_page(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None and query.data is not None
        name = self.rt.state().named(int(query.data.split(":")[2]))
        if name is None:  # forgotten with the old questions
            await self.stale(update, context)
            return
        await self._turn_page(update, context, speaker=name)

    async def _turn_page(self, update: Update, context: Context, speaker: str | None) -> None:
        pressed = await self._pressed(update, context)
        if pressed is None:
            return
        query, message = pressed
        searcher = self.rt.searcher
        if searcher is None:
            await self.stale(update, context)
            return
        lang = user_lang(update)
        page_no = int(str(query.data).split(":")[1])
        listings = searcher.listings
        if speaker is None:
            part = await self.rt.off_loop(listings.source_page, page_no, SOURCES_PER_PAGE)
            page = sources_listing(part, lang)
            markup = page_buttons(SOURCES, page.page, page.pages)
        else:
            asked = speaker or None
            quotes = await self.rt.off_loop(listings.quote_page, asked, page_no, QUOTES_PER_PAGE)
            page = quotes_listing(quotes, asked, lang)
            markup = quotes_buttons(self.rt, page.page, page.pages, asked)
        await answer_query(query)
        await edit_html(context.bot, message.chat.id, message.message_id, page.text, markup)

    async def stale(self, update: Update, context: Context) -> None:
        query = update.callback_query
        assert query is not None
        log.info("stale or foreign button %r from user %s", (query.data or "")[:64],
                 query.from_user.id)
        await answer_query(query, texts(user_lang(update)).stale_button)

    async def _pressed(
        self, update: Update, context: Context
    ) -> tuple[CallbackQuery, Message] | None:
        """The press and its message, when the data is a button of that very message and the
        user is within the rate limit questions share; otherwise the press is answered here."""
        query = update.callback_query
        assert query is not None
        message = query.message
        if not isinstance(message, Message) or not _is_button_of(message, query.data):
            await self.stale(update, context)
            return None
        decision = self.rt.limiter.check(query.from_user.id)
        if not decision.allowed:
            t = texts(user_lang(update))
            await answer_query(query, t.rate_limited.format(
                limit=self.rt.limiter.per_minute, seconds=decision.retry_after))
            return None
        return query, message

    def _question(self, question_id: int, message: Message) -> StoredQuestion | None:
        """The question behind a button, only in the chat it was asked in."""
        stored = self.rt.state().question(question_id)
        return stored if stored is not None and stored.chat_id == message.chat.id else None


def _is_button_of(message: Message, data: str | None) -> bool:
    """Telegram sends the pressed message as it is; forged data is not among its buttons."""
    markup = message.reply_markup
    return data is not None and markup is not None and any(
        button.callback_data == data for row in markup.inline_keyboard for button in row)


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
