"""Who is in focus when a quote is credited by "-nya" ("katanya", "ujarnya") (issue 10).

The reporter names someone in the narrative before the quote: as the subject of a verb, as
what a sentence is about, or as the agent of a passive. Every passage is made up; each case
stands for a way of writing, not for one article.
"""

from __future__ import annotations

import pytest

from tests.unit.test_quotes import check_credits

Who = tuple[str | None, str | None]
OPENING = "“Kami menunggu arahan pusat,” kata Gubernur Andika Permana.\n"
FOCUS: list[tuple[str, str, list[Who]]] = [
    (
        "a-description-with-itu-keeps-the-person-in-focus",
        "Presiden Budi Contoh membuka rapat terbatas. Rapat itu juga membahas vaksin.\n"
        "Polisi dan tentara pun diminta membantu pemerintah daerah.\nMantan wali kota itu pun "
        "kembali mengingatkan pentingnya kebersihan.\n“Pakai masker di mana pun,” tuturnya.",
        [("Budi Contoh", "Presiden")],
    ),
    (
        "person-introduced-with-adalah",
        OPENING + "Salah satu pedagang yang mengeluh adalah Rina Marlina.\n“Harga cabai naik dua "
        "kali lipat,” katanya.",
        [("Andika Permana", "Gubernur"), ("Rina Marlina", None)],
    ),
    (
        "person-introduced-with-bagi",
        OPENING + "Bagi Rina Marlina, pedagang buah, kenaikan harga itu memberatkan.\n“Harga "
        "cabai naik dua kali lipat,” katanya.",
        [("Andika Permana", "Gubernur"), ("Rina Marlina", None)],
    ),
    (
        "age-and-apposition-then-a-negated-verb",
        OPENING + "Rina Marlina (45), pedagang buah di pasar itu, tak menyangka harga naik "
        "secepat ini.\n“Harga cabai naik dua kali lipat,” katanya.",
        [("Andika Permana", "Gubernur"), ("Rina Marlina", None)],
    ),
    (
        "a-stance-instead-of-a-verb",
        OPENING + "Kepala Dinas Perdagangan Surya Pranata optimistis harga segera turun.\n"
        "“Pasokan dari daerah lain sudah masuk,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Surya Pranata", "Kepala Dinas Perdagangan")],
    ),
    (
        "a-person-introduced-as-the-agent-of-a-passive-verb-with-an-age",
        OPENING + "Kenaikan harga juga dirasakan Rina Marlina (45), pedagang sayur.\nIa "
        "terpaksa mengurangi stok.\n“Harga cabai naik dua kali lipat,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Rina Marlina", None)],
    ),
    (
        "a-connective-before-the-subject-of-the-previous-paragraph",
        OPENING + "Adapun Ketua Koperasi Rina Marlina berpandangan lain.\n“Harga solar "
        "naik dua kali lipat,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Rina Marlina", "Ketua Koperasi")],
    ),
    (
        "a-person-introduced-by-an-office-in-words-after-datang-dari",
        OPENING + "Pendapat berbeda datang dari pengamat kebijakan publik Universitas Rekaan, "
        "Rina Marlina.\n“Harga cabai naik dua kali lipat,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Rina Marlina", None)],
    ),
    (
        "a-named-subject-then-a-long-phrase-of-place-and-time-then-the-verb",
        "Kepala Bagian Kajian Komisi Nasional HAM Sinta Maharani dalam diskusi daring bertema ”Hak "
        "Warga: Sebuah Tinjauan” di Kota Contoh, Jumat (22/5/2026) mengatakan, aturan itu tidak "
        "sinkron.\nWarga mengeluhkan aturan yang berubah-ubah.\n”Ini akibat kebijakan yang tidak "
        "konsisten,” katanya.",
        [("Sinta Maharani", None)],
    ),
    (
        "a-passive-credit-to-a-person-noun-in-wan-then-the-name",
        OPENING + "Menurut keterangan yang disampaikan prakirawan Stasiun Cuaca Kupang Sinta "
        "Maharani, hujan lebat dipicu angin lembap.\n“Awan hujan tumbuh cepat sore hari,” "
        "ujarnya.",
        [("Andika Permana", "Gubernur"), ("Sinta Maharani", None)],
    ),
    (
        "a-one-word-name-opening-a-sentence-then-dari-a-firm-then-the-verb",
        OPENING + "Suharyo dari PT Rotan Contoh mengatakan, pesanan turun.\n“Bahan bakunya "
        "tidak ada,” katanya.",
        [("Andika Permana", "Gubernur"), ("Suharyo", None)],
    ),
    (
        "a-one-word-name-opening-a-sentence-then-an-age",
        OPENING + "Suharyo (43), warga Contoh, mengatakan, puluhan keluarga mengungsi.\n“Air "
        "naik tengah malam,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Suharyo", None)],
    ),
    (
        "an-office-that-goes-on-across-di-before-the-name-opens-the-sentence",
        "“Sekat plastik itu aman,” kata Budi Santoso, juru bicara aplikasi itu.\nKetua Asosiasi "
        "Pengusaha Angkutan Bermotor di Kota Contoh Sinta Maharani mempertanyakan langkah itu."
        "\n“Belum ada uji cobanya,” katanya.",
        [("Budi Santoso", None), ("Sinta Maharani", None)],
    ),
    (
        "a-subheading-glued-before-an-office-and-the-name",
        "“Partai harus dipimpin tokoh kuat,” ucap Budi Santoso.\nDemokrasi partai Direktur "
        "Lembaga Survei Nusantara Sinta Maharani melihat, partai tidak tumbuh sehat.\n“Kekuasaan "
        "berpusat pada keluarga,” katanya.",
        [("Budi Santoso", None), ("Sinta Maharani", None)],
    ),
    (
        "a-name-then-yang-juga-and-an-office-before-the-verb",
        OPENING + "Budi Santoso yang juga Ketua Koperasi Nelayan mengatakan hasil tangkapan "
        "turun.\n“Cuaca buruk,” katanya.",
        [("Andika Permana", "Gubernur"), ("Budi Santoso", None)],
    ),
    (
        "kepala-negara-is-the-president",
        OPENING + "Presiden Joko Santoso meminta menteri bekerja cepat.\n“Jangan ditunda,” kata "
        "Kepala Negara.",
        [("Andika Permana", "Gubernur"), ("Joko Santoso", None)],
    ),
    (
        "a-person-introduced-by-lain-halnya-dengan",
        OPENING + "Lain halnya dengan Sinta Maharani. Pedagang sayur ini mengaku omzetnya turun.\n"
        "“Pembeli sepi,” katanya.",
        [("Andika Permana", "Gubernur"), ("Sinta Maharani", None)],
    ),
    (
        "a-person-introduced-by-bagi-an-occupation-seperti",
        OPENING + "Bagi pedagang seperti Sinta Maharani, kebijakan itu berat.\n“Pembeli sepi,” "
        "katanya.",
        [("Andika Permana", "Gubernur"), ("Sinta Maharani", None)],
    ),
    (
        "a-subject-that-angkat-bicara",
        OPENING + "Ketua Komisi IV DPRD, Sinta Maharani, juga angkat bicara.\n“Kami akan "
        "memanggil dinas,” katanya.",
        [("Andika Permana", "Gubernur"), ("Sinta Maharani", None)],
    ),
    (
        "a-subject-that-termasuk-a-group",
        OPENING + "Sinta Maharani termasuk pedagang yang terdampak.\n“Pembeli sepi,” katanya.",
        [("Andika Permana", "Gubernur"), ("Sinta Maharani", None)],
    ),
    (
        "the-agent-of-any-passive-named-by-a-lowercase-office",
        OPENING + "Kebijakan itu dikritik anggota DPRD Sinta Maharani.\n“Kebijakan ini "
        "terburu-buru,” katanya.",
        [("Andika Permana", "Gubernur"), ("Sinta Maharani", None)],
    ),
    (
        "a-collective-noun-dari-a-body-is-no-person",
        OPENING + "Tim dari Dinas Kesehatan menyatakan air sumur tercemar.\n“Jangan diminum "
        "dulu,” katanya.",
        [("Andika Permana", "Gubernur"), ("Andika Permana", "Gubernur")],
    ),
    (
        "a-one-word-name-after-dari-that-speaks-is-a-person",
        OPENING + "Warga menerima bantuan dari Suparno.\nSuparno mengatakan, bantuan itu dari "
        "tabungannya.\n“Saya ingin membantu,” katanya.",
        [("Andika Permana", "Gubernur"), ("Suparno", None)],
    ),
    (
        "a-one-word-name-then-a-lowercase-occupation-in-apposition",
        OPENING + "Banjir melanda Sukamaju sejak Senin. Suparno, warga Sukamaju, mengatakan air "
        "naik cepat.\n“Kami mengungsi,” ujarnya.",
        [("Andika Permana", "Gubernur"), ("Suparno", None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in FOCUS], ids=[c[0] for c in FOCUS])
def test_focus_kinds(text: str, expected: list[Who]) -> None:
    check_credits(text, expected)
