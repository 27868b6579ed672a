"""Groups over real HTTP: the bot answers only when addressed, replying to the asking message."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.bot_harness import Bot, bot_message
from tests.support.fake_bot_api import parse_telegram_html

pytestmark = pytest.mark.integration
GROUP = -1002003004
GOV_QUOTE = "Setiap kebijakan harus berada dalam jalur koordinasi"


def say(bot: Bot, text: str | None, user: int, **extra: Any) -> dict[str, Any]:
    return bot.api.push_message(text, user_id=user, chat_id=GROUP, chat_type="supergroup", **extra)


def replied_to(call: Any) -> int:
    return int(call.params["reply_parameters"]["message_id"])


async def test_group_answers_only_what_is_addressed_to_it(bot: Bot) -> None:
    chatter = [
        say(bot, "Selamat pagi semua, rapat koordinasi jam berapa?", 601),
        say(bot, "/ask@OtherBot Apa kata Gubernur?", 602),
        say(bot, "@someoneelse tolong kirim notulen", 603),
        say(bot, None, 604, photo=[{"file_id": "p", "file_unique_id": "p", "width": 1,
                                    "height": 1}]),
    ]
    ask = say(bot, "/ask@BriefTestBot Apa kata Gubernur tentang koordinasi?", 605)
    [answer] = await bot.wait_replies(GROUP)
    assert replied_to(answer) == ask["message_id"]
    text = parse_telegram_html(answer.params["text"])[0]
    assert GOV_QUOTE in text and "— Gubernur Kaltim Rudy Mas’ud" in text

    follow = say(bot, "Apa kata Sekretaris DPRD tentang forum ini?", 606,
                 reply_to=bot_message(answer))
    mention = say(bot, "@BriefTestBot apa kata Norhayati Usman?", 607)
    alias = say(bot, "/tanya Apa kata Gubernur tentang koordinasi?", 608)
    bare = say(bot, "/ask", 609)
    replies = await bot.wait_replies(GROUP, 5)
    by_target = {replied_to(c): parse_telegram_html(c.params["text"])[0] for c in replies}
    for target in (follow, mention):
        text = by_target[target["message_id"]]
        assert "Norhayati" in text.split("\n\nSumber\n")[0]
    assert GOV_QUOTE in by_target[alias["message_id"]]
    assert by_target[bare["message_id"]].startswith("Tulis pertanyaannya setelah perintah")

    say(bot, "/help@BriefTestBot", 610)  # the last update: everything before it was handled
    replies = await bot.wait_replies(GROUP, 6)
    assert len(replies) == 6
    assert not {c["message_id"] for c in chatter} & {replied_to(c) for c in replies}
    help_text = parse_telegram_html(replies[-1].params["text"])[0]
    assert help_text.startswith("Tanya dengan /ask")
