"""A bot moves from one machine to replicas and back: one archive format for both kinds of state.

`export` of the SQLite state folder, `import` into PostgreSQL, `export` from there and `import`
into a new state folder give the same questions, votes, sources, follows, alerts and feed status
back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli.main import main
from bot.settings import Settings
from bot.stores import alert_state, bot_state, source_state
from bot.telegram.alert_store import AlertStore, Follow, Outgoing
from bot.telegram.state import StateStore
from retrieval.web.feed_state import FeedStateStore
from retrieval.web.source_state import SourceStatus, SqliteSourceState
from tests.unit import test_backup
from tests.unit.test_backup import FEED, _fill, _use

pytestmark = pytest.mark.usefixtures("clean_env")
old_server = test_backup.old_server  # a bot that has run for a while, on one machine


def _usage(store: StateStore) -> tuple[int, int, int, int]:
    u = store.usage()
    return u.asked, u.answered, u.up, u.down


def test_one_archive_moves_the_state_into_postgresql_and_back(
    old_server: Path, tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    state = old_server / "data" / ".state"
    store = StateStore.in_folder(state)
    _fill(store)
    store.close()
    sources = SqliteSourceState(state)
    for url in ("https://b.example", "https://a.example"):
        sources.save_source(SourceStatus(url, title=url))
    sources.close()
    alerts = AlertStore.in_folder(state)
    for chat in (-300, 200):
        alerts.add_follow(Follow(chat, "banjir", "Banjir", 0, "id"), 1.0, 20)
    alerts.record(["lama"], [Outgoing(200, "a:lama", "x")], 2.0)
    alerts.close()
    one_machine = tmp_path / "one.tar.gz"
    assert main(["export", str(one_machine)]) == 0

    monkeypatch.setenv("BRIEFBOT_DATABASE_URL", database_url)
    replicas = tmp_path / "replicas"
    replicas.mkdir()
    _use(monkeypatch, replicas)
    assert main(["import", str(one_machine)]) == 0
    assert "into the state database postgresql://briefbot@" in capsys.readouterr().out
    settings = Settings()
    shared = bot_state(settings)
    assert _usage(shared) == (3, 2, 2, 1)
    assert shared.feedback(1) == [(100, -1, ["000_0e95df7f11f7d9a8#0"])]
    assert shared.add_question(1, 1, "baru", "id", True) == 4  # ids go on after the rows
    assert [s.url for s in source_state(settings).sources()] == [
        "https://b.example", "https://a.example"]
    assert _alerts(AlertStore(alert_state(settings))) == ([-300, 200], ["lama"], 1)

    assert main(["import", str(one_machine)]) == 1  # the shared state holds rows now
    assert "state/bot.sqlite3" in capsys.readouterr().err
    assert _usage(shared) == (4, 3, 2, 1)
    from_replicas = tmp_path / "replicas.tar.gz"
    assert main(["export", str(from_replicas)]) == 0

    monkeypatch.delenv("BRIEFBOT_DATABASE_URL")
    back = tmp_path / "back"
    back.mkdir()
    _use(monkeypatch, back)
    assert main(["import", str(from_replicas)]) == 0
    restored = StateStore.in_folder(back / "data" / ".state")
    assert _usage(restored) == (4, 3, 2, 1)
    restored.close()
    assert FeedStateStore(back / "data" / ".state").read()[FEED].articles == 4
    order = SqliteSourceState(back / "data" / ".state")
    assert [s.url for s in order.sources()] == ["https://b.example", "https://a.example"]
    order.close()
    assert _alerts(AlertStore.in_folder(back / "data" / ".state")) == ([-300, 200], ["lama"], 1)


def _alerts(store: AlertStore) -> tuple[list[int], list[str], int]:
    """The chats following, in the order they followed; articles seen; messages queued."""
    seen = store.seen_since(0.0, 10.0)
    return [f.chat_id for f in store.follows()], seen, len(store.pending(10.0, 10))
