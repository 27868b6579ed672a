"""Reading a question for an answer: whose words on which topic, and what kind of answer."""

from __future__ import annotations

import pytest

from retrieval.index.store import StoredChunk
from retrieval.records import Article
from retrieval.search.answer_type import asked_kind, holds_kind, holds_lead_kind, lead_kind
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.chunker import chunk_article
from retrieval.text.quotes import extract_quotes

ARTICLE = (
    "SAMARINDA – Gubernur Kalimantan Timur Budi Santoso meninjau banjir di Kecamatan Contoh, "
    "Senin. “Saluran harus dibersihkan sebelum musim hujan,” kata Budi.\n"
    "Kepala Dinas Pendidikan Kalimantan Timur, Sri Wulandari menyebut sekolah terdampak akan "
    "diliburkan. “Murid belajar dari rumah dulu,” ujarnya.\n"
    "“Anggaran perbaikan sekolah sudah kami siapkan,” kata Kepala Badan Keuangan, Hartono dalam "
    "keterangannya."
)


def directory() -> Directory:
    chunks = chunk_article(Article(id="a1", text=ARTICLE), max_chars=220, overlap_sentences=0)
    return Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunks))


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        ("apa kata gubernur soal banjir?", "Budi Santoso", "banjir"),
        ("Budi bilang apa soal saluran?", "Budi Santoso", "saluran"),
        ("kadisdik ngomong apa soal murid?", "Sri Wulandari", "murid"),
        ("tanggapan santoso tentang musim hujan", "Budi Santoso", "musim hujan"),
        ("What does the governor think about the floods?", "Budi Santoso", "floods"),
        ("Budi minta apa ke warga?", "Budi Santoso", ""),  # to whom, not about what
        ("Apa pesan Gubernur kepada warga soal banjir?", "Budi Santoso", "banjir"),
        ("Apa pesan Gubernur kepada para camat?", "Budi Santoso", ""),
        ("apa kata santosso soal banjir", "Budi Santoso", "banjir"),  # a letter off
        # An occasion says when as much as what: the words before it are asked about too.
        ("budi minta warga ngapain sama saluran pas musim hujan", "Budi Santoso",
         "warga ngapain sama saluran musim hujan"),
        ("Apa pesan Gubernur kepada camat saat rapat banjir?", "Budi Santoso",
         "camat rapat banjir"),
        ("budi jawab apa pas ditanya soal saluran", "Budi Santoso", "saluran"),
        # Asked why first and whose words last, the name still ends where it is known.
        ("kenapa budi santoso kesal? katanya gimana", "Budi Santoso", "kenapa kesal"),
        ("knp budi skrg kesal sm saluran? kata dia apa", "Budi Santoso",
         "knp skrg kesal sm saluran"),
        # Whoever the question names first, the name after "menurut" is who spoke.
        ("sekolah sri wulandari diliburkan sampai kapan menurut budi", "Budi Santoso",
         "sekolah sri wulandari diliburkan sampai kapan"),
    ],
)
def test_the_speaker_part_and_the_topic_part(question: str, speaker: str, topic: str) -> None:
    plan = make_plan(question, directory())
    assert [p.name for p in plan.speakers] == [speaker]
    assert plan.topic == topic


def test_a_person_named_in_the_topic_is_not_the_speaker() -> None:
    plan = make_plan("apa kata kadisdik soal sosok budi santoso", directory())
    assert [p.name for p in plan.speakers] == ["Sri Wulandari"]
    assert plan.topic == "sosok budi santoso"


def test_an_office_no_one_holds_is_absent_not_someone_else() -> None:
    plan = make_plan("apa kata wali kota soal banjir?", directory())
    assert plan.speakers == () and plan.absent == "wali kota"


def test_an_office_asked_with_a_place_is_held_there_or_absent() -> None:
    """Neither another province's holder of the office nor the place's holder of another."""
    article = Article(id="x", text=(
        "Bupati Sleman Budi Santoso meresmikan pasar.\n“Pasar ini milik warga,” kata Budi.\n"
        "Kapolres Bantul Joko Samaran menjaga lalu lintas.\n“Jalan aman,” kata Joko.\n"
        "Camat Bantul Dedi Rekaan ikut berjaga.\n“Warga tertib,” kata Dedi.\n"
        # A regent named without a regency is no regent of the one asked.
        "Bupati Ani Lestari ikut hadir.\n“Kami mendukung,” kata Ani."))
    people = Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunk_article(article)))
    plan = make_plan("bupati bantul bilang apa soal pasar?", people)
    assert plan.speakers == () and plan.absent == "bupati bantul"
    assert [p.name for p in make_plan("bupati sleman bilang apa?", people).speakers] == [
        "Budi Santoso"
    ]


def test_an_office_then_a_comma_then_the_name_credits_both() -> None:
    by = {q.text.split()[0]: (q.speaker, q.role) for q in extract_quotes(ARTICLE)}
    assert by["Murid"] == ("Sri Wulandari", "Kepala Dinas Pendidikan Kalimantan Timur")
    assert by["Anggaran"] == ("Hartono", "Kepala Badan Keuangan")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Berapa biaya pembangunan jembatan?", "money"),
        ("brp persen kenaikan tarif?", "number"),
        ("Berapa orang yang hadir?", "number"),
        ("Berapa desa yang menerima anggaran jalan?", "number"),  # the villages are counted
        ("berapa besar anggaran jalan desa?", "money"),
        ("total bantuan yang diserahkan brp rupiah?", "money"),  # the unit asked is money
        ("gaji perawat yg dikontrak nanti brp per bulan?", "money"),  # "per" counts nothing
        ("berapa honor petugas pemungutan suara?", "money"),
        ("biaya renovasi stadion rekaan itu brp miliar?", "money"),  # a sum's size, no noun
        ("berapa juta warga yang menerima bantuan beras?", "number"),  # the residents counted
        ("Tahun berapa jembatan dibangun?", "date"),
        ("Kapan pasar dibuka?", "date"),
        ("pasar dibuka kpn?", "date"),  # chat's short form
        ("Keputusan nomor berapa yang mengatur?", "code"),
        ("What is the number of the regent's decree on the market?", "code"),
        ("What was the number of traders moved to the new market?", "number"),
        ("Berapa lama perbaikan jembatan gantung?", "duration"),
        ("How long will the ferry repairs take?", "duration"),
        ("Siapa yang meresmikan?", None),
    ],
)
def test_the_kind_of_figure_a_question_asks_for(question: str, kind: str | None) -> None:
    assert asked_kind(question) == kind


def test_a_figure_the_question_gives_is_no_answer() -> None:
    question = "Berapa orang ikut 100 kegiatan?"
    assert not holds_kind("Ada 100 kegiatan pada Senin (12/2) di Jalan Contoh No. 5.", "number",
                          question)
    assert holds_kind("Sebanyak 1.500 ASN ikut kegiatan itu.", "number", question)
    assert not holds_kind("Mobil listrik dibeli tahun ini.", "money", "Berapa biaya mobil?")
    assert holds_kind("Biayanya Rp 12 miliar.", "money", "Berapa biaya mobil?")
    asked = "Kapan bupati hasil pemilihan 2026 dilantik?"
    assert not holds_kind("Bupati hasil pemilihan 2026 segera dilantik.", "date", asked)
    assert holds_kind("Mereka dilantik pada 3 Maret 2027.", "date", asked)


def test_how_long_is_answered_by_a_span_of_time_or_a_period() -> None:
    question = "berapa lama perbaikan dermaga rekaan?"
    assert holds_kind("Perbaikan dermaga butuh dua puluh hari kerja.", "duration", question)
    assert holds_kind("Raja itu bertakhta dari 1710 sampai 1745.", "duration", question)
    assert holds_kind("Pengerukan butuh sebulan.", "duration", question)
    # A decree's year and a dateline are no span of time.
    decree = "Perbaikan diatur Perda Nomor 3 Tahun 2021, kata Camat, Senin (4/3)."
    assert not holds_kind(decree, "duration", question)


def test_a_measure_asked_for_is_a_number_with_its_unit() -> None:
    asked = "rumah relokasi rekaan ukurannya brp?"
    assert lead_kind(asked) == "measure"
    assert lead_kind("How far is the new Rekaan port from the city?") == "measure"
    assert holds_lead_kind("Tiap rumah berukuran 5 x 6 meter.", "measure", asked)
    assert holds_lead_kind("Lahannya seluas 1,2 hektare.", "measure", "berapa luas lahannya?")
    # A count of something else is no measure of it, nor an amount of money.
    assert not holds_lead_kind("Banjir merusak 40 rumah warga.", "measure", asked)
    assert not holds_lead_kind("Anggarannya Rp 2 M.", "measure", "berapa luas lahannya?")
    # A measure's word elsewhere in a count question asks no measure.
    assert lead_kind("berapa orang korban luka berat?") == "number"
    assert lead_kind("berapa mahasiswa perguruan tinggi rekaan?") == "number"
    assert lead_kind("how big was the loss?") != "measure"


def test_a_count_of_people_is_not_a_span_of_time() -> None:
    asked = "korban banjir rekaan berapa orang?"
    assert not holds_kind("Warga mengungsi selama lima bulan di Contoh.", "number", asked)
    assert holds_kind("Korbannya berjumlah 12 orang.", "number", asked)
    # A count asked in units of time, or an age, is one.
    assert holds_kind("Ia divonis 5 tahun penjara.", "number", "berapa tahun vonisnya?")
    assert holds_kind("Usianya kini 47 tahun.", "number", "berapa usia bupati rekaan?")
    # A time word elsewhere in the question does not make the count one of time.
    this_year = "berapa orang mengungsi tahun ini?"
    assert not holds_kind("Warga mengungsi lima bulan.", "number", this_year)


def test_when_something_happens_is_not_when_the_reporter_heard_of_it() -> None:
    asked = "kapan panja pasar rekaan dibentuk?"
    credit = "“Kami bentuk panjanya,” kata Budi saat dihubungi, Jumat (14/11/2025)."
    assert not holds_lead_kind(credit, "date", asked)
    assert not holds_lead_kind("Hal itu dikutip dari Contoh, Rabu (6/8).", "date", asked)
    assert holds_lead_kind("Panja itu dibentuk pada Selasa, 18 November 2025.", "date", asked)
    assert holds_lead_kind("“Panjanya kami bentuk Selasa,” kata Budi.", "date", asked)
    # Asked when someone said it, the day of the credit is the answer; "menurut Budi" says whose
    # account, not that the saying is asked about.
    assert holds_lead_kind(credit, "date", "kapan budi bilang panja dibentuk?")
    assert not holds_lead_kind(credit, "date", "kapan panja dibentuk menurut budi?")
    assert holds_lead_kind("Panja dibentuk, menurut Budi, pada Selasa (18/11).", "date", asked)


def test_a_number_asked_for_is_not_the_day_of_the_dateline() -> None:
    question = "perda rekaan nomer berapa?"
    assert not holds_kind("Perda itu disahkan Senin (3/3/2025) pukul 10.00 WITA.", "code", question)
    assert holds_kind("Aturan itu tertuang dalam Perda Nomor 7 Tahun 2025.", "code", question)


def test_a_why_question_is_answered_by_a_cause_not_by_the_event_again() -> None:
    question = "kenapa pasar rekaan ditutup sementara?"
    assert lead_kind(question) == "reason"
    assert lead_kind("Why was the rekaan market closed?") == "reason"
    assert lead_kind("jembatan rekaan ditutup gara2 apa sih?") == "reason"
    assert not holds_lead_kind("Pasar Rekaan ditutup sementara mulai Senin.", "reason", question)
    assert holds_lead_kind("Penutupan dilakukan karena atap los ikan runtuh.", "reason", question)
    assert holds_lead_kind("Alasannya, atap los ikan runtuh.", "reason", question)
    assert not holds_lead_kind("Pedagang pindah ke kota tujuan.", "reason", question)


def test_a_thing_asked_for_by_its_kind_is_named_after_that_noun_or_an_introducing_word() -> None:
    boat = "nelayan desa rekaan dapat bantuan perahu apa dari pemkab?"
    assert lead_kind(boat) == "named"
    opening = "Pemkab Rekaan menyerahkan bantuan kepada nelayan Desa Rekaan di Pantai Contoh."
    assert not holds_lead_kind(opening, "named", boat)
    assert holds_lead_kind("Bantuan itu berupa perahu motor Samudra Jaya.", "named", boat)
    assert holds_lead_kind("Jenis perahu itu adalah Katir Contoh.", "named", boat)
    # An introducing word in a sentence that never names the thing asked about.
    assert not holds_lead_kind("Kegiatan dibuka oleh Wakil Bupati Rekaan.", "named", boat)
    posts = "pos mana aja yang dibuka pemkot rekaan buat pantau banjir?"
    assert lead_kind(posts) == "named"
    assert holds_lead_kind("Petugas membuka Pos 4 Kelurahan Contoh.", "named", posts)
    fee = "penunggak pajak di rekaan dapat denda apa?"
    assert not holds_lead_kind("Penunggak telah dikenai denda oleh dinas.", "named", fee)
    assert holds_lead_kind("Mereka dikenai denda administrasi, yaitu bunga dua persen.", "named",
                           fee)
    assert lead_kind("Which club did the coach join?") == "named"
    # What a thing the question gives stands for, or a verb asked with "apa": no thing named.
    assert lead_kind("PANTAS di pemkot rekaan itu singkatannya apa?") is None
    assert lead_kind("camat bilang apa soal jembatan?") is None
    assert lead_kind("pemkot rekaan siapkan apa buat banjir?") is None
    assert lead_kind("What happened at the river?") is None


def test_who_holds_an_office_is_the_name_after_that_office() -> None:
    question = "Siapa wakil gubernur Kalimantan Timur?"
    names = {"budi", "santoso", "agus", "salim"}
    assert lead_kind(question) == "person"
    assert holds_lead_kind("Ia didampingi Wakil Gubernur Agus Salim.", "person", question, names)
    assert not holds_lead_kind("Rapat dipimpin Gubernur Budi Santoso.", "person", question, names)
    first = "Siapa wakil gubernur pertama provinsi itu?"
    said = "Wakil Gubernur pertama provinsi itu adalah Agus Salim, dilantik 1960."
    assert holds_lead_kind(said, "person", first, names)
    # A name introduced in another clause is no holder of the office.
    other = "Wakil Gubernur hadir, dan ketua panitia adalah Agus Salim."
    assert not holds_lead_kind(other, "person", first, names)


def test_a_quotes_share_of_the_topic_reads_short_forms_as_the_articles_write_them() -> None:
    """"sidang di pn" is a quote on the "Pengadilan Negeri" (spoken.py's word share)."""
    import numpy as np

    from retrieval.index.lexical import tokenize
    from retrieval.search.spoken import _Fit, _share

    plan = make_plan("budi bilang apa soal sidang sengketa lahan di pn", directory())
    assert plan.topic == "sidang sengketa lahan di pn"
    vec = np.zeros(4, dtype=np.float32)
    fit = _Fit.of(plan, vec, vec, names=())
    assert set(tokenize("pengadilan negeri")) <= fit.words
    on = _share(fit.words, "Sidang sengketa itu sudah dijadwalkan di Pengadilan Negeri.")
    off = _share(fit.words, "Semua kader harus solid menghadapi pemilu.")
    assert on > off


def test_asked_who_an_office_is_no_person_and_someone_never_quoted_is() -> None:
    question = "siapa pengelola baru pasar rekaan?"
    names = {"budi", "santoso", "jenderal"}  # the index's people: one's name holds "Jenderal"
    assert not holds_lead_kind(
        "Pelantikan itu diumumkan oleh Sekretariat Jenderal di aula.", "person",
        question, names,
    )
    assert holds_lead_kind(
        "Dinas melantik Kepala Bagian Umum, Ani Samaran, sebagai pengelola yang baru.",
        "person", question, names,
    )


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("Gajinya sekitar 5 juta per bulan.", True),
        ("Pemerintah menyiapkan Rp 8 triliun untuk pelatihan.", True),
        ("Kerugian negara ditaksir mencapai 3 miliar.", True),
        ("Panitia mencatat 300 ribu peserta lomba lari tahun ini.", False),
        ("Pendaftar program beasiswa itu mencapai 200 ribu.", False),
        ("Sebanyak 2 juta pemilih datang ke TPS.", False),
    ],
)
def test_an_amount_of_money_is_not_a_count_of_people_in_thousands(text: str, money: bool) -> None:
    assert holds_kind(text, "money", "berapa gaji perawat per bulan?") is money


def test_the_articles_chunk_holding_what_is_asked_comes_first() -> None:
    """Asked what car, the chunk of the first article naming one comes before its opening."""
    from retrieval.records import Chunk
    from retrieval.search.answer_type import answer_holder
    from retrieval.search.ranking import Ranked
    from retrieval.search.searcher import holding_first

    def ranked(i: int, article: str, text: str) -> Ranked:
        chunk = Chunk(article, i, 0, len(text), text, ())
        return Ranked(StoredChunk(i, chunk, ""), 3.0 - i, 0.8, 0.1)

    opening = ranked(0, "pameran", "Budi Santoso membuka pameran otomotif di alun-alun.")
    other = ranked(1, "lain", "Mobil dinas bupati lain diperiksa.")
    car = ranked(2, "pameran", "Di pameran itu ia membeli satu mobil Toyota Rekaan.")
    holder = answer_holder("budi santoso beli mobil apa di pameran?", ())
    assert holder is not None
    assert holding_first([opening, other, car], holder) == [car, opening, other]
    # Another article's chunk never jumps ahead; a first chunk that holds it stays.
    assert holding_first([opening, other], holder) == [opening, other]
    assert holding_first([car, opening], holder) == [car, opening]
