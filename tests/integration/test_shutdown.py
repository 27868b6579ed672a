"""SIGTERM to the image's `briefbot run` with answers in flight and a reindex running.

The fake Bot API holds the answers' sendMessage until the bot has begun to stop (it logged the
signal), so the signal always lands with every answer in flight; the reindex has 3,000
chunks to embed and has reported progress, so it is mid-way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from retrieval.model.embedder import Embedder
from tests.support import fake_bot_api
from tests.support.bot_harness import ADMIN_ID, TOKEN, copy_index
from tests.support.fake_bot_api import FakeBotAPI, parse_telegram_html
from tests.support.image import dockerfile, image_env_under

pytestmark = pytest.mark.integration

QUESTION = "Apa kata Gubernur tentang koordinasi?"
QUOTE = "Setiap kebijakan harus berada dalam jalur koordinasi"
ASKERS = list(range(5001, 5009))
STOP_WITHIN = 10.0  # seconds from SIGTERM to exit, the promise to operators
STARTUP = 240.0  # loading the model on a busy 2-core machine


class Holds:
    """Holds matching Bot API requests at the fake server until `release`; sees the polls."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, match: Callable[[str, Any], bool]):
        self.held: list[dict[str, Any]] = []
        self.delivered: set[int] = set()  # update ids getUpdates handed to the bot
        self.released = threading.Event()
        self._seen = threading.Condition()
        original = fake_bot_api.dispatch

        def dispatch(state: Any, method: str, params: dict[str, Any]) -> Any:
            if not self.released.is_set() and match(method, params):
                with self._seen:
                    self.held.append(params)
                    self._seen.notify_all()
                self.released.wait(60)
            status, payload = original(state, method, params)
            if method == "getUpdates":
                with self._seen:
                    self.delivered |= {u["update_id"] for u in payload["result"]}
                    self._seen.notify_all()
            return status, payload

        monkeypatch.setattr(fake_bot_api, "dispatch", dispatch)

    def wait(self, predicate: Callable[[], bool], timeout: float) -> None:
        with self._seen:
            assert self._seen.wait_for(predicate, timeout), (self.held, self.delivered)

    def release(self) -> None:
        self.released.set()


def _is_answer(method: str, params: Any) -> bool:
    return method == "sendMessage" and params.get("chat_id") in ASKERS


@pytest.fixture
def server(
    seed_index: Path, model_cache_dir: Path, embedder: Embedder, tmp_path: Path
) -> Iterator[tuple[dict[str, str], FakeBotAPI]]:
    """The image's environment over a copy of the seed index, plus 1,500 articles to index."""
    env = image_env_under(tmp_path, model_cache_dir)
    data, index = Path(env["BRIEFBOT_DATA_DIR"]), Path(env["BRIEFBOT_INDEX_DIR"])
    copy_index(seed_index, tmp_path / "staging")
    data.parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / "staging" / "data").rename(data)
    (tmp_path / "staging" / "index").rename(index)
    words = "anggaran jalan sekolah rumah sakit pelabuhan listrik air pertanian pariwisata"
    for n in range(1500):
        body = " ".join(f"Kalimat {j} laporan {n} tentang {words}." for j in range(6))
        article = data / f"uji_{n:04d}.md"
        article.write_text(f"---\ntitle: Laporan uji {n}\n---\n{body}\n", encoding="utf-8")
    with FakeBotAPI() as api:
        env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url,
                "BRIEFBOT_ADMIN_IDS": str(ADMIN_ID)}
        yield env, api


def _start(env: dict[str, str], api: FakeBotAPI, log: Path) -> subprocess.Popen[bytes]:
    """The image's CMD, as written; returns once the bot has registered its commands."""
    [cmd] = [json.loads(i.args) for i in dockerfile() if i.keyword == "CMD"]
    ready = len(api.calls("setMyCommands"))
    with log.open("wb") as err:
        proc = subprocess.Popen(cmd, env=env, cwd=log.parent, stdout=err, stderr=err)
    try:
        api.wait_for(lambda: len(api.calls("setMyCommands")) > ready or proc.poll() is not None,
                     timeout=STARTUP)
    except AssertionError:
        proc.kill()
        raise
    assert proc.poll() is None, log.read_text(encoding="utf-8")[-3000:]
    return proc


def _stop(proc: subprocess.Popen[bytes], log: Path, before: Callable[[], None] = lambda: None
          ) -> str:
    """SIGTERM, then `before` (while it stops); assert a clean exit within the promise."""
    signalled = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    before()
    try:
        code = proc.wait(timeout=max(0.1, signalled + STOP_WITHIN - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail(f"still running {STOP_WITHIN:.0f} s after SIGTERM:\n"
                    + log.read_text(encoding="utf-8")[-3000:])
    text = log.read_text(encoding="utf-8")
    assert code == 0, text[-3000:]
    return text


def _texts(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [parse_telegram_html(str(c.params["text"]))[0] for c in api.sent(chat_id)]


def test_sigterm_sends_every_answer_in_flight_and_keeps_the_old_index(
    server: tuple[dict[str, str], FakeBotAPI], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env, api = server
    index = Path(env["BRIEFBOT_INDEX_DIR"])
    current, builds = os.readlink(index / "current"), sorted(os.listdir(index / "builds"))
    holds = Holds(monkeypatch, _is_answer)
    first_log = tmp_path / "first.log"
    bot = _start(env, api, first_log)
    try:
        api.push_message("/reindex", user_id=ADMIN_ID)
        api.wait_for(lambda: [c for c in api.calls("editMessageText")
                              if "Mengindeks ulang:" in str(c.params["text"])], timeout=120)
        asked = {api.push({"message": api.make_message(QUESTION, user_id=u)}) for u in ASKERS}
        holds.wait(lambda: holds.delivered >= asked and bool(holds.held), 120)

        def release_once_stopping() -> None:
            deadline = time.monotonic() + STOP_WITHIN
            while "SIGTERM: stopping" not in first_log.read_text(encoding="utf-8"):
                assert time.monotonic() < deadline, "the bot did not begin to stop"
                time.sleep(0.05)
            assert not api.sent(ASKERS[0])  # the answers were still in flight
            holds.release()

        log = _stop(bot, first_log, release_once_stopping)
    finally:
        holds.release()
        if bot.poll() is None:
            bot.kill()
    for user in ASKERS:
        [answer] = _texts(api, user)
        assert QUOTE in answer
    status = [c for c in api.calls("editMessageText") if c.params["chat_id"] == ADMIN_ID]
    last = parse_telegram_html(str(status[-1].params["text"]))[0]
    assert "gagal" in last and "the bot is stopping" in last and "Indeks lama tetap dipakai" in last
    assert "SIGTERM: stopping" in log and "Traceback" not in log
    assert os.readlink(index / "current") == current
    assert sorted(os.listdir(index / "builds")) == builds  # no half-written build left behind

    # Restarted, the bot serves the old index (1 article, not the 601 of the abandoned build)
    # and gets none of the updates it already handled.
    second_log = tmp_path / "second.log"
    bot = _start(env, api, second_log)
    try:
        api.push_message("/sources", user_id=999)
        api.push_message(QUESTION, user_id=998)
        api.wait_for(lambda: api.sent(999) and api.sent(998), timeout=120)
    finally:
        _stop(bot, second_log)
    assert "(1)" in _texts(api, 999)[0].splitlines()[0]
    assert QUOTE in _texts(api, 998)[0]
    assert all(len(api.sent(user)) == 1 for user in ASKERS)
    assert len(api.sent(ADMIN_ID)) == 1  # the /reindex was not run again
