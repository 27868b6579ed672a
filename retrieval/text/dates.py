"""Dates as articles and documents write them: ISO ("2025-06-02") or words ("2 Juni 2025")."""

from __future__ import annotations

import re
from datetime import date

# Indonesian and English month names and their usual short forms, 1-based.
MONTHS: dict[str, int] = {}
for _n, _names in enumerate(
    (
        "januari january jan",
        "februari pebruari february feb",
        "maret march mar",
        "april apr",
        "mei may",
        "juni june jun",
        "juli july jul",
        "agustus august agu aug agt",
        "september sept sep",
        "oktober october okt oct",
        "november nopember nov",
        "desember december des dec",
    ),
    1,
):
    for _name in _names.split():
        MONTHS[_name] = _n
MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_IN_WORDS = re.compile(rf"\b(\d{{1,2}})\s+({MONTH})\.?\s+((?:19|20)\d\d)\b", re.IGNORECASE)
ISO = re.compile(r"((?:19|20)\d\d)-(\d\d)-(\d\d)")


def published_date(published: str | None) -> date | None:
    """An article's date from ISO ("2025-06-02", with or without time) or words ("2 Juni 2025")."""
    if not published:
        return None
    m = ISO.search(published)
    try:
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        m = DATE_IN_WORDS.search(published)
        if m:
            return date(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None
    return None
