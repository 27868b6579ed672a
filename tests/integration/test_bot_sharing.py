"""Digests at a set time, a thousand followers at Telegram's pace, inline answers, menus, topics."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.telegram.alert_store import FILE, AlertStore, Follow
from bot.telegram.pacing import JumpClock, ManualClock
from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from tests.integration.test_bot_alerts import add_articles
from tests.support.alert_articles import FLOOD, FLOOD_QUOTE, SCHOLARSHIP, SCHOLARSHIP_QUOTE
from tests.support.alert_harness import alert_bot, has_baseline, outbox, pushed, text_of
from tests.support.bot_harness import ADMIN_ID, Bot, copy_index, make_settings
from tests.support.fake_bot_api import FakeBotAPI, parse_telegram_html

pytestmark = pytest.mark.integration
# 06:00 in Samarinda (WITA, UTC+8) on 2 June 2025.
SIX_WITA = datetime(2025, 6, 1, 22, 0, tzinfo=UTC).timestamp()


async def test_the_digest_comes_at_its_time_with_the_new_articles_newest_first(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    clock = ManualClock(SIX_WITA)
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)
        async with alert_bot(api, settings, embedder, clock=clock) as bot:
            await api.until(lambda: has_baseline(settings.state_dir))
            api.push_message("/ringkasan 07:00", user_id=981)
            assert "pukul 07:00 (Asia/Makassar)" in await bot.reply_text(981)
            clock.advance(60)
            add_articles(settings.data_dir, FLOOD, SCHOLARSHIP)
            api.push_message("/reindex", user_id=ADMIN_ID)
            await api.until(lambda: _seen(settings.state_dir) == 3)
            clock.advance(30 * 60)  # 06:31: not yet
            api.push_message("/diikuti", user_id=981)
            assert "Ringkasan harian pukul 07:00" in await bot.reply_text(981, 1)
            assert pushed(api, 981, "📰") == []
            clock.advance(30 * 60)  # 07:01
            [digest] = await api.until(lambda: pushed(api, 981, "📰"))
            text = text_of(digest)
            assert text.startswith("📰 Ringkasan: 2 artikel baru")
            assert text.index("Beasiswa Kaltim Tuntas") < text.index("Tinjau Banjir")
            assert SCHOLARSHIP_QUOTE in text and FLOOD_QUOTE in text
            assert "— Sekretaris Daerah Provinsi Kalimantan Timur Sri Wahyuni" in text
            clock.advance(24 * 3600)  # the next day: nothing new, nothing sent
            api.push_message("/ringkasan off", user_id=981)
            assert "dimatikan" in await bot.reply_text(981, 3)
            assert len(pushed(api, 981, "📰")) == 1


async def test_a_thousand_followers_get_one_alert_each_at_telegrams_pace(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    chats = [*range(10_000, 11_000), *range(-5_020, -5_000)]
    with FakeBotAPI() as api:
        # The application's own limiter off: what is measured is the alerts' pace.
        settings = make_settings(tmp_path, api, telegram_per_second=0)
        async with alert_bot(api, settings, embedder):
            await api.until(lambda: has_baseline(settings.state_dir))
        store = AlertStore.in_folder(settings.state_dir)
        for chat in chats:
            store.add_follow(Follow(chat, "seno aji", "Seno Aji", 0, "id"), 0.0, 20)
        store.close()
        add_articles(settings.data_dir, FLOOD)
        build_index(settings.data_dir, settings.index_dir, embedder)
        pace = JumpClock(1_000_000.0)
        async with alert_bot(api, settings, embedder, clock=ManualClock(SIX_WITA),
                             pace_clock=pace):
            await api.until(lambda: outbox(settings.state_dir).get("sent") == len(chats), 120)
        sent = [c.params["chat_id"] for c in api.calls("sendMessage") if c.ok]
        assert sorted(sent) == sorted(chats)  # none lost, none twice
        with sqlite3.connect(settings.state_dir / FILE) as db:
            times = sorted(t for (t,) in db.execute("SELECT sent_at FROM outbox"))
        busiest = max(sum(1 for t in times[i:i + 40] if t < start + 1.0)
                      for i, start in enumerate(times))
        assert busiest <= 25  # of Telegram's ~30 a second; answers keep the rest
        assert times[-1] - times[0] >= (len(chats) - 25) / 25


async def test_inline_answers_with_and_without_a_query(bot: Bot) -> None:
    question = "Apa kata Gubernur tentang koordinasi?"
    bot.api.push_inline(question, user_id=991)
    [call] = await bot.api.until(lambda: bot.api.calls("answerInlineQuery"))
    results = call.params["results"]
    assert call.ok and 1 < len(results) <= 10
    assert call.params["cache_time"] == bot.settings.inline_cache_seconds
    assert results[0]["id"] == "lead"
    posted = [parse_telegram_html(r["input_message_content"]["message_text"])[0]
              for r in results]
    assert any("Setiap kebijakan harus berada dalam jalur koordinasi" in p
               and "— Gubernur Kaltim Rudy Mas’ud" in p for p in posted[1:])
    share = results[0]["reply_markup"]["inline_keyboard"][0][0]
    assert share == {"text": "Bagikan", "switch_inline_query": question}

    bot.api.push_inline("", user_id=992)
    newest = await bot.api.until(lambda: bot.api.calls("answerInlineQuery")[1:])
    cards = newest[0].params["results"]
    assert cards and all(r["title"].startswith("“") for r in cards)
    assert "reply_markup" not in cards[0]  # nothing asked, nothing to share

    bot.api.push_inline("Berapa harga beras di Samarinda hari ini?", user_id=993)
    missing = await bot.api.until(lambda: bot.api.calls("answerInlineQuery")[2:])
    assert missing[0].params["results"] == []
    assert missing[0].params["button"]["text"] == "Tidak ditemukan di artikel"


async def test_answers_share_menus_speak_both_languages_and_topics_are_kept(bot: Bot) -> None:
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=995)
    [answer] = await bot.wait_replies(995)
    buttons = [b for row in answer.params["reply_markup"]["inline_keyboard"] for b in row]
    assert {"text": "Bagikan", "switch_inline_query": "Apa kata Gubernur tentang koordinasi?"} \
        in buttons
    menus = {(str(c.params.get("language_code")), c.params["scope"]["type"]):
             [cmd["command"] for cmd in c.params["commands"]]
             for c in bot.api.calls("setMyCommands")}
    assert "ikuti" in menus[("id", "all_private_chats")]
    assert "ringkasan" in menus[("None", "all_group_chats")]
    assert "follow" in menus[("en", "all_private_chats")]

    group = -1004005006
    bot.api.push_message("/ask Apa kata Gubernur tentang koordinasi?", user_id=996,
                         chat_id=group, chat_type="supergroup", message_thread_id=42,
                         is_topic_message=True)
    [reply] = await bot.wait_replies(group)
    assert reply.params["message_thread_id"] == 42
    bot.api.push_message("/help", user_id=997, language_code="en")
    help_text = await bot.reply_text(997)
    assert "/follow" in help_text and "@BriefTestBot" in help_text


def _seen(state_dir: Path) -> int:
    with sqlite3.connect(state_dir / FILE) as db:
        return int(db.execute("SELECT count(*) FROM seen").fetchone()[0])
