"""Settings, secrets and heartbeats of replicas, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.settings import Settings, setting_problem
from bot.telegram.heartbeat import Heartbeat, read_beat
from bot.telegram.services import webhook_secret

pytestmark = pytest.mark.usefixtures("clean_env")
URL = "postgresql://briefbot:pw@db:5432/briefbot"


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, **{"telegram_bot_token": "1:abc", **values})  # type: ignore[call-arg]


def test_a_replica_or_indexer_needs_a_postgresql_database() -> None:
    for values, name in (({"role": "replica"}, "BRIEFBOT_ROLE"),
                         ({"database_url": "sqlite:///x.db"}, "BRIEFBOT_DATABASE_URL")):
        with pytest.raises(ValidationError) as bad:
            _settings(**values)
        assert setting_problem(bad.value).startswith(f"bad setting {name}: ")
    assert _settings(role="indexer", database_url=URL).database == URL
    assert _settings().database is None


def test_replicas_agree_on_the_webhook_secret_and_one_bot_makes_a_fresh_one() -> None:
    replica = _settings(role="replica", database_url=URL)
    assert webhook_secret(replica) == webhook_secret(replica)
    assert webhook_secret(replica) != webhook_secret(_settings(
        role="replica", database_url=URL, telegram_bot_token="2:other"))
    assert webhook_secret(_settings()) != webhook_secret(_settings())
    chosen = _settings(role="replica", database_url=URL, webhook_secret="our-secret_1")
    assert webhook_secret(chosen) == "our-secret_1"


def test_a_replica_refuses_to_poll(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.telegram.app import run

    assert run(_settings(role="replica", database_url=URL)) == 2
    assert "--webhook-url" in capsys.readouterr().err


def test_the_heartbeat_names_the_build_served(tmp_path: Path) -> None:
    Heartbeat(tmp_path, lambda: ("20250620T101500-7", "2025-06-20T10:15:00+00:00")).beat()
    beat = read_beat(tmp_path)
    assert beat is not None and beat.build == "20250620T101500-7"
    assert beat.built_at == "2025-06-20T10:15:00+00:00"
    (tmp_path / "heartbeat").write_text("1750000000.0 42\n", encoding="ascii")  # an older bot's
    old = read_beat(tmp_path)
    assert old is not None and (old.pid, old.build) == (42, "")
