"""`run` as a user starts it: without a token, and as a real process in webhook mode."""

from __future__ import annotations

import asyncio
import json
import resource
import signal
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings
from bot.telegram.app import run
from tests.support.bot_harness import TOKEN, copy_index
from tests.support.fake_bot_api import FakeBotAPI, parse_telegram_html
from tests.support.webhook_process import cpu_seconds, free_port, secret_once_listening, start


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


@pytest.mark.integration
async def test_webhook_process_checks_the_secret_and_answers(
    seed_index: Path, model_cache_dir: Path, tmp_path: Path
) -> None:
    copy_index(seed_index, tmp_path)
    port = free_port()
    with FakeBotAPI() as api:
        proc = start(api, tmp_path, model_cache_dir, port)
        try:
            secret = await secret_once_listening(api, proc, port)
            assert len(secret) >= 32
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


async def _connect(port: int) -> asyncio.StreamWriter:
    _, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 30)
    return writer


def _more_descriptors(wanted: int) -> None:
    """Let this process open `wanted` files, or skip the test when its hard limit forbids."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip(f"the hard limit of open files is {hard}; the test needs {wanted}")
    if soft != resource.RLIM_INFINITY and soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


@pytest.mark.integration
async def test_idle_connections_past_the_descriptor_limit_leave_updates_answered(
    seed_index: Path, model_cache_dir: Path, tmp_path: Path
) -> None:
    _more_descriptors(1500)
    copy_index(seed_index, tmp_path)
    port = free_port()
    idle: list[asyncio.StreamWriter] = []
    with FakeBotAPI() as api:
        # systemd's default limit of 1,024 open files, and 1,100 connections that send nothing
        proc = start(api, tmp_path, model_cache_dir, port, descriptors=1024)
        try:
            secret = await secret_once_listening(api, proc, port)
            for _ in range(11):  # each one established (handshake done), as a client holds it
                idle += await asyncio.gather(*(_connect(port) for _ in range(100)))
            update = {"update_id": 7, "message": api.make_message(
                "Apa kata Gubernur tentang koordinasi?", user_id=902)}
            async with httpx.AsyncClient() as client:
                real = await client.post(
                    f"http://127.0.0.1:{port}/hook", content=json.dumps(update), timeout=30,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secret,
                             "Content-Type": "application/json"})
            assert real.status_code == 200
            assert len(api.sent(902)) == 1
            used = cpu_seconds(proc.pid)
            await asyncio.sleep(0.6)  # a spinning accept loop would take all of it
            assert cpu_seconds(proc.pid) - used < 0.25
        finally:
            for writer in idle:
                writer.close()
            proc.send_signal(signal.SIGTERM)
            _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "Too many open files" not in err, err[-2000:]
    assert len(err) < 10_000 and len(err.splitlines()) < 40, err[-3000:]  # start and stop
    assert "closing the ones idle longest" in err
