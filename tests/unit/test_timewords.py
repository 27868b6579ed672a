"""Time words: which period a question means, and what that does to dated and undated articles."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from retrieval.errors import QuestionError
from retrieval.records import Source
from retrieval.search.timewords import (
    TimeWords,
    apply_time,
    parse_time,
    published_date,
    without_time_words,
)

TODAY = date(2026, 3, 4)  # a Wednesday


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Apa kata Bupati hari ini?", date(2026, 3, 4), date(2026, 3, 4)),
        ("What did the mayor announce today?", date(2026, 3, 4), date(2026, 3, 4)),
        ("rapat kemarin membahas apa", date(2026, 3, 3), date(2026, 3, 3)),
        ("Kebijakan minggu lalu soal pasar?", date(2026, 2, 23), date(2026, 3, 1)),
        ("pengumuman pekan lalu", date(2026, 2, 23), date(2026, 3, 1)),
        ("anything new last week?", date(2026, 2, 23), date(2026, 3, 1)),
        ("berita bulan lalu tentang banjir", date(2026, 2, 1), date(2026, 2, 28)),
        ("Apa yang dibahas bulan ini?", date(2026, 3, 1), date(2026, 3, 4)),
        ("program tahun lalu", date(2025, 1, 1), date(2025, 12, 31)),
        ("kegiatan 7 hari terakhir", date(2026, 2, 26), date(2026, 3, 4)),
    ],
)
def test_relative_time_words_are_measured_from_today(
    question: str, start: date, end: date
) -> None:
    words = parse_time(question, TODAY)
    assert words is not None and words.relative and not words.latest
    assert (words.start, words.end) == (start, end)


@pytest.mark.parametrize(
    ("question", "start", "end"),
    [
        ("Pelantikan pejabat Juni 2025?", date(2025, 6, 1), date(2025, 6, 30)),
        ("apa kata wagub bulan Februari 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("Speech in December 2025", date(2025, 12, 1), date(2025, 12, 31)),
        ("Rapat tahun 2024 membahas apa?", date(2024, 1, 1), date(2024, 12, 31)),
        ("What happened in 2023?", date(2023, 1, 1), date(2023, 12, 31)),
        ("Apa agenda bulan Mei?", date(2025, 5, 1), date(2025, 5, 31)),  # the last May past
        ("Apa agenda bulan Januari?", date(2026, 1, 1), date(2026, 1, 31)),
    ],
)
def test_named_months_and_years_are_periods_not_relative(
    question: str, start: date, end: date
) -> None:
    words = parse_time(question, TODAY)
    assert words is not None and not words.relative
    assert (words.start, words.end) == (start, end)


@pytest.mark.parametrize(
    "question", ["Kebijakan terbaru soal sampah?", "latest statement on roads", "info terkini"]
)
def test_latest_orders_without_a_period(question: str) -> None:
    words = parse_time(question, TODAY)
    assert words is not None and words.latest and words.start is None


@pytest.mark.parametrize(
    "question",
    [
        "Berapa APBD 2025?",  # a budget year, not when an article appeared
        "Apa kata Gubernur tentang koordinasi?",
        "Siapa yang hadir di rapat paripurna?",
        "Bagaimana rencana pembangunan jalan?",
    ],
)
def test_questions_without_time_words_are_left_alone(question: str) -> None:
    assert parse_time(question, TODAY) is None


def test_time_words_are_left_out_of_the_search_text() -> None:
    words = parse_time("Apa kata Bupati minggu lalu soal pasar?", TODAY)
    assert words is not None
    assert without_time_words("Apa kata Bupati minggu lalu soal pasar?", words) == (
        "Apa kata Bupati soal pasar?"
    )
    only = parse_time("terbaru", TODAY)
    assert only is not None and without_time_words("terbaru", only) == "terbaru"


def test_article_dates_are_read_from_iso_and_from_words() -> None:
    assert published_date("2025-06-02") == date(2025, 6, 2)
    assert published_date("2025-06-02T10:00:00+08:00") == date(2025, 6, 2)
    assert published_date("Senin, 2 Juni 2025 14:00 WITA") == date(2025, 6, 2)
    assert published_date("kemarin sore") is None
    assert published_date("2025-02-31") is None
    assert published_date(None) is None


def _src(name: str, published: str | None) -> Source:
    return Source(name, name, None, published)


ITEMS = [
    _src("old", "2026-01-10"),
    _src("undated", None),
    _src("inside", "2026-02-10"),
    _src("words", "12 Februari 2026"),
]


def test_a_relative_period_keeps_dated_matches_first_then_undated() -> None:
    words = TimeWords("bulan lalu", date(2026, 2, 1), date(2026, 2, 28), relative=True)
    kept, scope = apply_time(ITEMS, lambda s: s, words)
    assert [s.article_id for s in kept] == ["inside", "words", "undated"]
    assert not scope.undated_only and scope.start == "2026-02-01"


def test_a_named_period_drops_undated_articles_when_dated_ones_match() -> None:
    words = TimeWords("Februari 2026", date(2026, 2, 1), date(2026, 2, 28))
    kept, _ = apply_time(ITEMS, lambda s: s, words)
    assert [s.article_id for s in kept] == ["inside", "words"]


def test_undated_articles_stand_in_when_nothing_dated_matches_and_the_scope_says_so() -> None:
    for relative in (True, False):
        words = TimeWords("kemarin", date(2026, 3, 3), date(2026, 3, 3), relative=relative)
        kept, scope = apply_time(ITEMS, lambda s: s, words)
        assert [s.article_id for s in kept] == ["undated"]
        assert scope.undated_only
    dated_only = [ITEMS[0]]
    kept, scope = apply_time(dated_only, lambda s: s, TimeWords("Maret 2026", TODAY, TODAY))
    assert kept == dated_only and not scope.undated_only and scope.outside


def test_a_period_from_today_no_article_falls_in_keeps_the_others_and_says_so() -> None:
    """"kemarin" asked of an archive that ends last year: its answer, marked as of other days."""
    archive = [ITEMS[0], ITEMS[2]]
    kept, scope = apply_time(archive, lambda s: s, TimeWords("kemarin", TODAY, TODAY, True))
    assert kept == archive and scope.outside and not scope.undated_only


def test_a_day_without_a_year_asked_of_an_older_archive_finds_the_year_it_has() -> None:
    archive = [_src("plan", "2024-11-14"), _src("day", "2024-11-15"), _src("later", "2025-03-01")]
    words = parse_time("rencana peresmian jembatan 15 nov", date(2026, 12, 7))
    assert words is not None and words.start == date(2026, 11, 15)
    kept, scope = apply_time(archive, lambda s: s, words)
    assert [s.article_id for s in kept] == ["day"]
    assert scope.start == "2024-11-15" and scope.end == "2024-11-16"


def test_a_day_with_no_article_takes_those_of_the_day_before_which_announced_it() -> None:
    archive = [_src("plan", "2024-11-14"), _src("later", "2025-03-01")]
    kept, scope = apply_time(archive, lambda s: s, parse_time("15 November", date(2026, 12, 7)))
    assert [s.article_id for s in kept] == ["plan"] and scope.start == "2024-11-14"
    # A year the question names is kept: nothing of 2025's day, so every passage, said to be
    # of other days, not 2024's day as if it were the one asked.
    kept, scope = apply_time(
        archive, lambda s: s, parse_time("15 November 2025", date(2026, 12, 7))
    )
    assert kept == archive and scope.outside and scope.start == "2025-11-15"


def test_a_month_without_a_year_falls_back_to_the_last_year_with_articles() -> None:
    archive = [_src("june", "2024-06-03"), _src("older", "2023-06-09")]
    kept, scope = apply_time(archive, lambda s: s, parse_time("bulan Juni", date(2026, 12, 7)))
    assert [s.article_id for s in kept] == ["june"] and scope.start == "2024-06-01"


def test_latest_puts_the_newest_first_and_undated_last() -> None:
    kept, scope = apply_time(ITEMS, lambda s: s, TimeWords("terbaru", latest=True))
    assert [s.article_id for s in kept] == ["words", "inside", "old", "undated"]
    assert scope.start is None and not scope.undated_only


@pytest.mark.parametrize(
    ("question", "today"),
    [
        ("Apa kata gubernur kemarin?", date(1, 1, 1)),
        ("program tahun lalu", date(1, 6, 30)),
        ("rapat minggu lalu", date(1, 1, 3)),
        ("berita bulan lalu", date(1, 1, 20)),
        ("kegiatan 999 hari terakhir", date(2, 5, 1)),
        ("anggaran bulan Desember", date(1, 3, 1)),  # the last December is in year 0
    ],
)
def test_time_words_leaving_the_calendar_are_a_question_error(question: str, today: date) -> None:
    with pytest.raises(QuestionError) as refused:
        parse_time(question, today)
    assert refused.value.code == QuestionError.OUT_OF_CALENDAR


def test_time_words_at_the_calendar_edges_stay_inside_it() -> None:
    last = date(9999, 12, 31)
    december = parse_time("rapat bulan Desember", last)
    assert december is not None and (december.start, december.end) == (date(9999, 12, 1), last)
    week = parse_time("kegiatan minggu ini", last)
    assert week is not None and week.end == last
    first = parse_time("rapat hari ini", date(1, 1, 1))
    assert first is not None and first.start == date(1, 1, 1)


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("Apa kata bupati pada tanggal 12 Februari 2024?", date(2024, 2, 12)),
        ("rapat tgl 12/2/2024 bahas apa", date(2024, 2, 12)),
        ("update hitungan suara 12/2 pagi gimana", date(2025, 2, 12)),  # chat: a bare day
        ("Siapa yang hadir 3 Juni?", date(2025, 6, 3)),  # the last 3 June past
    ],
)
def test_a_day_keeps_the_news_of_that_day_and_the_next(question: str, start: date) -> None:
    # Two releases alike but for their day: a question naming one day finds that one.
    when = parse_time(question, date(2025, 6, 10))
    assert when is not None and when.start == start
    assert when.end == start + timedelta(days=1)


@pytest.mark.parametrize("question", ["2/3 anggota dewan setuju?", "layanan 24/7 ada di mana"])
def test_a_fraction_or_round_the_clock_is_no_day(question: str) -> None:
    assert parse_time(question, date(2025, 6, 10)) is None
