"""Time words in a question ("hari ini", "minggu lalu", "Juni 2025", "terbaru") and what they do.

A period keeps the passages of articles published in it, best first. Relative periods ("kemarin",
"bulan lalu") are measured from `today`, which callers pin for tests. An article without a date
(or a date we cannot read) can be neither in nor out of a period: after a relative period it
follows the dated matches, after a named one ("Juni 2025") it is used only when nothing dated
matches. Either way, when only undated articles answer, the scope says so and the reply tells the
user. A named day or month without a year ("15 November") is the last one past; when no article
falls in it, the same day of an earlier year that has some (an archive asked about last year's
news); a day with none is looked for from the day before too (a plan is reported ahead). A
period no article falls in ("kemarin" asked of last year's archive, "rapat tgl 3 Maret" of a
meeting reported days before) keeps every passage, and the scope says they are from other days.
"Terbaru"/"latest" restricts nothing: it orders by date, newest first, undated last.
A period that would leave the calendar (years 1 to 9999: "kemarin" counted from 0001-01-01) is
a QuestionError, never an arithmetic error from deep inside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TypeVar

from retrieval.errors import QuestionError
from retrieval.records import Source, TimeScope
from retrieval.text.dates import MONTH as _MONTH
from retrieval.text.dates import MONTHS as _MONTHS
from retrieval.text.dates import published_date

T = TypeVar("T")


_LATEST = re.compile(
    r"\b(?:(?:paling\s+)?terbaru|terkini|paling\s+baru|latest|most\s+recent|newest|recent)\b",
    re.IGNORECASE,
)
_RELATIVE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), kind)
    for p, kind in (
        (r"\b(?:hari\s+ini|today)\b", "today"),
        (r"\b(?:kemarin|yesterday)\b", "yesterday"),
        (r"\b(?:minggu|pekan)\s+(?:lalu|kemarin)\b|\blast\s+week\b", "last_week"),
        (r"\b(?:minggu|pekan)\s+ini\b|\bthis\s+week\b", "this_week"),
        (r"\bbulan\s+(?:lalu|kemarin)\b|\blast\s+month\b", "last_month"),
        (r"\bbulan\s+ini\b|\bthis\s+month\b", "this_month"),
        (r"\btahun\s+(?:lalu|kemarin)\b|\blast\s+year\b", "last_year"),
        (r"\btahun\s+ini\b|\bthis\s+year\b", "this_year"),
        (r"\b(\d{1,3})\s+hari\s+terakhir\b|\b(?:last|past)\s+(\d{1,3})\s+days\b", "days"),
    )
)
# A day: "tanggal 12 Februari 2024", "12 Februari", "tgl 12/2/2024". News of a day is published
# that day or the next, so the period runs to the day after.
_DAY = re.compile(
    rf"\b(?:(?:tanggal|tgl)\.?\s+)?(\d{{1,2}})\s+({_MONTH})\.?(?:\s+((?:19|20)\d\d))?\b",
    re.IGNORECASE,
)
_DAY_NUMERIC = re.compile(
    r"\b(?:tanggal|tgl)\.?\s+(\d{1,2})/(\d{1,2})(?:/((?:19|20)?\d\d))?\b", re.IGNORECASE
)
# Chat writes a day bare, "update 17/2 pagi"; bare, a proper fraction ("2/3 anggota") and "24/7"
# are no day, so without a year the day must not be smaller than the month.
_BARE_NUMERIC = re.compile(
    r"(?<![\d/.,])(?!24/7\b)(\d{1,2})/(\d{1,2})(?:/((?:19|20)?\d\d))?(?![\d/.,])"
)
_MONTH_YEAR = re.compile(rf"\b(?:bulan\s+)?({_MONTH})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_BARE_MONTH = re.compile(rf"\b(?:bulan|in)\s+({_MONTH})\b", re.IGNORECASE)
# A bare year is usually a budget or plan year ("APBD 2025"), not when the article appeared.
_YEAR = re.compile(
    r"\b(?:tahun|pada|sepanjang|selama|in|during)\s+((?:19|20)\d\d)\b", re.IGNORECASE
)


@dataclass(frozen=True)
class TimeWords:
    """A question's time words: a period [start, end] (inclusive), or newest-first order."""

    words: str
    start: date | None = None
    end: date | None = None
    relative: bool = False  # measured from today ("kemarin"), not named ("Juni 2025")
    latest: bool = False
    yearless: bool = False  # "12 Februari", "bulan Juni": the last one past, else an earlier one
    day: bool = False  # one day: a plan is reported the day before it


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)  # the month after December 9999 is outside the calendar
    return date(year, month + 1, 1) - timedelta(days=1)


def _in_calendar(words: str, today: date, period: Callable[[], tuple[date, date]]) -> TimeWords:
    try:
        start, end = period()
    except (OverflowError, ValueError):  # before 0001-01-01 or after 9999-12-31
        raise QuestionError(
            QuestionError.OUT_OF_CALENDAR,
            f"{words!r} counted from {today.isoformat()} falls outside the calendar "
            "(years 1 to 9999)",
        ) from None
    return TimeWords(words, start, end, relative=True)


def _relative(kind: str, today: date, match: re.Match[str]) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    if kind == "today":
        return today, today
    if kind == "yesterday":
        return today - timedelta(days=1), today - timedelta(days=1)
    if kind == "last_week":
        return monday - timedelta(days=7), monday - timedelta(days=1)
    if kind == "this_week":
        return monday, today
    if kind == "last_month":
        last = today.replace(day=1) - timedelta(days=1)
        return last.replace(day=1), last
    if kind == "this_month":
        return today.replace(day=1), today
    if kind == "last_year":
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    if kind == "this_year":
        return date(today.year, 1, 1), today
    days = max(int(match.group(1) or match.group(2)), 1)
    return today - timedelta(days=days - 1), today


def parse_time(question: str, today: date) -> TimeWords | None:
    """The first time words of a question, or None; `today` anchors "kemarin" and the like."""
    for pattern, kind in _RELATIVE:
        m = pattern.search(question)
        if m:
            return _in_calendar(m.group(0), today, partial(_relative, kind, today, m))
    day = _day(question, today)
    if day is not None:
        return day
    m = _MONTH_YEAR.search(question)
    if m:
        year, month = int(m.group(2)), _MONTHS[m.group(1).lower()]
        return TimeWords(m.group(0), date(year, month, 1), _month_end(year, month))
    m = _BARE_MONTH.search(question)
    if m:
        month = _MONTHS[m.group(1).lower()]
        year = today.year if month <= today.month else today.year - 1  # the last one past
        named = _in_calendar(
            m.group(0), today, lambda: (date(year, month, 1), _month_end(year, month))
        )
        return TimeWords(named.words, named.start, named.end, yearless=True)
    m = _YEAR.search(question)
    if m:
        year = int(m.group(1))
        return TimeWords(m.group(0), date(year, 1, 1), date(year, 12, 31))
    m = _LATEST.search(question)
    if m:
        return TimeWords(m.group(0), latest=True)
    return None


def _day(question: str, today: date) -> TimeWords | None:
    """A day the question names, its period that day and the next; None when it names none."""
    m = _DAY.search(question)
    if m:
        day, month, year = int(m.group(1)), _MONTHS[m.group(2).lower()], m.group(3)
    else:
        m = _DAY_NUMERIC.search(question) or next(
            (b for b in _BARE_NUMERIC.finditer(question) if _day_like(b)), None
        )
        if m is None:
            return None
        day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
        if not 1 <= month <= 12:
            return None
    when = int(year) + (2000 if year and len(year) == 2 else 0) if year else today.year
    try:
        start = date(when, month, day)
        if not year and start > today:  # "12 Februari": the last one past
            start = date(when - 1, month, day)
    except ValueError:
        return None  # "31 Februari": no day; the month alone is read instead
    named = _in_calendar(m.group(0), today, lambda: (start, start + timedelta(days=1)))
    return TimeWords(named.words, named.start, named.end, yearless=not year, day=True)


def _day_like(m: re.Match[str]) -> bool:
    return m.group(3) is not None or int(m.group(1)) >= int(m.group(2))


def without_time_words(question: str, words: TimeWords) -> str:
    """The question for ranking: time words say when, not what, so they are left out."""
    rest = " ".join(question.replace(words.words, " ", 1).split())
    return rest if any(ch.isalnum() for ch in rest) else question


def apply_time(
    items: Sequence[T], source_of: Callable[[T], Source], words: TimeWords
) -> tuple[list[T], TimeScope]:
    """Keep or reorder best-first `items` by their articles' dates (see the module doc)."""
    dated = [(item, published_date(source_of(item).published)) for item in items]
    if words.latest:
        newest = sorted(dated, key=lambda x: x[1] or date.min, reverse=True)  # stable: by score
        return [item for item, _ in newest], TimeScope(words.words)
    assert words.start is not None and words.end is not None
    undated = [item for item, d in dated if d is None]
    inside: list[T] = []
    for start, end in _periods(words, [d for _, d in dated if d is not None]):
        inside = [item for item, d in dated if d is not None and start <= d <= end]
        if inside:
            break
    else:
        start, end = words.start, words.end
    scope = TimeScope(words.words, start.isoformat(), end.isoformat())
    if not inside and not undated:
        return list(items), TimeScope(scope.words, scope.start, scope.end, outside=True)
    if not inside:
        return undated, TimeScope(scope.words, scope.start, scope.end, undated_only=bool(undated))
    return (inside + undated if words.relative else inside), scope


def _periods(words: TimeWords, dates: Sequence[date]) -> list[tuple[date, date]]:
    """The periods a named time may mean, likeliest first: as read; for one day, from the day
    before (an event announced ahead); without a year, the same in each earlier year that
    articles were published in ("15 November" asked of last year's archive)."""
    assert words.start is not None and words.end is not None
    years = [0]
    if words.yearless and dates:
        years += range(1, words.start.year - min(dates).year + 1)
    out = []
    for back in years:
        try:
            start, end = words.start.replace(year=words.start.year - back), words.end.replace(
                year=words.end.year - back
            )
        except ValueError:  # 29 February in a year without one
            continue
        out.append((start, end))
        if words.day:
            out.append((start - timedelta(days=1), end))
    return out
