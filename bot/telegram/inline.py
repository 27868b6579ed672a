"""Inline mode: `@bot <question>` in any chat lists up to 10 cited results; an empty query the
newest quotes. Choosing one posts its cited text, with "Bagikan" to ask the same elsewhere.

Queries come as the user types: each has its own rate limit (more generous than questions'),
the searches share the encoder's micro-batching with every question in flight, and a result
for a query the same user has already typed past is not sent.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import (
    InlineKeyboardMarkup,
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, InlineQueryHandler

from bot.present.alert_texts import alert_texts
from bot.present.inline import MAX_RESULTS, Card, answer_cards, quote_card
from bot.present.texts import detect_lang
from bot.telegram.handlers import Context
from bot.telegram.limits import RateLimiter
from bot.telegram.messaging import NO_PREVIEW, share_button
from bot.telegram.runtime import Runtime
from retrieval.errors import QuestionError

log = logging.getLogger(__name__)


class InlineHandlers:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.limiter = RateLimiter(rt.settings.inline_per_minute)
        self._latest: dict[int, str] = {}  # user -> their newest inline query id

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        app.add_handler(InlineQueryHandler(self.query))

    async def query(self, update: Update, context: Context) -> None:
        """Answer one inline query with cards (or a button saying why there are none)."""
        query = update.inline_query
        assert query is not None
        user = query.from_user
        text = " ".join(query.query.split())
        lang = detect_lang(text, user.language_code)
        at = alert_texts(lang)
        if not self.rt.settings.inline_enabled:
            await self._answer(query, [], "", at.inline_not_found)
            return
        decision = self.limiter.check(user.id)
        if not decision.allowed:
            await self._answer(query, [], "", at.inline_rate_limited.format(
                seconds=decision.retry_after), personal=True)
            return
        searcher = self.rt.searcher
        if searcher is None:
            await self._answer(query, [], "", at.inline_not_ready)
            return
        self._latest[user.id] = query.id
        try:
            if text:
                answer = await self.rt.answer(searcher, text, MAX_RESULTS)
                cards = answer_cards(answer, lang)
            else:
                refs = await self.rt.off_loop(searcher.listings.newest_quotes, MAX_RESULTS)
                cards = [quote_card(f"n{i}", r.quote, r.source, lang) for i, r in enumerate(refs)]
        except QuestionError:
            cards = []
        finally:
            latest = self._latest.get(user.id) == query.id
            if latest:
                del self._latest[user.id]
        if not latest:
            return  # the user typed on: a newer query is being answered
        await self._answer(query, cards, text, at.inline_not_found)

    async def _answer(self, query: InlineQuery, cards: list[Card], question: str,
                      empty: str, personal: bool = False) -> None:
        share = share_button(alert_texts(detect_lang(question)).share, question)
        markup = InlineKeyboardMarkup([[share]]) if share is not None else None
        results = [
            InlineQueryResultArticle(
                c.id, c.title,
                InputTextMessageContent(c.html, parse_mode=ParseMode.HTML,
                                        link_preview_options=NO_PREVIEW),
                description=c.description, reply_markup=markup)
            for c in cards
        ]
        button = None if results else InlineQueryResultsButton(empty, start_parameter="help")
        try:
            await query.answer(results, cache_time=self.rt.settings.inline_cache_seconds,
                               is_personal=personal, button=button)
        except TelegramError as exc:  # a query answered too late, the user long gone
            log.info("inline query %s not answered: %s", query.id, exc)
