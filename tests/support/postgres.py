"""A throwaway PostgreSQL server for the tests: its own folder, port and user, gone after.

`BRIEFBOT_TEST_DATABASE_URL` (a server's URL whose user may create databases) is used instead
when set. Otherwise the server binaries are looked for on PATH and in Debian's
/usr/lib/postgresql/<version>/bin. PostgreSQL refuses to run as root: as root, the server runs
as the `postgres` user in a folder made for it.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from tests.support.webhook_process import free_port

ENV = "BRIEFBOT_TEST_DATABASE_URL"
USER = "briefbot"
_names = itertools.count(1)


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, newest version first; None when there is none."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                      key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0)
    return versions[-1].parent if versions else None


class Server:
    """A running server: `url(name)` for one of its databases, `create()` for a fresh one."""

    def __init__(self, base_url: str, stop: Callable[[], None] | None = None) -> None:
        self.base_url, self._stop = base_url.rstrip("/"), stop

    def url(self, database: str) -> str:
        head, _, _ = self.base_url.rpartition("/")
        return f"{head}/{database}"

    def create(self, prefix: str = "t") -> str:
        """A new empty database; returns its URL."""
        import psycopg

        name = f"{prefix}_{os.getpid()}_{next(_names)}"
        with psycopg.connect(self.base_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')
            con.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self._stop is not None:
            self._stop()


def _as_postgres() -> tuple[Callable[[], None] | None, int | None]:
    """Run as `postgres` when we are root (initdb refuses root); (preexec, uid)."""
    if os.geteuid() != 0:
        return None, None
    user = pwd.getpwnam("postgres")

    def drop() -> None:
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)

    return drop, user.pw_uid


@contextlib.contextmanager
def server() -> Iterator[Server]:
    """The configured server, or a new one started for the session; raises RuntimeError with
    the reason when none can be had."""
    configured = os.environ.get(ENV)
    if configured:
        yield Server(configured)
        return
    bin_dir = binaries()
    if bin_dir is None:
        raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) on this machine; "
                           f"install Debian's postgresql or set {ENV}")
    try:
        preexec, uid = _as_postgres()
    except KeyError:
        raise RuntimeError("running as root and there is no `postgres` user to run "
                           "PostgreSQL as (install Debian's postgresql)") from None
    root = Path(tempfile.mkdtemp(prefix="briefbot-pg-"))
    if uid is not None:
        os.chown(root, uid, -1)
    data, port = root / "data", free_port()
    run = {"preexec_fn": preexec, "capture_output": True, "text": True, "cwd": root}
    init = subprocess.run([str(bin_dir / "initdb"), "-D", str(data), "-U", USER,
                           "--auth=trust", "-E", "UTF8", "--no-sync"], **run)  # type: ignore[call-overload]
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"initdb failed: {init.stderr.strip()[-500:]}")
    # No durability for tests: fsync off makes a database's creation and commits cheap.
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
    started = subprocess.run([str(bin_dir / "pg_ctl"), "start", "-w", "-t", "60", "-D",
                              str(data), "-l", str(root / "log"), "-o", options], **run)  # type: ignore[call-overload]
    if started.returncode != 0:
        log = (root / "log").read_text(errors="replace")[-800:] if (root / "log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"pg_ctl start failed: {started.stderr.strip()[-300:]} {log}")

    def stop() -> None:
        subprocess.run([str(bin_dir / "pg_ctl"), "stop", "-m", "immediate", "-D", str(data)],
                       **run)  # type: ignore[call-overload]
        shutil.rmtree(root, ignore_errors=True)

    running = Server(f"postgresql://{USER}@127.0.0.1:{port}/postgres", stop)
    try:
        yield running
    finally:
        running.stop()
