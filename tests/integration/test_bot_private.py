"""Private chats over real HTTP: questions, languages, commands, bad input."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from retrieval.model.embedder import Embedder
from tests.support.bot_harness import TOKEN, Bot, started_bot
from tests.support.fake_bot_api import parse_telegram_html

pytestmark = pytest.mark.integration
GOV_QUOTE = "Setiap kebijakan harus berada dalam jalur koordinasi"


def visible(call_text: object) -> str:
    return parse_telegram_html(str(call_text))[0]


async def test_private_question_gets_one_attributed_cited_answer(bot: Bot) -> None:
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=501)
    [reply] = await bot.wait_replies(501)
    text = visible(reply.params["text"])
    assert GOV_QUOTE in text
    assert "— Gubernur Kaltim Rudy Mas’ud" in text
    assert "[1] " in text.split("Sumber")[-1]
    # The answer comes first: one bold sentence with its citation, before any passage.
    assert reply.params["text"].startswith("<b>") and text.split("\n")[0].endswith(" [1]")
    assert reply.params["parse_mode"] == "HTML"
    typing = bot.api.calls("sendChatAction")
    assert [c.params["action"] for c in typing if c.params["chat_id"] == 501][:1] == ["typing"]
    buttons = [b["text"] for row in reply.params["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["Sumber lain", "👍", "👎", "Bagikan"]
    assert len(bot.replies(501)) == 1


async def test_start_registers_menus_and_never_logs_the_token(
    seed_index: Path, embedder: Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    async with started_bot(seed_index, embedder, tmp_path) as running:
        scopes = {c.params["scope"]["type"] for c in running.api.calls("setMyCommands")}
        assert {"all_private_chats", "all_group_chats", "chat"} <= scopes
        group_menu = next(c for c in running.api.calls("setMyCommands")
                          if c.params["scope"]["type"] == "all_group_chats")
        assert {"ask", "tanya"} <= {c["command"] for c in group_menu.params["commands"]}
    app_logs = [r for r in caplog.records if r.name == "bot.telegram.app"]
    ready = [r for r in app_logs if "ready" in r.getMessage()]
    assert len(ready) == 1 and "@BriefTestBot" in ready[0].getMessage()
    assert all(TOKEN not in r.getMessage() for r in caplog.records)


async def test_nothing_relevant_gets_the_honest_not_found(bot: Bot) -> None:
    bot.api.push_message("Berapa harga beras di Samarinda hari ini?", user_id=502)
    [reply] = await bot.wait_replies(502)
    assert visible(reply.params["text"]).startswith("Maaf, saya tidak menemukan jawaban")
    assert "reply_markup" not in reply.params


async def test_english_question_gets_english_words_and_verbatim_quote(bot: Bot) -> None:
    bot.api.push_message("What did the Governor say about coordination?", user_id=503)
    [reply] = await bot.wait_replies(503)
    text = visible(reply.params["text"])
    assert "\n\nSources\n[1] " in text
    assert GOV_QUOTE in text


async def test_start_and_help_follow_the_users_language(bot: Bot) -> None:
    bot.api.push_message("/start", user_id=504)
    bot.api.push_message("/help extra junk here", user_id=505, language_code="en")
    [start] = await bot.wait_replies(504)
    [help_en] = await bot.wait_replies(505)
    assert visible(start.params["text"]).startswith("Halo!")
    assert "/sources" in visible(help_en.params["text"])
    assert visible(help_en.params["text"]).startswith("Ask anything")


async def test_sources_and_quotes_by_speaker(bot: Bot) -> None:
    bot.api.push_message("/sources", user_id=506)
    bot.api.push_message("/quotes Norhayati", user_id=507)
    [sources] = await bot.wait_replies(506)
    [quotes] = await bot.wait_replies(507)
    assert "Artikel di indeks (1)" in visible(sources.params["text"])
    text = visible(quotes.params["text"])
    assert "Kutipan langsung dari Norhayati (1)" in text
    assert "Forum seperti ini memberikan ruang" in text
    assert "Rudy" not in text


async def test_bad_input_is_handled_without_errors(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    api = bot.api
    api.push_message("<b>Apa</b> kata & *_[Gubernur]_* tentang `koordinasi`?", user_id=510)
    api.push_message("kata " * 819 + "x", user_id=511)  # 4,096 characters
    api.push_message("🙂🙂🙂", user_id=512)
    api.push_message("/start@BriefTestBot ??? <junk>", user_id=513)
    api.push_message("/nonsense", user_id=514)
    api.push_message("Apa kata Gubernur?", user_id=515, edited=True)
    api.push({"channel_post": {"message_id": 9, "date": 0, "text": "halo",
                               "chat": {"id": -100777, "type": "channel", "title": "c"}}})
    api.push_message(None, user_id=516, photo=[{"file_id": "p", "file_unique_id": "p",
                                                 "width": 1, "height": 1}])
    api.push_message(None, user_id=517, sticker={
        "file_id": "s", "file_unique_id": "s", "type": "regular", "width": 1, "height": 1,
        "is_animated": False, "is_video": False})
    escaped = await bot.reply_text(510)
    assert GOV_QUOTE in escaped
    too_long = await bot.reply_text(511)
    assert too_long.startswith("Pertanyaan itu tidak bisa saya proses")
    assert (await bot.reply_text(512)).startswith("Pertanyaan itu")
    assert (await bot.reply_text(513)).startswith("Halo!")
    assert "/sources" in (await bot.reply_text(514))
    for user in (516, 517):
        note = await bot.reply_text(user)
        assert note.startswith("Saya hanya bisa menjawab pertanyaan berupa teks")
    api.push_message("/help", user_id=515)  # updates are taken in order: the edit came first
    assert (await bot.reply_text(515)).startswith("Tulis pertanyaan")
    assert len(bot.replies(515)) == 1 and bot.api.sent(-100777) == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_rate_limit_answers_up_to_the_limit_then_says_so_once(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    async with started_bot(seed_index, embedder, tmp_path, rate_limit_per_minute=3) as running:
        for _ in range(6):
            running.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=520)
        running.api.push_message("/help", user_id=520)
        await running.wait_replies(520, 5)
        texts = [visible(r.params["text"]) for r in running.replies(520)]
        assert len(texts) == 5
        assert sum(GOV_QUOTE in t for t in texts) == 3
        assert sum(t.startswith("Pelan-pelan ya") for t in texts) == 1
        assert sum(t.startswith("Tulis pertanyaan") for t in texts) == 1
        # Another user is not held back by the first one's limit.
        running.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=521)
        assert GOV_QUOTE in await running.reply_text(521)


async def test_flood_control_and_failures_are_retried_not_lost(bot: Bot) -> None:
    bot.api.fail_next("sendMessage", error_code=429, retry_after=1)
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=530)
    [reply] = await bot.wait_replies(530)
    assert GOV_QUOTE in visible(reply.params["text"])
    attempts = [c for c in bot.api.calls("sendMessage") if c.params["chat_id"] == 530]
    assert [c.ok for c in attempts] == [False, True]


async def test_a_dropped_connection_is_retried_not_lost(bot: Bot) -> None:
    bot.api.fail_next("sendMessage", error_code=0)
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=535)
    assert GOV_QUOTE in await bot.reply_text(535)
    attempts = [c for c in bot.api.calls("sendMessage") if c.params["chat_id"] == 535]
    assert [c.ok for c in attempts] == [False, True]


async def test_an_error_gets_a_short_apology_and_a_log_line(
    bot: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    bot.api.fail_next("sendMessage", error_code=400)
    bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=540)
    [apology] = await bot.wait_replies(540)
    assert visible(apology.params["text"]).startswith("Maaf, terjadi kesalahan")
    assert "Traceback" not in apology.params["text"]
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert any("user 540" in r.getMessage() for r in errors)
