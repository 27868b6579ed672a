"""The webhook's HTTP server on real sockets: idle floods, slow headers, no descriptors left."""

from __future__ import annotations

import asyncio
import logging
import resource
import select
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
import tornado.web
from tornado.netutil import bind_sockets

from bot.telegram.webhook_server import GuardedHTTPServer, LogEvery, connection_limit
from tests.support.webhook_process import cpu_seconds

ROOT = Path(__file__).resolve().parents[2]


class _Hello(tornado.web.RequestHandler):
    gate: asyncio.Event | None = None

    async def get(self) -> None:
        if self.request.path == "/slow" and self.gate is not None:
            await self.gate.wait()  # a request in progress: its connection is busy
        self.write("ok")


@asynccontextmanager
async def _server(limit: int, header_timeout: float = 30.0) -> AsyncIterator[
        tuple[GuardedHTTPServer, int]]:
    app = tornado.web.Application([(r"/.*", _Hello)])
    server = GuardedHTTPServer(app, idle_connection_timeout=header_timeout,
                               max_connections=limit)
    sockets = bind_sockets(0, "127.0.0.1")
    server.add_sockets(sockets)
    try:
        yield server, int(sockets[0].getsockname()[1])
    finally:
        server.stop()
        await server.close_all_connections()


async def _closed(reader: asyncio.StreamReader) -> bool:
    """Whether the server closed this connection (within 5 s)."""
    try:
        return await asyncio.wait_for(reader.read(1), 5) == b""
    except ConnectionResetError:
        return True


async def test_a_full_server_closes_the_idlest_connection_and_never_a_busy_one(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, "bot.telegram.webhook_server")
    _Hello.gate = asyncio.Event()
    async with _server(limit=4) as (server, port), httpx.AsyncClient() as client:
        url = f"http://127.0.0.1:{port}"
        slow = asyncio.ensure_future(client.get(f"{url}/slow", timeout=10))
        while server.open_connections < 1:
            await asyncio.sleep(0.01)
        idle = [await asyncio.open_connection("127.0.0.1", port) for _ in range(30)]
        # A real request gets in at once, though far more than 4 connections were opened.
        fresh = await client.get(f"{url}/now", timeout=5)
        assert fresh.status_code == 200 and fresh.text == "ok"
        assert server.open_connections <= 4
        assert await _closed(idle[0][0]) and await _closed(idle[20][0])
        _Hello.gate.set()  # the busy request was never cut
        assert (await slow).text == "ok"
        for _, writer in idle:
            writer.close()
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.telegram.webhook_server"]
    assert len(lines) == 1 and "the limit" in lines[0], lines


async def test_headers_must_come_in_time() -> None:
    async with _server(limit=4, header_timeout=0.2) as (_, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b"POST /hook HTTP/1.1\r\nHost: bot\r\n")  # and nothing more
        await writer.drain()
        started = time.monotonic()
        assert await _closed(reader)
        assert time.monotonic() - started < 3
        writer.close()


def test_trouble_is_logged_once_a_minute_per_kind(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    notes = LogEvery(logging.getLogger("test.webhook"), clock=lambda: now[0])
    with caplog.at_level(logging.WARNING, "test.webhook"):
        for second in range(130):
            now[0] = float(second)
            notes.warning("accept", "cannot accept")
            notes.warning("limit", "at the limit")
    assert [r.getMessage() for r in caplog.records] == [
        "cannot accept", "at the limit",
        "cannot accept (60 times since the last such line)",
        "at the limit (60 times since the last such line)",
        "cannot accept (60 times since the last such line)",
        "at the limit (60 times since the last such line)",
    ]


def test_the_limit_stays_below_the_descriptor_limit() -> None:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    assert connection_limit(cap=10) == 10
    assert connection_limit(cap=10**9) < soft


# Run in its own process: a server allowed far more connections than descriptors, under a
# limit of 200 descriptors, so accept() does fail with "Too many open files".
_NO_DESCRIPTORS = textwrap.dedent("""
    import asyncio, logging, resource, socket, sys
    import tornado.web
    from tornado.netutil import bind_sockets
    from bot.telegram.webhook_server import GuardedHTTPServer

    class Hello(tornado.web.RequestHandler):
        def get(self):
            self.write("ok")

    async def main():
        logging.basicConfig(level=logging.INFO, stream=sys.stdout)
        resource.setrlimit(resource.RLIMIT_NOFILE, (200, resource.getrlimit(
            resource.RLIMIT_NOFILE)[1]))
        server = GuardedHTTPServer(tornado.web.Application([(r"/", Hello)]),
                                   max_connections=100_000)
        sockets = bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        print(sockets[0].getsockname()[1], flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
""")


def _line_with(proc: subprocess.Popen[bytes], text: str, timeout: float = 30) -> str:
    """The first line the process prints holding `text`, within `timeout` s (its stdout is
    unbuffered here, so `select` sees every line)."""
    assert proc.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], deadline - time.monotonic())
        line = proc.stdout.readline().decode() if ready else ""
        if text in line:
            return line
        assert line or not ready, "the process ended"
    raise AssertionError(f"no line with {text!r} within {timeout:g} s")


def test_with_no_descriptors_left_it_pauses_instead_of_spinning(tmp_path: Path) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc")
    proc = subprocess.Popen([sys.executable, "-c", _NO_DESCRIPTORS], cwd=tmp_path,
                            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=0)
    idle: list[socket.socket] = []
    try:
        port = int(_line_with(proc, ""))
        for _ in range(400):  # twice what the server may hold
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            idle.append(s)
        _line_with(proc, "webhook: cannot accept connections (Too many open files)")
        used = cpu_seconds(proc.pid)
        time.sleep(0.6)  # a spinning accept loop would take all of it
        assert cpu_seconds(proc.pid) - used < 0.25
        for s in idle:  # descriptors come free: it accepts again (a connect refused while
            s.close()  # the queue was full is tried again by the kernel within seconds)
        answer = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert answer.status_code == 200
    finally:
        for s in idle:
            s.close()
        proc.kill()
        rest = proc.communicate(timeout=10)[0].decode()
    # After the first line, at most one more a minute; never a traceback.
    assert "Traceback" not in rest and rest.count("webhook:") <= 1, rest[-2000:]
