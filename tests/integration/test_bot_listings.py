"""/sources and /quotes over real HTTP: their pages, turned with ‹ ›, in the listing's order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from retrieval.index.builder import build_index
from retrieval.model.embedder import Embedder
from tests.support.bot_harness import (
    assert_valid_replies,
    bot_message,
    bot_running,
    copy_index,
    make_settings,
)
from tests.support.fake_bot_api import FakeBotAPI, parse_telegram_html

pytestmark = pytest.mark.integration
PLACES = ("Balikpapan", "Samarinda", "Bontang", "Tenggarong", "Sangatta", "Tanjung Redeb",
          "Penajam", "Tana Paser", "Sendawar", "Malinau", "Nunukan", "Tarakan")
DATES = ("2025-05-02", "", "2025-07-19", "2024-11-30", "kemarin", "2025-07-19")


def _articles(data: Path) -> list[str]:
    """Twelve short articles, each quoting its regent; the titles in listing order."""
    data.mkdir()
    rows = []
    for i, place in enumerate(PLACES):
        published = DATES[i % len(DATES)]
        title = f"Jalan baru di {place}"
        meta = f"title: {title}\n" + (f"published: {published}\n" if published else "")
        body = (
            f"Pemerintah Kabupaten {place} membuka jalan baru sepanjang {i + 3} kilometer.\n"
            f"“Jalan ini menghubungkan desa-desa di {place} dengan pasar,” kata Bupati "
            f"Lestari {place.split()[0]}.\n"
        )
        (data / f"{i:02d}.md").write_text(f"---\n{meta}---\n{body}", encoding="utf-8")
        iso = published[:1].isdigit()
        rows.append(((iso, published if iso else ""), title))
    by_title = sorted(rows, key=lambda r: r[1])
    return [title for _, title in sorted(by_title, key=lambda r: r[0], reverse=True)]


def _buttons(message: dict[str, Any]) -> dict[str, str]:
    rows = message.get("reply_markup", {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


@pytest.fixture(scope="module")
def regents(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A folder with the twelve articles' data and index; the titles in listing order."""
    root = tmp_path_factory.mktemp("regents")
    order = _articles(root / "data")
    build_index(root / "data", root / "index", embedder)
    return root, order


async def test_listing_pages_turn_in_order(
    regents: tuple[Path, list[str]], embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(regents[0], tmp_path)
    order = regents[1]
    with FakeBotAPI() as api:
        async with bot_running(api, make_settings(tmp_path, api), embedder) as bot:
            pages = []
            for command, user in (("/sources", 801), ("/quotes", 802), ("/quotes lestari", 803)):
                api.push_message(command, user_id=user)
                [reply] = await bot.wait_replies(user)
                message = bot_message(reply)
                edits = len(api.calls("editMessageText"))
                api.push_callback(message, _buttons(message)["›"], user_id=user)
                await api.until(lambda n=edits: len(api.calls("editMessageText")) > n)
                edited = api.calls("editMessageText")[-1]
                pages.append([parse_telegram_html(str(c.params["text"]))[0]
                              for c in (reply, edited)])
            assert_valid_replies(api)
    sources, quotes, by_name = pages
    assert sources[0].startswith("Artikel di indeks (12):") and "Halaman 1/2" in sources[0]
    assert "Halaman 2/2" in sources[1] and "\n11. " in sources[1]
    listed = [line.split(". ", 1)[1].split(" · ")[0] for page in sources
              for line in page.splitlines() if line[:1].isdigit() and ". " in line]
    assert listed == order
    assert quotes[0].startswith("Kutipan langsung (12):") and "Halaman 2/3" in quotes[1]
    assert "\n6. “Jalan ini" in quotes[1]
    assert by_name[0].startswith("Kutipan langsung dari lestari (12):")
    assert "Bupati Lestari" in by_name[1]


async def test_quotes_by_a_long_name_turn_also_after_a_restart_and_no_letters_get_usage(
    regents: tuple[Path, list[str]], embedder: Embedder, tmp_path: Path
) -> None:
    copy_index(regents[0], tmp_path)
    # Mathematical bold letters, as fancy-font keyboards type them: 78 bytes, two units each.
    name = "𝐁𝐮𝐩𝐚𝐭𝐢 𝐋𝐞𝐬𝐭𝐚𝐫𝐢 𝐁𝐮𝐩𝐚𝐭𝐢"
    usage = "Tulis nama pembicara setelah perintah, misalnya: /quotes Rudy"
    with FakeBotAPI() as api:
        settings = make_settings(tmp_path, api)
        async with bot_running(api, settings, embedder) as bot:
            api.push_message(f"/quotes {name}", user_id=821)
            [reply] = await bot.wait_replies(821)
            first = bot_message(reply)
            assert parse_telegram_html(reply.params["text"])[0].startswith(
                f"Kutipan langsung dari {name} (12):")
            api.push_callback(first, _buttons(first)["›"], user_id=821)
            edited = await api.until(lambda: api.calls("editMessageText"))
            second = {**first, "reply_markup": edited[-1].params["reply_markup"]}
            for n, odd in enumerate(("%", "_", "*", "😀", "\u200b")):
                api.push_message(f"/quotes {odd}", user_id=830 + n)
                [refused] = await bot.wait_replies(830 + n)
                assert parse_telegram_html(refused.params["text"])[0].startswith(usage)
        async with bot_running(api, settings, embedder) as bot:  # nothing held in memory
            api.push_callback(second, _buttons(second)["›"], user_id=821)
            await api.until(lambda: len(api.calls("editMessageText")) == 2)
        assert_valid_replies(api)
    pages = [parse_telegram_html(str(c.params["text"]))[0] for c in api.calls("editMessageText")]
    assert "Halaman 2/3" in pages[0] and "Halaman 3/3" in pages[1]
    assert all(p.startswith(f"Kutipan langsung dari {name} (12):") for p in pages)
    assert "\n11. “Jalan ini" in pages[1]
