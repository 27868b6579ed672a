"""The webhook's HTTP server: it keeps answering Telegram while strangers hold connections open.

Tornado's own server accepts whatever the socket offers and logs every failure. With the file
descriptors used up (1,100 idle connections under systemd's limit of 1,024) accept() fails at
once and again: a core spins, each failure logs a traceback, and the bot's own connections to
the Bot API fail too. This server instead:

- holds at most `max_connections`, below the descriptor limit (`connection_limit`), so the rest
  of the bot keeps the descriptors it needs;
- when that many are open, closes the one idle longest (no request in progress) to take the new
  one, so a real update gets in at once; with none idle it stops accepting until one closes;
- gives each connection `idle_connection_timeout` seconds to send a request's headers, after
  connecting or after its previous answer (tornado's header timeout);
- pauses accepting for a moment when accept() fails for want of descriptors or memory;
- logs each kind of trouble once a minute at most, saying how often it happened (`LogEvery`).
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import resource
import socket
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from tornado import httputil
from tornado.http1connection import HTTP1ServerConnection
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream

log = logging.getLogger(__name__)
MAX_CONNECTIONS = 256  # Telegram opens at most 100 (setWebhook's max_connections)
RESERVE = 64  # descriptors kept for the rest of the bot: Bot API connections, SQLite, the model
PAUSE = 0.5  # seconds without accepting after accept() found no descriptor or memory
ACCEPT_BATCH = 64  # connections accepted per wake-up, so requests in flight get their turn
_OUT_OF = (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM)


class LogEvery:
    """Log each kind of message at most once per `every` seconds, counting the rest."""

    def __init__(self, logger: logging.Logger, every: float = 60.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.logger, self.every, self._clock = logger, every, clock
        self._next: dict[str, float] = {}
        self._count: dict[str, int] = {}

    def due(self, kind: str) -> int:
        """How many times `kind` happened since its last line, when a line is due now; else 0."""
        self._count[kind] = self._count.get(kind, 0) + 1
        now = self._clock()
        if now < self._next.get(kind, now):
            return 0
        self._next[kind] = now + self.every
        return self._count.pop(kind)

    def warning(self, kind: str, message: str, *args: object) -> None:
        times = self.due(kind)
        if times:
            extra = f" ({times} times since the last such line)" if times > 1 else ""
            self.logger.warning(message + extra, *args)


class _OncePerMinute(logging.Filter):
    """Lets one record of each message through a minute (tornado logs one per connection)."""

    def __init__(self) -> None:
        super().__init__()
        self._every = LogEvery(log)

    def filter(self, record: logging.LogRecord) -> bool:
        return self._every.due(f"{record.name}:{record.msg}") > 0


def _quiet_tornado() -> None:
    for name in ("tornado.general", "tornado.application"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _OncePerMinute) for f in logger.filters):
            logger.addFilter(_OncePerMinute())


def connection_limit(cap: int = MAX_CONNECTIONS) -> int:
    """`cap`, or fewer when this process's descriptor limit leaves less room beside RESERVE."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return cap
    try:
        used = len(os.listdir("/proc/self/fd"))
    except OSError:
        used = RESERVE
    return max(1, min(cap, soft - used - RESERVE))


@dataclass
class _Connection:
    since: float  # when it opened, or last finished a request
    busy: bool = False  # a request's headers are in and its answer is not sent yet


class GuardedHTTPServer(HTTPServer):
    """tornado's HTTPServer with the limits above; `listen` and `stop` as usual."""

    def initialize(self, *args: Any, max_connections: int = MAX_CONNECTIONS,
                   **kwargs: Any) -> None:
        super().initialize(*args, **kwargs)
        self.max_connections = max_connections
        self._open: dict[IOStream, _Connection] = {}
        self._listening: list[socket.socket] = []
        self._full = False  # accepting stopped until a connection closes
        self._notes = LogEvery(log)
        _quiet_tornado()

    @property
    def open_connections(self) -> int:
        return len(self._open)

    def add_sockets(self, sockets: Iterable[socket.socket]) -> None:
        for sock in sockets:
            self._listening.append(sock)
        self._accepting(True)

    def stop(self) -> None:
        self._accepting(False)
        for sock in self._listening:
            sock.close()
        self._listening = []
        super().stop()

    def handle_stream(self, stream: IOStream, address: tuple[Any, ...]) -> None:
        self._open[stream] = _Connection(time.monotonic())
        super().handle_stream(stream, address)

    def start_request(
        self, server_conn: object, request_conn: httputil.HTTPConnection
    ) -> httputil.HTTPMessageDelegate:
        # Called before each request's headers are read: the previous answer has gone out.
        conn = self._open.get(cast(HTTP1ServerConnection, server_conn).stream)
        if conn is not None:
            conn.busy, conn.since = False, time.monotonic()
        return _Watched(super().start_request(server_conn, request_conn), conn)

    def on_close(self, server_conn: object) -> None:
        super().on_close(server_conn)
        self._open.pop(cast(HTTP1ServerConnection, server_conn).stream, None)
        if self._full and self._listening:
            self._full = False
            self._accepting(True)

    def _accepting(self, on: bool) -> None:
        loop = asyncio.get_running_loop()
        for sock in self._listening:
            if on:
                loop.add_reader(sock.fileno(), self._accept, sock)
            else:
                loop.remove_reader(sock.fileno())

    def _accept(self, sock: socket.socket) -> None:
        for _ in range(ACCEPT_BATCH):
            if len(self._open) >= self.max_connections and not self._close_idlest():
                self._notes.warning("full", "webhook: %d connections, all busy; new ones wait",
                                    len(self._open))
                self._full = True
                self._accepting(False)
                return
            try:
                conn, address = sock.accept()
            except (BlockingIOError, InterruptedError):
                return
            except ConnectionAbortedError:
                continue
            except OSError as exc:
                if exc.errno not in _OUT_OF:
                    raise
                self._notes.warning("accept", "webhook: cannot accept connections (%s); "
                                    "pausing %.1f s", os.strerror(exc.errno or 0), PAUSE)
                self._close_idlest()
                self._accepting(False)
                asyncio.get_running_loop().call_later(PAUSE, self._resume)
                return
            self.handle_stream(IOStream(conn, max_buffer_size=self.max_buffer_size,
                                        read_chunk_size=self.read_chunk_size), address)

    def _resume(self) -> None:
        if self._listening and not self._full:
            self._accepting(True)

    def _close_idlest(self) -> bool:
        """Close the connection idle longest; False when every one is busy."""
        idle = [(c.since, n, s) for n, (s, c) in enumerate(self._open.items()) if not c.busy]
        if not idle:
            return False
        _, _, stream = min(idle)
        del self._open[stream]
        stream.close()
        self._notes.warning("limit", "webhook: %d connections open (the limit); closing the "
                            "ones idle longest for new ones", self.max_connections)
        return True


class _Watched(httputil.HTTPMessageDelegate):
    """Marks its connection busy from a request's headers until its answer has gone out."""

    def __init__(self, inner: httputil.HTTPMessageDelegate, conn: _Connection | None) -> None:
        self.inner, self.conn = inner, conn

    def headers_received(
        self, start_line: httputil.RequestStartLine | httputil.ResponseStartLine,
        headers: httputil.HTTPHeaders,
    ) -> Awaitable[None] | None:
        if self.conn is not None:
            self.conn.busy = True
        return self.inner.headers_received(start_line, headers)

    def data_received(self, chunk: bytes) -> Awaitable[None] | None:
        return self.inner.data_received(chunk)

    def finish(self) -> None:
        self.inner.finish()

    def on_connection_close(self) -> None:
        self.inner.on_connection_close()
