"""`run` as a user starts it: without a token, and as a real process in webhook mode."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings
from bot.telegram.app import run
from tests.support.bot_harness import TOKEN, copy_index
from tests.support.fake_bot_api import FakeBotAPI, parse_telegram_html
from tests.support.polling import until

ROOT = Path(__file__).resolve().parents[2]


def test_without_a_token_run_says_how_to_get_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = Settings(_env_file=None, telegram_bot_token=None,  # type: ignore[call-arg]
                        state_dir=tmp_path / "state", index_dir=tmp_path / "index")
    assert run(settings) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "@BotFather" in err[0] and "TELEGRAM_BOT_TOKEN" in err[0]
    assert "briefbot chat" in err[0]


def _accepts(port: int) -> bool:
    """Whether the webhook server accepts connections yet (it may bind after setWebhook)."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


async def _status(port: int, headers: dict[str, str], body: bytes = b"") -> int:
    """The HTTP status the webhook answers to these headers (and body), within 10 s."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(f"POST /hook HTTP/1.1\r\nHost: bot\r\n{head}\r\n".encode() + body)
        await writer.drain()
        line = await asyncio.wait_for(reader.readline(), 10)
        return int(line.split()[1])
    finally:
        writer.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.integration
async def test_webhook_process_checks_the_secret_and_answers(
    seed_index: Path, model_cache_dir: Path, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    port = _free_port()
    with FakeBotAPI() as api:
        env = {
            **os.environ,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "BRIEFBOT_DATA_DIR": str(tmp_path / "data"),
            "BRIEFBOT_INDEX_DIR": str(tmp_path / "index"),
            "BRIEFBOT_STATE_DIR": str(tmp_path / "state"),
            "BRIEFBOT_CACHE_DIR": str(model_cache_dir),
            "PYTHONPATH": str(ROOT),
        }
        code = (
            "import sys; from bot.telegram.app import run; from bot.settings import Settings; "
            f"sys.exit(run(Settings(), 'https://bot.example.org/hook', listen='127.0.0.1', "
            f"port={port}))"
        )
        proc = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            # the process exiting early (e.g. webhook support missing) fails at once, with why
            await api.until(lambda: api.calls("setWebhook") or proc.poll() is not None,
                            timeout=180)
            assert proc.poll() is None, proc.communicate()[1][-2000:]
            [hook] = api.calls("setWebhook")
            assert hook.params["url"] == "https://bot.example.org/hook"
            secret = str(hook.params["secret_token"])
            assert len(secret) >= 32
            await until(lambda: _accepts(port), timeout=60)
            update = {"update_id": 1, "message": api.make_message(
                "Apa kata Gubernur tentang koordinasi?", user_id=901)}
            url = f"http://127.0.0.1:{port}/hook"
            async with httpx.AsyncClient() as client:
                forged = await client.post(url, content=json.dumps(update),
                                           headers={"X-Telegram-Bot-Api-Secret-Token": "guess",
                                                    "Content-Type": "application/json"})
                assert forged.status_code == 403
                # The refusal closes the connection and says so: the next request is not lost.
                assert forged.headers["connection"] == "close"
                # 200 comes once the update is answered (Telegram waits up to a minute).
                real = await client.post(url, content=json.dumps(update), timeout=60,
                                         headers={"X-Telegram-Bot-Api-Secret-Token": secret,
                                                  "Content-Type": "application/json"})
                assert real.status_code == 200
            # Refused on the headers alone: the promised 90 MB body is never sent or read.
            assert await _status(port, {"X-Telegram-Bot-Api-Secret-Token": "guess",
                                        "Content-Length": str(90_000_000)}) == 403
            assert await _status(port, {"Content-Length": str(90_000_000)}) == 403
            assert await _status(port, {"X-Telegram-Bot-Api-Secret-Token": secret,
                                        "Content-Length": str(90_000_000)}) in (400, 413)
            assert await _status(port, {"X-Telegram-Bot-Api-Secret-Token": secret,
                                        "Transfer-Encoding": "chunked"},
                                 body=b"%x\r\n%s\r\n" % (600_000, b"x" * 600_000)) in (400, 413)
            [reply] = await api.until(lambda: api.sent(901))
            text = parse_telegram_html(reply.params["text"])[0]
            assert "Setiap kebijakan harus berada dalam jalur koordinasi" in text
            assert len(api.sent()) == 1  # the forged update was not handled
        finally:
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err[-2000:]
        assert TOKEN not in err and TOKEN.split(":")[1] not in err
        assert "briefbot ready as @BriefTestBot" in err
