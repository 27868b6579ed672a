"""A fake Telegram Bot API on 127.0.0.1: real HTTP, records every call, checks HTML like Telegram.

Point python-telegram-bot at it with `base_url=server.base_url`; push updates with
`push_message` / `push_callback`; read what the bot did from `calls` or `wait_for`.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

BOT_ID = 777000111
BOT_USERNAME = "BriefTestBot"
# Fields python-telegram-bot sends as raw strings; everything else it sends JSON-encoded.
_STRING_FIELDS = frozenset(
    {"text", "parse_mode", "callback_query_id", "action", "url", "secret_token", "language_code"}
)
_ALLOWED_ATTRS = {
    "a": {"href"}, "blockquote": {"expandable"}, "span": {"class"}, "code": {"class"},
    "tg-emoji": {"emoji-id"},
}
_ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
     "code", "pre", "blockquote", "tg-emoji"}
)
_ENTITY_NAMES = frozenset({"lt", "gt", "amp", "quot"})


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            self.errors.append(f"unsupported start tag {tag!r}")
        for name, _ in attrs:
            if name not in _ALLOWED_ATTRS.get(tag, set()):
                self.errors.append(f"unsupported attribute {name!r} on {tag!r}")
        if tag == "blockquote" and "blockquote" in self.stack:
            self.errors.append("nested blockquote")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unmatched end tag {tag!r}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ch in "<>&":
            if ch in data:
                self.errors.append(f"unescaped {ch!r}")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _ENTITY_NAMES:
            self.errors.append(f"unsupported entity &{name};")
        self.text.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(name, "?"))

    def handle_charref(self, name: str) -> None:
        self.text.append(chr(int(name[1:], 16) if name[:1] in "xX" else int(name)))


def parse_telegram_html(text: str) -> tuple[str, list[str]]:
    """Return (the text a user sees, problems Telegram would refuse the message for)."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        parser.errors.append(f"unparsed tail {parser.rawdata[:20]!r}")
    errors = list(parser.errors) + [f"unclosed tag {t!r}" for t in parser.stack]
    plain = "".join(parser.text)
    if len(plain.encode("utf-16-le")) // 2 > 4096:
        errors.append("message is too long")
    if not plain.strip():
        errors.append("message text is empty")
    return plain, errors


@dataclass
class Call:
    """One Bot API request the bot made, with what the fake answered."""

    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    result: Any = None


@dataclass
class _Pending:
    update: dict[str, Any]
    at: float


@dataclass
class _State:
    lock: threading.Condition = field(default_factory=threading.Condition)
    updates: list[_Pending] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    next_update: int = 1
    next_message: int = 1
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    commands: dict[str, Any] = field(default_factory=dict)
    pushed_at: dict[int, float] = field(default_factory=dict)


class FakeBotAPI:
    """The server; use as a context manager or call start()/stop()."""

    def __init__(self) -> None:
        self.state = _State()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ----- life cycle -----
    def start(self) -> FakeBotAPI:
        state = self.state

        class Handler(_Handler):
            shared = state

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
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
            self.state.updates.append(_Pending(update, now))
            self.state.pushed_at[uid] = now
            self.state.lock.notify_all()
        return uid

    def push_message(
        self,
        text: str,
        user_id: int = 1001,
        chat_id: int | None = None,
        chat_type: str = "private",
        reply_to: dict[str, Any] | None = None,
        language_code: str | None = None,
        edited: bool = False,
        **extra: Any,
    ) -> dict[str, Any]:
        """Queue a message from a user; commands and @mentions get entities like Telegram's."""
        message = self.make_message(
            text, user_id, chat_id, chat_type, reply_to, language_code, **extra
        )
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

    def push_callback(self, message: dict[str, Any], data: str, user_id: int = 1001) -> str:
        """Queue a press on an inline button of `message` (a message the bot sent)."""
        qid = f"cq{time.monotonic_ns()}"
        user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
        self.push({"callback_query": {
            "id": qid, "from": user, "chat_instance": "ci", "data": data, "message": message,
        }})
        return qid

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

    def fail_next(self, method: str, error_code: int = 429, retry_after: int = 1) -> None:
        """Make the next call of `method` fail like Telegram's flood control does."""
        error: dict[str, Any] = {"ok": False, "error_code": error_code,
                                 "description": f"Too Many Requests: retry after {retry_after}"}
        if error_code == 429:
            error["parameters"] = {"retry_after": retry_after}
        with self.state.lock:
            self.state.failures.setdefault(method, []).append(error)

    def pushed_at(self, update_id: int) -> float:
        with self.state.lock:
            return self.state.pushed_at[update_id]

    def pending_updates(self) -> int:
        with self.state.lock:
            return len(self.state.updates)


class _Handler(BaseHTTPRequestHandler):
    shared: _State
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        method = self.path.rstrip("/").rsplit("/", 1)[-1]
        params = _decode(body, self.headers.get("Content-Type") or "")
        status, payload = _dispatch(self.shared, method, params)
        data = json.dumps(payload).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the bot stopped polling and closed its connection


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


def _dispatch(s: _State, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    if method == "getUpdates":
        return 200, {"ok": True, "result": _get_updates(s, params)}
    with s.lock:
        call = Call(method, params, time.monotonic())
        s.calls.append(call)
        queued = s.failures.get(method)
        if queued:
            error = queued.pop(0)
            call.ok, call.result = False, error
            s.lock.notify_all()
            return int(error["error_code"]), error
        try:
            if method not in _METHODS:
                raise _NotFound
            result = _METHODS[method](s, params)
        except _NotFound:
            call.ok = False
            call.result = {"ok": False, "error_code": 404, "description": "Not Found"}
            s.lock.notify_all()
            return 404, call.result
        except _BadRequest as exc:
            call.ok = False
            call.result = {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            s.lock.notify_all()
            return 400, call.result
        call.result = result
        s.lock.notify_all()
        return 200, {"ok": True, "result": result}


class _BadRequest(Exception):
    pass


class _NotFound(Exception):
    pass


def _get_updates(s: _State, params: dict[str, Any]) -> list[dict[str, Any]]:
    offset = int(params.get("offset") or 0)
    timeout = float(params.get("timeout") or 0)
    limit = int(params.get("limit") or 100)
    deadline = time.monotonic() + min(timeout, 2.0)  # short polls keep shutdown quick
    with s.lock:
        s.updates = [p for p in s.updates if p.update["update_id"] >= offset]
        while not s.updates and time.monotonic() < deadline:
            s.lock.wait(deadline - time.monotonic())
            s.updates = [p for p in s.updates if p.update["update_id"] >= offset]
        return [p.update for p in s.updates[:limit]]


def _bot_user() -> dict[str, Any]:
    return {"id": BOT_ID, "is_bot": True, "first_name": "Brief", "username": BOT_USERNAME,
            "can_join_groups": True, "can_read_all_group_messages": False,
            "supports_inline_queries": False}


def _visible(params: dict[str, Any]) -> str:
    text = str(params.get("text") or "")
    if params.get("parse_mode") != "HTML":
        if not text.strip():
            raise _BadRequest("message text is empty")
        return text
    plain, errors = parse_telegram_html(text)
    if errors:
        raise _BadRequest(f"can't parse entities: {errors[0]}")
    return plain


def _send_message(s: _State, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = int(params["chat_id"])
    text = _visible(params)
    mid = s.next_message
    s.next_message += 1
    message: dict[str, Any] = {
        "message_id": mid, "date": int(time.time()), "from": _bot_user(),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
        "text": text,
    }
    if "reply_markup" in params:
        message["reply_markup"] = params["reply_markup"]
    reply = params.get("reply_parameters") or {}
    target = reply.get("message_id") or params.get("reply_to_message_id")
    if target is not None:
        original = s.messages.get((chat_id, int(target)))
        message["reply_to_message"] = original or {
            "message_id": int(target), "date": int(time.time()), "chat": message["chat"]}
    s.messages[(chat_id, mid)] = message
    return message


def _edit_message_text(s: _State, params: dict[str, Any]) -> dict[str, Any]:
    key = (int(params["chat_id"]), int(params["message_id"]))
    old = s.messages.get(key)
    if old is None:
        raise _BadRequest("message to edit not found")
    text = _visible(params)
    if text == old["text"] and params.get("reply_markup") == old.get("reply_markup"):
        raise _BadRequest("message is not modified")
    new = {**old, "text": text, "edit_date": int(time.time())}
    new.pop("reply_markup", None)
    if "reply_markup" in params:
        new["reply_markup"] = params["reply_markup"]
    s.messages[key] = new
    return new


def _answer_callback(s: _State, params: dict[str, Any]) -> bool:
    if len(str(params.get("text") or "")) > 200:
        raise _BadRequest("text is too long")
    return True


def _set_commands(s: _State, params: dict[str, Any]) -> bool:
    scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
    s.commands[scope] = params.get("commands") or []
    return True


def _get_commands(s: _State, params: dict[str, Any]) -> list[Any]:
    scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
    return list(s.commands.get(scope, []))


_METHODS: dict[str, Any] = {
    "getMe": lambda s, p: _bot_user(),
    "sendMessage": _send_message,
    "editMessageText": _edit_message_text,
    "answerCallbackQuery": _answer_callback,
    "setMyCommands": _set_commands,
    "getMyCommands": _get_commands,
    "deleteWebhook": lambda s, p: True,
    "setWebhook": lambda s, p: True,
    "close": lambda s, p: True,
    "sendChatAction": lambda s, p: True,
}
