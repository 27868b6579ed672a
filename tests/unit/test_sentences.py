"""Indonesian sentence units: abbreviations, numbers, datelines, quotes kept with attribution."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.index.articles import read_articles
from retrieval.records import Span
from retrieval.text.sentences import find_quote_regions, split_plain, split_sentences

ROOT = Path(__file__).resolve().parents[2]


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text",
    [
        "Acara dihadiri Dr. Budi dan Hj. Siti dari Jl. Merdeka No. 5 Kab. Kutai Kartanegara.",
        "Pembukaan oleh Prof. Dr. Ir. H. Ahmad Yani, S.H., M.Si., Ph.D. berlangsung khidmat.",
        "Plt. Kepala Dinas dan Pj. Bupati bertemu di Prov. Kaltim bersama Drs. Amir dkk. kemarin.",
        "Menurut A. Rahman dan M. Yusuf, program berjalan lancar.",
        "Anggaran Rp1,5 miliar disiapkan untuk 3.500 orang pada 27/11/2026 pukul 10.00 WITA.",
        "Rapat digelar 5 Jan. 2026 dan berlanjut hingga 12 Feb. 2026 di Samarinda.",
        "Pendaftaran dibuka 1 s.d. 5 Juni bagi pelamar.",
        "Ia ragu… tapi akhirnya setuju.",
        "Bantuan berupa beras, gula, dll. yang dibagikan kepada warga.",
        "Kepala RS dr. Andi hadir bersama drg. Sari.",
        "1. Pendaftaran dibuka untuk umum.",
        "SAMARINDA – Gubernur Kaltim membuka acara di Kantor Gubernur.",
        "Briefing ditutup dengan doa bersama. (adv)",
    ],
)
def test_one_sentence(text: str) -> None:
    assert sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Apa kabar? Baik! Terima kasih.", ["Apa kabar?", "Baik!", "Terima kasih."]),
        (
            "Dana Rp1,5 miliar cair. Sebanyak 3.500 orang menerima. Tanggal 27/11/2026. Selesai.",
            [
                "Dana Rp1,5 miliar cair.",
                "Sebanyak 3.500 orang menerima.",
                "Tanggal 27/11/2026.",
                "Selesai.",
            ],
        ),
        (
            "Bantuan berupa beras, gula, dll. Semua dibagikan.",
            ["Bantuan berupa beras, gula, dll.", "Semua dibagikan."],
        ),
        ("Ia ragu... Lalu ia setuju.", ["Ia ragu...", "Lalu ia setuju."]),
        (
            "Informasi di kaltimprov.go.id. Silakan daftar.",
            ["Informasi di kaltimprov.go.id.", "Silakan daftar."],
        ),
        (
            "SAMARINDA – Gubernur membuka acara. Acara berlangsung meriah.",
            ["SAMARINDA – Gubernur membuka acara.", "Acara berlangsung meriah."],
        ),
        ("Baris pertama tanpa titik\nBaris kedua.", ["Baris pertama tanpa titik", "Baris kedua."]),
        (
            "Rapat selesai (pukul 12.00). Peserta pulang.",
            ["Rapat selesai (pukul 12.00).", "Peserta pulang."],
        ),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_multi_sentence_quote_stays_with_its_attribution() -> None:
    text = (
        "Rapat dimulai pukul 09.00. “Kita harus bekerja. Tidak boleh sendiri-sendiri. Sinergi "
        "adalah kunci,” ujar Rudy. Rapat berakhir siang."
    )
    assert sentences(text) == [
        "Rapat dimulai pukul 09.00.",
        "“Kita harus bekerja. Tidak boleh sendiri-sendiri. Sinergi adalah kunci,” ujar Rudy.",
        "Rapat berakhir siang.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rudy mengatakan, “Jembatan harus selesai. Warga sudah menunggu.”",
        "“Apa? Kita harus siap! Ya...,” tanya Rudy.",
        '"Kami bekerja siang dan malam. Target selesai akhir tahun," ujar Aji.',
        "“Kami siap.” Demikian kata Rudy.",
        "“Kami siap!” Rudy menambahkan.",
        "”Kami siap. Semua bergerak,” ujar Rudy.",  # some sites open with ” as well
    ],
)
def test_quote_and_attribution_are_one_unit(text: str) -> None:
    assert sentences(text) == [text]


def test_quote_before_a_new_sentence_is_cut_after_the_closing_mark() -> None:
    text = "Rudy mengatakan, “A sudah. B juga.” Ia lalu meninggalkan ruangan."
    assert sentences(text) == [
        "Rudy mengatakan, “A sudah. B juga.”",
        "Ia lalu meninggalkan ruangan.",
    ]


def test_an_unclosed_quote_runs_to_the_paragraph_end_only() -> None:
    text = (
        "Joko menjelaskan rencana. “Kami akan mengeruk. Dimulai besok.\n"
        "“Warga diminta tertib,” ujar Joko."
    )
    assert sentences(text) == [
        "Joko menjelaskan rencana.",
        "“Kami akan mengeruk. Dimulai besok.",
        "“Warga diminta tertib,” ujar Joko.",
    ]
    regions = find_quote_regions(text)
    assert [r.closed for r in regions] == [False, True]


def test_spans_exclude_surrounding_whitespace_and_index_the_text() -> None:
    text = "  Halo.   Apa kabar?  \n\n   \n Baik.  "
    spans = split_sentences(text)
    assert spans == [Span(2, 7), Span(10, 20), Span(29, 34)]
    assert [text[s.start : s.end] for s in spans] == ["Halo.", "Apa kabar?", "Baik."]
    assert split_sentences("") == []
    assert split_sentences(" \n ") == []


def test_split_plain_ignores_quote_marks_as_a_last_resort() -> None:
    text = "“Satu. Dua. Tiga,” ujar Rudy."
    assert len(split_sentences(text)) == 1
    parts = split_plain(text, Span(0, len(text)))
    assert [text[s.start : s.end] for s in parts] == ["“Satu.", "Dua.", "Tiga,” ujar Rudy."]


def test_seed_article_units_keep_each_quote_with_its_attribution() -> None:
    seed = next(a for a in read_articles(ROOT / "data").articles if a.id.startswith("000_"))
    units = sentences(seed.text)
    assert len(units) == 24
    quoted = [u for u in units if u.startswith("“")]
    assert [u.rsplit("” ", 1)[1] for u in quoted] == [
        "ujar Rudy dengan tegas.",
        "tuturnya dalam pengarahan.",
        "jelas Norhayati.",
    ]
    assert units[-1].endswith("ke depan. (adv)")
    assert all("\n" not in u for u in units)
