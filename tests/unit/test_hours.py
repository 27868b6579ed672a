"""Of one day's look-alike releases, the one of the day and the hour the question names."""

from __future__ import annotations

from datetime import date

import pytest

from retrieval.search.hours import Hour, asked_hour, day_first, hour_first

# (article, text): three updates of one count, alike but for their day and hour.
UPDATES = [
    ("sabtu", "Hitungan Sabtu (13/4/2024) data per pukul 09.00 WIB: Budi 51 persen."),
    ("jumat-pagi", "Hitungan Jumat (12/4/2024) data per pukul 11.00 WIB: Budi 48 persen."),
    ("jumat-sore", "Hitungan Jumat (12/4/2024) petang pukul 17.30 WIB: Budi 50 persen."),
    ("tanpa", "Budi unggul di Sleman menurut hitungan sementara."),
]


def _article(item: tuple[str, str]) -> str:
    return item[0]


def _text(item: tuple[str, str]) -> str:
    return item[1]


@pytest.mark.parametrize(
    ("question", "hour"),
    [
        ("hitungan jam 11 gimana", Hour(11)),
        ("hasil pukul 17.30 berapa", Hour(17, 30)),
        ("count at 09:15 WIB?", Hour(9, 15)),
        ("hasil pemilu tahun 2024", None),
        ("Rp 17.500 per liter", None),
    ],
)
def test_the_hour_a_question_names(question: str, hour: Hour | None) -> None:
    assert asked_hour(question) == hour


def test_the_release_giving_the_hour_asked_comes_first() -> None:
    ordered = hour_first(UPDATES, _text, Hour(11))
    assert [a for a, _ in ordered] == ["jumat-pagi", "sabtu", "jumat-sore", "tanpa"]
    assert not Hour(11).given_in("harga Rp 11.000") and not Hour(11).given_in("pukul 11.30")


def test_a_release_naming_another_day_goes_after_those_of_the_day_asked() -> None:
    ordered = day_first(UPDATES, _article, _text, date(2024, 4, 12))
    # The day after's update only reports its own day; one naming no day stays where it was.
    assert [a for a, _ in ordered] == ["jumat-pagi", "jumat-sore", "tanpa", "sabtu"]
