"""Running the bot with its alert service on clocks a test controls; reading what it pushed."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from bot.settings import Settings
from bot.telegram.alert_store import FILE
from bot.telegram.alerts import AlertService
from bot.telegram.app import build_application, running, runtime_of
from bot.telegram.pacing import Clock
from retrieval.model.embedder import Embedder
from tests.support.bot_harness import Bot
from tests.support.fake_bot_api import Call, FakeBotAPI, parse_telegram_html


@asynccontextmanager
async def alert_bot(api: FakeBotAPI, settings: Settings, embedder: Embedder,
                    clock: Clock | None = None, pace_clock: Clock | None = None
                    ) -> AsyncIterator[Bot]:
    """The bot running, its alert service on `clock` (schedules) and `pace_clock` (pacing)."""
    app = build_application(settings, lambda: embedder)
    service = next(s for s in runtime_of(app).services if isinstance(s, AlertService))
    if clock is not None:
        service.clock = clock
        service.pace_clock = pace_clock or clock
    async with running(app):
        yield Bot(api, app, settings)


def pushed(api: FakeBotAPI, chat_id: int, mark: str = "🔔") -> list[Call]:
    """Messages the bot pushed to a chat unasked (alerts start with 🔔, digests with 📰)."""
    return [c for c in api.sent(chat_id) if str(c.params["text"]).startswith(mark)]


def text_of(call: Call) -> str:
    return parse_telegram_html(str(call.params["text"]))[0]


def outbox(state_dir: Path) -> dict[str, int]:
    """How the outbox's rows ended ("sent", "blocked", …, "pending")."""
    with sqlite3.connect(state_dir / FILE) as db:
        rows = db.execute(
            "SELECT coalesce(outcome, 'pending'), count(*) FROM outbox GROUP BY 1").fetchall()
    return {str(k): int(n) for k, n in rows}


def has_baseline(state_dir: Path) -> bool:
    """Whether the alert service has learnt the index's articles (its first look is done)."""
    path = state_dir / FILE
    if not path.exists():
        return False
    with sqlite3.connect(path) as db:
        return bool(db.execute("SELECT 1 FROM marks WHERE name = 'baseline'").fetchone())
