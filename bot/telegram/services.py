"""What a process of a replicated bot runs beside the answers, by its role (BRIEFBOT_ROLE).

- every process on PostgreSQL: its heartbeat shared (bot.telegram.replicas.Processes); alerts
  (bot.telegram.alerts, an extension's service) run in every process over the shared outbox;
- a replica: the build watcher, which serves each new build the indexer makes;
- the webhook secret every replica registers and checks alike.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from bot.settings import Settings
from bot.telegram.replicas import BuildWatcher, Processes
from bot.telegram.runtime import Runtime
from retrieval.search.searcher import Searcher


def webhook_secret(settings: Settings) -> str:
    """The secret token Telegram sends with each update.

    Replicas each register the webhook at start, so they must agree: the configured secret, or
    one derived from the bot token (which they share anyway). One bot makes a fresh one at every
    start, as it always did.
    """
    if settings.webhook_secret and settings.webhook_secret.get_secret_value().strip():
        return settings.webhook_secret.get_secret_value().strip()
    if settings.role == "replica":
        token = settings.bot_token.encode()
        return hmac.new(token, b"briefbot webhook secret", hashlib.sha256).hexdigest()
    return secrets.token_urlsafe(32)


class _Leaving:
    """Takes this process off the shared list when it stops on request."""

    def __init__(self, processes: Processes) -> None:
        self.processes = processes

    def start(self) -> None:
        pass

    async def stop(self, timeout: float) -> None:
        self.processes.leave()

    def indexed(self) -> None:
        pass


def add_services(rt: Runtime, processes: Processes | None, beat: Callable[[], None]) -> None:
    """Add to `rt.services` what this process's role runs (nothing for one bot on SQLite);
    `beat` tells the heartbeat at once when a replica serves a new build."""
    s = rt.settings
    if rt.shared is None:
        return
    if processes is not None:
        rt.services.append(_Leaving(processes))
    if s.role == "replica":
        def open_build() -> Searcher:
            return Searcher.open(s.index_dir, rt.question_embedder(), s.search_mode)

        def opened(searcher: Searcher) -> None:
            rt.searcher = searcher  # one assignment: questions in flight keep the old one
            rt.indexed()
            beat()

        rt.services.append(BuildWatcher(s.index_dir, s.index_watch_seconds,
                                        lambda: rt.searcher, open_build, opened))
