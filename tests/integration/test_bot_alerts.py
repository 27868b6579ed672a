"""Follows and alerts over real HTTP: who gets which new article, once, across restarts."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from tests.support.alert_articles import (
    FLOOD,
    FLOOD_QUOTE,
    HARBOUR,
    SCHOLARSHIP,
    SCHOLARSHIP_QUOTE,
)
from tests.support.alert_harness import alert_bot, has_baseline, outbox, pushed, text_of
from tests.support.bot_harness import ADMIN_ID, Bot, copy_index, make_settings
from tests.support.fake_bot_api import FakeBotAPI

pytestmark = pytest.mark.integration
GROUP = -1003004005


def add_articles(data: Path, *articles: str) -> None:
    for n, text in enumerate(articles, 50):
        (data / f"{n:03d}_alert.md").write_text(text, encoding="utf-8")


async def follow(bot: Bot, chat: int, words: str, **extra: object) -> str:
    before = len(bot.replies(chat))
    bot.api.push_message(f"/ikuti {words}", user_id=extra.pop("user", chat), chat_id=chat,
                         **extra)  # type: ignore[arg-type]
    return await bot.reply_text(chat, before)


async def test_follows_get_the_new_articles_that_match_and_only_those(bot: Bot) -> None:
    await bot.api.until(lambda: has_baseline(bot.settings.state_dir))
    assert "Seno Aji" in await follow(bot, 901, "Seno Aji")
    assert "topik “banjir Samarinda”" in await follow(bot, 902, "banjir Samarinda")
    assert "topik “harga beras di pasar”" in await follow(bot, 903, "harga beras di pasar")
    assert "Sri Wahyuni" in await follow(bot, 904, "Sekda Kaltim")
    assert "sudah mengikuti" in await follow(bot, 904, "SEKDA  kaltim")

    add_articles(bot.settings.data_dir, FLOOD, SCHOLARSHIP, HARBOUR)
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    for chat in (901, 902, 904):
        await bot.api.until(lambda c=chat: pushed(bot.api, c))  # type: ignore[misc]
    await bot.api.until(lambda: outbox(bot.settings.state_dir) == {"sent": 3})

    [person] = pushed(bot.api, 901)
    text = text_of(person)
    assert FLOOD_QUOTE in text and "— Wakil Gubernur Kalimantan Timur Seno Aji" in text
    assert "Seno Aji" in text.splitlines()[0]  # what the chat follows heads the alert
    link = person.params["text"]
    assert 'href="https://example.org/berita/banjir-sungai-pinang"' in link
    assert FLOOD_QUOTE in text_of(pushed(bot.api, 902)[0])
    assert SCHOLARSHIP_QUOTE in text_of(pushed(bot.api, 904)[0])
    assert pushed(bot.api, 903) == []

    bot.api.push_message("/diikuti", user_id=904)
    listing = await bot.reply_text(904, 3)
    assert "Sekda Kaltim (orang)" in listing


async def test_group_follows_are_for_group_admins_in_their_topic(bot: Bot) -> None:
    await bot.api.until(lambda: has_baseline(bot.settings.state_dir))
    topic = {"message_thread_id": 77, "is_topic_message": True, "chat_type": "supergroup"}
    refused = await follow(bot, GROUP, "Seno Aji", user=950, **topic)
    assert "hanya untuk admin grup" in refused
    bot.api.make_admin(GROUP, 951)
    assert "Mengikuti Seno Aji" in await follow(bot, GROUP, "Seno Aji", user=951, **topic)
    replies = bot.replies(GROUP)
    assert {c.params.get("message_thread_id") for c in replies} == {77}

    add_articles(bot.settings.data_dir, FLOOD)
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    [alert] = await bot.api.until(lambda: pushed(bot.api, GROUP))
    assert alert.params.get("message_thread_id") == 77


async def test_a_blocked_chat_loses_its_follows_and_nothing_else(bot: Bot) -> None:
    await bot.api.until(lambda: has_baseline(bot.settings.state_dir))
    for chat in (961, 962):
        await follow(bot, chat, "Seno Aji")
    bot.api.block(961)
    add_articles(bot.settings.data_dir, FLOOD)
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    await bot.api.until(lambda: outbox(bot.settings.state_dir) == {"sent": 1, "blocked": 1})
    assert FLOOD_QUOTE in text_of(pushed(bot.api, 962)[0])
    bot.api.push_message("/diikuti", user_id=962)
    assert "Seno Aji" in await bot.reply_text(962, 2)

    bot.api.state.blocked.clear()  # unblocked: the chat follows nothing any more
    bot.api.push_message("/diikuti", user_id=961)
    assert "belum mengikuti" in await bot.reply_text(961, 1)


async def test_a_restart_between_indexing_and_delivery_delivers_once(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)
        async with alert_bot(api, settings, embedder) as bot:
            await api.until(lambda: has_baseline(settings.state_dir))
            await follow(bot, 971, "Seno Aji")
        # Indexed while the bot is down (`briefbot index`), delivered after the restart.
        add_articles(settings.data_dir, FLOOD)
        build_index(settings.data_dir, settings.index_dir, embedder)
        for _ in range(2):
            async with alert_bot(api, settings, embedder):
                await api.until(lambda: outbox(settings.state_dir) == {"sent": 1})
                await api.until(lambda: pushed(api, 971))
        assert len(pushed(api, 971)) == 1
