"""Which of one day's passages a question means: the day its text names, the hour asked.

Running counts, flood levels and vote tallies are reported several times a day, in articles
that differ only by their numbers and the hour they give ("data per pukul 11.00 WIB"). A day's
period (timewords.py) keeps the articles of that day and the next, since news of a day often
appears the day after; of those, an article whose text names another day ("Sabtu (17/2/2024)")
and not the one asked reports that other day, so it goes after the rest. Asked for an hour ("jam
11", "pukul 17.30", "17.30 WIB"), the passages giving that hour come first. Both orders are
stable: among equals the search's order stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from retrieval.text.dates import MONTH, MONTHS

T = TypeVar("T")

# "jam 11", "pukul 17.30", "pkl 9:15", "17.30 WIB": the hour asked, with its minutes if given.
_ASKED_HOUR = re.compile(
    r"\b(?:jam|pukul|pkl\.?)\s+(\d{1,2})(?:[.:](\d\d))?\b"
    r"|\b(\d{1,2})[.:](\d\d)\s*(?:wib|wita|wit)\b",
    re.IGNORECASE,
)
# A day as articles write it: "(17/2/2024)", "(17/2)", "17 Februari 2024", "17 Feb".
_NUMERIC_DAY = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/(?:19|20)?\d\d)?\)")
_DAY_IN_WORDS = re.compile(rf"\b(\d{{1,2}})\s+({MONTH})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Hour:
    """An hour of the day a question asks about, and its minutes (0 when not given)."""

    hour: int
    minute: int = 0

    def given_in(self, text: str) -> bool:
        """Whether `text` gives this hour: "11.00", "pukul 11", "jam 11:00"."""
        minutes = rf"[.:]{self.minute:02d}\b"
        pattern = rf"\b0?{self.hour}{minutes}|\b(?:jam|pukul|pkl\.?)\s+0?{self.hour}\b(?![.:]\d)"
        return re.search(pattern, text, re.IGNORECASE) is not None


def asked_hour(question: str) -> Hour | None:
    """The hour of the day a question names, or None."""
    for m in _ASKED_HOUR.finditer(question):
        hour, minute = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        h, mm = int(hour), int(minute or 0)
        if h <= 24 and mm < 60:
            return Hour(h, mm)
    return None


def days_named(text: str) -> set[tuple[int, int]]:
    """The (day, month) pairs a text names."""
    out = {(int(d), int(m)) for d, m in _NUMERIC_DAY.findall(text) if 1 <= int(m) <= 12}
    out |= {(int(d), MONTHS[m.lower()]) for d, m in _DAY_IN_WORDS.findall(text)}
    return out


def day_first(
    items: Sequence[T], article_of: Callable[[T], str], text_of: Callable[[T], str], day: date
) -> list[T]:
    """Best-first `items` with those of articles naming another day, never `day`, last."""
    named: dict[str, set[tuple[int, int]]] = {}
    for item in items:
        named.setdefault(article_of(item), set()).update(days_named(text_of(item)))
    asked = (day.day, day.month)

    def elsewhere(item: T) -> bool:
        days = named[article_of(item)]
        return bool(days) and asked not in days

    return sorted(items, key=elsewhere)


def hour_first(items: Sequence[T], text_of: Callable[[T], str], hour: Hour) -> list[T]:
    """Best-first `items` with those giving `hour` first."""
    return sorted(items, key=lambda item: not hour.given_in(text_of(item)))
