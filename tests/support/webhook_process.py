"""`briefbot run --webhook-url …` as a real process, on a free port of 127.0.0.1."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.support.bot_harness import TOKEN
from tests.support.environment import without_settings
from tests.support.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[2]
HOOK_URL = "https://bot.example.org/hook"


def cpu_seconds(pid: int) -> float:
    """CPU time a process has used (user + system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def accepts(port: int) -> bool:
    """Whether the webhook server accepts connections yet (it may bind after setWebhook)."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start(api: FakeBotAPI, folder: Path, cache: Path, port: int,
          descriptors: int | None = None) -> subprocess.Popen[str]:
    """Run the bot on `folder`'s data and index with the default listen address; optionally
    with at most `descriptors` open files, as systemd's default of 1,024 allows."""
    env = without_settings() | {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "BRIEFBOT_DATA_DIR": str(folder / "data"),
        "BRIEFBOT_INDEX_DIR": str(folder / "index"),
        "BRIEFBOT_STATE_DIR": str(folder / "state"),
        "BRIEFBOT_CACHE_DIR": str(cache),
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    code = ("import sys; from bot.telegram.app import run; from bot.settings import Settings; "
            f"sys.exit(run(Settings(), {HOOK_URL!r}, port={port}))")
    limit: Callable[[], None] | None = None
    if descriptors is not None:
        hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]

        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (descriptors, hard))

    return subprocess.Popen([sys.executable, "-c", code], cwd=folder, env=env,
                            preexec_fn=limit, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


async def secret_once_listening(api: FakeBotAPI, proc: subprocess.Popen[str],
                                port: int) -> str:
    """Wait for the bot to register its webhook and listen; return the secret it registered."""
    from tests.support.polling import until

    # The process exiting early (e.g. webhook support missing) fails at once, with why.
    await api.until(lambda: api.calls("setWebhook") or proc.poll() is not None, timeout=180)
    assert proc.poll() is None, proc.communicate()[1][-2000:]
    [hook] = api.calls("setWebhook")
    assert hook.params["url"] == HOOK_URL
    await until(lambda: accepts(port), timeout=60)
    return str(hook.params["secret_token"])
