"""/ikuti (/follow), /berhenti (/unfollow), /diikuti (/following), /ringkasan (/digest).

In private chats anyone; in groups the group's admins (Telegram says who, getChatMember) and
the bot's admins. A web address given to /follow is a source to follow, not a person or a
topic: `is_source_url` sends it to `follow_source` (a source-following command of its own).
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import TelegramError
from telegram.ext import Application, CommandHandler

from bot.present.alert_texts import alert_texts
from bot.present.alerts import follows_html
from bot.present.render import esc, shorten
from bot.telegram.alert_plan import follow_key, next_digest
from bot.telegram.alert_store import AlertStore, Digest, Follow
from bot.telegram.alerts import AlertService
from bot.telegram.handlers import NEW_MESSAGES, Context, user_lang
from bot.telegram.inline import InlineHandlers
from bot.telegram.messaging import send_html, thread_of
from bot.telegram.runtime import Runtime
from retrieval.search.alerts import follow_kind, followed_people

log = logging.getLogger(__name__)
App = Application[Any, Any, Any, Any, Any, Any]
ANONYMOUS_ADMIN = 1087968824  # GroupAnonymousBot: a group admin posting as the group
MAX_FOLLOW_CHARS = 100
DEFAULT_DIGEST = 7 * 60  # 07:00
_URL = re.compile(r"^(https?://\S+|[\w-]+(\.[\w-]+)+(/\S*)?)$", re.IGNORECASE)
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
SourceFollower = Callable[[Update, Context, str], Awaitable[None]]


def is_source_url(arg: str) -> bool:
    """Whether /follow's argument is a web address (a source), perhaps with how many of its
    newest articles to fetch first ("/follow <address> 50"), not a person or a topic."""
    parts = arg.split()
    if not parts or len(parts) > 2 or (len(parts) == 2 and not parts[1].isdigit()):
        return False
    return bool(_URL.match(parts[0])) and not parts[0][0].isdigit()


def register(app: App, rt: Runtime) -> None:
    """Follows, alerts and digests (unless turned off), and inline answers: the extension."""
    service = AlertService(rt, app.bot) if rt.settings.alerts_enabled else None
    if service is not None:
        rt.services.append(service)
    FollowHandlers(rt, service, rt.source_follower).register(app)
    InlineHandlers(rt).register(app)
    for lang, menu in rt.user_menu.items():
        menu.extend(alert_texts(lang).menu)


class FollowHandlers:
    def __init__(self, rt: Runtime, service: AlertService | None,
                 follow_source: SourceFollower | None = None) -> None:
        self.rt = rt
        self.service = service  # None: alerts are turned off
        self.follow_source = follow_source or self._no_source

    def register(self, app: App) -> None:
        for names, handler in (
            (["ikuti", "follow"], self.follow),
            (["berhenti", "unfollow"], self.unfollow),
            (["diikuti", "following"], self.following),
            (["ringkasan", "digest"], self.digest),
        ):
            app.add_handler(CommandHandler(names, handler, filters=NEW_MESSAGES))

    async def follow(self, update: Update, context: Context) -> None:
        """Follow a person or a topic; a web address goes to `follow_source`."""
        words = " ".join(context.args or []).strip()
        if words and is_source_url(words):
            await self.follow_source(update, context, words)
            return
        store = await self._allowed(update, context)
        if store is None:
            return
        lang = self._lang(update, words)
        at = alert_texts(lang)
        if not words or len(words) > MAX_FOLLOW_CHARS or not follow_key(words):
            await self._say(update, context, esc(at.follow_usage))
            return
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None
        follow = Follow(chat.id, follow_key(words), words, thread_of(message) or 0, lang)
        added = store.add_follow(follow, self.service.clock.now() if self.service else 0.0,
                                 self.rt.settings.follows_per_chat)
        if added is None:
            text = at.follow_limit.format(limit=self.rt.settings.follows_per_chat)
        elif not added:
            text = at.already_following.format(follow=words)
        else:
            text = await self._followed(words, lang)
        await self._say(update, context, esc(text))

    async def _followed(self, words: str, lang: str) -> str:
        at, searcher = alert_texts(lang), self.rt.searcher
        if searcher is not None:
            people = await self.rt.off_loop(followed_people, searcher, words)
            if people:
                p = people[0]
                who = f"{p.role} {p.name}" if p.role else p.name
                return at.followed_person.format(follow=words, who=shorten(who, 100))
        return at.followed_topic.format(follow=words)

    async def unfollow(self, update: Update, context: Context) -> None:
        """Stop following one thing, or everything ("semua")."""
        store = await self._allowed(update, context)
        if store is None:
            return
        chat = update.effective_chat
        assert chat is not None
        words = " ".join(context.args or []).strip()
        at = alert_texts(self._lang(update, words))
        if not words:
            await self._say(update, context, esc(at.unfollow_usage))
            return
        if words.casefold() in at.all_words:
            count = store.remove_follow(chat.id, None)
            await self._say(update, context, esc(at.unfollowed_all.format(count=count)))
            return
        gone = store.remove_follow(chat.id, follow_key(words))
        text = at.unfollowed if gone else at.not_following
        await self._say(update, context, esc(text.format(follow=shorten(words, 100))))

    async def following(self, update: Update, context: Context) -> None:
        """List what the chat follows, person or topic as the index reads it now."""
        if self.service is None:
            await self._say(update, context, esc(alert_texts(user_lang(update)).alerts_off))
            return
        chat = update.effective_chat
        assert chat is not None
        store = self.service.alerts()
        follows = store.follows(chat.id)
        searcher = self.rt.searcher
        kinds = []
        for f in follows:
            kind = "topic" if searcher is None else await self.rt.off_loop(
                follow_kind, searcher, f.follow)
            kinds.append((f.follow, kind))
        digest = store.digest(chat.id)
        at_time = f"{digest.minute // 60:02d}:{digest.minute % 60:02d}" if digest else None
        await self._say(update, context, follows_html(kinds, at_time, user_lang(update)))

    async def digest(self, update: Update, context: Context) -> None:
        """Set the chat's daily digest time (HH:MM, 07:00 when none is given) or turn it off."""
        store = await self._allowed(update, context)
        if store is None or self.service is None:
            return
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None
        arg = " ".join(context.args or []).strip().casefold()
        lang = user_lang(update)
        at = alert_texts(lang)
        if arg in at.off_words or arg in alert_texts("en").off_words:
            store.remove_digest(chat.id)
            await self._say(update, context, esc(at.digest_off))
            return
        minute = _minute(arg) if arg else DEFAULT_DIGEST
        if minute is None:
            await self._say(update, context, esc(at.digest_usage))
            return
        now = self.service.clock.now()
        next_at = next_digest(minute, now, self.service.zone)
        store.set_digest(Digest(chat.id, minute, thread_of(message) or 0, lang, now, next_at))
        self.service.digests_changed()
        time_text = f"{minute // 60:02d}:{minute % 60:02d}"
        await self._say(update, context, esc(at.digest_set.format(
            time=time_text, zone=self.rt.settings.timezone)))

    # ----- helpers -----
    async def _allowed(self, update: Update, context: Context) -> AlertStore | None:
        """The alert store when this user may change the chat's follows; else None (told)."""
        at = alert_texts(user_lang(update))
        if self.service is None:
            await self._say(update, context, esc(at.alerts_off))
            return None
        if not await self._may_change(update, context):
            await self._say(update, context, esc(at.group_admins_only))
            return None
        return await asyncio.to_thread(self.service.alerts)

    async def _may_change(self, update: Update, context: Context) -> bool:
        chat, user, message = update.effective_chat, update.effective_user, update.effective_message
        if chat is None or chat.type == ChatType.PRIVATE:
            return True
        if message is not None and message.sender_chat is not None:
            return message.sender_chat.id == chat.id  # an anonymous admin posts as the group
        if user is None:
            return False
        if user.id == ANONYMOUS_ADMIN or self.rt.is_admin(user.id):
            return True
        try:
            member = await context.bot.get_chat_member(chat.id, user.id)
        except TelegramError as exc:
            log.warning("cannot tell whether user %s is an admin of chat %s: %s",
                        user.id, chat.id, exc)
            return False
        return member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR)

    def _lang(self, update: Update, words: str) -> str:
        return user_lang(update, words if len(words.split()) > 2 else "")

    async def _say(self, update: Update, context: Context, html_text: str) -> None:
        chat, message = update.effective_chat, update.effective_message
        assert chat is not None
        private = chat.type == ChatType.PRIVATE
        await send_html(context.bot, chat.id, html_text,
                        reply_to=None if private or message is None else message.message_id,
                        thread_id=thread_of(message))

    async def _no_source(self, update: Update, context: Context, url: str) -> None:
        """Until a source-following command is joined here: say who may follow a site."""
        await self._say(update, context, esc(alert_texts(user_lang(update)).source_follow))


def _minute(text: str) -> int | None:
    m = _TIME.match(text)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2))
    return hour * 60 + minute if hour < 24 and minute < 60 else None
