"""Speakers credited as a reporter would: the name alone, cleanly apart from role and body.

Every passage here is made up; the patterns are those of national Indonesian news (issue 10).
"""

from __future__ import annotations

import pytest

from retrieval.text.quotes import extract_quotes
from tests.unit.test_quotes import check_offsets, who

Who = tuple[str | None, str | None]
CREDITS: list[tuple[str, str, list[Who]]] = [
    (
        "written-out-police-rank-stays-with-the-name",
        "“Pelaku sudah kami amankan,” kata Kepala Bidang Humas Polda Rekaan Raya Komisaris Besar "
        "Hendro Fiktif.",
        [("Komisaris Besar Hendro Fiktif", "Kepala Bidang Humas Polda Rekaan Raya")],
    ),
    (
        "rank-after-a-comma",
        "“Kami masih memeriksa saksi,” ujar Kepala Unit Reskrim Polsek Sumberejo, Ajun Komisaris "
        "Tono Samaran.",
        [("Ajun Komisaris Tono Samaran", "Kepala Unit Reskrim Polsek Sumberejo")],
    ),
    (
        "office-not-rank-direktur-jenderal",
        "“Izin sudah terbit,” kata Direktur Jenderal Perizinan Ratna Contoh.",
        [("Ratna Contoh", "Direktur Jenderal Perizinan")],
    ),
    (
        "town-glued-to-the-name-cut-by-a-short-reference",
        "Wali Kota Karangsari Haryo Budiman meninjau pasar. “Harga cabai mulai turun,” ujar Haryo.",
        [("Haryo Budiman", "Wali Kota Karangsari")],
    ),
    (
        "body-glued-to-the-name-cut-by-a-short-reference",
        "Ketua Yayasan Pelita Nusa Wening Lestiani mengatakan, sekolah itu gratis. Pelita Nusa "
        "membiayai 200 siswa.\n“Kami ingin semua anak sekolah,” kata Wening.",
        [("Wening Lestiani", None)],
    ),
    (
        "town-glued-to-a-one-word-name-known-as-a-place",
        "Banjir merendam tiga desa di Karangsari. “Kami kirim perahu karet,” kata Bupati "
        "Karangsari Suparmo.",
        [("Suparmo", "Bupati Karangsari")],
    ),
    (
        "name-opener-kept-with-a-surname-reference",
        "“Vaksin tiba besok,” kata Kepala Dinas Kesehatan Karangsari Muhammad Rivaldi. Menurut "
        "Rivaldi, stok cukup.",
        [("Muhammad Rivaldi", "Kepala Dinas Kesehatan Karangsari")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CREDITS], ids=[c[0] for c in CREDITS]
)
def test_speaker_credit(text: str, expected: list[Who]) -> None:
    quotes = extract_quotes(text)
    check_offsets(text, quotes)
    assert [s for s, _ in who(quotes)] == [s for s, _ in expected]
    for (_, role), (_, want) in zip(who(quotes), expected, strict=True):
        if want is not None:
            assert role == want
