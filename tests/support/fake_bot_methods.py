"""The fake Bot API's state and methods: what each call does and answers."""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.support.telegram_html import parse_telegram_html

BOT_ID = 777000111
BOT_USERNAME = "BriefTestBot"
# Telegram's limits, written out here rather than taken from the bot's own constants.
MESSAGE_UNITS = 4096
NOTICE_UNITS = 200
CALLBACK_DATA_BYTES = 64


@dataclass
class Call:
    """One Bot API request the bot made, with what the fake answered."""

    method: str
    params: dict[str, Any]
    at: float
    ok: bool = True
    result: Any = None


@dataclass
class Pending:
    update: dict[str, Any]
    at: float


@dataclass
class State:
    lock: threading.Condition = field(default_factory=threading.Condition)
    updates: list[Pending] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    next_update: int = 1
    next_message: int = 1
    failures: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    commands: dict[str, Any] = field(default_factory=dict)
    pushed_at: dict[int, float] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # file_id -> what a user sent
    # Telegram's flood limit for one bot (about 30 messages a second; 0: none): more messages
    # within a second are refused with 429 and retry_after.
    flood_per_second: float = 0.0
    sent_times: deque[float] = field(default_factory=deque)
    admins: dict[int, set[int]] = field(default_factory=dict)  # group chat id -> admin user ids
    blocked: set[int] = field(default_factory=set)  # chats that blocked the bot (403)
    # Parse each inline result's HTML as Telegram would; a benchmark turns it off so that the
    # fake's own parsing (in the bot's process) is not counted as the bot's latency.
    check_inline_html: bool = True


def dispatch(s: State, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
    if method == "getUpdates":
        with s.lock:
            queued = s.failures.get(method)
            if queued:
                error = queued.pop(0)
                return int(error["error_code"]), error
        return 200, {"ok": True, "result": _get_updates(s, params)}
    with s.lock:
        call = Call(method, params, time.monotonic())
        s.calls.append(call)
        queued = s.failures.get(method)
        if queued:
            error = queued.pop(0)
            call.ok, call.result = False, error
            s.lock.notify_all()
            return int(error["error_code"]), error  # 0: dropped connection
        if method == "sendMessage" and _flooded(s, call.at):
            call.ok = False
            call.result = {"ok": False, "error_code": 429, "parameters": {"retry_after": 1},
                           "description": "Too Many Requests: retry after 1"}
            s.lock.notify_all()
            return 429, call.result
        try:
            if method not in _METHODS:
                raise _NotFound
            result = _METHODS[method](s, params)
        except _NotFound:
            call.ok = False
            call.result = {"ok": False, "error_code": 404, "description": "Not Found"}
            s.lock.notify_all()
            return 404, call.result
        except _Forbidden as exc:
            call.ok = False
            call.result = {"ok": False, "error_code": 403, "description": f"Forbidden: {exc}"}
            s.lock.notify_all()
            return 403, call.result
        except _BadRequest as exc:
            call.ok = False
            call.result = {"ok": False, "error_code": 400, "description": f"Bad Request: {exc}"}
            s.lock.notify_all()
            return 400, call.result
        call.result = result
        s.lock.notify_all()
        return 200, {"ok": True, "result": result}


def _flooded(s: State, now: float) -> bool:
    """Whether one more message now passes the flood limit (then it is not counted)."""
    if not s.flood_per_second:
        return False
    while s.sent_times and s.sent_times[0] <= now - 1.0:
        s.sent_times.popleft()
    if len(s.sent_times) >= s.flood_per_second:
        return True
    s.sent_times.append(now)
    return False


class _BadRequest(Exception):
    pass


class _NotFound(Exception):
    pass


def _get_updates(s: State, params: dict[str, Any]) -> list[dict[str, Any]]:
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
            "supports_inline_queries": True}


def _units(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def _visible(params: dict[str, Any]) -> str:
    """The text a user would see, refused as Telegram refuses it (bad HTML, too long, empty);
    the message's buttons too (callback data of 1 to 64 bytes)."""
    _check_markup(params.get("reply_markup"))
    text = str(params.get("text") or "")
    if params.get("parse_mode") != "HTML":
        if not text.strip():
            raise _BadRequest("message text is empty")
        if _units(text) > MESSAGE_UNITS:
            raise _BadRequest("message is too long")
        return text
    plain, errors = parse_telegram_html(text)
    if errors:
        raise _BadRequest(f"can't parse entities: {errors[0]}")
    return plain


def _check_markup(markup: Any) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if not str(button.get("text") or "").strip():
                raise _BadRequest("text buttons are unallowed in the inline keyboard")
            if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_BYTES:
                raise _BadRequest("BUTTON_DATA_INVALID")


class _Forbidden(Exception):
    pass


def _send_message(s: State, params: dict[str, Any]) -> dict[str, Any]:
    chat_id = int(params["chat_id"])
    if chat_id in s.blocked:
        raise _Forbidden("bot was blocked by the user")
    text = _visible(params)
    if len(text.encode("utf-16-le")) // 2 > 4096:
        raise _BadRequest("message is too long")
    mid = s.next_message
    s.next_message += 1
    message: dict[str, Any] = {
        "message_id": mid, "date": int(time.time()), "from": _bot_user(),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
        "text": text,
    }
    if "reply_markup" in params:
        message["reply_markup"] = params["reply_markup"]
    if params.get("message_thread_id"):
        message["message_thread_id"] = int(params["message_thread_id"])
        message["is_topic_message"] = True
    reply = params.get("reply_parameters") or {}
    target = reply.get("message_id") or params.get("reply_to_message_id")
    if target is not None:
        original = s.messages.get((chat_id, int(target)))
        message["reply_to_message"] = original or {
            "message_id": int(target), "date": int(time.time()), "chat": message["chat"]}
    s.messages[(chat_id, mid)] = message
    return message


def _edit_message_text(s: State, params: dict[str, Any]) -> dict[str, Any]:
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


def _edit_reply_markup(s: State, params: dict[str, Any]) -> dict[str, Any]:
    _check_markup(params.get("reply_markup"))
    key = (int(params["chat_id"]), int(params["message_id"]))
    old = s.messages.get(key)
    if old is None:
        raise _BadRequest("message to edit not found")
    new = {k: v for k, v in old.items() if k != "reply_markup"}
    if params.get("reply_markup"):
        new["reply_markup"] = params["reply_markup"]
    s.messages[key] = new
    return new


def _answer_callback(s: State, params: dict[str, Any]) -> bool:
    if _units(str(params.get("text") or "")) > NOTICE_UNITS:
        raise _BadRequest("MESSAGE_TOO_LONG")
    return True


def _set_commands(s: State, params: dict[str, Any]) -> bool:
    scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
    s.commands[scope] = params.get("commands") or []
    return True


def _get_commands(s: State, params: dict[str, Any]) -> list[Any]:
    scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
    return list(s.commands.get(scope, []))


def _get_file(s: State, params: dict[str, Any]) -> dict[str, Any]:
    file_id = str(params.get("file_id"))
    if file_id not in s.files:
        raise _BadRequest("wrong file_id or the file is temporarily unavailable")
    return {"file_id": file_id, "file_unique_id": f"u{file_id}",
            "file_size": len(s.files[file_id]), "file_path": f"documents/{file_id}"}


def _answer_inline(s: State, params: dict[str, Any]) -> bool:
    """Checks results as Telegram does: at most 50, unique ids of 1-64 bytes, valid HTML."""
    results = params.get("results") or []
    if len(results) > 50:
        raise _BadRequest("too many results")
    ids = [str(r.get("id", "")) for r in results]
    if len(set(ids)) != len(ids) or any(not 0 < len(i.encode()) <= 64 for i in ids):
        raise _BadRequest("RESULT_ID_INVALID")
    for r in results:
        content = r.get("input_message_content") or {}
        if s.check_inline_html:
            _visible({"text": content.get("message_text"),
                      "parse_mode": content.get("parse_mode")})
        if not r.get("title"):
            raise _BadRequest("RESULT_TITLE_EMPTY")
    return True


def _member(s: State, params: dict[str, Any]) -> dict[str, Any]:
    chat_id, user_id = int(params["chat_id"]), int(params["user_id"])
    status = "administrator" if user_id in s.admins.get(chat_id, set()) else "member"
    user = {"id": user_id, "is_bot": False, "first_name": f"U{user_id}"}
    member: dict[str, Any] = {"status": status, "user": user}
    if status == "administrator":
        member.update(can_be_edited=False, is_anonymous=False, can_manage_chat=True,
                      can_delete_messages=True, can_manage_video_chats=True,
                      can_restrict_members=True, can_promote_members=False,
                      can_change_info=True, can_invite_users=True, can_post_stories=False,
                      can_edit_stories=False, can_delete_stories=False)
    return member


_METHODS: dict[str, Any] = {
    "answerInlineQuery": _answer_inline,
    "getChatMember": _member,
    "getMe": lambda s, p: _bot_user(),
    "getFile": _get_file,
    "sendMessage": _send_message,
    "editMessageText": _edit_message_text,
    "editMessageReplyMarkup": _edit_reply_markup,
    "answerCallbackQuery": _answer_callback,
    "setMyCommands": _set_commands,
    "getMyCommands": _get_commands,
    "deleteWebhook": lambda s, p: True,
    "setWebhook": lambda s, p: True,
    "close": lambda s, p: True,
    "sendChatAction": lambda s, p: True,
}
