"""Kinds of credit that national news writes and the first rules missed (issue 10): who speaks.

What is and is not part of a speaker's name is in test_speaker_names.py; who is in focus for a
"-nya" credit in test_speaker_focus.py.

Every passage is made up; each case stands for a way of writing, not for one article.
"""

from __future__ import annotations

import pytest

from retrieval.text.vocabulary import names_match
from tests.unit.test_quotes import check_credits

Who = tuple[str | None, str | None]
OPENING = "“Kami menunggu arahan pusat,” kata Gubernur Andika Permana.\n"
KINDS: list[tuple[str, str, list[Who]]] = [
    (
        "minister-by-short-title-opens-the-sentence",
        "Menteri Sosial Rekaan Wiratno meninjau gudang beras. Presiden meminta bantuan dipercepat."
        "\nMensos mengatakan, data penerima sedang diperbarui.\n“Kami cek ulang semua nama,” "
        "katanya.",
        [("Rekaan Wiratno", "Menteri Sosial")],
    ),
    (
        "name-then-office-then-an-aside-between-dashes",
        OPENING + "Darto, Kepala Regu B Pos Pemadam Sektor III — regu yang tiba pertama di lokasi "
        "— menuturkan, hidran tidak berfungsi.\n“Selang kami tidak cukup panjang,” "
        "ucapnya.",
        [("Andika Permana", "Gubernur"), ("Darto", "Kepala Regu B Pos Pemadam Sektor III")],
    ),
    (
        "subheading-glued-to-a-subject-in-apposition",
        OPENING + "Tanpa aturan Ketua Badan Pengawas Pemilihan Subagyo, yang juga menjadi "
        "pembicara, mengatakan, bantuan rawan dipolitisasi.\n“Kami sudah mengirim surat "
        "edaran,” katanya.",
        [("Andika Permana", "Gubernur"), ("Subagyo", None)],
    ),
    (
        "menurut-inside-a-sentence-about-another-person",
        "Juru Bicara Presiden Hadi Prasetyo menjelaskan program itu.\nPresiden, menurut Hadi, "
        "menginginkan penyaluran dipercepat.\n“Data harus terintegrasi,” katanya.",
        [("Hadi Prasetyo", "Juru Bicara Presiden")],
    ),
    (
        "credit-by-initials",
        "Wakil Presiden Yusuf Kalbara meninjau lokasi banjir.\n“Semua harus bergerak cepat,” "
        "pesan YK.",
        [("Yusuf Kalbara", "Wakil Presiden")],
    ),
    (
        "a-long-office-then-a-name-known-by-its-initials-in-brackets",
        "Ketua Dewan Pembina Partai Nusantara Budiman Santoso Wirakarta (BSW) berbicara di Bogor."
        "\n“Anak-anak harus belajar dengan jujur,” kata BSW.\nKepala Badan Pusat Statistik (BPS) "
        "Rekaan Samudra hadir.\n“Harga beras stabil,” kata Rekaan.",
        [("Budiman Santoso Wirakarta", "Ketua Dewan Pembina Partai Nusantara"),
         ("Rekaan Samudra", "Kepala Badan Pusat Statistik (BPS)")],
    ),
    (
        "a-given-name-that-is-also-a-word-after-a-village-office",
        "Kepala Desa Lalu Ahmad Zaini menyambut rombongan.\n“Warga kami sudah siap,” tutur Lalu.",
        [("Lalu Ahmad Zaini", "Kepala Desa")],
    ),
    (
        "kata-opening-the-sentence-before-the-quote",
        "Kata Menteri Kesehatan Ratna Sari: “Vaksin aman untuk semua warga.”",
        [("Ratna Sari", "Menteri Kesehatan")],
    ),
    (
        "lowercase-occupation-then-place-then-name",
        "“Kami rugi besar musim ini,” kata petani Desa Sukamaju, Kartono.",
        [("Kartono", "petani Desa Sukamaju")],
    ),
    (
        "state-firm-between-office-and-name",
        "“Stok beras aman,” kata Direktur Utama Perum Pangan Nusantara Hadi Wasono.",
        [("Hadi Wasono", "Direktur Utama Perum Pangan Nusantara")],
    ),
    (
        "a-unit-number-then-its-town-then-a-one-word-name",
        "“Dua gerbong keluar rel,” ujar Kepala Humas PT Kereta Daop 5 Sumberwangi Suparto.\n"
        "“Jalur dua tetap dibuka,” ujar Suparto.",
        [("Suparto", None)] * 2,
    ),
    (
        "what-a-speaker-reports-another-person-said",
        OPENING + "Ia menambahkan, Presiden Hartono Wiryo meminta semua kepala daerah bekerja "
        "cepat.\nAndika mengatakan, Menteri Kesehatan Ratna Dewi sudah menyampaikan data itu.\n"
        "“Tidak ada waktu untuk menunggu,” katanya.",
        [("Andika Permana", "Gubernur")] * 2,
    ),
    (
        "passive-credit-with-diamini",
        OPENING + "Hal senada diamini Kepala Dinas Sosial Wahyu Kartiko.\n“Bantuan sudah kami "
        "siapkan,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Wahyu Kartiko", "Kepala Dinas Sosial")],
    ),
    (
        "a-relative-clause-between-the-named-subject-and-its-verb",
        OPENING + "Kepala Dinas Sosial Wahyu Kartiko yang ditemui di kantornya mengakui "
        "keterlambatan itu.\n“Bantuan memang terlambat,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Wahyu Kartiko", "Kepala Dinas Sosial")],
    ),
    (
        "a-unit-with-a-four-digit-number-then-a-rank",
        "“Bantuan memang terlambat,” ujar Komandan Kodim 0712 Sukorejo Letnan Kolonel (Inf) "
        "Wahyu Kartiko.",
        [("Letnan Kolonel (Inf) Wahyu Kartiko", "Komandan Kodim 0712 Sukorejo")],
    ),
    (
        "an-office-that-goes-on-with-dari",
        "“Bantuan memang terlambat,” ujar Wakil Ketua Komisi Sosial DPRD Sukorejo dari Fraksi "
        "Partai Rakyat Wahyu Kartiko.",
        [("Wahyu Kartiko", "Wakil Ketua Komisi Sosial DPRD Sukorejo dari Fraksi Partai Rakyat")],
    ),
    (
        "a-description-that-gives-the-name",
        OPENING + "“Bantuan sudah kami siapkan,” ujar pria yang akrab dipanggil Wahyu itu.",
        [("Andika Permana", "Gubernur"), ("Wahyu", None)],
    ),
    (
        "a-long-office-then-its-town-then-a-ranked-name-with-a-lowercase-corps",
        "“Hunian pasien naik terus,” tutur Kepala Posko Rumah Isolasi Terpadu (RIT) Graha "
        "Sentosa Kemuning, Jakarta Timur, Mayor Laut dokter Budi Santoso, saat dihubungi.",
        [
            (
                "Mayor Laut dokter Budi Santoso",
                "Kepala Posko Rumah Isolasi Terpadu (RIT) Graha Sentosa Kemuning, Jakarta Timur",
            )
        ],
    ),
    (
        "passive-credit-with-oleh",
        OPENING + "Pernyataan itu ditanggapi oleh Kepala Dinas Sosial Wahyu Kartiko.\n“Bantuan "
        "sudah siap,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Wahyu Kartiko", "Kepala Dinas Sosial")],
    ),
    (
        "criticism-comes-from-a-new-person",
        OPENING + "Kritik juga datang dari Ketua Komisi B DPRD Sukorejo Wahyu Kartiko.\n“Bantuan "
        "terlambat,” katanya.",
        [("Andika Permana", "Gubernur"), ("Wahyu Kartiko", "Ketua Komisi B DPRD Sukorejo")],
    ),
    (
        "an-interview-line-name-then-colon",
        "Gubernur Andika Permana membuka rapat.\nKepala Dinas Sosial Wahyu Kartiko: “Bantuan "
        "sudah kami kirim ke semua desa.”",
        [("Wahyu Kartiko", "Kepala Dinas Sosial")],
    ),
    (
        "a-new-person-is-what-the-sentence-says",
        OPENING + "Wahyu Kartiko adalah petani jagung di desa itu.\n“Harga pupuk naik terus,” "
        "katanya.",
        [("Andika Permana", "Gubernur"), ("Wahyu Kartiko", None)],
    ),
    (
        "what-another-person-said-before-is-background",
        "Menurut Dewi Larasati, pendiri komunitas Rekaan Sehat, data kematian harus dibuka.\n"
        "Apalagi, Presiden Hartono Wiryo sudah menyampaikan data harus terbuka.\n“Data yang "
        "ditutup merugikan warga,” ujarnya.",
        [("Dewi Larasati", None)],
    ),
    (
        "an-abbreviated-police-rank-stays-with-the-name",
        "“Pelaku sudah ditahan,” kata Kapolsek Tamanjaya Kompol Wahyu Kartiko.",
        [("Kompol Wahyu Kartiko", "Kapolsek Tamanjaya")],
    ),
    (
        "an-office-ending-a-paragraph-does-not-run-into-the-next",
        "Panglima TNI Marsekal Budi Santoso meninjau lokasi banjir.\n“Kami kerahkan dua kapal,” "
        "kata Panglima TNI.\nKapal itu tiba besok pagi.",
        [("Marsekal Budi Santoso", "Panglima")],
    ),
    (
        "an-english-office-goes-on-across-of-and-at",
        "Saham bank turun pekan ini.\nMenurut Head of Research at Rekaan Capital Dimas Pratama, "
        "investor masih menunggu.\n“Pasar butuh kepastian,” ujarnya.",
        [("Dimas Pratama", None)],
    ),
    (
        "initials-the-article-gives-only-in-a-credit",
        "Palang Merah menyiapkan relawan. Ketua umumnya meninjau gudang.\n“Kita perlu tenaga "
        "yang disiplin,” pesan YK saat memberi pengarahan.",
        [("YK", None)],
    ),
    (
        "menurut-a-ministers-regulation-is-no-person",
        "Pembatasan itu, lanjut Budi Santoso, berlaku sesuai Peraturan Menteri Kesehatan.\nLalu, "
        "menurut Peraturan Menteri Kesehatan Nomor 9, masa berlakunya 14 hari.\n“Kami akan "
        "memperpanjangnya,” katanya.",
        [("Budi Santoso", None)],
    ),
    (
        "a-determiner-before-a-lowercase-occupation-then-the-name",
        "“Antrean panjang sejak subuh,” kata salah seorang pedagang, Budi Santoso (45).\n“Pembeli "
        "sepi,” kata seorang warga, Sinta Maharani.",
        [("Budi Santoso", None), ("Sinta Maharani", None)],
    ),
    (
        "an-age-ending-a-paragraph-does-not-join-the-next-sentence",
        "“Antrean panjang sejak subuh,” kata pedagang Budi Santoso (45).\nPembeli memilih pulang."
        "\n“Pembeli sepi,” kata Sinta Maharani.",
        [("Budi Santoso", None), ("Sinta Maharani", None)],
    ),
    (
        "a-speaker-and-a-colon-ending-the-paragraph-before-the-quote",
        "Dalam rapat itu, Bupati Budi Santoso mengatakan:\n“Kami siapkan gudang dingin. Vaksin "
        "tiba pekan depan.”",
        [("Budi Santoso", "Bupati")],
    ),
    (
        "a-provincial-secretary-by-short-title-opens-the-article",
        "Sekdaprov Kaltim Rekaan Wiratno meresmikan jembatan gantung di Desa Contoh. Jembatan "
        "itu menghubungkan dua dusun.\n“Jembatan ini kita rawat bersama,” katanya.",
        [("Rekaan Wiratno", "Sekdaprov Kaltim")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in KINDS], ids=[c[0] for c in KINDS])
def test_credit_kinds(text: str, expected: list[Who]) -> None:
    check_credits(text, expected)


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("Wahyu", True),
        ("kartiko", True),
        ("Kartiko Wahyu", True),  # any order
        ("Kart", True),  # the start of a word
        ("Masud", True),  # without the apostrophe
        ("Gubernur", True),  # the office finds its holder
        ("artiko", False),  # not the middle of a word
        ("Wahyu Santoso", False),  # every word asked for must be there
    ],
)
def test_quotes_by_any_part_of_a_name(query: str, found: bool) -> None:
    assert names_match(query, "Gubernur Wahyu Kartiko Mas’ud") is found
