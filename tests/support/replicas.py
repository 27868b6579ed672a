"""Replicas of the bot as real processes on 127.0.0.1, as deploy/docker-compose.yml runs them.

Each is `briefbot run --webhook-url …` with BRIEFBOT_ROLE=replica, its own port and state
folder, all sharing one PostgreSQL database and one data and index folder, behind the round
robin (tests.support.round_robin); the fake Bot API posts the updates through it
(tests.support.fake_webhook). `start_indexer` adds the one indexer. Tests and bench/ use it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.bot_harness import ADMIN_ID, TOKEN
from tests.support.environment import without_settings
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.fake_webhook import WebhookDelivery
from tests.support.round_robin import RoundRobin
from tests.support.webhook_process import HOOK_URL, ROOT, accepts, free_port

HOOK_PATH = "/hook"  # HOOK_URL's path: where the balancer passes the updates on


@dataclass
class Process:
    proc: subprocess.Popen[bytes]
    port: int
    state: Path
    log: Path

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def tail(self, chars: int = 3000) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-chars:]


@dataclass
class Cluster:
    api: FakeBotAPI
    proxy: RoundRobin
    delivery: WebhookDelivery
    database_url: str
    root: Path
    cache: Path
    mode: str
    replicas: list[Process] = field(default_factory=list)
    indexer: Process | None = None

    def replies(self, chats: range | set[int]) -> Counter[int]:
        """sendMessage calls that Telegram took, per chat among `chats`."""
        return Counter(int(c.params["chat_id"]) for c in self.api.sent()
                       if int(c.params["chat_id"]) in chats)

    def start_indexer(self, **env: str) -> Process:
        self.indexer = _start(self, "indexer", free_port(), env)
        self.api.wait_for(lambda: "indexer ready" in self.indexer.tail(100_000)  # type: ignore[union-attr]
                          or self.indexer.proc.poll() is not None, 300)  # type: ignore[union-attr]
        assert self.indexer.proc.poll() is None, self.indexer.tail()
        return self.indexer


def environment(cluster: Cluster, role: str, state: Path, extra: dict[str, str]) -> dict[str, str]:
    shared = cluster.root / "shared"
    return without_settings() | {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": cluster.api.base_url,
        "BRIEFBOT_DATABASE_URL": cluster.database_url,
        "BRIEFBOT_ROLE": role,
        "BRIEFBOT_ADMIN_IDS": str(ADMIN_ID),
        "BRIEFBOT_DATA_DIR": str(shared / "data"),
        "BRIEFBOT_INDEX_DIR": str(shared / "index"),
        "BRIEFBOT_STATE_DIR": str(state),
        "BRIEFBOT_CACHE_DIR": str(cluster.cache),
        "BRIEFBOT_SEARCH_MODE": cluster.mode,
        "BRIEFBOT_REFRESH_MINUTES": "0",
        "BRIEFBOT_INDEX_WATCH_SECONDS": "0.5",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def _start(cluster: Cluster, role: str, port: int, extra: dict[str, str]) -> Process:
    state = cluster.root / f"{role}-{port}"
    state.mkdir(parents=True, exist_ok=True)
    log = state / "log"
    args = [sys.executable, "-m", "bot.cli.main", "run", "--port", str(port)]
    if role == "replica":
        args += ["--webhook-url", HOOK_URL]
    with log.open("ab") as out:
        proc = subprocess.Popen(args, cwd=state, env=environment(cluster, role, state, extra),
                                stdout=out, stderr=out)
    return Process(proc, port, state, log)


def start_replica(cluster: Cluster, port: int | None = None, **env: str) -> Process:
    """One more replica (or one restarted on `port`), once it listens."""
    replica = _start(cluster, "replica", port or free_port(), env)
    deadline = time.monotonic() + 300
    while not accepts(replica.port):
        if replica.proc.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"replica on {replica.port} did not start:\n{replica.tail()}")
        time.sleep(0.05)
    return replica


def kill(process: Process, sig: int = signal.SIGKILL) -> None:
    if process.proc.poll() is None:
        os.kill(process.proc.pid, sig)
    process.proc.wait(timeout=30)


@contextmanager
def cluster(root: Path, seed: Path, database_url: str, replicas: int, cache: Path,
            mode: str = "bm25", flood: float = 0.0, **env: str) -> Iterator[Cluster]:
    """`replicas` replicas on a copy of `seed`'s data and index, the fake Bot API posting to
    them through the round robin; everything stopped after."""
    shared = root / "shared"
    shutil.copytree(seed / "data", shared / "data")
    shutil.copytree(seed / "index", shared / "index", symlinks=True)
    ports = [free_port() for _ in range(replicas)]
    with FakeBotAPI() as api, RoundRobin([f"127.0.0.1:{p}" for p in ports]) as proxy:
        api.state.flood_per_second = flood
        delivery = WebhookDelivery(api, proxy.url + HOOK_PATH)
        running = Cluster(api, proxy, delivery, database_url, root, cache, mode)
        try:
            running.replicas = [_start(running, "replica", port, env) for port in ports]
            for replica in running.replicas:
                deadline = time.monotonic() + 300
                while not accepts(replica.port):
                    if replica.proc.poll() is not None or time.monotonic() > deadline:
                        raise AssertionError(f"replica did not start:\n{replica.tail()}")
                    time.sleep(0.05)
            delivery.start()
            yield running
        finally:
            delivery.stop()
            for process in [*running.replicas, *filter(None, [running.indexer])]:
                if process.proc.poll() is None:
                    process.proc.send_signal(signal.SIGTERM)
            for process in [*running.replicas, *filter(None, [running.indexer])]:
                try:
                    process.proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    kill(process)
