"""What a question asks for, whose words it wants, and the office vocabulary behind both."""

import pytest

from retrieval.index.store import StoredChunk
from retrieval.records import Article
from retrieval.search.intent import detect_intent
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.chunker import chunk_article
from retrieval.text.vocabulary import PROVINCES, TERMS, expand, term_ids

ARTICLE = (
    "TANJUNG SELOR – Wakil Gubernur Kalimantan Utara Budi Santoso membuka rapat koordinasi "
    "penanganan banjir bersama Sekretaris Daerah Dewi Lestari dan Kepala Dinas Pekerjaan Umum "
    "Agus Ma’ruf di kantor gubernur, Selasa.\n"
    "“Kita harus membersihkan saluran air sebelum musim hujan tiba. Jangan menunggu genangan "
    "datang dulu,” kata Budi dalam rapat itu.\n"
    "Dewi Lestari menambahkan bahwa pemerintah provinsi sudah menyiapkan posko di setiap "
    "kecamatan.\n"
    "“Dana untuk normalisasi sungai sudah masuk anggaran perubahan tahun ini,” ujar Agus Ma’ruf.\n"
    "Menurut Agus, pengerukan dimulai bulan depan di tiga titik rawan."
)


def directory() -> Directory:
    article = Article(id="a1", text=ARTICLE)
    chunks = chunk_article(article, max_chars=200, overlap_sentences=0)
    return Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunks))


@pytest.mark.parametrize(
    "question",
    [
        "Apa kata Agus soal normalisasi sungai?",
        "kata Kadis PU soal sungai",
        "kutipan agus ma'ruf",
        "pendapat MA’RUF tentang anggaran",
        "Menurut Agus Maruf, kapan pengerukan mulai?",
        "agus bilang apa",
        "agus cerita apa soal pengerukan",
        "agus ceritain apa ke warga",
        "agus pesen apa ke warga soal pengerukan",  # chat spellings
        "tanggepan agus soal pengerukan",
        "agus kasih alasan apa soal pengerukan",
        "kenapa agus ngeluhin anggaran",
        "What did Agus complain about?",
        "What did Agus say about the river?",
        "Agus Ma’ruf's statement on the budget",
        "the head of department's remarks on dredging",
    ],
)
def test_asking_for_someones_words_in_any_phrasing(question: str) -> None:
    plan = make_plan(question, directory())
    assert plan.intent.said
    assert [p.name for p in plan.speakers] == ["Agus Ma’ruf"]
    assert plan.lead and plan.unquoted is None


@pytest.mark.parametrize(
    "question",
    [
        "Apa kata Wagub?",
        "Wakil Gubernur bilang apa soal banjir?",
        "What did the vice governor say?",
    ],
)
def test_a_role_finds_the_person_the_article_gives_it(question: str) -> None:
    plan = make_plan(question, directory())
    assert [p.name for p in plan.speakers] == ["Budi Santoso"]


@pytest.mark.parametrize("question", ["Apa kata Sekda?", "What did the regional secretary say?"])
def test_someone_named_but_never_quoted_is_reported_with_where_they_are(question: str) -> None:
    plan = make_plan(question, directory())
    assert plan.speakers == ()
    assert plan.unquoted is not None and plan.unquoted.name == "Dewi Lestari"
    assert plan.lead  # the chunks that name her


def test_nobody_matching_leaves_the_ordinary_search() -> None:
    plan = make_plan("Apa kata Bupati soal jalan rusak?", directory())
    assert plan.speakers == () and plan.unquoted is None and not plan.lead


def test_asking_who_holds_an_office_lifts_where_the_holder_is_named_with_it() -> None:
    people = directory()
    plan = make_plan("Sekda Kaltara namanya siapa?", people)
    assert plan.intent.who and not plan.intent.said
    found = people.match(["dewi", "lestari"])
    assert found is not None
    (dewi,) = found.people
    assert plan.boosted == dewi.with_role and not plan.lead


def test_a_quote_speaker_is_matched_by_name_whatever_the_apostrophe() -> None:
    plan = make_plan("Apa kata Ma'ruf?", directory())
    assert plan.speaks("Agus Ma’ruf") and plan.speaks("agus maruf")
    assert not plan.speaks("Budi Santoso") and not plan.speaks(None)


@pytest.mark.parametrize(
    ("question", "said", "who"),
    [
        ("Berapa jumlah penduduk Samarinda?", False, False),
        ("Siapa Kepala Dinas PU?", False, True),
        ("Who is the mayor?", False, True),
        ("According to the minister, what changes?", True, False),
        ("Apa arahan Bupati kepada camat?", True, False),
    ],
)
def test_kinds_of_question(question: str, said: bool, who: bool) -> None:
    intent = detect_intent(question)
    assert (intent.said, intent.who) == (said, who)


def test_the_topic_is_what_is_left_after_asking_office_and_place_words() -> None:
    intent = detect_intent("Apa kata Wagub Kaltim soal jembatan baru?")
    assert intent.roles == {"wakil gubernur"} and intent.places == {"kalimantan timur"}
    assert intent.topic == ("jembatan", "baru")


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("Wagub", "wakil gubernur"),
        ("Wakil Gubernur", "wakil gubernur"),
        ("the vice governor", "wakil gubernur"),
        ("Gubernur", "gubernur"),
        ("the governor", "gubernur"),
        ("Sekdaprov", "sekretaris daerah"),
        ("Sekwan", "sekretaris dprd"),
        ("Sekretaris Dewan", "sekretaris dprd"),
        ("the DPRD secretary", "sekretaris dprd"),
        ("Asisten II", "asisten ii"),
        ("Asisten Perekonomian dan Administrasi Pembangunan", "asisten ii"),
        ("Kadis", "kepala dinas"),
        ("Kaban", "kepala badan"),
        ("Wabup", "wakil bupati"),
        ("Wawali", "wakil wali kota"),
        ("Dirjen", "direktur jenderal"),
        ("the director general", "direktur jenderal"),
    ],
)
def test_every_form_of_an_office_is_one_role(text: str, role: str) -> None:
    assert term_ids(text, "role") == {role}


def test_longest_form_wins_so_a_vice_governor_is_not_also_the_governor() -> None:
    assert term_ids("Wakil Gubernur dan Asisten III", "role") == {"wakil gubernur", "asisten iii"}


def test_expansion_adds_missing_indonesian_forms_once() -> None:
    assert expand("Sekda Kaltim siapa?") == (
        "Sekda Kaltim siapa? sekretaris daerah kalimantan timur"
    )
    assert "gubernur" in expand("What did the governor say?")
    assert "aparatur sipil negara" in expand("ASN harus bagaimana?")
    assert expand("Berapa harga beras?") == "Berapa harga beras?"


def test_every_province_has_an_english_name_and_no_form_means_two_things() -> None:
    assert len(PROVINCES) == 38 and all(p.english for p in PROVINCES)
    seen: dict[str, str] = {}
    for term in TERMS:
        for form in (term.id, *term.forms):
            assert seen.setdefault(form, term.id) == term.id, form


def test_a_name_an_article_misspells_is_the_same_person_typed_either_way() -> None:
    first = Article(id="a1", text=(
        "Gubernur Rekaan Sri Wahyuningsih Lestari meresmikan jembatan.\n"
        "“Jembatan ini memangkas waktu tempuh warga,” kata Sri Wahyuningsih Lestari.\n"
        "Bupati Contoh Budi Santoso ikut hadir.\n“Kami rawat bersama,” kata Budi Santoso."))
    second = Article(id="a2", text=(
        "Kunjungan Gubernur Rekaan Sri Wahyuningsi Lestari ke Contoh dijadwalkan pekan depan.\n"
        "Kepala Desa Budi Santosa menyiapkan penyambutan.\n"
        "“Warga sudah gotong royong,” kata Budi Santosa."))
    chunks = [c for a in (first, second) for c in chunk_article(a, max_chars=400)]
    people = Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunks))
    for question in ("sri wahyuningsi lestari bilang apa", "apa kata sri wahyuningsih"):
        plan = make_plan(question, people)
        assert [p.name for p in plan.speakers] == ["Sri Wahyuningsih Lestari"], question
        assert plan.unquoted is None
    # Two words a letter apart with different offices are two people.
    plan = make_plan("apa kata budi santosa", people)
    assert [p.name for p in plan.speakers] == ["Budi Santosa"]


@pytest.mark.parametrize(
    "question",
    ["apa judul film cerita pertama tentang sungai?", "siapa juru bicara dinas pekerjaan umum?",
     "data apa yang menyatakan sungai tercemar?"],
)
def test_words_of_telling_that_are_also_nouns_ask_no_ones_words(question: str) -> None:
    assert not detect_intent(question).said


def test_the_head_of_a_body_is_found_by_that_body_in_any_form() -> None:
    article = Article(id="bk", text=(
        "Ketua Badan Kehormatan DPRD Kota Contoh Rahmat Hidayat memanggil dua anggota dewan.\n"
        "“Keduanya sudah kami mintai keterangan dan sepakat berdamai,” kata Rahmat."))
    people = Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunk_article(article)))
    for question in ("ketua bk dprd contoh bilang apa?",
                     "What did the head of Contoh DPRD's ethics council say?"):
        plan = make_plan(question, people)
        assert [p.name for p in plan.speakers] == ["Rahmat Hidayat"], question


def test_someone_known_by_initials_is_one_person_in_every_article() -> None:
    named = Article(id="a1", text=(
        "Ketua Dewan Pembina Partai Nusantara Budiman Santoso Wirakarta (BSW) hadir di Bogor.\n"
        "“Anak-anak harus belajar dengan jujur,” kata BSW."))
    initials_only = Article(id="a2", text=(
        "Pidato kebangsaan digelar di Jakarta.\n“Negara kuat karena rakyatnya bersatu,” kata BSW "
        "dalam pidatonya.\nBSW juga mengenang masa mudanya."))
    chunks = [c for a in (named, initials_only) for c in chunk_article(a)]
    people = Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunks))
    for question in ("apa kata BSW?", "apa kata budiman santoso wirakarta?"):
        [person] = make_plan(question, people).speakers
        assert person.name == "Budiman Santoso Wirakarta"
        assert {chunks[i].article_id for i in person.quoted} == {"a1", "a2"}, question
