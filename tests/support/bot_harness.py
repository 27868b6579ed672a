"""Running the real bot in-process, over real HTTP, against tests.support.fake_bot_api."""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.settings import Settings
from bot.telegram.app import App, build_application, running
from retrieval.model.embedder import Embedder
from tests.support.fake_bot_api import BOT_ID, Call, FakeBotAPI, parse_telegram_html

ADMIN_ID = 4242
TOKEN = "123456:TEST-token-never-logged"
# A mix users send the seed index: quotes by name and role, English, and one it cannot answer.
QUESTIONS = (
    "Apa kata Gubernur tentang koordinasi?",
    "Apa kata Norhayati Usman tentang forum briefing?",
    "What did the Governor say about coordination?",
    "Siapa yang memimpin briefing di Kantor Gubernur?",
    "Berapa harga beras di Samarinda hari ini?",
)


@dataclass
class Bot:
    """One running bot and the fake Bot API it talks to."""

    api: FakeBotAPI
    app: App
    settings: Settings

    def replies(self, chat_id: int) -> list[Call]:
        return self.api.sent(chat_id)

    async def wait_replies(self, chat_id: int, count: int = 1, timeout: float = 60) -> list[Call]:
        """Wait for `count` messages to `chat_id` and return them."""
        result: list[Call] = await self.api.until(
            lambda: (lambda r: r if len(r) >= count else None)(self.replies(chat_id)), timeout
        )
        return result


    async def reply_text(self, chat_id: int, index: int = 0) -> str:
        """What the user sees in the bot's `index`-th message to `chat_id` (waiting for it)."""
        replies = await self.wait_replies(chat_id, index + 1)
        return parse_telegram_html(str(replies[index].params["text"]))[0]


def make_settings(tmp: Path, api: FakeBotAPI, **extra: Any) -> Settings:
    """Settings for a test bot, independent of the environment and any .env file."""
    values: dict[str, Any] = {
        "telegram_bot_token": TOKEN,
        "telegram_api_base_url": api.base_url,
        "data_dir": tmp / "data",
        "index_dir": tmp / "index",
        "state_dir": tmp / "state",
        "cache_dir": tmp / "cache",
        "admin_ids": frozenset({ADMIN_ID}),
        **extra,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def copy_index(seed: Path, tmp: Path) -> None:
    """Give one test its own data folder and index, copied from the session's seed build."""
    shutil.copytree(seed / "data", tmp / "data")
    shutil.copytree(seed / "index", tmp / "index", symlinks=True)


@asynccontextmanager
async def bot_running(
    api: FakeBotAPI, settings: Settings, embedder: Embedder
) -> AsyncIterator[Bot]:
    app = build_application(settings, lambda: embedder)
    async with running(app):
        yield Bot(api, app, settings)


def assert_valid_replies(api: FakeBotAPI) -> None:
    """Every text the bot sent or edited is valid Telegram HTML within 4,096 characters."""
    texts = [c for c in api.calls() if c.method in ("sendMessage", "editMessageText")]
    for call in texts:
        assert call.params.get("parse_mode") == "HTML", call.params
        _, errors = parse_telegram_html(str(call.params["text"]))
        assert errors == [], (errors, call.params["text"][:300])
        assert call.params.get("link_preview_options", {}).get("is_disabled") is True


def bot_message(call: Call) -> dict[str, Any]:
    """The message the fake returned for a sendMessage (what a user could reply to)."""
    assert call.ok and isinstance(call.result, dict)
    assert call.result["from"]["id"] == BOT_ID
    return call.result


@asynccontextmanager
async def started_bot(
    seed: Path, embedder: Embedder, tmp: Path, **extra: Any
) -> AsyncIterator[Bot]:
    """A fake Bot API and the bot on a copy of the seed index; replies are checked at the end."""
    copy_index(seed, tmp)
    with FakeBotAPI() as api:
        async with bot_running(api, make_settings(tmp, api, **extra), embedder) as bot:
            yield bot
        assert_valid_replies(api)
