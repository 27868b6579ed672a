"""Telegram's side of a webhook, for the fake Bot API: it posts each update to the bot and
sends it again until the bot answers 200.

Once the bot has called `setWebhook`, queued updates (FakeBotAPI.push …) are posted, each with
the secret-token header the bot registered, by as many connections at once as it asked for
(`max_connections`). The address is `target` (the test's load balancer, standing for the public
URL that DNS would lead to) or, for one update, the one `push_to` names. Anything but 200 (an
error status, a refused or broken connection, no answer in `timeout`) is posted again after
`retry_after` seconds, as Telegram does, and counted.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from tests.support.fake_bot_api import FakeBotAPI

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


@dataclass
class _Item:
    update: dict[str, Any]
    due: float
    target: str | None = None


class WebhookDelivery:
    """Posts `api`'s updates to `target`; use as a context manager or start()/stop()."""

    def __init__(self, api: FakeBotAPI, target: str, retry_after: float = 0.3,
                 timeout: float = 30.0, connections: int | None = None) -> None:
        self.api, self.target = api, target
        self.retry_after, self.timeout, self._connections = retry_after, timeout, connections
        self.attempts: Counter[int] = Counter()  # update id -> posts
        self.failed: Counter[int] = Counter()  # update id -> posts not answered 200
        self.delivered: set[int] = set()
        self._queue: list[_Item] = []
        self._routes: dict[int, str] = {}
        self._in_flight = 0
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def start(self) -> WebhookDelivery:
        state = self.api.state
        hook = self.api.wait_for(lambda: self.api.calls("setWebhook"), timeout=120)[-1]
        self.secret = str(hook.params.get("secret_token") or "")
        wanted = int(hook.params.get("max_connections") or 40)
        for n in range(self._connections or wanted):
            thread = threading.Thread(target=self._post_loop, name=f"webhook-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)
        with state.lock:
            state.lock.notify_all()
        return self

    def stop(self) -> None:
        self._stop.set()
        with self.api.state.lock:
            self.api.state.lock.notify_all()
        for thread in self._threads:
            thread.join(timeout=self.timeout + 1)

    def __enter__(self) -> WebhookDelivery:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def push_to(self, update: dict[str, Any], url: str) -> int:
        """Queue an update posted to `url` (one replica) instead of `target`; its id."""
        with self.api.state.lock:
            uid = self.api.push(update)
            self._routes[uid] = url
        return uid

    def pending(self) -> int:
        """Updates not yet answered 200."""
        with self.api.state.lock:
            return len(self.api.state.updates) + len(self._queue) + self._in_flight

    def _next(self) -> _Item | None:
        state = self.api.state
        with state.lock:
            while not self._stop.is_set():
                for p in state.updates:
                    uid = int(p.update["update_id"])
                    self._queue.append(_Item(p.update, p.at, self._routes.pop(uid, None)))
                state.updates.clear()
                now = time.monotonic()
                due = [i for i in self._queue if i.due <= now]
                if due:
                    item = min(due, key=lambda i: i.due)
                    self._queue.remove(item)
                    self._in_flight += 1
                    return item
                soonest = min((i.due for i in self._queue), default=now + 0.5)
                state.lock.wait(max(0.01, min(0.5, soonest - now)))
        return None

    def _post_loop(self) -> None:
        connections: dict[str, http.client.HTTPConnection] = {}
        while (item := self._next()) is not None:
            uid = int(item.update["update_id"])
            url = item.target or self.target
            ok = self._post(connections, url, item.update)
            with self.api.state.lock:
                self.attempts[uid] += 1
                self._in_flight -= 1
                if ok:
                    self.delivered.add(uid)
                else:
                    self.failed[uid] += 1
                    item.due = time.monotonic() + self.retry_after
                    self._queue.append(item)
                self.api.state.lock.notify_all()
        for con in connections.values():
            con.close()

    def _post(self, connections: dict[str, http.client.HTTPConnection], url: str,
              update: dict[str, Any]) -> bool:
        parts = urlsplit(url)
        con = connections.get(url)
        if con is None:
            con = connections[url] = http.client.HTTPConnection(
                parts.hostname or "127.0.0.1", parts.port, timeout=self.timeout)
        body = json.dumps(update).encode()
        headers = {"Content-Type": "application/json", SECRET_HEADER: self.secret}
        try:
            con.request("POST", parts.path or "/", body, headers)
            response = con.getresponse()
            response.read()
            if response.getheader("Connection", "").lower() == "close":
                con.close()
            return response.status == 200
        except (OSError, http.client.HTTPException):
            con.close()
            connections.pop(url, None)
            return False

