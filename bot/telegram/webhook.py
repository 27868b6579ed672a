"""The webhook server: Telegram posts updates; 200 goes back only once the update is answered.

The secret-token header is checked as soon as the headers arrive, before any of the body is
read, and bodies are capped (Telegram's updates are a few kilobytes): a stranger cannot make
the bot buffer large uploads. Connections are limited and timed (bot.telegram.webhook_server),
and what strangers cause is logged once a minute per kind. On a stop the server takes no new
update (503: Telegram sends it again later), so an update is never confirmed without its answer.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import tornado.web
from telegram import Update

from bot.telegram.heartbeat import Heartbeat
from bot.telegram.serving import App, Limits, Tracker, first_of
from bot.telegram.webhook_server import GuardedHTTPServer, LogEvery, connection_limit

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 256 * 1024  # bytes; deploy/Caddyfile's request_body max_size says the same
HEARTBEAT_EVERY = 30.0  # seconds; updates may be rare, so the server beats while it listens
HEADER_TIMEOUT = 10.0  # seconds to send a request's headers, after connecting or an answer
BODY_TIMEOUT = 10.0
KEEP_FINISHED = 600.0  # seconds an answered update's id is kept against a second delivery
HEALTH_PATH = "/healthz"  # GET: 200 while this process answers (a load balancer's check)


@dataclass(frozen=True)
class WebhookConfig:
    """Where Telegram posts (the public URL) and where this server listens."""

    url: str
    listen: str
    port: int
    secret: str

    @property
    def path(self) -> str:
        return "/" + urlparse(self.url).path.strip("/")


class WebhookFeed:
    """Serves the webhook until stopped (see bot.telegram.serving.Feed)."""

    def __init__(self, app: App, tracker: Tracker, heartbeat: Heartbeat, limits: Limits,
                 config: WebhookConfig, ready: Callable[[], bool] = lambda: True) -> None:
        self.app, self.tracker, self.heartbeat = app, tracker, heartbeat
        self.limits, self.config, self.ready = limits, config, ready
        self.stopping = False
        self.notes = LogEvery(log)
        self._server: GuardedHTTPServer | None = None

    async def run(self, stop: asyncio.Event) -> None:
        await self.app.bot.set_webhook(
            self.config.url, secret_token=self.config.secret,
            allowed_updates=Update.ALL_TYPES, max_connections=self.limits.in_flight,
        )
        routes: list[Any] = [
            (rf"{re.escape(self.config.path)}/?", _UpdateHandler, {"feed": self}),
            (re.escape(HEALTH_PATH), _HealthHandler, {"feed": self}),
        ]
        # No access log: a stranger's refused requests would flood it.
        web = tornado.web.Application(routes, log_function=lambda handler: None)
        self._server = GuardedHTTPServer(
            web, max_body_size=MAX_BODY, body_timeout=BODY_TIMEOUT,
            idle_connection_timeout=HEADER_TIMEOUT, max_connections=connection_limit())
        self._server.listen(self.config.port, address=self.config.listen)
        log.info("webhook server listening on %s:%s%s (at most %d connections)",
                 self.config.listen, self.config.port, self.config.path,
                 self._server.max_connections)
        try:
            while not stop.is_set():
                self.heartbeat.beat()
                await first_of(asyncio.sleep(HEARTBEAT_EVERY), stop)
        finally:
            self.stopping = True
            self._server.stop()  # no new connections; requests in flight carry on

    async def finish(self, unfinished: list[int]) -> None:
        if self._server is not None:
            await first_of(self._server.close_all_connections(), asyncio.Event(), 1.0)


class _HealthHandler(tornado.web.RequestHandler):
    """200 while updates are answered; 503 before the index is loaded and once stopping."""

    feed: WebhookFeed

    def initialize(self, feed: WebhookFeed) -> None:
        self.feed = feed

    def get(self) -> None:
        serving = not self.feed.stopping and self.feed.ready()
        self.set_status(200 if serving else 503)
        self.finish("ok\n" if serving else "not serving\n")


@tornado.web.stream_request_body
class _UpdateHandler(tornado.web.RequestHandler):
    feed: WebhookFeed
    body: bytearray

    def initialize(self, feed: WebhookFeed) -> None:
        self.feed, self.body = feed, bytearray()

    def prepare(self) -> None:
        """Runs once the headers are in, before any of the body is read."""
        if self.request.method != "POST":
            raise tornado.web.HTTPError(405)
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.feed.config.secret.encode()):
            self.feed.notes.warning("secret", "webhook request without the secret token "
                                    "from %s refused", self.request.remote_ip)
            raise tornado.web.HTTPError(403)
        if self.feed.stopping:
            raise tornado.web.HTTPError(503)
        try:
            length = int(self.request.headers.get("Content-Length", "0"))
        except ValueError:
            raise tornado.web.HTTPError(400) from None
        if length > MAX_BODY:
            raise tornado.web.HTTPError(413)

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk
        if len(self.body) > MAX_BODY:
            raise tornado.web.HTTPError(413)

    async def post(self) -> None:
        try:
            data: Any = json.loads(bytes(self.body))
            update = Update.de_json(data, self.feed.app.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            self.feed.notes.warning("body", "webhook body is not an update: %s",
                                    type(exc).__name__)
            raise tornado.web.HTTPError(400) from None
        tracker = self.feed.tracker
        task = tracker.handle(update) or tracker.task(update.update_id)
        if task is not None:  # answered once it is done, or still answered elsewhere
            await asyncio.wait({task})
            # Not answered in time, or a replica still answering it: Telegram sends it again.
            if task.cancelled() or not task.result():
                raise tornado.web.HTTPError(503)
        self.set_status(200)
        self.finish()

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        # A refusal may come before the body was read, and tornado then closes the socket after
        # the reply without saying so: a client sending its next request down the same kept-alive
        # connection would lose it to a reset.
        self.set_header("Connection", "close")
        super().write_error(status_code, **kwargs)

    def log_exception(self, typ: Any, value: Any, tb: Any) -> None:
        if not isinstance(value, tornado.web.HTTPError):
            self.feed.notes.warning("failed", "webhook request failed: %r", value)
