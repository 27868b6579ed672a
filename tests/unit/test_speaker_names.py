"""What is a person's name in a credit, and what is a place, a body or a firm (issue 10).

A stray word glued before a name ("Rekaan Budi Contoh" for "Budi Contoh") or a place read as a
speaker. Every passage is made up; each case stands for a way of writing, not for one article.
"""

from __future__ import annotations

import pytest

from tests.unit.test_quotes import check_credits

Who = tuple[str | None, str | None]
NAMES: list[tuple[str, str, list[Who]]] = [
    (
        "a-regional-agency-then-its-region-then-the-name",
        "“Bantuan memang terlambat,” ujar Kepala Pelaksana BPBD Sukorejo Wahyu Kartiko.",
        [("Wahyu Kartiko", "Kepala Pelaksana BPBD Sukorejo")],
    ),
    (
        "a-regency-between-the-office-and-the-name",
        "“Bantuan memang terlambat,” ujar Kepala Dinas Kesehatan Klaten Wahyu Kartiko.",
        [("Wahyu Kartiko", "Kepala Dinas Kesehatan Klaten")],
    ),
    (
        "a-body-named-after-its-district-then-the-name",
        "“Lapangan kami tutup sementara,” ujar Kepala Unit Kolam Renang Kalibata Putu Arsana.",
        [("Putu Arsana", None)],
    ),
    (
        "a-field-of-office-made-of-a-verb-is-no-name",
        "Pada pertemuan tersebut, Kepala Seksi Pencegahan Wahyu Kartiko memaparkan data.\n"
        "“Semua masih kami pantau,” ujarnya.",
        [("Wahyu Kartiko", "Kepala Seksi Pencegahan")],
    ),
    (
        "a-jakarta-district-of-two-words-then-the-name",
        "“Antrean vaksin mulai pagi,” tutur Kepala Puskesmas Kebon Jeruk Rina Astuti.",
        [("Rina Astuti", "Kepala Puskesmas Kebon Jeruk")],
    ),
    (
        "a-place-word-names-the-next-word-as-a-place",
        "“Homestay kami penuh,” ujar Manajer Koperasi Nelayan Kuala Tembesu Sutini.\n“Tamu "
        "datang dari jauh,” kata Sutini.",
        [("Sutini", None)] * 2,
    ),
    (
        "a-brand-the-article-already-named-is-no-part-of-the-name",
        "Perusahaan rintisan Lumbung Sayur kini melayani tiga kota.\nPendiri Lumbung Sayur "
        "Ratna Kusuma Dewi mengatakan, pesanan naik dua kali lipat.\n“Kami menambah armada,” "
        "ujarnya.",
        [("Ratna Kusuma Dewi", None)],
    ),
    (
        "a-three-word-name-whose-first-word-comes-back-alone-keeps-it",
        "Pendiri kelompok tani Bening Hartanto Wiryo mengatakan, panen tertunda.\nBening juga "
        "meminta bantuan pupuk.\n“Kami menunggu hujan,” ujarnya.",
        [("Bening Hartanto Wiryo", None)],
    ),
    (
        "an-association-and-its-name-before-the-person",
        "“Stok pupuk aman,” kata Ketua Perhimpunan Tani Budi Santoso.\n“Distribusi lancar,” "
        "ujar Direktur CV Makmur Rina Marlina.",
        [("Budi Santoso", "Ketua Perhimpunan Tani"), ("Rina Marlina", "Direktur CV Makmur")],
    ),
    (
        "a-company-form-after-a-firm-name-ends-it",
        "“Pesanan naik,” kata Direktur Makmur Corp Budi Santoso.",
        [("Budi Santoso", "Direktur Makmur Corp")],
    ),
    (
        "a-field-word-the-article-also-writes-lowercase-is-no-name",
        "Kedua negara ingin hubungan dagang makin erat.\n“Ekspor kopi naik,” kata Wakil Ketua "
        "Bidang Hubungan Dagang Rina Marlina.",
        [("Rina Marlina", None)],
    ),
    (
        "the-word-after-an-english-link-names-the-body",
        "“Kami membuka kelas baru,” kata Head of Belajarku.id Sinta Maharani.\n“Pesertanya "
        "dari seluruh daerah,” kata Direktur Center of Reform Sinta Maharani.",
        [("Sinta Maharani", None), ("Sinta Maharani", None)],
    ),
    (
        "english-abstract-nouns-of-a-body-before-the-name",
        "Direktur Eksekutif Center for Public Accountability Sinta Maharani menuturkan, laporan "
        "dana kampanye belum lengkap.\n“Banyak yang tidak dicatat,” ujarnya.",
        [("Sinta Maharani", None)],
    ),
    (
        "a-one-word-place-before-an-office-is-no-person",
        "Presiden Budi Santoso meresmikan dua pelabuhan di Sukamaju dan Tanjungrekaan.\nUntuk "
        "pelabuhan di Sukamaju, Presiden berharap barang lebih murah.\n“Ongkos kirim akan "
        "turun,” kata Presiden.",
        [("Budi Santoso", "Presiden")],
    ),
    (
        "a-time-word-before-an-office-is-no-person",
        "Kemarin, Presiden Budi Santoso meresmikan pelabuhan baru.\n“Ongkos kirim akan turun,” "
        "kata Presiden.",
        [("Budi Santoso", "Presiden")],
    ),
    (
        "two-words-after-universitas-name-the-university",
        "Rapat itu membahas sejarah wabah.\nSejarawan Universitas Mekar Sari, Kota Rekaan, "
        "mengatakan, wabah selalu datang bergelombang.\n“Masa pemulihan itu panjang,” katanya.",
        [(None, None)],
    ),
    (
        "a-word-ending-a-place-name-is-no-person",
        "“Warga masih banyak keluar,” kata Budi Santoso.\nOmbudsman Perwakilan Kalimantan Raya "
        "menilai pembatasan belum efektif.\n“Bantuan baru sebagian,” jelasnya.",
        [("Budi Santoso", None), ("Budi Santoso", None)],
    ),
    (
        "a-firm-after-a-ceo-before-a-full-name",
        "“Penjualan naik dua kali lipat,” kata CEO Belanjaku Dimas Pratama Putra.",
        [("Dimas Pratama Putra", "CEO Belanjaku")],
    ),
    (
        "a-firm-that-speaks-on-its-own-before-its-founders-name",
        "Belanjaku menyatakan akan mengembalikan dana nasabah.\nPendiri Belanjaku Dimas Pratama "
        "Putra mengatakan, dana itu aman.\n“Kami tidak memakai uang nasabah,” ujarnya.",
        [("Dimas Pratama Putra", None)],
    ),
    (
        "a-name-opener-inside-a-long-run-starts-the-name",
        "Menurut Guru Besar Universitas Lambang Kenari Muhammad Rizki Pratama, industri desa "
        "harus disiapkan.\n“Bahan bakunya sudah ada,” ujarnya.",
        [("Muhammad Rizki Pratama", None)],
    ),
    (
        "a-firm-of-two-words-after-pt-before-the-name",
        "“Kami siap,” ujar Direktur Utama PT Sumber Jaya Budi Santoso.",
        [("Budi Santoso", None)],
    ),
    (
        "english-words-of-a-think-tanks-name",
        "“Harga naik,” kata Executive Director of Center for Strategic Studies Budi Santoso.",
        [("Budi Santoso", None)],
    ),
    (
        "the-trades-an-association-is-named-for",
        "“Pembeli sepi,” kata Ketua Umum Asosiasi Pedagang Pasar Budi Santoso.",
        [("Budi Santoso", None)],
    ),
    (
        "a-hospital-a-clinic-or-a-numbered-school-and-its-name-before-the-person",
        "“Ruang isolasi penuh,” kata Direktur Rumah Sakit Harapan Budi Santoso.\n“Obat cukup,” "
        "kata Kepala Puskesmas Sukajadi Sinta Maharani.\n“Kelas daring,” kata Kepala SMA Negeri 3 "
        "Lembayung Dedi Kurniawan.",
        [("Budi Santoso", None), ("Sinta Maharani", None), ("Dedi Kurniawan", None)],
    ),
    (
        "a-science-in-a-bodys-name-is-no-name",
        "“Hujan turun sore,” kata Kepala Stasiun Meteorologi Budi Santoso.",
        [("Budi Santoso", None)],
    ),
    (
        "a-surname-said-to-speak-keeps-the-given-names",
        "Wakil Ketua Fraksi Partai Contoh (PKC) Sinta Maharani menyebutkan, draf itu belum "
        "final.\nMaharani mengatakan, rapat akan digelar lagi.\n“Kami menunggu pimpinan,” "
        "katanya.",
        [("Sinta Maharani", None)],
    ),
    (
        "a-first-name-after-an-office-elsewhere-is-no-place-when-it-speaks-alone",
        "Bupati Sukorejo Periode 2019-2024 Wulan Sari Dewanti membuka rapat di Sukorejo. "
        "Menurut Wulan, rapat itu rutin.\nMasa jabatan Bupati Wulan dan Wabup Dedi Kurniawan "
        "berakhir bulan ini.\n“Terima kasih atas kerja samanya,” kata Wulan.",
        [("Wulan Sari Dewanti", None)],
    ),
    (
        "a-word-for-what-someone-says-opening-the-sentence-is-no-name",
        "Harapan Budi Santoso itu disambut tepuk tangan peserta.\n“Kami akan masuk tiga "
        "besar,” kata Budi Santoso.\n“Kami siap bekerja keras. Benar, kan?” Kata Budi "
        "Santoso.",
        [("Budi Santoso", None), ("Budi Santoso", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in NAMES], ids=[c[0] for c in NAMES])
def test_name_kinds(text: str, expected: list[Who]) -> None:
    check_credits(text, expected)
