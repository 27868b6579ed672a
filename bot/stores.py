"""Settings -> the state stores, for both faces: SQLite files in the state folder by default,
the one PostgreSQL database every replica shares when `BRIEFBOT_DATABASE_URL` names one."""

from __future__ import annotations

from bot.settings import Settings
from bot.telegram.alert_store import FILE as ALERTS_FILE
from bot.telegram.state import FILE as BOT_FILE
from bot.telegram.state import StateStore
from retrieval.statedb.database import Database
from retrieval.statedb.engines import open_database
from retrieval.web.feed_state import FeedState, FeedStateStore, StoredFeedState
from retrieval.web.source_state import STATE_FILE as SOURCES_FILE
from retrieval.web.source_state import StoredSourceState

REPLICAS_FILE = "replicas.sqlite3"


def state_database(settings: Settings, file: str) -> Database:
    """PostgreSQL (one pool per process, shared by every store) or the state folder's `file`."""
    return open_database(settings.database, settings.state_dir / file)


def bot_state(settings: Settings) -> StateStore:
    return StateStore(state_database(settings, BOT_FILE))


def alert_state(settings: Settings) -> Database:
    """Follows, digests, articles seen and the outbox: `alerts.sqlite3`, or the shared database."""
    return state_database(settings, ALERTS_FILE)


def source_state(settings: Settings) -> StoredSourceState:
    return StoredSourceState(state_database(settings, SOURCES_FILE))


def feed_state(settings: Settings) -> FeedState:
    """The JSON file of the state folder (as always), or the shared table."""
    if settings.database:
        return StoredFeedState(state_database(settings, ""))
    return FeedStateStore(settings.state_dir)
