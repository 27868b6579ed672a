"""Reading a question for an answer: whose words on which topic, and what kind of answer."""

from __future__ import annotations

import pytest

from retrieval.index.store import StoredChunk
from retrieval.records import Article
from retrieval.search.answer_type import (
    asked_kind,
    asks_request,
    holds_kind,
    holds_lead_kind,
    holds_request,
    lead_kind,
)
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.chunker import chunk_article
from retrieval.text.quotes import extract_quotes
from retrieval.text.vocabulary import fold_words

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
        ("Tahun berapa jembatan dibangun?", "date"),
        ("Kapan pasar dibuka?", "date"),
        ("Keputusan nomor berapa yang mengatur?", "code"),
        ("Berapa lama pembangunan jembatan?", "duration"),
        ("How long will the count take?", "duration"),
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
    question = "berapa lama penghitungan suara di tps rekaan?"
    assert holds_kind("Penghitungan diperkirakan memakan waktu 12 jam.", "duration", question)
    assert holds_kind("Ia memimpin dari 1967 sampai 1998.", "duration", question)
    assert holds_kind("Pembangunan butuh sebulan.", "duration", question)
    assert not holds_kind("Penghitungan di 305 TPS dimulai Rabu (14/2).", "duration", question)


def test_a_number_asked_for_is_not_the_day_of_the_dateline() -> None:
    question = "perda rekaan nomer berapa?"
    assert not holds_kind("Perda itu disahkan Senin (3/3/2025) pukul 10.00 WITA.", "code", question)
    assert holds_kind("Aturan itu tertuang dalam Perda Nomor 7 Tahun 2025.", "code", question)


def test_a_why_question_is_answered_by_a_cause_not_by_the_event_again() -> None:
    question = "kenapa pasar rekaan ditutup sementara?"
    assert lead_kind(question) == "reason"
    assert lead_kind("Why was the rekaan market closed?") == "reason"
    assert lead_kind("pasar rekaan ditutup gara2 apa sih?") == "reason"
    assert not holds_lead_kind("Pasar Rekaan ditutup sementara mulai Senin.", "reason", question)
    assert holds_lead_kind("Penutupan dilakukan karena atap los ikan runtuh.", "reason", question)
    assert holds_lead_kind("Alasannya, atap los ikan runtuh.", "reason", question)
    assert not holds_lead_kind("Pedagang pindah ke kota tujuan.", "reason", question)


def test_a_thing_asked_for_by_its_kind_is_named_after_that_noun_or_an_introducing_word() -> None:
    question = "kota rekaan dapet penghargaan apa di malam anugerah wisata?"
    assert lead_kind(question) == "named"
    opening = "Malam Anugerah Wisata Kalimantan Timur menjadi ajang unjuk kinerja daerah."
    assert not holds_lead_kind(opening, "named", question)
    named = "Penghargaan itu adalah Kota Ramah Wisatawan Terbaik."
    assert holds_lead_kind(named, "named", question)
    assert holds_lead_kind("Ia menerima penghargaan Kalpataru Lestari.", "named", question)
    stations = "bawaslu rekaan minta coblos ulang di TPS mana aja?"
    assert lead_kind(stations) == "named"
    assert holds_lead_kind("Keduanya adalah TPS 4 Desa Contoh dan TPS 9 Desa Rekaan.", "named",
                           stations)
    assert not holds_lead_kind("Bawaslu Rekaan merekomendasikan PSU di dua TPS.", "named", stations)
    fine = "pegawai rekaan itu dikasih sanksi apa?"
    assert not holds_lead_kind("Keduanya telah mendapat sanksi dari perusahaan.", "named", fine)
    assert holds_lead_kind("Keduanya mendapat sanksi disiplin, yaitu teguran tertulis.", "named",
                           fine)
    assert lead_kind("Which party did the mayor join?") == "named"
    # What a thing the question gives stands for, not the name of another one.
    assert lead_kind("SIGAP pemprov rekaan itu kepanjangannya apa?") is None
    assert lead_kind("Pak gubernur bilang apa soal banjir?") is None


def test_who_holds_an_office_is_the_name_after_that_office() -> None:
    question = "Siapa wakil gubernur Kalimantan Timur?"
    names = {"budi", "santoso", "agus", "salim"}
    assert lead_kind(question) == "person"
    assert holds_lead_kind("Ia didampingi Wakil Gubernur Agus Salim.", "person", question, names)
    assert not holds_lead_kind("Rapat dipimpin Gubernur Budi Santoso.", "person", question, names)
    first = "Siapa gubernur pertama yang ditangkap?"
    said = "Gubernur pertama yang ditangkap adalah Agus Salim pada 2003."
    assert holds_lead_kind(said, "person", first, names)


def test_a_question_asking_what_someone_requested_and_a_quote_that_requests() -> None:
    assert asks_request(fold_words("Bupati minta apa soal pasar?"))
    assert asks_request(fold_words("What does the governor have to do about the teachers?"))
    assert not asks_request(fold_words("Bupati bilang apa soal pasar?"))
    assert holds_request("Pedagang jangan berjualan di bahu jalan.")
    assert holds_request("Kami mohon warga bersabar.")
    assert not holds_request("Pasar ini dibangun tahun lalu.")
