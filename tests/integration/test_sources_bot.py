"""/follow, documents and forwarded channel posts in the real bot, over real HTTP everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.telegram import source_handlers
from retrieval.index.articles import read_articles
from retrieval.model.embedder import Embedder
from tests.integration.test_web_bot import ask, texts_to, web_bot
from tests.support.bot_harness import ADMIN_ID
from tests.support.documents import SIARAN, pdf
from tests.support.fake_bot_api import parse_telegram_html
from tests.support.polling import until
from tests.support.source_sites import SourceSite, serve_site
from tests.support.web_server_pages import bench_article

pytestmark = pytest.mark.integration
USER = 6161
FAST = {"allow_private_urls": True, "crawl_delay": 0.02, "refresh_minutes": 0}


def _shown(api: object, chat: int, *needles: str) -> list[str] | None:
    shown = texts_to(api, chat)  # type: ignore[arg-type]
    return shown if all(any(n in t for t in shown) for n in needles) else None


async def test_follow_finds_a_wordpress_site_backfills_with_progress_and_answers_from_it(
    seed_index: Path, embedder: Embedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source_handlers, "PROGRESS_EVERY", 0.05)
    articles = [bench_article(n) for n in range(1, 9)]
    site = SourceSite("wordpress", "Diskominfo Sungai Rekaan", articles)
    with serve_site(site):
        async with web_bot(seed_index, embedder, tmp_path, **FAST) as (api, _app):
            api.push_message(f"/follow {site.base}/", USER)
            assert await until(lambda: _shown(api, USER, "hanya untuk admin"))
            # Words that are no address follow a person, for an admin as for anyone.
            api.push_message("/follow Gubernur", ADMIN_ID)
            assert await until(lambda: _shown(api, ADMIN_ID, "✅ Mengikuti Gubernur ("))

            api.push_message(f"/follow {site.base}/ 6", ADMIN_ID)
            done = "✅ Mengikuti Diskominfo Sungai Rekaan (WordPress (REST API)): 6 artikel baru"
            shown = await until(lambda: _shown(api, ADMIN_ID, done, "Indeks diperbarui"))
            edits = [c.params["text"] for c in api.calls("editMessageText")]
            assert any("ditemukan WordPress (REST API)" in t for t in edits)  # said as it went
            assert any(done in t for t in shown)

            newest = site.newest()[0]
            reply = await ask(api, f"Apa hasil {newest.title}?", USER)
            assert site.base in str(reply.params["text"])  # cited from the followed site

            api.push_message("/feeds", ADMIN_ID)
            listing = await until(lambda: _shown(api, ADMIN_ID, "Sumber berita yang diikuti (1)"))
            status = next(t for t in listing if "diikuti (1)" in t)
            assert "jenis: WordPress (REST API); 6 artikel ditemukan, 6 diindeks" in status
            assert "terakhir berhasil" in status


async def test_documents_and_channel_posts_from_admins_become_articles(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    async with web_bot(seed_index, embedder, tmp_path, **FAST) as (api, _app):
        scan = api.add_file(pdf(text=False), "pindaian.pdf", "application/pdf")
        api.push_message(None, ADMIN_ID, document=scan)
        assert await until(lambda: _shown(api, ADMIN_ID, "PDF hasil pindaian"))

        release = api.add_file(pdf(), "siaran-pers.pdf", "application/pdf")
        api.push_message(None, ADMIN_ID, document=release)
        assert await until(lambda: _shown(api, ADMIN_ID, f"✅ Ditambahkan: {SIARAN[0]}",
                                          "Indeks diperbarui"))  # fmt: skip

        channel = {"id": -1001234, "type": "channel", "title": "Humas Sungai Rekaan",
                   "username": "humasrekaan"}  # fmt: skip
        post = ("Camat Hilir Rekaan, Yusuf Contohadi, membuka pasar murah di halaman kantor "
                "kecamatan pada Senin. “Pasar murah ini membantu warga menjelang hari raya,” "
                "kata Yusuf. Sebanyak 500 paket sembako dijual dengan harga separuh.")  # fmt: skip
        origin = {"type": "channel", "chat": channel, "message_id": 77, "date": 1710400000}
        api.push_message(post, ADMIN_ID, forward_origin=origin)
        assert await until(lambda: _shown(api, ADMIN_ID, "✅ Ditambahkan: Camat Hilir Rekaan"))
        stored = {a.url: a for a in read_articles(tmp_path / "data").articles}
        assert stored["https://t.me/humasrekaan/77"].source == "Humas Sungai Rekaan"
        assert stored["https://t.me/humasrekaan/77"].published == "2024-03-14"

        # From anyone else a forwarded post is a question, as any text.
        before = len(read_articles(tmp_path / "data").articles)
        api.push_message(post, USER, forward_origin=origin)
        reply = await until(lambda: api.sent(USER))
        assert "Ditambahkan" not in parse_telegram_html(str(reply[0].params["text"]))[0]
        assert len(read_articles(tmp_path / "data").articles) == before


async def test_a_source_that_keeps_failing_is_reported_once_to_the_admins(
    seed_index: Path, embedder: Embedder, tmp_path: Path
) -> None:
    extra = {**FAST, "sources": ("http://127.0.0.1:9/",), "fetch_connect_timeout": 1.0}
    async with web_bot(seed_index, embedder, tmp_path, **extra) as (api, _app):
        for round_ in range(1, 5):
            api.push_message("/feeds segarkan", ADMIN_ID)
            await until(lambda r=round_: sum(
                "gagal dibaca —" in t for t in texts_to(api, ADMIN_ID)) >= r)  # fmt: skip
        alerts = [t for t in texts_to(api, ADMIN_ID) if t.startswith("⚠️ Sumber")]
        assert len(alerts) == 1
        assert "gagal dibaca 3 kali berturut-turut" in alerts[0]
