"""Delivery and shutdown under load: `briefbot run` as a process against the fake Bot API.

    flock /tmp/briefbot-heavy.lock python bench/bench_reliability.py [--users 200] [--each 5]

1. load: users x each questions at once -> count the replies (must be exactly one each).
2. sigterm: the same load again, SIGTERM once `--stop-after` of them are answered -> seconds to
   exit (against the documented grace), updates Telegram was told are handled (confirmed) and
   how many of those got no answer (must be 0).
3. restart: the unconfirmed rest is answered by the restarted bot -> totals and duplicates.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_bot import QUESTIONS
from bot.settings import Settings
from bot.telegram.serving import STOP_STEPS
from tests.support.environment import without_settings
from tests.support.fake_bot_api import FakeBotAPI

ROOT = Path(__file__).resolve().parents[1]
GRACE = 15.0  # deploy/briefbot.service TimeoutStopSec, deploy/docker-compose.yml stop_grace_period


def start(work: Path, api: FakeBotAPI, cache: Path, log: Path) -> subprocess.Popen[bytes]:
    env = without_settings() | {
            "TELEGRAM_BOT_TOKEN": "4242:BENCH-reliability", "TELEGRAM_API_BASE_URL": api.base_url,
            "BRIEFBOT_DATA_DIR": str(work / "data"), "BRIEFBOT_INDEX_DIR": str(work / "index"),
            "BRIEFBOT_STATE_DIR": str(work / "state"), "BRIEFBOT_CACHE_DIR": str(cache),
            "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    ready = len(api.calls("setMyCommands"))
    with log.open("ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli.main", "run"], cwd=work, env=env,
                                stdout=out, stderr=out)
    api.wait_for(lambda: len(api.calls("setMyCommands")) > ready or proc.poll() is not None, 600)
    if proc.poll() is not None:
        raise SystemExit(log.read_text(encoding="utf-8")[-3000:])
    return proc


def push_load(api: FakeBotAPI, users: range, each: int) -> dict[int, int]:
    """Each user asks `each` questions; returns update id -> user."""
    asked = {}
    for n in range(each):
        for user in users:
            message = api.make_message(QUESTIONS[(user + n) % len(QUESTIONS)], user_id=user)
            asked[api.push({"message": message})] = user
    return asked


def replies(api: FakeBotAPI, users: range) -> Counter[int]:
    return Counter(int(c.params["chat_id"]) for c in api.sent()
                   if int(c.params["chat_id"]) in users)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--each", type=int, default=5)
    parser.add_argument("--stop-after", type=int, default=100)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "briefbot")
    args = parser.parse_args()
    total = args.users * args.each
    work = Path(tempfile.mkdtemp(prefix="bench-reliability-"))
    result: dict[str, object] = {"machine": "2-core x86_64 AMD EPYC, 24 GiB, CPU only"}
    try:
        shutil.copytree(ROOT / "data", work / "data", ignore=shutil.ignore_patterns(".*"))
        log = work / "bot.log"
        with FakeBotAPI() as api:
            bot = start(work, api, args.cache, log)
            load = range(100_000, 100_000 + args.users)
            began = time.monotonic()
            push_load(api, load, args.each)
            api.wait_for(lambda: sum(replies(api, load).values()) >= total, 900)
            took = time.monotonic() - began
            time.sleep(2)  # a duplicate would arrive by now
            got = replies(api, load)
            result["load"] = {"questions": total, "replies": sum(got.values()),
                              "users_with_wrong_count": sum(1 for u in load if got[u] != args.each),
                              "wall_s": round(took, 1), "replies_per_s": round(total / took, 1)}

            stopped = range(200_000, 200_000 + args.users)
            asked = push_load(api, stopped, args.each)
            api.wait_for(lambda: sum(replies(api, stopped).values()) >= args.stop_after, 900)
            signalled = time.monotonic()
            bot.send_signal(signal.SIGTERM)
            code = bot.wait(60)
            exit_s = time.monotonic() - signalled
            with api.state.lock:
                pending = {p.update["update_id"] for p in api.state.updates}
            confirmed = Counter(user for uid, user in asked.items() if uid not in pending)
            answered = replies(api, stopped)
            lost = sum(max(0, confirmed[u] - answered[u]) for u in stopped)
            settings = Settings(_env_file=None)  # type: ignore[call-arg]
            result["sigterm"] = {
                "exit_code": code, "exit_s": round(exit_s, 2),
                "promised_s": settings.stop_timeout + STOP_STEPS, "grace_s": GRACE,
                "exit_over_grace": round(exit_s / GRACE, 2),
                "answered_before_exit": sum(answered.values()),
                "confirmed": sum(confirmed.values()), "confirmed_unanswered": lost,
            }

            bot = start(work, api, args.cache, log)
            api.wait_for(lambda: sum(replies(api, stopped).values()) >= total, 900)
            time.sleep(2)
            bot.send_signal(signal.SIGTERM)
            bot.wait(60)
            final = replies(api, stopped)
            result["restart"] = {"replies": sum(final.values()),
                                 "duplicates": sum(max(0, final[u] - args.each) for u in stopped),
                                 "missing": sum(max(0, args.each - final[u]) for u in stopped)}
        print(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
