"""Follow-ups by reply: which part of the answered question carries over."""

from __future__ import annotations

import pytest

from retrieval.search.followup import combine, names_person, question_parts
from retrieval.search.ranking import MAX_QUESTION_CHARS

PREVIOUS = "Apa kata Bupati Andi Saputra tentang pasar tradisional?"
PEOPLE = frozenset({"andi", "saputra", "lestari"})


@pytest.mark.parametrize(
    ("question", "speaker", "topic"),
    [
        ("Apa kata Bupati tentang pasar?", "Bupati", "pasar"),
        ("kata wali kota soal banjir", "wali kota", "banjir"),
        ("Menurut Kadis PU, bagaimana jalan desa?", "Kadis PU, bagaimana jalan desa", None),
        ("Andi Saputra bilang apa soal anggaran?", "Andi Saputra", "anggaran"),
        ("Apa yang disampaikan Sekda mengenai disiplin pegawai?", "Sekda", "disiplin pegawai"),
        ("What did the mayor say about flooding?", "mayor", "flooding"),
        ("The regent's statement on schools", "regent", "schools"),
        ("Berapa anggaran jalan tahun ini?", None, None),
        ("Siapa yang bicara soal sampah?", None, "sampah"),
    ],
)
def test_question_parts_name_the_person_and_the_topic(
    question: str, speaker: str | None, topic: str | None
) -> None:
    parts = question_parts(question)
    assert (parts.speaker, parts.topic) == (speaker, topic)


def test_a_new_topic_keeps_the_person() -> None:
    expected = "Apa kata Bupati Andi Saputra tentang anggaran sekolah?"
    assert combine(PREVIOUS, "Kalau soal anggaran sekolah?", PEOPLE) == expected
    assert combine(PREVIOUS, "kalau anggaran sekolah?", PEOPLE) == expected
    assert combine(PREVIOUS, "Bagaimana dengan anggaran sekolah?", PEOPLE) == expected
    assert combine(PREVIOUS, "Apa katanya tentang anggaran sekolah?", PEOPLE) == expected


def test_a_new_person_keeps_the_topic() -> None:
    assert combine(PREVIOUS, "Kalau Wabup?", PEOPLE) == (
        "Apa kata Wabup tentang pasar tradisional?"
    )
    assert combine(PREVIOUS, "Bagaimana dengan Dewi Lestari?", PEOPLE) == (
        "Apa kata Dewi Lestari tentang pasar tradisional?"
    )
    assert combine(PREVIOUS, "And the vice regent?", PEOPLE) == (
        "What did vice regent say about pasar tradisional?"
    )
    assert combine(PREVIOUS, "What about the head of the trade office?", PEOPLE) == (
        "What did head of the trade office say about pasar tradisional?"
    )


def test_asking_for_more_keeps_the_person_only() -> None:
    assert combine(PREVIOUS, "Apa lagi katanya?", PEOPLE) == "Apa kata Bupati Andi Saputra?"
    assert combine(PREVIOUS, "What else did he say?", PEOPLE) == (
        "What did Bupati Andi Saputra say?"
    )


def test_a_question_of_its_own_is_searched_as_written() -> None:
    for own in (
        "Apa kata Sekda tentang disiplin pegawai?",
        "Berapa jumlah pedagang di pasar?",
        "Bagaimana rencana pemerintah kabupaten membangun jalan tol baru di wilayah utara?",
    ):
        assert combine(PREVIOUS, own, PEOPLE) == own


def test_a_question_about_no_one_takes_the_new_topic_in_its_frame() -> None:
    assert combine("Berapa anggaran untuk jalan desa?", "Kalau soal jembatan?") == (
        "Berapa anggaran untuk jalan desa tentang jembatan?"
    )
    assert combine("Apa rencana pemerintah tentang sampah?", "kalau soal air bersih?") == (
        "Apa rencana pemerintah tentang air bersih?"
    )
    assert combine("Berapa anggaran jalan desa?", "Ada lagi?") == "Berapa anggaran jalan desa?"


def test_persons_are_offices_known_speakers_or_full_names() -> None:
    assert names_person("Wagub")
    assert names_person("the deputy governor")
    assert names_person("Saputra", PEOPLE)
    assert names_person("Dewi Lestari")
    assert not names_person("inovasi daerah")
    assert not names_person("IKN")
    assert not names_person("Samarinda")


def test_any_office_of_the_vocabulary_or_a_form_of_address_names_a_person() -> None:
    # Offices in any form the vocabulary knows, not only the words a follow-up list repeated.
    assert names_person("the regent")
    assert names_person("sekretaris daerah")
    assert names_person("kepala badan")
    assert names_person("Kapolsek")
    assert names_person("Pak Rektor")
    assert names_person("jubir pemprov")
    assert not names_person("pembangunan daerah")
    assert not names_person("anggaran kabupaten")


def test_a_reply_chain_about_no_one_carries_only_the_last_topic() -> None:
    # Each reply answers the question the one before it searched, as the bot stores it.
    searched = "Bagaimana proses koordinasi?"
    for n in range(1, 51):
        searched = combine(searched, f"Kalau soal jadwal rapat ke-{n}?", PEOPLE)
    assert searched == "Bagaimana proses koordinasi tentang jadwal rapat ke-50?"
    english = "How does the coordination work?"
    for topic in ("the budget", "the schedule", "the venue"):
        english = combine(english, f"What about {topic}?", PEOPLE)
    assert english == "How does the coordination work about venue?"


def test_a_follow_up_too_long_to_combine_is_searched_as_written() -> None:
    topic = "pembangunan " * 70  # a long topic after a long question: over the limit together
    previous = "Bagaimana proses koordinasi " + "antar dinas " * 40 + "?"
    followup = f"Bagaimana katanya tentang {topic}?"
    assert len(previous) < MAX_QUESTION_CHARS and len(followup) < MAX_QUESTION_CHARS
    assert combine(previous, followup, PEOPLE) == followup
    searched = "Apa kata Bupati Andi Saputra tentang pasar?"
    for _ in range(30):
        searched = combine(searched, f"Kalau soal {topic[:300]}?", PEOPLE)
        assert len(searched) <= MAX_QUESTION_CHARS
