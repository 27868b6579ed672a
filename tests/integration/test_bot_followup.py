"""Follow-ups by reply in a group, over real HTTP: the person or the topic carries over."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.state import StateStore
from retrieval.model.embedder import Embedder
from tests.support.bot_harness import Bot, bot_message, started_bot
from tests.support.fake_bot_api import parse_telegram_html

pytestmark = pytest.mark.integration
GROUP = -1002003005


@pytest.fixture
async def bot(seed_index: Path, embedder: Embedder, tmp_path: Path) -> AsyncIterator[Bot]:
    async with started_bot(seed_index, embedder, tmp_path) as running:
        yield running


def say(bot: Bot, text: str, user: int, **extra: Any) -> dict[str, Any]:
    return bot.api.push_message(text, user_id=user, chat_id=GROUP, chat_type="supergroup", **extra)


def answer_to(replies: list[Any], message: dict[str, Any]) -> str:
    target = message["message_id"]
    [call] = [c for c in replies if c.params["reply_parameters"]["message_id"] == target]
    return parse_telegram_html(call.params["text"])[0].split("\n\nSumber\n")[0]


async def test_a_reply_to_an_answer_carries_its_person_or_its_topic(
    bot: Bot, tmp_path: Path
) -> None:
    say(bot, "/ask@BriefTestBot Apa kata Gubernur tentang koordinasi?", 801)
    [first] = await bot.wait_replies(GROUP)
    answer = bot_message(first)
    more = say(bot, "Apa lagi katanya?", 802, reply_to=answer)  # the same person
    topic = say(bot, "Kalau soal kerja tim?", 803, reply_to=answer)  # same person, new topic
    person = say(bot, "Bagaimana dengan Sekretaris DPRD?", 804, reply_to=answer)  # same topic
    say(bot, "Kalau soal kerja tim?", 805)  # not a reply, not addressed: chatter, ignored
    say(bot, "/help@BriefTestBot", 806)
    replies = await bot.wait_replies(GROUP, 5)
    assert len(replies) == 5
    assert "— Gubernur Kaltim Rudy Mas’ud" in answer_to(replies, more)
    assert "— Gubernur Kaltim Rudy Mas’ud" in answer_to(replies, topic)  # the person carried
    assert "Norhayati" in answer_to(replies, person)
    store = StateStore.in_folder(tmp_path / "state")
    asked = [store.question(n) for n in range(1, 5)]
    store.close()
    # What was searched (and what "Sumber lain" pages through); answered in any order.
    assert sorted(q.question for q in asked if q) == [
        "Apa kata Gubernur tentang kerja tim?",
        "Apa kata Gubernur tentang koordinasi?",
        "Apa kata Gubernur?",
        "Apa kata Sekretaris DPRD tentang koordinasi?",
    ]



async def test_a_chain_of_replies_about_no_one_searches_only_the_latest_topic(
    bot: Bot, tmp_path: Path
) -> None:
    say(bot, "/ask@BriefTestBot Bagaimana proses koordinasi?", 821)
    answer = bot_message((await bot.wait_replies(GROUP))[0])
    topics = ("laporan akhir", "kepala perangkat daerah", "jadwal rapat", "forum briefing")
    for n, topic in enumerate(topics, start=2):
        say(bot, f"Kalau soal {topic}?", 821 + n, reply_to=answer)  # each to the latest answer
        answer = bot_message((await bot.wait_replies(GROUP, n))[-1])
    store = StateStore.in_folder(tmp_path / "state")
    searched = [q.question for q in map(store.question, range(1, 6)) if q]
    store.close()
    assert searched[1:] == [f"Bagaimana proses koordinasi tentang {t}?" for t in topics]


def quoted(text: str) -> list[str]:
    """The quotes a reply attributes: each line above a "— Role Name" line, citation aside."""
    lines = text.splitlines()
    return [lines[i - 1].split(" [")[0] for i, line in enumerate(lines) if line.startswith("— ")]


async def test_asking_for_more_shows_the_persons_quotes_not_read_yet(
    embedder: Embedder, tmp_path: Path
) -> None:
    from retrieval.index.builder import build_index
    from tests.unit.test_followup_more import DINAS

    data = tmp_path / "own" / "data"
    data.mkdir(parents=True)
    (data / "rapat.md").write_text(f"---\ntitle: {DINAS.title}\n---\n{DINAS.text}\n", "utf-8")
    build_index(data, tmp_path / "own" / "index", embedder)
    async with started_bot(tmp_path / "own", embedder, tmp_path / "run") as bot:
        say(bot, "/ask@BriefTestBot Apa kata Budi soal perahu?", 811)
        [first] = await bot.wait_replies(GROUP)
        shown = parse_telegram_html(first.params["text"])[0].split("\n\nSumber\n")[0]
        more = say(bot, "Apa lagi katanya?", 812, reply_to=bot_message(first))
        replies = await bot.wait_replies(GROUP, 2)
    again = answer_to(replies, more)
    assert quoted(shown) and quoted(again)
    # The reply leads with another of his quotes and repeats none the user has read.
    assert not set(quoted(again)) & set(quoted(shown))
    assert not any(q.strip("“”,") in shown for q in quoted(again))
