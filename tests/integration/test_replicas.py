"""Three replicas on PostgreSQL behind one webhook, as real processes (tests.support.replicas).

Telegram's side is the fake Bot API posting each update through a round-robin balancer and
posting it again until a replica answers 200. bm25 mode: the model is not what is tested here
(the indexer, which builds, loads it).
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.alert_store import AlertStore
from bot.telegram.state import StateStore
from retrieval.statedb.postgres import PostgresDatabase
from tests.support.alert_articles import FLOOD, FLOOD_QUOTE
from tests.support.bot_harness import ADMIN_ID, QUESTIONS, bot_message
from tests.support.fake_bot_api import Call, parse_telegram_html
from tests.support.postgres import Server
from tests.support.replicas import HOOK_PATH, Cluster, cluster, environment, kill

pytestmark = pytest.mark.integration
THANKS = "Terima kasih atas masukannya!"
SENT = "Sumber lain itu sudah dikirim di atas."
NEW_ARTICLE = """---
title: Gubernur Resmikan Dermaga Sungai Mahakam
published: 2025-06-20
source: Biro Adpim Kaltim
---
Samarinda - Gubernur Kalimantan Timur meresmikan dermaga apung baru di tepi Sungai Mahakam.
Dermaga itu melayani perahu penumpang dari Samarinda Seberang ke pusat kota setiap hari.
"Dermaga apung ini memperpendek perjalanan warga dari seberang sungai," ujar Gubernur.
"""
NEW_QUESTION = "Untuk apa dermaga apung di Sungai Mahakam?"


@pytest.fixture(scope="module")
def replicas(seed_index: Path, postgres: Server, model_cache_dir: Path,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    root = tmp_path_factory.mktemp("replicas")
    with cluster(root, seed_index, postgres.create("replicas"), 3, model_cache_dir) as running:
        yield running


def texts_to(api_calls: list[Call]) -> list[str]:
    return [parse_telegram_html(str(c.params["text"]))[0] for c in api_calls]


def notices(c: Cluster) -> list[str]:
    return [str(x.params.get("text") or "") for x in c.api.calls("answerCallbackQuery")]


def buttons(message: dict[str, Any]) -> dict[str, str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row if "callback_data" in b}


def at(replica_address: str) -> str:
    return f"http://{replica_address}{HOOK_PATH}"


def built(c: Cluster) -> int:
    """Builds the indexer reported done."""
    return sum(1 for t in texts_to(c.api.calls("editMessageText"))
               if t.startswith("✅ Indeks diperbarui"))


def ask_load(c: Cluster, users: range, each: int) -> int:
    for n in range(each):
        for user in users:
            c.api.push_message(QUESTIONS[(user + n) % len(QUESTIONS)], user_id=user)
    return len(users) * each


def test_a_thousand_questions_from_200_users_get_a_thousand_replies(replicas: Cluster) -> None:
    c, users = replicas, range(20_000, 20_200)
    total = ask_load(c, users, 5)
    c.api.wait_for(lambda: sum(c.replies(users).values()) >= total, timeout=300)
    c.api.wait_for(lambda: c.delivery.pending() == 0, timeout=60)
    per_user = c.replies(users)
    assert sum(per_user.values()) == 1000 and set(per_user.values()) == {5}
    assert all(c.proxy.sent[r.address] > 100 for r in c.replicas), c.proxy.sent
    hooks = c.api.calls("setWebhook")  # every replica registered the same secret
    assert len(hooks) == 3 and len({h.params["secret_token"] for h in hooks}) == 1
    for replica in c.replicas:  # what the load balancer checks
        with urllib.request.urlopen(f"http://{replica.address}/healthz", timeout=10) as ok:
            assert ok.status == 200


def test_buttons_pressed_on_another_replica(replicas: Cluster) -> None:
    c = replicas
    a, b, third = (r.address for r in c.replicas)
    c.delivery.push_to({"message": c.api.make_message(QUESTIONS[1], user_id=21_001)}, at(a))
    [first] = c.api.wait_for(lambda: c.api.sent(21_001), timeout=60)
    answer = bot_message(first)
    data = buttons(answer)
    press = {"from": {"id": 21_001, "is_bot": False, "first_name": "U"}, "chat_instance": "c",
             "message": answer}
    c.delivery.push_to({"callback_query": {**press, "id": "vote", "data": data["👍"]}}, at(b))
    # "Sumber lain" tapped on two replicas at once: one page goes out.
    for n, replica in enumerate((b, third)):
        tap = {**press, "id": f"more{n}", "data": data["Sumber lain"]}
        c.delivery.push_to({"callback_query": tap}, at(replica))
    c.api.wait_for(lambda: {THANKS, SENT} <= set(notices(c)), timeout=60)
    c.api.wait_for(lambda: c.delivery.pending() == 0, timeout=60)
    replies = c.api.sent(21_001)
    assert len(replies) == 2 and texts_to(replies)[1].startswith("Sumber lain:")
    state = StateStore(PostgresDatabase(c.database_url))
    question = int(data["👍"].split(":")[1])
    assert [(user, vote) for user, vote, _ in state.feedback(question)] == [(21_001, 1)]


def test_rate_limits_hold_across_replicas(replicas: Cluster) -> None:
    c, user = replicas, 21_100
    for _ in range(15):  # round robin: five to each replica
        c.api.push_message(QUESTIONS[0], user_id=user)
    c.api.wait_for(lambda: len(c.api.sent(user)) >= 11, timeout=60)
    c.api.wait_for(lambda: c.delivery.pending() == 0, timeout=60)
    said = texts_to(c.api.sent(user))
    slow_down = [t for t in said if t.startswith("Pelan-pelan ya")]
    assert len(said) == 11 and len(slow_down) == 1 and "10 kali" in slow_down[0], said


def test_a_new_build_is_served_by_every_replica(replicas: Cluster) -> None:
    c = replicas
    indexer = c.start_indexer()
    (c.root / "shared" / "data" / "dermaga.md").write_text(NEW_ARTICLE, encoding="utf-8")
    c.api.push_message("/reindex", user_id=ADMIN_ID)  # to a replica: the indexer builds
    c.api.wait_for(lambda: built(c) >= 1, timeout=300)
    for replica in c.replicas:
        c.api.wait_for(lambda r=replica: "now serving build" in r.tail(100_000), timeout=60)
    for n, replica in enumerate(c.replicas):
        user = 23_000 + n
        c.delivery.push_to({"message": c.api.make_message(NEW_QUESTION, user_id=user)},
                           at(replica.address))
        [reply] = c.api.wait_for(lambda u=user: c.api.sent(u), timeout=60)
        assert "Gubernur Resmikan Dermaga Sungai Mahakam" in texts_to([reply])[0]
    assert "job" in indexer.tail(100_000)
    health = subprocess.run(
        [sys.executable, "-m", "bot.cli.main", "health", "--no-telegram"],
        cwd=c.replicas[0].state, capture_output=True, text=True, timeout=120,
        env=environment(c, "replica", c.replicas[0].state, {}))
    assert health.returncode == 0, health.stderr
    current = (c.root / "shared" / "index" / "current").resolve().name
    assert f"serving build {current}" in health.stdout
    assert "database postgresql://briefbot@127.0.0.1" in health.stdout
    assert "1 indexer, 3 replica beating" in health.stdout


def test_an_alert_to_a_hundred_followers_goes_once_to_each(replicas: Cluster) -> None:
    c, chats = replicas, range(22_000, 22_100)
    if c.indexer is None:
        c.start_indexer()
    for chat in chats:  # round robin: the follows are written by every replica
        c.api.push_message("/ikuti Seno Aji", user_id=chat)
    c.api.wait_for(lambda: len(c.replies(chats)) == 100, timeout=120)
    before = built(c)
    (c.root / "shared" / "data" / "banjir.md").write_text(FLOOD, encoding="utf-8")
    started = time.monotonic()
    c.api.push_message("/reindex", user_id=ADMIN_ID)
    c.api.wait_for(lambda: built(c) > before, timeout=300)
    # Every process (the indexer, and each replica once it serves the build) matches the new
    # article and may queue and send; each follower gets the alert once.
    outbox = AlertStore(PostgresDatabase(c.database_url))
    c.api.wait_for(lambda: outbox.outcomes() == {"sent": 100}, timeout=120)
    assert set(c.replies(chats).values()) == {2}  # the follow's reply, and the alert
    alerts = [x for x in c.api.sent() if int(x.params["chat_id"]) in chats
              and str(x.params["text"]).startswith("🔔")]
    assert len(alerts) == 100 and all(FLOOD_QUOTE in str(x.params["text"]) for x in alerts)
    senders = outbox.db.rows("SELECT COUNT(DISTINCT claimed_by) FROM outbox")[0][0]
    assert senders >= 2  # the processes shared the work …
    times = sorted(x.at for x in alerts)
    busiest = max(sum(1 for t in times if s <= t < s + 1.0) for s in times)
    # … at one pace: 25 a second shared (four unshared paces would reach 100); arrival times
    # at the fake server jitter by a request or two on a busy machine.
    assert busiest <= 28 and time.monotonic() - started >= 99 / 25 - 0.5


def test_a_replica_killed_mid_run_loses_nothing_and_answers_once(replicas: Cluster) -> None:
    c, users = replicas, range(24_000, 24_120)
    total = ask_load(c, users, 5)
    c.api.wait_for(lambda: sum(c.replies(users).values()) >= total // 3, timeout=120)
    kill(c.replicas[1])
    c.api.wait_for(lambda: len(c.replies(users)) == len(users)
                   and min(c.replies(users).values()) >= 5, timeout=300)
    c.api.wait_for(lambda: c.delivery.pending() == 0, timeout=120)
    per_user = c.replies(users)
    duplicated = sum(per_user.values()) - total
    db = PostgresDatabase(c.database_url)
    [(uncertain,)] = db.rows("SELECT COALESCE(SUM(ambiguous), 0) FROM updates")
    assert min(per_user.values()) == 5  # none lost
    # Only an answer on the wire when the replica died may come twice, and each is counted.
    assert 0 <= duplicated <= uncertain, (duplicated, uncertain)
    assert sum(c.delivery.failed.values()) >= 1  # the killed replica's updates came again
    assert db.rows("SELECT COUNT(*) FROM updates WHERE state != 'done'") == [(0,)]
