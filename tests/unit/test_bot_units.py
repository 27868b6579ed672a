"""Pieces of the bot that need no Telegram: listings, paging buttons, rate limit, ages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from bot.present.listings import quotes_page, sources_page
from bot.telegram.admin import humanize_age
from bot.telegram.limits import RateLimiter
from bot.telegram.messaging import page_buttons
from retrieval.records import Quote, Source
from retrieval.search.searcher import QuoteRef
from tests.support.fake_bot_api import parse_telegram_html


def test_long_source_lists_are_paged_within_telegram_limits() -> None:
    sources = [
        Source(f"id{i}", f"Judul <{i}> & " + "panjang " * 40, f"https://e.id/{i}?a=1&b=2",
               "2025-01-02")
        for i in range(45)
    ]
    first = sources_page(sources, 0, "id")
    assert first.pages > 1
    seen = []
    for n in range(first.pages):
        page = sources_page(sources, n, "id")
        text, errors = parse_telegram_html(page.text)
        assert errors == []
        assert text.startswith("Artikel di indeks (45):")
        seen += [line for line in text.splitlines() if line[:1].isdigit()]
    assert len(seen) == 45
    assert seen[0].startswith("1. Judul <0> & ") and seen[-1].startswith("45. Judul <44> & ")
    assert sources_page(sources, 99, "id").page == first.pages - 1


def test_quotes_listing_names_speaker_and_source() -> None:
    quote = Quote("Sinergi adalah kunci utama.", "Rudy Mas’ud", "Gubernur Kaltim", 0, 10)
    refs = [QuoteRef(quote, Source("a", "Briefing Pemprov", None, None))]
    text = parse_telegram_html(quotes_page(refs, "Rudy", 0, "id").text)[0]
    assert "Kutipan langsung dari Rudy (1):" in text
    assert "“Sinergi adalah kunci utama.” — Gubernur Kaltim Rudy Mas’ud" in text
    assert "Briefing Pemprov" in text
    assert quotes_page([], None, 0, "en").text == "No direct quotes match."


def test_page_buttons_respect_the_64_byte_callback_limit() -> None:
    assert page_buttons("s", 0, 1) is None
    markup = page_buttons("q", 1, 3, "Rudy")
    assert markup is not None
    assert [b.callback_data for b in markup.inline_keyboard[0]] == ["q:0:Rudy", "q:2:Rudy"]
    assert page_buttons("q", 0, 3, "x" * 70) is None


def test_rate_limit_is_per_user_and_tells_once_per_window() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    assert limiter.check(1).allowed and limiter.check(1).allowed
    refused = limiter.check(1)
    assert not refused.allowed and refused.notify and refused.retry_after == 60
    assert not limiter.check(1).notify  # no second notice in the same window
    assert limiter.check(2).allowed
    now[0] += 60.5
    assert limiter.check(1).allowed


def test_index_age_is_said_in_the_largest_unit() -> None:
    now = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
    assert humanize_age("2025-06-02T11:55:00+00:00", "id", now) == "5 menit"
    assert humanize_age("2025-05-30T12:00:00+00:00", "en", now) == "3 days"
    assert humanize_age("not a date", "id", now) == "?"


def test_the_rate_limit_map_forgets_quiet_users() -> None:
    now = [1000.0]
    limiter = RateLimiter(2, clock=lambda: now[0])
    for user in range(500):
        limiter.check(user)
    assert len(limiter) == 500
    now[0] += 61
    limiter.check(9999)
    assert len(limiter) == 1


def test_old_questions_are_forgotten_by_age(tmp_path: Path) -> None:
    from bot.settings import Settings
    from bot.telegram.runtime import Runtime

    settings = Settings(_env_file=None, state_dir=tmp_path, questions_keep_days=7)  # type: ignore[call-arg]
    rt = Runtime(settings, lambda: None)  # type: ignore[arg-type,return-value]
    store = rt.state()
    old = store.add_question(1, 1, "lama", "id", True)
    store.record_page(old, 0, ["a#0"])
    store.db.run("UPDATE questions SET asked_at = asked_at - 8 * 86400 WHERE id = ?", old)
    new = rt.remember(lambda s: s.add_question(1, 1, "baru", "id", True))
    assert new is not None and store.question(new) is not None
    assert store.question(old) is None
    assert store.add_feedback(old, 0, 5, 1) is False  # its buttons now say they expired
    rt.close()


async def test_a_webhook_forgets_answered_updates_after_a_while() -> None:
    from telegram import Update
    from telegram.ext import Application

    from bot.telegram.serving import Tracker
    from bot.telegram.webhook import KEEP_FINISHED
    from tests.support.bot_harness import TOKEN
    from tests.support.fake_bot_api import FakeBotAPI

    now = [0.0]
    with FakeBotAPI() as api:
        app = Application.builder().token(TOKEN).base_url(api.base_url).build()
        await app.initialize()
        tracker = Tracker(app, KEEP_FINISHED, clock=lambda: now[0])
        for uid in range(1, 3001):  # an update a second for 50 minutes
            now[0] = float(uid)
            task = tracker.handle(Update(uid))
            assert task is not None
            await task
        assert tracker.handle(Update(2990)) is None  # a late second delivery: not again
        await app.shutdown()
    # What a webhook keeps is what came in the last KEEP_FINISHED seconds, not all 3,000.
    assert tracker.finished == KEEP_FINISHED + 1


async def test_polling_does_not_wait_for_a_finish_that_came_during_the_request() -> None:
    import asyncio

    from telegram import Update
    from telegram.ext import Application

    from bot.telegram.serving import Tracker
    from tests.support.bot_harness import TOKEN
    from tests.support.fake_bot_api import FakeBotAPI

    with FakeBotAPI() as api:
        app = Application.builder().token(TOKEN).base_url(api.base_url).build()
        await app.initialize()
        tracker = Tracker(app)
        seen = tracker.generation  # the poller's getUpdates starts here ...
        task = tracker.handle(Update(1))
        assert task is not None
        await task  # ... and the update finishes before its answer is read
        # A wait that had cleared the signal first would sit out the whole minute.
        await asyncio.wait_for(tracker.wait_change(asyncio.Event(), 60.0, since=seen), 5.0)
        await app.shutdown()
