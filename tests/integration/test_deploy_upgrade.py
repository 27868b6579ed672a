"""Upgrading: an index built with another model is rebuilt at start, and the log says so."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from retrieval.index.manifest import MANIFEST, current_build, read_manifest
from retrieval.model.embedder import Embedder
from tests.support.bot_harness import bot_running, copy_index, make_settings
from tests.support.fake_bot_api import FakeBotAPI

pytestmark = pytest.mark.integration

OLD_MODEL = "intfloat/multilingual-e5-base"


async def test_a_model_change_rebuilds_the_index_at_start_and_says_so(
    seed_index: Path, embedder: Embedder, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    copy_index(seed_index, tmp_path)
    manifest = current_build(tmp_path / "index") / MANIFEST
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**raw, "model_id": OLD_MODEL}), encoding="utf-8")

    caplog.set_level(logging.INFO, logger="bot")
    with FakeBotAPI() as api:
        async with bot_running(api, make_settings(tmp_path, api), embedder) as bot:
            bot.api.push_message("Apa kata Gubernur tentang koordinasi?", user_id=901)
            answer = await bot.reply_text(901)
    assert "Setiap kebijakan harus berada dalam jalur koordinasi" in answer
    [said] = [r.getMessage() for r in caplog.records if "must be rebuilt" in r.getMessage()]
    assert f"built with model {OLD_MODEL!r} but {embedder.model_id!r} is configured" in said
    assert "rebuilding it from" in said and "briefbot index" not in said
    assert read_manifest(current_build(tmp_path / "index")).model_id == embedder.model_id
