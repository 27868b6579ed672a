"""Sending to Telegram: HTML without link previews, network errors retried, buttons."""

from __future__ import annotations

import asyncio
import logging

from telegram import (
    Bot,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    LinkPreviewOptions,
    Message,
    ReplyParameters,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.present.telegram_text import CALLBACK_DATA_BYTES, NOTICE_UNITS, shorten
from bot.present.texts import Texts
from bot.telegram.ledger import reply_on_its_way

log = logging.getLogger(__name__)

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
SEND_ATTEMPTS = 3
# Callback data: "m:<question id>:<offset>" more sources, "v:<question id>:<offset>:<+|->" a
# vote, "s:<page>" /sources page, "q:<page>[:<speaker>]" /quotes page, "n:<page>:<name key>"
# /quotes page of a name too long to fit (the state keeps it). At most 64 bytes.
MORE, VOTE, SOURCES, QUOTES, NAMED_QUOTES = "m", "v", "s", "q", "n"
INLINE_QUERY_CHARS = 256  # what Telegram takes as an inline query


async def send_html(
    bot: Bot,
    chat_id: int,
    text: str,
    reply_to: int | None = None,
    markup: InlineKeyboardMarkup | None = None,
    thread_id: int | None = None,
) -> Message:
    """Send HTML; a network failure is retried so that the reply is not lost.

    RetryAfter (flood control) is retried by the AIORateLimiter before it reaches here.
    `thread_id`: the forum topic to post in (the one the question came from).
    """
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    async with reply_on_its_way():
        for attempt in range(1, SEND_ATTEMPTS + 1):
            try:
                return await bot.send_message(
                    chat_id, text, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW,
                    reply_parameters=reply, reply_markup=markup,
                    message_thread_id=thread_id or None,
                )
            except BadRequest:
                raise
            except NetworkError as exc:
                # A timed-out send may have arrived; a rare duplicate beats a lost answer.
                if attempt == SEND_ATTEMPTS:
                    raise
                log.warning("sendMessage to chat %s failed (%s); retrying", chat_id, exc)
                await asyncio.sleep(attempt)
    raise AssertionError("unreachable")


async def edit_html(
    bot: Bot, chat_id: int, message_id: int, text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> None:
    """Edit a message's text; an edit that changes nothing is not an error."""
    try:
        await bot.edit_message_text(
            text, chat_id, message_id, parse_mode=ParseMode.HTML,
            link_preview_options=NO_PREVIEW, reply_markup=markup,
        )
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def answer_query(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner; a query too old to answer is only logged."""
    try:
        await query.answer(shorten(text, NOTICE_UNITS) if text else None)
    except TelegramError as exc:
        log.info("callback query %s not answered: %s", query.id, exc)


def thread_of(message: Message | None) -> int | None:
    """The forum topic a message stands in, so that the reply stays there."""
    if message is None or not message.is_topic_message:
        return None
    return message.message_thread_id


def share_button(label: str, question: str) -> InlineKeyboardButton | None:
    """"Bagikan": opens the same question as an inline query in a chat the user picks."""
    question = " ".join(question.split())
    if not question or len(question) > INLINE_QUERY_CHARS:
        return None
    return InlineKeyboardButton(label, switch_inline_query=question)


def answer_buttons(
    question_id: int, offset: int, t: Texts, more: bool, share: InlineKeyboardButton | None = None
) -> InlineKeyboardMarkup:
    """The buttons under an answer: more sources (when there may be more), 👍/👎, "Bagikan"."""
    votes = [
        InlineKeyboardButton(t.button_up, callback_data=f"{VOTE}:{question_id}:{offset}:+"),
        InlineKeyboardButton(t.button_down, callback_data=f"{VOTE}:{question_id}:{offset}:-"),
    ]
    if share is not None:
        votes.append(share)
    rows = [votes]
    if more:
        rows.insert(0, [InlineKeyboardButton(
            t.button_more, callback_data=f"{MORE}:{question_id}:{offset}")])
    return InlineKeyboardMarkup(rows)


def page_buttons(
    prefix: str, page: int, pages: int, suffix: str = ""
) -> InlineKeyboardMarkup | None:
    """‹ › buttons for a listing; none when it fits one page or the data would be too long."""
    if pages <= 1:
        return None
    row = []
    for label, target in (("‹", page - 1), ("›", page + 1)):
        data = f"{prefix}:{target}" + (f":{suffix}" if suffix else "")
        if 0 <= target < pages and len(data.encode()) <= CALLBACK_DATA_BYTES:
            row.append(InlineKeyboardButton(label, callback_data=data))
    return InlineKeyboardMarkup([row]) if row else None
