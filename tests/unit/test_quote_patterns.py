"""Quote attribution on regional government news patterns (fictional Kaltim-style passages)."""

from __future__ import annotations

import pytest

from retrieval.text.quotes import extract_quotes
from tests.unit.test_quotes import check_offsets, who

# Fictional passages in the style of Antara, Kaltimprov and Tribun Kaltim: (case, text, the
# (speaker, role) of every direct quote in order).
Who = tuple[str | None, str | None]
REGIONAL: list[tuple[str, str, list[Who]]] = [
    (
        "place-ending-role-then-comma-name",
        "DPRD Sungai Rekaan menggelar rapat paripurna, Selasa (3/3/2026). “Kami mendukung "
        "percepatan jalan desa,” ujar Ketua DPRD Sungai Rekaan, Bambang Ujicoba.",
        [("Bambang Ujicoba", "Ketua DPRD Sungai Rekaan")],
    ),
    (
        "apposition-subject-then-katanya",
        "Kepala Dinas PU Sungai Rekaan, Siti Contohwati, menjelaskan proyek itu dibiayai APBD. "
        "Pekerjaan dimulai Maret.\n“Kami targetkan rampung akhir tahun,” katanya.",
        [("Siti Contohwati", "Kepala Dinas PU Sungai Rekaan")],
    ),
    (
        "office-named-by-a-list",  # as in FacQA's UNESCO passage
        "“Tradisi ini masih hidup,” ungkap Direktur Jenderal Organisasi Pangan, Pertanian, dan "
        "Kehutanan PBB (FAO) Hiroshi Rekaan, yang ditemui pekan lalu.",
        [
            (
                "Hiroshi Rekaan",
                "Direktur Jenderal Organisasi Pangan, Pertanian, dan Kehutanan PBB (FAO)",
            )
        ],
    ),
    (
        "titles-and-degrees-then-ujarnya",
        "TENGGARONG – Bupati Kutai Kartanegara H. Darmawan Fiktif, S.Sos., M.Si., meresmikan "
        "pasar rakyat. “Pasar ini untuk petani lokal,” ujarnya.",
        [("Darmawan Fiktif", "Bupati Kutai Kartanegara")],
    ),
    (
        "kata-dia",
        "Wali Kota Samarinda Andi Samaran meninjau banjir di Jalan Pramuka. “Drainase akan "
        "kami perbesar,” kata dia.",
        [("Andi Samaran", "Wali Kota Samarinda")],
    ),
    (
        "police-rank-is-a-title",
        "Kapolda Kaltim Irjen Pol. Heru Rekaan memastikan pengamanan Natal berjalan lancar. "
        "“Sebanyak 2.500 personel kami siagakan,” ucapnya.",
        [("Irjen Pol. Heru Rekaan", "Kapolda Kaltim")],
    ),
    (
        "speaker-mengatakan-before-quote",
        "Kepala Dinas Kesehatan Kaltim dr. Lestari Contoh, M.Kes. mengatakan, “Stok vaksin "
        "cukup hingga Juni.”",
        [("Lestari Contoh", "Kepala Dinas Kesehatan Kaltim")],
    ),
    (
        "plt-with-a-dot",
        "“Status siaga darurat kami perpanjang tujuh hari,” imbuh Plt. Kepala BPBD Berau "
        "Yusuf Fiktif.",
        [("Yusuf Fiktif", "Plt. Kepala BPBD Berau")],
    ),
    (
        "sebutnya-next-paragraph",
        "Ketua DPRD Kaltim Hj. Ratna Samaran, S.E., menegaskan dewan mengawal anggaran.\n"
        "“Kami tidak akan kompromi,” sebutnya.",
        [("Ratna Samaran", "Ketua DPRD Kaltim")],
    ),
    (
        "menurut-before-quote-with-degree",
        "Menurut Asisten II Setdaprov Kaltim Ir. Rahmat Percobaan, M.M., “Investasi di Kaltim "
        "terus tumbuh.”",
        [("Rahmat Percobaan", "Asisten II Setdaprov Kaltim")],
    ),
    (
        "komisi-with-roman-numeral",
        "“Jalan provinsi yang rusak harus segera diperbaiki,” tegas Wakil Ketua Komisi III DPRD "
        "Kaltim Sugeng Contoh.",
        [("Sugeng Contoh", "Wakil Ketua Komisi III DPRD Kaltim")],
    ),
    (
        "pj-gubernur",
        "Pj Gubernur Kaltim Drs. Akbar Rekaan, M.Si. mengatakan, “ASN harus netral.”",
        [("Akbar Rekaan", "Pj Gubernur Kaltim")],
    ),
    (
        "quote-split-around-attribution",
        "“Produksi padi naik 12 persen,” kata Kepala Dinas Pertanian Penajam Paser Utara, Nur "
        "Rekaan. “Tahun depan kami menargetkan swasembada.”",
        [("Nur Rekaan", "Kepala Dinas Pertanian Penajam Paser Utara")] * 2,
    ),
    (
        "straight-quotes-and-kota-place",
        '"Wisatawan naik dua kali lipat," kata Kepala Dinas Pariwisata Kota Balikpapan Hendra '
        "Samaran.",
        [("Hendra Samaran", "Kepala Dinas Pariwisata Kota Balikpapan")],
    ),
    (
        "nobody-named-nothing-guessed",  # the place is no speaker
        "Warga Loa Janan mengeluhkan banjir yang tak kunjung surut. “Air masuk rumah sejak "
        "subuh,” katanya.\n“Kami sudah tiga hari tanpa air bersih,” kata seorang warga.",
        [(None, None), (None, None)],
    ),
    (
        "menurut-camat-of-a-place",
        "Menurut Camat Loa Kulu Rudi Ujicoba, “Bantuan sudah disalurkan ke 300 keluarga.”",
        [("Rudi Ujicoba", "Camat Loa Kulu")],
    ),
    (
        "nya-follows-whoever-spoke-last",
        "Wakil Bupati Berau Gamal Contoh menjelaskan program beasiswa. “Kuotanya 500 orang,” "
        "tuturnya.\nSementara itu, Kepala Bappeda Berau, Dewi Fiktif, menyebut anggarannya "
        "cukup. “Semua sudah masuk APBD,” pungkasnya.",
        [("Gamal Contoh", "Wakil Bupati Berau"), ("Dewi Fiktif", "Kepala Bappeda Berau")],
    ),
    (
        "name-first-office-after",
        "Hendra Contoh, Kepala Bidang Lalu Lintas Dishub Samarinda, mengatakan, “Rekayasa arus "
        "berlaku mulai Senin.”",
        [("Hendra Contoh", "Kepala Bidang Lalu Lintas Dishub Samarinda")],
    ),
    (
        "passive-report-then-katanya",
        "Hal itu disampaikan Kepala Satpol PP Samarinda, Rizal Contoh, Senin (5/1/2026). "
        "“Penertiban berlanjut sampai akhir bulan,” katanya.",
        [("Rizal Contoh", "Kepala Satpol PP Samarinda")],
    ),
    (
        "short-reference-cuts-an-unknown-town-off-the-name",
        "Ketua DPRD Rekaan Jaya Bambang Ujicoba membuka rapat. “Anggaran harus efisien,” "
        "kata Bambang.",
        [("Bambang Ujicoba", "Ketua DPRD Rekaan Jaya")],
    ),
    (
        "religious-title-and-degrees",
        "Ketua MUI Kaltim KH. Abdul Samaran, Lc., M.A., mengimbau warga menjaga kerukunan. "
        "“Perbedaan adalah rahmat,” ujar Abdul.",
        [("Abdul Samaran", "Ketua MUI Kaltim")],
    ),
    (
        "turut-hadir-then-pronoun-then-pesannya",
        "Wakil Gubernur Kaltim Seno Fiktif turut hadir. Dalam sambutannya, ia berpesan agar "
        "warga menjaga kebersihan.\n“Jangan buang sampah ke sungai,” pesannya.",
        [("Seno Fiktif", "Wakil Gubernur Kaltim")],
    ),
    (
        "office-in-lowercase",
        "“Arus lalu lintas normal,” kata kepala dinas perhubungan, Budi Contoh.",
        [("Budi Contoh", "kepala dinas perhubungan")],
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in REGIONAL], ids=[c[0] for c in REGIONAL]
)
def test_regional_news_patterns(text: str, expected: list[Who]) -> None:
    quotes = extract_quotes(text)
    check_offsets(text, quotes)
    assert who(quotes) == expected


def test_one_place_many_officials_each_keep_their_own_office() -> None:
    text = (
        "SUNGAI REKAAN – Rapat banjir dipimpin Bupati Sungai Rekaan Drs. H. Joko Fiktif, M.Si., "
        "didampingi Sekretaris Daerah Sungai Rekaan, Arif Samaran.\n"
        "“Kami minta semua OPD siaga,” ujar Bupati.\n"
        "Kepala Dinas PU Sungai Rekaan, Siti Contohwati, menjelaskan tanggul sudah diperbaiki.\n"
        "“Pekerjaan selesai bulan depan,” katanya.\n"
        "“Kami mendukung penuh,” ujar Ketua DPRD Sungai Rekaan, Bambang Ujicoba.\n"
        "Arif menambahkan bahwa posko didirikan di tiga kecamatan. “Posko buka 24 jam,” kata Arif."
    )
    assert who(extract_quotes(text)) == [
        ("Joko Fiktif", "Bupati Sungai Rekaan"),
        ("Siti Contohwati", "Kepala Dinas PU Sungai Rekaan"),
        ("Bambang Ujicoba", "Ketua DPRD Sungai Rekaan"),
        ("Arif Samaran", "Sekretaris Daerah Sungai Rekaan"),
    ]
