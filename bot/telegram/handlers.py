"""What users get: questions in private and in groups, help, listings, other messages."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    Update,
)
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler, ContextTypes, filters
from telegram.ext import MessageHandler as OnMessage

from bot.present.alert_texts import alert_texts
from bot.present.errors import question_refused
from bot.present.listings import (
    NAME_CHARS,
    QUOTES_PER_PAGE,
    SOURCES_PER_PAGE,
    is_name,
    quotes_listing,
    sources_listing,
)
from bot.present.render import render_html
from bot.present.telegram_text import CALLBACK_DATA_BYTES, cut_utf16
from bot.present.texts import detect_lang, texts
from bot.telegram.messaging import (
    NAMED_QUOTES,
    QUOTES,
    SOURCES,
    answer_buttons,
    page_buttons,
    send_html,
    share_button,
    thread_of,
)
from bot.telegram.runtime import Runtime
from retrieval.errors import QuestionError
from retrieval.records import Answer
from retrieval.search.followup import asks_for_more

log = logging.getLogger(__name__)
Context = ContextTypes.DEFAULT_TYPE
TYPING_MAX_IN_FLIGHT = 8  # in a burst the answers matter more than "typing…" calls
TYPING_EVERY = 4.5  # Telegram shows "typing…" for about 5 seconds
NEW_MESSAGES = filters.UpdateType.MESSAGE  # edited messages and channel posts are not questions


def user_lang(update: Update, question: str = "") -> str:
    """The language of the bot's own words for this update."""
    user = update.effective_user
    return detect_lang(question, user.language_code if user else None)


def passage_ids(answer: Answer) -> list[str]:
    return [p.key for p in answer.passages]


class UserHandlers:
    """Messages from everyone; `register` first, extensions next, `register_fallbacks` last."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt

    def register(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        text = NEW_MESSAGES & filters.TEXT & ~filters.COMMAND
        app.add_handler(CommandHandler("start", self.start, filters=NEW_MESSAGES))
        app.add_handler(CommandHandler("help", self.help, filters=NEW_MESSAGES))
        app.add_handler(CommandHandler(["ask", "tanya"], self.ask_command, filters=NEW_MESSAGES))
        app.add_handler(CommandHandler("sources", self.sources, filters=NEW_MESSAGES))
        app.add_handler(CommandHandler("quotes", self.quotes, filters=NEW_MESSAGES))
        app.add_handler(OnMessage(text & filters.ChatType.PRIVATE, self.private_text))
        app.add_handler(OnMessage(text & filters.ChatType.GROUPS, self.group_text))

    def register_fallbacks(self, app: Application[Any, Any, Any, Any, Any, Any]) -> None:
        private = NEW_MESSAGES & filters.ChatType.PRIVATE
        app.add_handler(OnMessage(private & filters.COMMAND, self.help))
        other = NEW_MESSAGES & ~filters.TEXT & ~filters.StatusUpdate.ALL
        app.add_handler(OnMessage(other, self.non_text))

    # ----- commands -----
    async def start(self, update: Update, context: Context) -> None:
        t = texts(user_lang(update))
        await self._say(update, context, t.start if _private(update) else t.help_group)

    async def help(self, update: Update, context: Context) -> None:
        t = texts(user_lang(update))
        text = t.help_private if _private(update) else t.help_group
        await self._say(update, context, text.replace("{bot}", context.bot.username or "bot"))

    async def ask_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        parts = message.text.split(maxsplit=1)
        question = parts[1].strip() if len(parts) > 1 else ""
        if not question:
            await self._say(update, context, texts(user_lang(update)).ask_usage)
            return
        await self.answer(update, context, *self._follow_up(message, context.bot, question))

    async def sources(self, update: Update, context: Context) -> None:
        searcher = self.rt.searcher
        lang = user_lang(update)
        if searcher is None:
            await self._say(update, context, texts(lang).index_missing)
            return
        part = await self.rt.off_loop(searcher.listings.source_page, 0, SOURCES_PER_PAGE)
        page = sources_listing(part, lang)
        await self._say(update, context, page.text, page_buttons(SOURCES, 0, page.pages))

    async def quotes(self, update: Update, context: Context) -> None:
        searcher = self.rt.searcher
        speaker = cut_utf16(" ".join(context.args or []).strip(), NAME_CHARS) or None
        lang = user_lang(update, speaker or "")
        if speaker is not None and not is_name(speaker):  # "%", "😀": no name to look for
            await self._say(update, context, texts(lang).quotes_usage)
            return
        if searcher is None:
            await self._say(update, context, texts(lang).index_missing)
            return
        listings = searcher.listings
        part = await self.rt.off_loop(listings.quote_page, speaker, 0, QUOTES_PER_PAGE)
        page = quotes_listing(part, speaker, lang)
        await self._say(update, context, page.text, quotes_buttons(self.rt, 0, page.pages, speaker))

    # ----- questions -----
    async def private_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        question = _strip_mention(message, context.bot.username)
        if not question:
            await self._say(update, context, texts(user_lang(update)).ask_usage)
            return
        await self.answer(update, context, *self._follow_up(message, context.bot, question))

    async def group_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        if not (_mentions_bot(message, context.bot) or _replies_to_bot(message, context.bot)):
            return  # group chatter is not for us
        question = _strip_mention(message, context.bot.username)
        if not question:
            await self._say(update, context, texts(user_lang(update)).ask_usage)
            return
        await self.answer(update, context, *self._follow_up(message, context.bot, question))

    def _follow_up(
        self, message: Message, bot: Bot, question: str
    ) -> tuple[str, tuple[str, ...]]:
        """A reply to one of our answers is read with the question that answer was for.

        Also returns the passages that answer showed when the reply asks for more ("Apa lagi
        katanya?"): those then come after the ones the user has not seen.
        """
        original, searcher = message.reply_to_message, self.rt.searcher
        if original is None or searcher is None or not _replies_to_bot(message, bot):
            return question, ()
        state = self.rt.state()
        stored = state.answered_question(message.chat.id, original.message_id)
        if stored is None:
            return question, ()
        seen = state.page_passages(stored.id, 0) if asks_for_more(question) else None
        return searcher.follow_up(stored.question, question), tuple(seen or ())

    async def answer(
        self, update: Update, context: Context, question: str, seen: tuple[str, ...] = ()
    ) -> None:
        """Answer one question: rate limit, retrieval off the loop, reply with buttons."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        lang = user_lang(update, question)
        t = texts(lang)
        asker = user.id if user else chat.id
        decision = self.rt.limiter.check(asker)
        if not decision.allowed:
            log.info("rate limit: user %s waits %s s", asker, decision.retry_after)
            if decision.notify:
                limit = self.rt.limiter.per_minute
                await self._say(update, context, t.rate_limited.format(
                    limit=limit, seconds=decision.retry_after))
            return
        searcher = self.rt.searcher
        if searcher is None:
            await self._say(update, context, t.index_missing)
            return
        self.rt.in_flight += 1
        typing = self._typing(context.bot, chat.id)
        try:
            page = await self.rt.ask(searcher, question, seen=seen)
        except QuestionError as exc:
            log.info("question refused (%s) from user %s", exc.code, asker)
            await self._say(update, context, question_refused(exc.code, lang))
            return
        finally:
            self.rt.in_flight -= 1
            if typing is not None:
                typing.cancel()
        answer = page.answer
        qid = self.rt.remember(lambda store: store.add_question(
            chat.id, asker, answer.question, lang, answer.answered))
        markup = None
        share = self.share(answer.question, lang) if answer.answered else None
        if answer.answered and qid is not None and self.rt.remember(
                lambda store: store.record_page(qid, 0, passage_ids(answer))):
            markup = answer_buttons(qid, 0, t, page.has_more, share)
        elif share is not None:
            markup = InlineKeyboardMarkup([[share]])
        sent = await self._say(update, context, render_html(answer, lang), markup)
        if qid is not None:  # a reply to this answer is then read as a follow-up
            self.rt.remember(lambda store: store.remember_answer(chat.id, sent.message_id, qid))

    def share(self, question: str, lang: str) -> InlineKeyboardButton | None:
        """The "Bagikan" button, while inline answers are on."""
        if not self.rt.settings.inline_enabled:
            return None
        return share_button(alert_texts(lang).share, question)

    # ----- other messages -----
    async def non_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None:
            return
        if not _private(update) and not _replies_to_bot(message, context.bot):
            return
        await self._say(update, context, texts(user_lang(update)).non_text)

    # ----- helpers -----
    async def _say(
        self, update: Update, context: Context, html_text: str,
        markup: InlineKeyboardMarkup | None = None,
    ) -> Message:
        """Reply in the update's chat; in groups as a reply to the asking message."""
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None
        reply_to = message.message_id if message is not None and not _private(update) else None
        return await send_html(context.bot, chat.id, html_text, reply_to=reply_to, markup=markup,
                               thread_id=thread_of(message))

    def _typing(self, bot: Bot, chat_id: int) -> asyncio.Task[None] | None:
        if self.rt.in_flight > TYPING_MAX_IN_FLIGHT:
            return None
        return asyncio.create_task(_keep_typing(bot, chat_id))


async def _keep_typing(bot: Bot, chat_id: int) -> None:
    try:
        while True:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)
    except TelegramError as exc:
        log.debug("typing action failed: %s", exc)


def quotes_buttons(
    rt: Runtime, page: int, pages: int, speaker: str | None
) -> InlineKeyboardMarkup | None:
    """‹ › under /quotes [name]: the name in the buttons' data when it fits Telegram's 64
    bytes, else the number the state keeps for it (no buttons when the state cannot)."""
    if not speaker or len(f"{QUOTES}:{pages}:{speaker}".encode()) <= CALLBACK_DATA_BYTES:
        return page_buttons(QUOTES, page, pages, speaker or "")
    if pages <= 1:
        return None
    key = rt.remember(lambda store: store.name_key(speaker))
    return None if key is None else page_buttons(NAMED_QUOTES, page, pages, str(key))


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


def _mentions_bot(message: Message, bot: Bot) -> bool:
    name = f"@{bot.username}".casefold()
    for entity, text in message.parse_entities(
        [MessageEntity.MENTION, MessageEntity.TEXT_MENTION]
    ).items():
        if entity.type == MessageEntity.MENTION and text.casefold() == name:
            return True
        if entity.user is not None and entity.user.id == bot.id:
            return True
    return False


def _replies_to_bot(message: Message, bot: Bot) -> bool:
    original = message.reply_to_message
    return bool(original and original.from_user and original.from_user.id == bot.id)


def _strip_mention(message: Message, username: str) -> str:
    """The question without the bot's @name, wherever it stands."""
    text = message.text or ""
    mention = f"@{username}"
    start = text.casefold().find(mention.casefold())
    if start >= 0:
        text = text[:start] + text[start + len(mention):]
    return " ".join(text.split()).strip(" ,:")
