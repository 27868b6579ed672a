"""A burst over real HTTP: 100 users ask at once; every one gets exactly one answer."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from retrieval.model.embedder import Embedder
from tests.support.bot_harness import QUESTIONS, started_bot
from tests.support.fake_bot_api import parse_telegram_html

pytestmark = pytest.mark.integration


async def test_hundred_questions_at_once_get_exactly_hundred_answers(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    users = range(2000, 2100)
    async with started_bot(seed_index, embedder, tmp_path) as bot:
        for n, user in enumerate(users):
            bot.api.push_message(QUESTIONS[n % len(QUESTIONS)], user_id=user)
        await bot.api.until(lambda: len(bot.api.sent()) >= 100, timeout=300)
        bot.api.push_message("/help", user_id=1999)  # the last update: all before it are done
        await bot.wait_replies(1999)
        sent = [c for c in bot.api.sent() if c.params["chat_id"] != 1999]
    per_chat = Counter(int(c.params["chat_id"]) for c in sent)
    assert sorted(per_chat) == list(users)
    assert set(per_chat.values()) == {1}
    for call in sent:
        text = parse_telegram_html(call.params["text"])[0]
        asked = QUESTIONS[(int(call.params["chat_id"]) - 2000) % len(QUESTIONS)]
        if asked.startswith("Berapa harga beras"):
            assert text.startswith("Maaf, saya tidak menemukan jawaban")
        elif asked.startswith("What"):
            assert "\n\nSources\n[1] " in text and not text.startswith("Sorry")
        else:
            assert "\n\nSumber\n[1] " in text and not text.startswith("Maaf")
