"""`briefbot ask` as a user runs it: the answer leads, time words follow --today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli.main import main
from tests.support.fake_bot_api import parse_telegram_html

pytestmark = pytest.mark.integration

DATED = """---
title: Bupati Minta Pasar Tradisional Dibenahi
published: 2026-02-25
url: https://example.go.id/berita/pasar
---
Bupati Andi Saputra meninjau pasar tradisional di pusat kota pada Rabu pagi.
“Pasar tradisional harus bersih dan tertata agar pedagang kecil tetap bertahan,” kata Andi.
Pemerintah kabupaten menyiapkan anggaran perbaikan atap dan saluran air pasar tahun ini.
"""
UNDATED = """---
title: Bupati Tinjau Pasar Ikan
---
Bupati Andi Saputra juga meninjau pasar ikan di tepi sungai.
“Pasar ikan perlu es dan air bersih setiap hari,” kata Andi kepada pedagang.
"""


@pytest.fixture
def dated(workspace: Path) -> Path:
    """The seed workspace plus one dated and one undated article, indexed."""
    (workspace / "data" / "pasar.md").write_text(DATED, encoding="utf-8")
    (workspace / "data" / "pasar-ikan.md").write_text(UNDATED, encoding="utf-8")
    assert main(["index"]) == 0
    return workspace


def ask(capsys: pytest.CaptureFixture[str], question: str, *extra: str) -> dict[str, object]:
    assert main(["ask", "--json", "--today", "2026-03-04", *extra, question]) == 0
    out: dict[str, object] = json.loads(capsys.readouterr().out)
    return out


def articles(answer: dict[str, object]) -> list[str]:
    return [str(p["article_id"]) for p in answer["passages"]]  # type: ignore[attr-defined, index]


def test_reply_leads_with_the_answering_sentence_and_json_only_adds_fields(
    dated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    answer = ask(capsys, "Apa yang disiapkan pemerintah kabupaten untuk atap pasar?")
    assert {"question", "answered", "passages", "reply"} <= set(answer)
    lead = answer["lead"]
    assert isinstance(lead, dict) and lead["text"].startswith("Pemerintah kabupaten menyiapkan")
    reply = str(answer["reply"])
    assert reply.startswith("<b>Pemerintah kabupaten menyiapkan anggaran")
    first_line = parse_telegram_html(reply)[0].split("\n")[0]
    assert first_line.endswith("[1]")
    assert isinstance(answer["shown"], int) and 1 <= answer["shown"] <= len(articles(answer))


def test_time_words_restrict_to_the_period_and_say_when_only_undated_articles_answer(
    dated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    last_week = ask(capsys, "Apa kata Bupati tentang pasar minggu lalu?")
    assert articles(last_week)[0] == "pasar"  # dated in the period: first
    assert last_week["time"] == {"words": "minggu lalu", "start": "2026-02-23",
                                 "end": "2026-03-01", "undated_only": False, "outside": False}
    yesterday = ask(capsys, "Apa kata Bupati tentang pasar kemarin?")
    assert "pasar" not in articles(yesterday)  # dated, but not yesterday
    assert yesterday["answered"] is True and "pasar-ikan" in articles(yesterday)
    assert "tanpa tanggal" in parse_telegram_html(str(yesterday["reply"]))[0]
    named = ask(capsys, "Apa kata Bupati tentang pasar bulan Februari 2026?")
    assert set(articles(named)) == {"pasar"}  # a named month: undated ones are left out
    none = ask(capsys, "Apa kata Bupati tentang pasar Januari 2026?")
    assert none["answered"] is True and "pasar" not in articles(none)
    assert "tanpa tanggal" in parse_telegram_html(str(none["reply"]))[0]


def _update(day: str, published: str, hour: str, level: int) -> str:
    return f"""---
title: Tinggi Muka Air Sungai Rekaan Terkini
published: {published}
---
Badan Penanggulangan Bencana Daerah memantau tinggi muka air Sungai Rekaan, {day}, data per
pukul {hour} WITA. Tinggi muka air tercatat {level} sentimeter di pos pantau jembatan kota.
Warga di bantaran sungai diminta tetap waspada dan memantau informasi resmi.
"""


@pytest.fixture
def updates(workspace: Path) -> Path:
    """The seed workspace plus three updates of one river, alike but for their day and hour."""
    data = workspace / "data"
    (data / "air-pagi.md").write_text(_update("Jumat (12/4/2024)", "2024-04-12", "11.00", 310))
    (data / "air-sore.md").write_text(_update("Jumat (12/4/2024)", "2024-04-12", "17.30", 345))
    (data / "air-sabtu.md").write_text(_update("Sabtu (13/4/2024)", "2024-04-13", "09.00", 280))
    assert main(["index"]) == 0
    return workspace


def test_of_look_alike_updates_the_day_and_hour_asked_come_first(
    updates: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    morning = ask(capsys, "tinggi air sungai rekaan 12/4 jam 11 brp cm?")
    assert articles(morning)[0] == "air-pagi"
    evening = ask(capsys, "tinggi air sungai rekaan tgl 12/4 pukul 17.30 berapa?")
    assert articles(evening)[0] == "air-sore"
    # The next day's update falls in the day's period (news appears a day late) but reports
    # its own day, so it comes after both of the day asked.
    day = ask(capsys, "tinggi air sungai rekaan 12 April 2024 berapa?")
    assert len(articles(day)) >= 2 and "air-sabtu" not in articles(day)[:2]
