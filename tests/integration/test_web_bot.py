"""/add, /feeds and the scheduled refresh in the real bot, over real HTTP to a fake Bot API."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.app import App
from retrieval.model.embedder import Embedder, Vectors, WrappedEmbedder
from tests.support.bot_harness import ADMIN_ID, started_bot
from tests.support.fake_bot_api import Call, FakeBotAPI, parse_telegram_html
from tests.support.polling import until
from tests.support.web_server import Site

pytestmark = pytest.mark.integration
USER = 5151


@asynccontextmanager
async def web_bot(
    seed_index: Path, embedder: Embedder, tmp: Path, **extra: Any
) -> AsyncIterator[tuple[FakeBotAPI, App]]:
    """The started bot, without fetch retries, as (fake Bot API, application)."""
    async with started_bot(seed_index, embedder, tmp, fetch_retries=0, **extra) as running:
        yield running.api, running.app


class Gate(WrappedEmbedder):
    """The real model, but passage batches (indexing) wait until the test leaves the block.

    It holds a reindex in the middle, so a test can act while one is running.
    """

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.entered = threading.Event()  # a reindex is waiting at the gate
        self._open = threading.Event()

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        self.entered.set()
        if not self._open.wait(120):
            raise AssertionError("the gate was never opened")
        return self.inner.embed_passages(texts)

    def __enter__(self) -> Gate:
        return self

    def __exit__(self, *exc: object) -> None:
        self._open.set()


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


def menus(api: FakeBotAPI, scope: dict[str, Any]) -> dict[str, dict[str, str]]:
    """The command menu the bot set for `scope`, per language ("id" is Telegram's default)."""
    return {
        str(c.params.get("language_code") or "id"): {
            command["command"]: command["description"] for command in c.params["commands"]
        }
        for c in api.calls("setMyCommands")
        if c.params["scope"] == scope
    }


async def test_admin_add_stores_indexes_and_the_article_becomes_answerable(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    async with web_bot(seed_index, embedder, tmp_path, allow_private_urls=True) as (api, _app):
        admin = menus(api, {"type": "chat", "chat_id": ADMIN_ID})
        assert admin["id"]["add"] == "Tambah artikel dari tautan (admin)"
        assert admin["en"]["feeds"] == "News sources and feeds; /feeds refresh (admin)"
        assert admin["id"]["follow"] == (
            "Ikuti orang, topik, atau situs berita: /follow <alamat situs> (admin)"
        )
        keys = {"reindex", "stats", "add", "feeds", "follow"}
        assert keys <= admin["id"].keys() & admin["en"].keys()
        everyone = menus(api, {"type": "all_private_chats"})
        admin_only = {"add", "feeds"}  # everyone may /follow a person or a topic
        assert everyone and all(not admin_only & m.keys() for m in everyone.values())

        api.push_message(f"/add {site.url('/berita/jembatan.html?utm_source=wa')}", ADMIN_ID)
        shown = await until(lambda: _has(api, ADMIN_ID, "✅ Ditambahkan", "✅ Indeks diperbarui"))
        added = next(t for t in shown if "✅ Ditambahkan" in t)
        title = "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh"
        assert f"{title} (14 Maret 2024)" in added
        assert "3 potongan teks, 2 kutipan langsung dari Rahmat Fiktifiansyah (Bupati" in added
        assert "1 baru" in next(t for t in shown if "✅ Indeks diperbarui" in t)

        reply = await ask(api, "Apa kata Bupati Sungai Rekaan tentang jembatan?", USER)
        text = str(reply.params["text"])
        visible = parse_telegram_html(text)[0]
        assert "Jembatan ini kami bangun" in visible
        assert title in visible
        assert f'href="{site.url("/berita/jembatan.html")}"' in text  # no tracking parameters


async def test_add_says_exactly_why_not_and_non_admins_are_refused(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    async with web_bot(seed_index, embedder, tmp_path) as (api, _app):  # private URLs refused
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


async def test_add_with_more_links_than_it_takes_says_how_many_were_left_out(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    async with web_bot(seed_index, embedder, tmp_path) as (api, _app):
        links = [f"ftp://contoh.id/{n}" for n in range(13)]
        api.push_message("/add " + " ".join([*links, links[0], links[5]]), ADMIN_ID)
        shown = await until(lambda: _has(api, ADMIN_ID, "❌ Tidak ditambahkan"))
        report = next(t for t in shown if "❌ Tidak ditambahkan" in t)
        # 13 links (two given twice): ten are tried, and the report names the other three.
        assert report.count("❌ Tidak ditambahkan") == 10 and "ftp://contoh.id/10" not in report
        assert report.startswith("⚠️ 3 tautan lain tidak diambil: paling banyak 10 tautan per "
                                 "/add. Kirim lagi mulai dari tautan ke-11.")


async def test_feeds_lists_status_and_refresh_now_reports_and_reindexes(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    feeds = (site.url("/feeds/rss.xml"), site.url("/feeds/rusak.xml"))
    extra = {"allow_private_urls": True, "feeds": feeds, "refresh_minutes": 0}
    async with web_bot(seed_index, embedder, tmp_path, **extra) as (api, app):
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
    async with web_bot(seed_index, embedder, tmp_path, **extra) as (api, app):
        (job,) = app.job_queue.jobs()
        assert job.name == "briefbot-refresh"
        before = len(api.calls())
        await job.run(app)  # the hourly run, now instead of in 30 seconds
        assert [c for c in api.calls()[before:] if c.method == "sendMessage"] == []
        reply = await ask(api, "Berapa desa yang mendapat anggaran air bersih?", USER)
        text = str(reply.params["text"])
        assert "15 desa" in parse_telegram_html(text)[0]
        assert f'href="{site.url("/berita/anggaran.html")}"' in text


async def test_a_reindex_during_the_scheduled_refresh_is_refused_politely(
    seed_index: Path, embedder: Embedder, tmp_path: Path, site: Site
) -> None:
    gate = Gate(embedder)
    extra = {"allow_private_urls": True, "feeds": (site.url("/feeds/atom.xml"),),
             "refresh_minutes": 60}  # fmt: skip
    async with web_bot(seed_index, gate, tmp_path, **extra) as (api, app):
        (job,) = app.job_queue.jobs()
        with gate:
            scheduled = asyncio.create_task(job.run(app))
            await until(gate.entered.is_set)  # the refresh's reindex is embedding
            api.push_message("/reindex", ADMIN_ID)
            busy = "Pengindeksan ulang sedang berjalan. Tunggu sampai selesai, ya."
            await until(lambda: _has(api, ADMIN_ID, busy))
        await scheduled
        # Refused before it started: no "⏳ Mengindeks ulang…" message, only the refusal.
        assert [parse_telegram_html(c.params["text"])[0] for c in api.sent(ADMIN_ID)] == [busy]
        reply = await ask(api, "Berapa desa yang mendapat anggaran air bersih?", USER)
        assert "15 desa" in parse_telegram_html(reply.params["text"])[0]
        api.push_message("/reindex", ADMIN_ID)  # the slot is free again
        done = await until(lambda: _has(api, ADMIN_ID, "✅ Indeks"))
        assert "0 baru, 0 diubah, 0 dihapus, 4 tetap" in done[-1]


async def test_the_scheduled_refresh_waits_for_a_running_add_and_a_bad_feed_stops_nothing(
    seed_index: Path,
    embedder: Embedder,
    tmp_path: Path,
    site: Site,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="bot")
    gate = Gate(embedder)
    feeds = (site.url("/feeds/rusak.xml"), site.url("/feeds/atom.xml"))
    extra = {"allow_private_urls": True, "feeds": feeds, "refresh_minutes": 60}
    async with web_bot(seed_index, gate, tmp_path, **extra) as (api, app):
        (job,) = app.job_queue.jobs()
        with gate:
            api.push_message(f"/add {site.url('/berita/festival.html')}", ADMIN_ID)
            await until(gate.entered.is_set)  # /add's reindex is embedding the festival
            scheduled = asyncio.create_task(job.run(app))
            await until(lambda: any("wait for the running reindex" in r.getMessage()
                                    for r in caplog.records))  # fmt: skip
        await scheduled
        added = await until(lambda: _has(api, ADMIN_ID, "✅ Indeks diperbarui"))
        assert "1 baru" in next(t for t in added if "✅ Indeks diperbarui" in t)
        assert any("index updated after the feed refresh" in r.getMessage()
                   for r in caplog.records)  # fmt: skip
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []

        festival = await ask(api, "Apa kata Wakil Bupati Dewi Contohsari tentang festival?", USER)
        assert "Festival ini bukan hanya hiburan" in parse_telegram_html(
            festival.params["text"])[0]  # fmt: skip
        budget = await ask(api, "Berapa desa yang mendapat anggaran air bersih?", USER + 1)
        text = str(budget.params["text"])
        assert "15 desa" in parse_telegram_html(text)[0]
        assert f'href="{site.url("/berita/anggaran.html")}"' in text
