"""A small load balancer for the replica tests: round robin over the replicas' webhooks.

Like Caddy's `lb_policy round_robin` with passive health checks: a replica that refuses the
connection is skipped and the request goes to the next one at once; a replica that fails in the
middle of a request (killed) gets 502 back to the caller, who posts again. `sent` counts the
requests each replica answered.
"""

from __future__ import annotations

import http.client
import itertools
import threading
from collections import Counter
from http.server import ThreadingHTTPServer

from tests.support.fake_bot_api import QuietHandler
from tests.support.polling import POLL_SECONDS

_HOP = frozenset({"connection", "keep-alive", "transfer-encoding", "host", "content-length"})


class RoundRobin:
    def __init__(self, backends: list[str], timeout: float = 30.0) -> None:
        self.backends = backends  # "127.0.0.1:port"
        self.timeout = timeout
        self.sent: Counter[str] = Counter()
        self._turn = itertools.count()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    def start(self) -> RoundRobin:
        proxy = self

        class Handler(_Handler):
            balancer = proxy

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, args=(POLL_SECONDS,),
                         daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> RoundRobin:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def order(self) -> list[str]:
        """The replicas in the order this request tries them."""
        with self._lock:
            first = next(self._turn) % len(self.backends)
        return self.backends[first:] + self.backends[:first]

    def forward(self, method: str, path: str, headers: dict[str, str],
                body: bytes) -> tuple[int, bytes]:
        for backend in self.order():
            host, port = backend.rsplit(":", 1)
            con = http.client.HTTPConnection(host, int(port), timeout=self.timeout)
            try:
                con.connect()
            except OSError:  # down: the next one
                con.close()
                continue
            try:
                con.request(method, path, body, headers)
                response = con.getresponse()
                data = response.read()
            except (OSError, http.client.HTTPException):
                return 502, b"upstream failed"
            finally:
                con.close()
            with self._lock:
                self.sent[backend] += 1
            return response.status, data
        return 503, b"no upstream"


class _Handler(QuietHandler):
    balancer: RoundRobin

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
        status, data = self.balancer.forward("POST", self.path, headers, body)
        self.send_response(status)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
