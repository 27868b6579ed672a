"""The bot as a process when Telegram misbehaves: it recovers or exits 1, never prints the token.

Each test starts `briefbot run` as a real process against the fake Bot API on 127.0.0.1 and
reads everything the process printed.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.bot_harness import copy_index, started_bot
from tests.support.environment import without_settings
from tests.support.fake_bot_api import FakeBotAPI

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "918273:Distinctive-SECRET-pX7qZ0-never-printed"
SECRET = TOKEN.split(":")[1]
QUESTION = "Apa kata Gubernur tentang koordinasi?"
QUOTE = "Setiap kebijakan harus berada dalam jalur koordinasi"


@pytest.fixture
def api() -> Iterator[FakeBotAPI]:
    with FakeBotAPI() as running:
        yield running


def _env(tmp: Path, api: FakeBotAPI, cache: Path) -> dict[str, str]:
    return without_settings() | {
        "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
        "BRIEFBOT_DATA_DIR": str(tmp / "data"), "BRIEFBOT_INDEX_DIR": str(tmp / "index"),
        "BRIEFBOT_STATE_DIR": str(tmp / "state"), "BRIEFBOT_CACHE_DIR": str(cache),
        "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1",
    }


def _run(tmp: Path, env: dict[str, str], timeout: float) -> tuple[int, str, float]:
    """`briefbot run` to its end: exit code, everything printed, seconds it took."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", "from bot.cli.main import main; raise SystemExit(main(['run']))"],
        cwd=tmp, env=env, capture_output=True, text=True, timeout=timeout,
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def _no_token(printed: str) -> None:
    assert SECRET not in printed and SECRET.lower() not in printed.lower(), printed[-3000:]
    assert TOKEN.replace(":", "%3A") not in printed


@pytest.mark.parametrize("status", [401, 404])
def test_a_refused_token_at_start_up_exits_1_without_printing_it(
    api: FakeBotAPI, tmp_path: Path, model_cache_dir: Path, status: int
) -> None:
    api.fail_next("getMe", error_code=status)
    code, printed, _ = _run(tmp_path, _env(tmp_path, api, model_cache_dir), 120)
    assert code == 1, printed[-3000:]
    assert "Telegram refused TELEGRAM_BOT_TOKEN" in printed
    _no_token(printed)


def test_an_error_page_echoing_the_url_never_prints_the_token(
    api: FakeBotAPI, tmp_path: Path, model_cache_dir: Path
) -> None:
    api.fail_next("getMe", error_code=502, echo_path=True)
    code, printed, _ = _run(tmp_path, _env(tmp_path, api, model_cache_dir), 120)
    assert code == 1, printed[-3000:]
    assert "cannot reach the Bot API" in printed and "upstream failed for POST" in printed
    assert "<token>" in printed  # the echo was there, masked
    _no_token(printed)


def test_getupdates_refused_for_good_exits_1_within_a_minute(
    api: FakeBotAPI, seed_index: Path, tmp_path: Path, model_cache_dir: Path
) -> None:
    copy_index(seed_index, tmp_path)
    api.fail_next("getUpdates", error_code=401, times=1000, echo_path=True)
    code, printed, took = _run(tmp_path, _env(tmp_path, api, model_cache_dir), 300)
    assert code == 1, printed[-3000:]
    assert "briefbot ready" in printed  # it had started: this is the polling loop giving up
    assert "stopped getting updates" in printed and "supervisor restarts" in printed
    ready = printed.index("briefbot ready")
    assert "Traceback" not in printed[:ready]
    _no_token(printed)
    assert took < 300


async def test_one_refused_getupdates_is_survived_and_the_heartbeat_kept(
    seed_index: Path, tmp_path: Path, embedder: object
) -> None:
    heartbeat = tmp_path / "state" / "heartbeat"
    async with started_bot(seed_index, embedder, tmp_path) as bot:  # type: ignore[arg-type]
        api = bot.api
        await api.until(lambda: heartbeat.exists(), timeout=30)
        api.fail_next("getUpdates", error_code=401)
        api.push_message(QUESTION, user_id=606)
        assert QUOTE in await bot.reply_text(606)
        first = float(heartbeat.read_text().split()[0])
        await api.until(lambda: float(heartbeat.read_text().split()[0]) > first, timeout=30)
    assert not heartbeat.exists()  # a requested stop leaves nothing to go stale


def _fill(store: object) -> None:
    """Make the state database full for real: SQLite answers SQLITE_FULL from now on."""
    import time as clock

    from retrieval.errors import StateError

    db = store.db  # type: ignore[attr-defined]
    pages = db.rows("PRAGMA page_count")[0][0]
    db.run(f"PRAGMA max_page_count = {pages}")
    size = 4096
    while size >= 4:
        try:
            db.run("INSERT INTO questions (chat_id, user_id, question, lang, answered,"
                   " asked_at) VALUES (0, 0, ?, 'id', 0, ?)", "x" * size, clock.time())
        except StateError:
            size //= 2


async def test_a_full_state_disk_still_answers_without_buttons(
    seed_index: Path, tmp_path: Path, embedder: object, caplog: pytest.LogCaptureFixture
) -> None:
    from bot.telegram.app import runtime_of

    async with started_bot(seed_index, embedder, tmp_path) as bot:  # type: ignore[arg-type]
        _fill(runtime_of(bot.app).state())
        for user in (611, 612):
            bot.api.push_message(QUESTION, user_id=user)
            assert QUOTE in await bot.reply_text(user)
            # Only "Bagikan", which needs no state: no button that would find nothing.
            markup = bot.replies(user)[0].params["reply_markup"]
            assert [b.get("callback_data") for row in markup["inline_keyboard"] for b in row] \
                == [None]
    warnings = [r for r in caplog.records if "cannot write the bot's state" in r.getMessage()]
    assert len(warnings) == 1 and "SQLITE_FULL" in warnings[0].getMessage()


async def test_an_answer_not_sent_in_time_is_not_confirmed_and_comes_again(
    seed_index: Path, tmp_path: Path, embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio
    import threading

    from tests.support import fake_bot_api
    from tests.support.bot_harness import bot_running, make_settings

    held, release = threading.Event(), threading.Event()
    original = fake_bot_api.dispatch

    def dispatch(state: object, method: str, params: dict[str, object]) -> object:
        if method == "sendMessage" and params.get("chat_id") == 631 and not release.is_set():
            held.set()
            release.wait(60)
            return 0, {}  # the connection drops: this answer never arrived
        return original(state, method, params)  # type: ignore[arg-type]

    monkeypatch.setattr(fake_bot_api, "dispatch", dispatch)
    copy_index(seed_index, tmp_path)
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api, stop_timeout=1.0)
        async with bot_running(api, settings, embedder):  # type: ignore[arg-type]
            api.push_message(QUESTION, user_id=631)
            assert await asyncio.to_thread(held.wait, 120)
            stopping = time.monotonic()
        stopped = time.monotonic() - stopping
        release.set()
        assert stopped < 1.0 + 3.0  # stop_timeout, then the confirm and shutdown (STOP_STEPS)
        assert api.pending_updates() == 1  # Telegram still holds the unanswered question
        async with bot_running(api, settings, embedder) as bot:  # type: ignore[arg-type]
            assert QUOTE in await bot.reply_text(631)
        assert api.pending_updates() == 0
