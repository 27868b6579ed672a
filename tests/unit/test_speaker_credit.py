"""Speakers credited as a reporter would: the name alone, cleanly apart from role and body.

Every passage here is made up; the patterns are those of national Indonesian news (issue 10).
"""

from __future__ import annotations

import pytest

from tests.unit.test_quotes import check_credits

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
        "two-words-after-an-office-are-the-holders-full-name",
        "“Jembatan itu selesai tahun depan,” kata Wakil Bupati Tarmiji Samaran.",
        [("Tarmiji Samaran", "Wakil Bupati")],
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
    (
        "one-word-name-after-a-body-credited-alone",
        "Antrean mengular di Puskesmas Sumberan sejak pagi. “Stok vaksin habis,” kata Kepala "
        "Puskesmas Sumberan Wartono.\nMenurut Wartono, kiriman baru tiba Senin.",
        [("Wartono", "Kepala Puskesmas Sumberan")],
    ),
    (
        "credited-by-surname-keeps-the-given-name",
        "“Kami tidak akan mundur,” kata Menteri Perdagangan Yusuf Kalbara.\n"
        "“Pemilu tinggal setahun,” ujar Kalbara.",
        [("Yusuf Kalbara", "Menteri Perdagangan")] * 2,
    ),
    (
        "citation-after-the-credit",
        "Presiden Budi Contoh meresmikan pasar itu tiga tahun lalu.\n“Pasar ini milik warga,” "
        "kata Presiden (Rekaanpos, 3/2/2020).",
        [("Budi Contoh", "Presiden")],
    ),
    (
        "subheading-glued-then-an-apposition",
        "Tanpa sanksi Pengajar di Fakultas Hukum Universitas Rekaan, Hana Contoh, menilai aturan "
        "itu lemah.\n“Harus ada sanksi,” katanya.",
        [("Hana Contoh", None)],
    ),
    (
        "sentence-opening-word-is-no-speaker",
        "Kepala Dinas Sosial Rekaan, Hana Contoh, menjelaskan bantuan sudah disalurkan. Apalagi, "
        "stok beras masih cukup.\n“Kami salurkan pekan ini,” ujarnya.",
        [("Hana Contoh", "Kepala Dinas Sosial Rekaan")],
    ),
    (
        "occupation-alone-is-no-speaker",
        "Pengamat kebijakan publik Universitas Rekaan, Yoga Fiktif, mengatakan anggaran harus "
        "transparan.\n“Publik berhak tahu,” katanya.",
        [("Yoga Fiktif", None)],
    ),
    (
        "nya-after-a-new-person-in-a-narrative-sentence",
        "“Kami siaga,” kata Camat Sumberan, Dodi Samaran.\nWali Kota Karangsari Haryo Budiman "
        "sudah menerbitkan surat edaran. Semua kantor tutup.\n“Kami tidak main-main,” ucapnya.",
        [("Dodi Samaran", "Camat Sumberan"), ("Haryo Budiman", "Wali Kota Karangsari")],
    ),
    (
        "short-credit-with-a-name-that-is-also-a-word",
        "Kepala Dinas Peternakan Rekaan Lalu Wirawan menyebut stok daging aman.\n“Harga akan "
        "stabil,” tutur Lalu.",
        [("Lalu Wirawan", "Kepala Dinas Peternakan Rekaan")],
    ),
    (
        "short-credit-hari",
        "Pemeriksaan berlangsung di Rekaan sejak pagi. Kepala Kejaksaan Negeri Rekaan Hari "
        "Santoso membenarkan penahanan itu.\n“Tersangka kami titipkan di rutan,” kata Hari.",
        [("Hari Santoso", "Kepala Kejaksaan Negeri Rekaan")],
    ),
    (
        "long-office-with-places-between-commas",
        "“Air sudah surut,” kata Kepala Dusun Sumberan, Desa Karangsari, Wahyu Contoh.",
        [("Wahyu Contoh", "Kepala Dusun Sumberan, Desa Karangsari")],
    ),
    (
        "lowercase-occupation-after-the-cue",
        "“Data ini belum lengkap,” ujar peneliti Lembaga Kajian Rekaan (LKR), Nur Fiktif, Senin "
        "(3/5/2026).",
        [("Nur Fiktif", "peneliti Lembaga Kajian Rekaan (LKR)")],
    ),
    (
        "credit-describing-the-person-in-focus",
        "Kapolda Rekaan Irjen Budi Samaran meninjau lokasi. “Kami kirim 200 personel,” kata "
        "Budi.\nMenurut dia, situasi sudah aman. “Warga tidak perlu panik,” tutur mantan kepala "
        "divisi humas ini.",
        [("Irjen Budi Samaran", "Kapolda Rekaan")] * 2,
    ),
    (
        "begitu-name-verb",
        "“Selamat pagi, semuanya,” begitu Wali Kota Karangsari Haryo Budiman menyapa warga.",
        [("Haryo Budiman", "Wali Kota Karangsari")],
    ),
    (
        "typed-slip-in-the-cue",
        "Bupati Rekaan Tono Fiktif meninjau jalan. “Jalan ini kami aspal,” ujanya.",
        [("Tono Fiktif", "Bupati Rekaan")],
    ),
    (
        "two-people-share-a-short-name",
        "Menteri Perdagangan Budi Santoso membuka rapat. Direktur Jenderal Perizinan Budi "
        "Wiratmo menambahkan, izin akan dipercepat.\nDalam rapat itu, lanjut Budi, semua pihak "
        "sepakat.\n“Tidak ada lagi antrean,” tuturnya.",
        [("Budi Wiratmo", "Direktur Jenderal Perizinan")],
    ),
    (
        "a-lone-brand-is-no-speaker",
        "Menteri Keuangan Sri Fiktif dalam wawancara dengan Rekaanpos menyampaikan, anggaran "
        "cukup.\n“APBN kuat,” katanya.",
        [("Sri Fiktif", "Menteri Keuangan")],
    ),
    (
        "straight-marks-across-paragraphs-speaker-named-before",
        'Kepala Dinas Kesehatan Karangsari, Rina Contoh, mengatakan, "Vaksin tiba besok pagi.\n'
        '"Semua puskesmas buka sampai malam," katanya.',
        [("Rina Contoh", "Kepala Dinas Kesehatan Karangsari")] * 2,
    ),
]


@pytest.mark.parametrize(
    ("text", "expected"), [c[1:] for c in CREDITS], ids=[c[0] for c in CREDITS]
)
def test_speaker_credit(text: str, expected: list[Who]) -> None:
    check_credits(text, expected)
