"""Inline buttons over real HTTP: "Sumber lain", 👍/👎, also after a restart; stale buttons."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.telegram.state import StateStore
from retrieval.model.embedder import Embedder
from tests.support.bot_harness import (
    assert_valid_replies,
    bot_message,
    bot_running,
    copy_index,
    make_settings,
)
from tests.support.fake_bot_api import Call, FakeBotAPI, parse_telegram_html

pytestmark = pytest.mark.integration
QUESTION = "Apa kata Gubernur tentang koordinasi?"
SENT = "Sumber lain itu sudah dikirim di atas."
GROUP = -1002004006


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """Button label -> callback data ("Bagikan" opens an inline query: it has none)."""
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


def with_button(message: dict[str, Any], data: str) -> dict[str, Any]:
    """`message` as Telegram would send it if it carried a button with `data`."""
    return {**message, "reply_markup": {"inline_keyboard": [[
        {"text": "x", "callback_data": data}]]}}


def visible(call: Call) -> str:
    return parse_telegram_html(str(call.params["text"]))[0]


def callback_answers(api: FakeBotAPI) -> list[str]:
    return [str(c.params.get("text") or "") for c in api.calls("answerCallbackQuery")]


async def test_buttons_work_and_keep_working_after_a_restart(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)
        async with bot_running(api, settings, embedder) as bot:
            api.push_message(QUESTION, user_id=701)
            [first] = await bot.wait_replies(701)
            answer = bot_message(first)
            data = buttons(answer)
            api.push_callback(answer, data["Sumber lain"], user_id=701)
            second = (await bot.wait_replies(701, 2))[1]
            assert visible(second).startswith("Sumber lain:")
            assert second.params["reply_parameters"]["message_id"] == answer["message_id"]
            first_page = visible(first).split("Sumber\n")[0]
            second_page = visible(second).split("Sumber\n")[0]
            assert second_page.split("\n\n")[1] not in first_page  # new passages, not a repeat
            # The used "Sumber lain" button is gone; the votes stay.
            edits = api.calls("editMessageReplyMarkup")
            assert edits and "Sumber lain" not in str(edits[-1].params["reply_markup"])
            api.push_callback(answer, data["👍"], user_id=701)
            await api.until(lambda: "Terima kasih atas masukannya!" in callback_answers(api))
            api.push_message(QUESTION, user_id=701)  # its "Sumber lain" waits for the restart
            later = bot_message((await bot.wait_replies(701, 3))[2])

        # A new bot process: same state folder, nothing held in memory.
        async with bot_running(api, settings, embedder) as bot:
            api.push_callback(answer, data["👎"], user_id=702)
            thanks = "Terima kasih atas masukannya!"
            await api.until(lambda: callback_answers(api).count(thanks) == 2)
            api.push_callback(later, buttons(later)["Sumber lain"], user_id=701)
            fourth = (await bot.wait_replies(701, 4))[3]
            assert visible(fourth).startswith("Sumber lain:")
            # The first answer's page was sent before the restart: not again.
            api.push_callback(answer, data["Sumber lain"], user_id=702)
            await api.until(lambda: SENT in callback_answers(api))
            assert len(bot.replies(701)) == 4
            api.push_callback(answer, "m:999999:0", user_id=703)
            api.push_callback(answer, "garbage from an old version", user_id=703)
            await api.until(lambda: callback_answers(api).count(
                "Tombol ini sudah kedaluwarsa. Silakan ajukan pertanyaannya lagi.") == 2)
        assert_valid_replies(api)
    question_id = int(data["👍"].split(":")[1])
    store = StateStore.in_folder(tmp_path / "state")
    votes = store.feedback(question_id)
    store.close()
    assert [(user, vote) for user, vote, _ in votes] == [(701, 1), (702, -1)]
    # Both votes are about the passages that first message showed: those close to the best.
    assert votes[0][2] == votes[1][2] and 1 <= len(votes[0][2]) <= 3


async def test_sumber_lain_sends_its_page_once_however_often_it_is_tapped(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    with FakeBotAPI() as api:
        async with bot_running(api, make_settings(tmp_path, api), embedder) as bot:
            # A double tap in a private chat.
            api.push_message(QUESTION, user_id=741)
            answer = bot_message((await bot.wait_replies(741))[0])
            for _ in range(2):
                api.push_callback(answer, buttons(answer)["Sumber lain"], user_id=741)
            # Two people in a group, each tapping once, at the same moment.
            api.push_message(f"/ask {QUESTION}", user_id=742, chat_id=GROUP,
                             chat_type="supergroup")
            asked = bot_message((await bot.wait_replies(GROUP))[0])
            for user in (742, 743):
                api.push_callback(asked, buttons(asked)["Sumber lain"], user_id=user)
            await api.until(lambda: len(callback_answers(api)) == 4)
            await bot.wait_replies(741, 2)
            await bot.wait_replies(GROUP, 2)
            assert callback_answers(api).count(SENT) == 2
            assert len(bot.replies(741)) == len(bot.replies(GROUP)) == 2
        assert_valid_replies(api)


async def test_sumber_lain_at_the_end_says_there_is_no_more(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api, top_k=1)
        async with bot_running(api, settings, embedder) as bot:
            api.push_message(QUESTION, user_id=711)
            [reply] = await bot.wait_replies(711)
            message = bot_message(reply)
            pages = 1
            while "Sumber lain" in buttons(message):
                api.push_callback(message, buttons(message)["Sumber lain"], user_id=711)
                pages += 1
                message = bot_message((await bot.wait_replies(711, pages))[-1])
                assert pages < 12, "more pages than chunks in the seed"
            assert "👍" in buttons(message)
            # An old "Sumber lain" pressed again past the end gets a notice, not an error.
            old = with_button(message, f"m:{buttons(message)['👍'].split(':')[1]}:50")
            api.push_callback(old, old["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                              711)
            await api.until(lambda: "Tidak ada sumber lain untuk pertanyaan ini."
                            in callback_answers(api))
            assert len(bot.replies(711)) == pages


async def test_forged_buttons_act_nowhere_and_votes_count_once(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    stale = "Tombol ini sudah kedaluwarsa. Silakan ajukan pertanyaannya lagi."
    copy_index(seed_index, tmp_path)
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api, rate_limit_per_minute=6)
        async with bot_running(api, settings, embedder) as bot:
            api.push_message(QUESTION, user_id=721)
            victim = bot_message((await bot.wait_replies(721))[0])
            api.push_message(QUESTION, user_id=722)
            mine = bot_message((await bot.wait_replies(722))[0])
            theirs = buttons(victim)
            forged = [
                (mine, theirs["Sumber lain"]),  # another chat's id on my own message
                (with_button(mine, theirs["Sumber lain"]), theirs["Sumber lain"]),  # other chat
                (with_button(mine, theirs["👍"]), theirs["👍"]),
                (with_button(mine, f"v:{buttons(mine)['👍'].split(':')[1]}:6:+"), None),
                (with_button(mine, "m:99999999999999999999999999:0"), None),
                (with_button(mine, "s:99999999999999999999"), None),
                (mine, "garbage"),
            ]
            for message, data in forged:
                pressed = data or message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
                api.push_callback(message, pressed, user_id=722)
            await api.until(lambda: callback_answers(api).count(stale) == len(forged))
            assert len(bot.replies(721)) == 1 and len(bot.replies(722)) == 1
            # My own 👍, pressed twice, counts once; then presses are past the rate limit they
            # share with questions: 1 question + 3 presses that got as far as the limiter
            # (the others were not this message's buttons) + 2 votes = 6 a minute.
            for _ in range(2):
                api.push_callback(mine, buttons(mine)["👍"], user_id=722)
            thanks = "Terima kasih atas masukannya!"
            await api.until(lambda: callback_answers(api).count(thanks) == 2)
            api.push_callback(mine, buttons(mine)["👍"], user_id=722)
            api.push_callback(mine, buttons(mine)["👍"], user_id=722)
            await api.until(lambda: len(callback_answers(api)) == len(forged) + 4)
            assert all(a.startswith("Pelan-pelan") for a in callback_answers(api)[-2:])
    store = StateStore.in_folder(tmp_path / "state")
    usage = store.usage()
    store.close()
    assert (usage.up, usage.down) == (1, 0)
