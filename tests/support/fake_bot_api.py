"""A fake Telegram Bot API on 127.0.0.1: real HTTP, records every call, strict like Telegram.

It refuses what Telegram refuses: HTML Telegram cannot parse, a text over 4,096 UTF-16 units, a
button notice over 200, callback data over 64 bytes (tests.support.fake_bot_methods).

Point python-telegram-bot at it with `base_url=server.base_url`; push updates with
`push_message` / `push_callback`; read what the bot did from `calls` or `wait_for`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

from tests.support.fake_bot_methods import BOT_ID, BOT_USERNAME, Call, Pending, State, dispatch
from tests.support.polling import POLL_SECONDS
from tests.support.telegram_html import parse_telegram_html

ECHO_PATH = "echo_path"
__all__ = ["BOT_ID", "BOT_USERNAME", "Call", "FakeBotAPI", "parse_telegram_html"]
# Fields python-telegram-bot sends as raw strings; everything else it sends JSON-encoded.
_STRING_FIELDS = frozenset(
    {"text", "parse_mode", "callback_query_id", "action", "url", "secret_token", "language_code",
     "inline_query_id"}
)


class FakeBotAPI:
    """The server; use as a context manager or call start()/stop()."""

    def __init__(self) -> None:
        self.state = State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----- life cycle -----
    def start(self) -> FakeBotAPI:
        state = self.state

        class Handler(_Handler):
            shared = state

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(POLL_SECONDS,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        with self.state.lock:
            self.state.lock.notify_all()

    def __enter__(self) -> FakeBotAPI:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/bot"

    # ----- pushing updates -----
    def push(self, update: dict[str, Any]) -> int:
        """Queue a raw update (update_id is assigned); return its id."""
        with self.state.lock:
            uid = self.state.next_update
            self.state.next_update += 1
            update = {"update_id": uid, **update}
            now = time.monotonic()
            self.state.updates.append(Pending(update, now))
            self.state.pushed_at[uid] = now
            self.state.lock.notify_all()
        return uid

    def push_message(
        self, text: str | None, user_id: int = 1001, edited: bool = False, **fields: Any
    ) -> dict[str, Any]:
        """Queue a message from a user (`fields` as make_message takes them); commands and
        @mentions get entities like Telegram's."""
        message = self.make_message(text, user_id, **fields)
        self.push({"edited_message" if edited else "message": message})
        return message

    def make_message(
        self,
        text: str | None,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        reply_to: dict[str, Any] | None = None,
        language_code: str | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """Build (without queueing) a user's message."""
        chat_id = user_id if chat_id is None else chat_id
        with self.state.lock:
            mid = self.state.next_message
            self.state.next_message += 1
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        if language_code:
            user["language_code"] = language_code
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type != "private":
            chat["title"] = "Test group"
        message: dict[str, Any] = {
            "message_id": mid, "date": int(time.time()), "chat": chat, "from": user, **extra
        }
        if text is not None:
            message["text"] = text
            entities = [
                {"type": "bot_command", "offset": m.start(), "length": len(m.group())}
                for m in re.finditer(r"^/\w+(@\w+)?", text)
            ] + [
                {"type": "mention", "offset": m.start(), "length": len(m.group())}
                for m in re.finditer(r"@\w+", text)
                if m.start() == 0 or text[m.start() - 1].isspace()
            ]
            if entities:
                message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    def add_file(self, data: bytes, name: str, mime: str) -> dict[str, Any]:
        """Keep a file a user sends; returns the `document` of the message that carries it."""
        with self.state.lock:
            file_id = f"f{len(self.state.files) + 1}"
            self.state.files[file_id] = data
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_name": name,
                "mime_type": mime, "file_size": len(data)}

    def push_callback(self, message: dict[str, Any], data: str, user_id: int = 1001) -> str:
        """Queue a press on an inline button of `message` (a message the bot sent)."""
        qid = f"cq{time.monotonic_ns()}"
        user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        self.push({"callback_query": {
            "id": qid, "from": user, "chat_instance": "ci", "data": data, "message": message,
        }})
        return qid

    def push_inline(self, query: str, user_id: int = 1001, language_code: str | None = None
                    ) -> str:
        """Queue an inline query (`@bot <query>` typed in any chat); return its id."""
        qid = f"iq{time.monotonic_ns()}"
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        if language_code:
            user["language_code"] = language_code
        self.push({"inline_query": {"id": qid, "from": user, "query": query, "offset": ""}})
        return qid

    def make_admin(self, chat_id: int, user_id: int) -> None:
        """`user_id` is an administrator of group `chat_id` (what getChatMember says)."""
        with self.state.lock:
            self.state.admins.setdefault(chat_id, set()).add(user_id)

    def block(self, chat_id: int) -> None:
        """The chat blocked the bot: sendMessage to it answers 403."""
        with self.state.lock:
            self.state.blocked.add(chat_id)

    # ----- inspecting -----
    def calls(self, method: str | None = None) -> list[Call]:
        with self.state.lock:
            return [c for c in self.state.calls if method is None or c.method == method]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Successful sendMessage calls, optionally to one chat."""
        return [
            c for c in self.calls("sendMessage")
            if c.ok and (chat_id is None or c.params.get("chat_id") == chat_id)
        ]

    def wait_for(self, predicate: Any, timeout: float = 60.0) -> Any:
        """Wait until predicate() is truthy and return its value; fail after `timeout` s."""
        deadline = time.monotonic() + timeout
        with self.state.lock:
            while True:
                value = predicate()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    methods = [c.method for c in self.state.calls][-20:]
                    raise AssertionError(f"timed out waiting; last calls: {methods}")
                self.state.lock.wait(min(left, 0.5))

    async def until(self, predicate: Any, timeout: float = 60.0) -> Any:
        """`wait_for` without blocking the event loop the bot runs in."""
        return await asyncio.to_thread(self.wait_for, predicate, timeout)

    def fail_next(self, method: str, error_code: int = 429, retry_after: int = 1,
                  times: int = 1, echo_path: bool = False) -> None:
        """Make the next `times` calls of `method` fail: 429 like flood control, 0 drops the
        connection; `echo_path` answers plain text quoting the request path, as proxies do."""
        error: dict[str, Any] = {"ok": False, "error_code": error_code,
                                 "description": f"Too Many Requests: retry after {retry_after}"}
        if error_code == 429:
            error["parameters"] = {"retry_after": retry_after}
        elif error_code in (401, 404):
            error["description"] = "Unauthorized" if error_code == 401 else "Not Found"
        if echo_path:
            error[ECHO_PATH] = True
        with self.state.lock:
            self.state.failures.setdefault(method, []).extend(dict(error) for _ in range(times))

    def pushed_at(self, update_id: int) -> float:
        with self.state.lock:
            return self.state.pushed_at[update_id]

    def pending_updates(self) -> int:
        with self.state.lock:
            return len(self.state.updates)


class QuietHandler(BaseHTTPRequestHandler):
    """HTTP/1.1, no access log; a client closing its connection is not an error."""

    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def handle(self) -> None:
        # The bot closes its long-poll connection when it stops, a killed replica its own.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


class _Handler(QuietHandler):
    shared: State

    def do_GET(self) -> None:
        if self.path.startswith("/file/bot"):  # a download of a file sent to the bot
            data = self.shared.files.get(self.path.rsplit("/", 1)[-1])
            self.send_response(200 if data is not None else 404)
            self.send_header("Content-Length", str(len(data or b"")))
            self.end_headers()
            self.wfile.write(data or b"")
            return
        self.do_POST()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        method = self.path.rstrip("/").rsplit("/", 1)[-1]
        params = _decode(body, self.headers.get("Content-Type") or "")
        status, payload = dispatch(self.shared, method, params)
        if status == 0:  # a network failure: the connection closes with no answer
            self.close_connection = True
            return
        data = json.dumps(payload).encode()
        kind = "application/json"
        if payload.get(ECHO_PATH):
            data, kind = f"upstream failed for POST {self.path}".encode(), "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def _decode(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if "json" in content_type:
        return dict(json.loads(body))
    params: dict[str, Any] = {}
    for key, value in parse_qsl(body.decode(), keep_blank_values=True):
        if key in _STRING_FIELDS:
            params[key] = value
            continue
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params
