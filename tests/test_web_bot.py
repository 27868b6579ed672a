"""/add, /feeds and the scheduled refresh in the real bot, over real HTTP to a fake Bot API."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.app import build_application, running
from bot.ingest_handlers import register
from retrieval.embedder import Embedder
from tests.bot_harness import ADMIN_ID, assert_valid_replies, copy_index, make_settings
from tests.fake_bot_api import Call, FakeBotAPI, parse_telegram_html
from tests.web_server import Site, serve

pytestmark = pytest.mark.integration
T = TypeVar("T")
USER = 5151


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    with serve() as running_site:
        yield running_site


@asynccontextmanager
async def bot(
    seed_index: Path, embedder: Embedder, tmp: Path, **extra: Any
) -> AsyncIterator[tuple[FakeBotAPI, Any]]:
    copy_index(seed_index, tmp)
    with FakeBotAPI() as api:
        settings = make_settings(tmp, api, fetch_retries=0, **extra)
        app = build_application(settings, lambda: embedder, extensions=[register])
        async with running(app):
            yield api, app
        assert_valid_replies(api)


async def until(predicate: Callable[[], T | None], timeout: float = 90.0) -> T:
    """Wait on the event loop (the bot runs on it too) until predicate() gives a value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


def texts_to(api: FakeBotAPI, chat_id: int) -> list[str]:
    """What the chat shows now: sent messages with their latest edits applied, in order."""
    shown: dict[int, str] = {}
    for call in api.calls():
        if call.params.get("chat_id") != chat_id or not call.ok:
            continue
        if call.method == "sendMessage" and isinstance(call.result, dict):
            shown[call.result["message_id"]] = str(call.params["text"])
        elif call.method == "editMessageText":
            shown[int(call.params["message_id"])] = str(call.params["text"])
    return [parse_telegram_html(t)[0] for t in shown.values()]


def _has(api: FakeBotAPI, chat_id: int, *needles: str) -> list[str] | None:
    shown = texts_to(api, chat_id)
    return shown if all(any(n in t for t in shown) for n in needles) else None


async def ask(api: FakeBotAPI, question: str, user: int) -> Call:
    before = len(api.sent(user))
    api.push_message(question, user_id=user)
    return (await until(lambda: api.sent(user)[before:]))[0]


async def test_admin_add_stores_indexes_and_the_article_becomes_answerable(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    async with bot(seed_index, embedder, tmp_path, allow_private_urls=True) as (api, _app):
        api.push_message(f"/add {site.url('/berita/jembatan.html?utm_source=wa')}", ADMIN_ID)
        shown = await until(lambda: _has(api, ADMIN_ID, "✅ Ditambahkan", "✅ Indeks diperbarui"))
        added = next(t for t in shown if "✅ Ditambahkan" in t)
        assert "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh (14 Maret 2024)" in added
        assert "2 kutipan langsung dari Rahmat Fiktifiansyah" in added

        reply = await ask(api, "Apa kata Bupati Sungai Rekaan tentang jembatan?", USER)
        text = str(reply.params["text"])
        assert "Jembatan ini kami bangun" in parse_telegram_html(text)[0]
        assert f'href="{site.url("/berita/jembatan.html")}"' in text


async def test_add_says_exactly_why_not_and_non_admins_are_refused(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    async with bot(seed_index, embedder, tmp_path) as (api, _app):  # private URLs refused
        site.reset()
        api.push_message("/add", ADMIN_ID)
        api.push_message(f"/add {site.url('/berita/festival.html')} ftp://contoh.id/x", ADMIN_ID)
        api.push_message(f"/add {site.url('/berita/anggaran.html')}", USER)
        shown = await until(lambda: _has(api, ADMIN_ID, "Tulis tautannya", "jaringan internal"))
        failed = next(t for t in shown if "jaringan internal" in t)
        assert failed.count("❌ Tidak ditambahkan") == 2
        assert "harus diawali http:// atau https://" in failed
        assert "Tidak ada artikel baru; indeks tidak berubah." in failed
        refusal = await until(lambda: texts_to(api, USER))
        assert refusal == ["Maaf, perintah ini hanya untuk admin bot."]
        assert site.count("/berita/festival.html") == site.count("/berita/anggaran.html") == 0


async def test_feeds_lists_status_and_refresh_now_reports_and_reindexes(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    feeds = (site.url("/feeds/rss.xml"), site.url("/feeds/rusak.xml"))
    extra = {"allow_private_urls": True, "feeds": feeds, "refresh_minutes": 0}
    async with bot(seed_index, embedder, tmp_path, **extra) as (api, app):
        assert app.job_queue.jobs() == ()  # 0 minutes = no automatic refresh
        api.push_message("/feeds", ADMIN_ID)
        listing = await until(lambda: _has(api, ADMIN_ID, "Feed berita (2)"))
        assert listing[0].count("belum pernah diperiksa") == 2
        assert "Penyegaran otomatis mati" in listing[0]

        api.push_message("/feeds segarkan", ADMIN_ID)
        shown = await until(lambda: _has(api, ADMIN_ID, "📰 Warta Sungai Rekaan", "✅ Indeks"))
        report = next(t for t in shown if "📰 Warta Sungai Rekaan" in t)
        assert "Warta Sungai Rekaan: 2 baru, 0 sudah ada, 2 gagal" in report
        assert "gagal dibaca — bukan feed RSS/Atom yang bisa dibaca" in report

        api.push_message("/feeds", ADMIN_ID)
        status = await until(lambda: _has(api, ADMIN_ID, "2 artikel ditambahkan"))
        assert any("galat terakhir" in t for t in status)
        reply = await ask(api, "Apa kata Wakil Bupati Dewi Contohsari tentang festival?", USER)
        assert "Festival ini bukan hanya hiburan" in parse_telegram_html(reply.params["text"])[0]


async def test_the_scheduled_refresh_indexes_quietly(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    extra = {"allow_private_urls": True, "feeds": (site.url("/feeds/atom.xml"),),
             "refresh_minutes": 60}  # fmt: skip
    async with bot(seed_index, embedder, tmp_path, **extra) as (api, app):
        (job,) = app.job_queue.jobs()
        assert job.name == "briefbot-refresh"
        before = len(api.calls())
        await job.run(app)  # the hourly run, now instead of in 30 seconds
        assert [c for c in api.calls()[before:] if c.method == "sendMessage"] == []
        reply = await ask(api, "Berapa desa yang mendapat anggaran air bersih?", USER)
        text = str(reply.params["text"])
        assert "15 desa" in parse_telegram_html(text)[0]
        assert f'href="{site.url("/berita/anggaran.html")}"' in text
