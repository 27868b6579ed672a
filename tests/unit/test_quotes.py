"""Direct quotes with speakers resolved to full names and roles (test articles are fictional)."""

from __future__ import annotations

from pathlib import Path

from retrieval.index.articles import read_articles
from retrieval.records import Quote
from retrieval.text.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[2]

BRIDGE = (
    "SAMARINDA – Wakil Gubernur Kaltim Seno Prakoso meninjau pembangunan jembatan di Samarinda "
    "bersama Kepala Dinas Pekerjaan Umum Kaltim, Aji Firmansyah, Senin (27/11/2026).\n"
    "Seno mengatakan, “Jembatan ini harus selesai tepat waktu. Masyarakat sudah lama menunggu.”\n"
    "Menurut Aji, anggaran proyek mencapai Rp1,5 miliar dan melibatkan 3.500 orang pekerja.\n"
    '"Kami bekerja siang dan malam. Target kami selesai akhir tahun," ujar Aji.\n'
    "“Pengawasan tetap ketat,” tegas Wagub."
)
FESTIVAL = (
    "Gubernur Kaltim Andi Prasetyo membuka festival “Benua Etam” di Tenggarong, Sabtu (2/5/2026). "
    "Acara itu juga dihadiri Ketua DPRD Kaltim Hj. Ratna Dewi, S.E., M.Si.\n"
    "“Festival ini milik masyarakat! Apakah kita siap menjaga budaya sendiri? Tentu siap,” "
    "ujar Gubernur.\n"
    "Ratna menyampaikan apresiasi kepada panitia. “Dewan mendukung penuh. Anggaran sudah "
    "disiapkan,” katanya.\n"
    "“Kami juga ingin generasi muda terlibat,” kata dia."
)
DISCIPLINE = (
    "Sekretaris Daerah Provinsi Kaltim Budi Hartono menegaskan: “ASN wajib disiplin. Tidak ada "
    "toleransi bagi yang bolos.”\n"
    "Dalam kesempatan yang sama, Kepala Badan Kepegawaian Daerah (BKD) Kaltim, Siti Rahmawati, "
    "menjelaskan sistem absensi baru. “Absensi kini memakai pengenalan wajah,” jelas Siti dengan "
    "tegas.\n"
    "“Sistem ini sudah diuji di 12 OPD,” demikian disampaikan Budi."
)
SLOGAN = (
    "“Kaltim bersih, Kaltim sehat, Kaltim sejahtera.” Kalimat itu terpampang di spanduk "
    "sepanjang jalan menuju stadion.\n"
    "Panitia menyiapkan 200 tempat sampah untuk program “Stadion Hijau” tahun ini. Warga "
    'menyebutnya "taman kota".'
)
FLOOD = (
    "Wali Kota Samarinda Joko Susanto menjelaskan rencana penanganan banjir. “Kami akan mengeruk "
    "sungai. Pekerjaan dimulai bulan depan.\n"
    "“Warga diminta tidak membuang sampah ke sungai,” ujar Joko."
)
MEETING = (
    "Gubernur Kaltim Rudy Mas’ud memimpin rapat koordinasi. "
    "“Semua OPD wajib hadir tepat waktu,” ujar Mas'ud.\n"
    "“Apa? Kita harus siap! Kata ‘nanti’ tidak ada dalam kamus kami...,” tanya Rudy.\n"
    "“Koordinasi adalah kunci.” Rudy menambahkan.\n"
    "Kepala Dinas Kesehatan Kaltim dr. Maya Lestari, M.Kes., turut hadir. Menurut Maya, "
    'layanan kesehatan berjalan baik. "Puskesmas buka 24 jam (termasuk hari libur)," tuturnya.\n'
    "“Data pasien terus kami pantau,” kata seorang petugas."
)


def who(quotes: list[Quote]) -> list[tuple[str | None, str | None]]:
    return [(q.speaker, q.role) for q in quotes]


def check_offsets(text: str, quotes: list[Quote]) -> None:
    for q in quotes:
        assert text[q.start : q.end] == q.text
        assert q.text == q.text.strip() and not q.text.endswith(",")
        assert text[q.start - 1] in '“"”'  # the quoted words only, right after the mark


def check_credits(text: str, expected: list[tuple[str | None, str | None]]) -> None:
    """Every quote's speaker as expected, and its role where one is expected."""
    quotes = extract_quotes(text)
    check_offsets(text, quotes)
    assert [s for s, _ in who(quotes)] == [s for s, _ in expected]
    for (_, role), (_, want) in zip(who(quotes), expected, strict=True):
        if want is not None:
            assert role == want


def test_seed_article_has_exactly_three_attributed_quotes() -> None:
    seed = next(a for a in read_articles(ROOT / "data").articles if a.id.startswith("000_"))
    quotes = extract_quotes(seed.text)
    check_offsets(seed.text, quotes)
    assert len(quotes) == 3
    first, second, third = quotes
    assert first.text.startswith("Setiap kebijakan harus berada dalam jalur koordinasi")
    assert first.text.endswith("bukan hanya menerima laporan hasil akhirnya")
    assert (first.speaker, first.role) == ("Rudy Mas’ud", "Gubernur Kaltim")
    # Attributed only by "tuturnya", after "Menurut Rudy, …".
    assert second.text.startswith("Tidak ada satu pun program")
    assert (second.speaker, second.role) == ("Rudy Mas’ud", "Gubernur Kaltim")
    assert third.text.startswith("Forum seperti ini memberikan ruang")
    assert third.speaker == "Norhayati Usman"
    assert third.role is not None and "Sekretaris DPRD" in third.role


def test_before_quote_verb_straight_quotes_and_a_role_alias() -> None:
    quotes = extract_quotes(BRIDGE)
    check_offsets(BRIDGE, quotes)
    assert who(quotes) == [
        ("Seno Prakoso", "Wakil Gubernur Kaltim"),  # "Seno mengatakan, “…”"
        ("Aji Firmansyah", "Kepala Dinas Pekerjaan Umum Kaltim"),  # straight quotes
        ("Seno Prakoso", "Wakil Gubernur Kaltim"),  # "tegas Wagub"
    ]
    assert quotes[0].text == (
        "Jembatan ini harus selesai tepat waktu. Masyarakat sudah lama menunggu."
    )


def test_role_only_attribution_nya_and_pronoun_follow_the_speaker_in_focus() -> None:
    quotes = extract_quotes(FESTIVAL)
    check_offsets(FESTIVAL, quotes)
    assert who(quotes) == [
        ("Andi Prasetyo", "Gubernur Kaltim"),  # "ujar Gubernur"
        ("Ratna Dewi", "Ketua DPRD Kaltim"),  # "katanya" after "Ratna menyampaikan"
        ("Ratna Dewi", "Ketua DPRD Kaltim"),  # "kata dia"
    ]
    assert all("Benua Etam" not in q.text for q in quotes)  # a term, not a quote
    assert quotes[0].text.endswith("Apakah kita siap menjaga budaya sendiri? Tentu siap")


def test_colon_before_quote_appositive_role_and_passive_attribution() -> None:
    quotes = extract_quotes(DISCIPLINE)
    check_offsets(DISCIPLINE, quotes)
    assert who(quotes) == [
        ("Budi Hartono", "Sekretaris Daerah Provinsi Kaltim"),
        ("Siti Rahmawati", "Kepala Badan Kepegawaian Daerah (BKD) Kaltim"),
        ("Budi Hartono", "Sekretaris Daerah Provinsi Kaltim"),
    ]


def test_unattributed_quote_has_no_speaker_and_scare_quotes_are_skipped() -> None:
    quotes = extract_quotes(SLOGAN)
    assert who(quotes) == [(None, None)]
    assert quotes[0].text == "Kaltim bersih, Kaltim sehat, Kaltim sejahtera."


def test_quote_continued_over_paragraphs_takes_the_closing_attribution() -> None:
    quotes = extract_quotes(FLOOD)
    check_offsets(FLOOD, quotes)
    assert [q.text for q in quotes] == [
        "Kami akan mengeruk sungai. Pekerjaan dimulai bulan depan.",
        "Warga diminta tidak membuang sampah ke sungai",
    ]
    assert who(quotes) == [("Joko Susanto", "Wali Kota Samarinda")] * 2


def test_apostrophes_nested_punctuation_subject_after_and_unnamed_speaker() -> None:
    quotes = extract_quotes(MEETING)
    check_offsets(MEETING, quotes)
    rudy = ("Rudy Mas’ud", "Gubernur Kaltim")
    assert who(quotes) == [
        rudy,  # "ujar Mas'ud" with a straight apostrophe
        rudy,  # "tanya Rudy" after ?, ! and a nested ‘…’
        rudy,  # "“….” Rudy menambahkan."
        ("Maya Lestari", "Kepala Dinas Kesehatan Kaltim"),  # honorific and degree dropped
        (None, None),  # "kata seorang petugas": someone the article does not name
    ]
    assert quotes[1].text == "Apa? Kita harus siap! Kata ‘nanti’ tidak ada dalam kamus kami..."
    assert quotes[3].text == "Puskesmas buka 24 jam (termasuk hari libur)"


def test_text_without_quote_marks_has_no_quotes() -> None:
    assert extract_quotes("") == []
    assert extract_quotes("Menurut Rudy, koordinasi penting. Ia mengatakan hal itu.") == []


def test_an_english_title_ending_on_a_link_word_is_read_without_error() -> None:
    text = 'Mereka menyanyikan "Kiss Me" (1980-an) dan "Here We Came In" (2000-an) di Samarinda.'
    assert extract_quotes(text) == []  # song titles, not speech; and no crash


def test_a_curly_quote_closed_by_a_straight_mark_is_still_credited() -> None:
    text = (
        "Kepala Dinas Pertanian Budi Samaran meninjau sawah di Sleman.\n"
        "Budi menyebut panen tahun ini baik. “Hasil panen naik. Saya sudah bicara dengan Pak "
        "Joko (Ketua Koperasi Rekaan). Semua gabah akan dibeli,\" katanya di Sleman.\n"
        "Petani menyambut baik."
    )
    [quote] = extract_quotes(text)
    assert quote.text.startswith("Hasil panen naik")
    assert quote.text.endswith("Semua gabah akan dibeli")
    assert quote.speaker == "Budi Samaran"
