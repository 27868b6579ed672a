"""/reindex over a data folder holding what must not be indexed: a link to a file outside it and
a file name that is not UTF-8. The reindex finishes and names both; nobody is quoted the secret."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.integration.test_bot_admin import edits
from tests.support.bot_harness import ADMIN_ID, Bot

pytestmark = pytest.mark.integration
SECRET = "Sandi brankas kantor camat adalah kenari-hijau-42."


async def test_reindex_skips_links_out_and_foreign_names_and_says_so(
    bot: Bot, tmp_path: Path
) -> None:
    outside = tmp_path / "luar" / "rahasia.txt"
    outside.parent.mkdir()
    outside.write_text(f"Sandi brankas kantor camat. {SECRET}\n", encoding="utf-8")
    data = bot.settings.data_dir
    os.symlink(outside, data / "passwd.txt")
    (data / os.fsdecode(b"rapat \xff desa.md")).write_text(
        "Kepala desa membuka rapat warga tentang sandi brankas.\n", encoding="utf-8"
    )
    bot.api.push_message("/reindex", user_id=ADMIN_ID)
    done = await bot.api.until(
        lambda: [t for t in edits(bot, ADMIN_ID) if t.startswith(("✅", "❌"))]
    )
    assert done[0].startswith("✅"), done[0]
    assert "passwd.txt: skipped, a link to a file outside the data folder" in done[0]
    assert "rapat \ufffd desa.md: skipped, its name is not UTF-8" in done[0]
    bot.api.push_message("Apa sandi brankas kantor camat?", user_id=850)
    assert "kenari-hijau-42" not in await bot.reply_text(850)
