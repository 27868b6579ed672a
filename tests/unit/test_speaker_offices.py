"""Finding whose words a chat question asks for: offices by short or English title, offices
written half in lowercase, a name cut short of its middle words, the asking word first asked."""

from retrieval.index.store import StoredChunk
from retrieval.records import Article
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.chunker import chunk_article
from retrieval.text.quotes import extract_quotes

ARTICLES = (
    Article(id="a1", text=(
        "Juru bicara Partai Rekaan, Cheryl Contoh, mengungkap hasil rapat partai.\n"
        "“Instruksinya jelas: dengarkan suara warga,” kata Cheryl.\n"
        "Ketua DPD Partai Rekaan Jawa Timur Budi Santoso meminta kader membersihkan alat peraga.\n"
        "“Semua kader wajib merapikan spanduk sebelum hari tenang,” kata Budi Santoso.")),
    Article(id="a2", text=(
        "Menteri Kesehatan Rahmat Samaran menegaskan rumah sakit wajib melayani pasien darurat.\n"
        "“Pasien gawat darurat tidak boleh ditolak,” kata Rahmat.\n"
        "Menteri Pertanian Joko Ujicoba meninjau sawah.\n"
        "“Panen tahun ini lebih baik,” ujar Joko.\n"
        "Gubernur Jawa Timur Siti Lestari berpamitan kepada warga.\n"
        "“Terima kasih atas kerja sama selama lima tahun,” kata Siti Lestari.\n"
        "Fahmi Hamdan menanggapi ajakan Agus Wibowo bergabung ke partai lain.\n"
        "“Itu cuma candaan,” kata Fahmi.\n“Saya serius,” kata Agus Wibowo.")),
)


def _people() -> Directory:
    chunks = [c for a in ARTICLES for c in chunk_article(a, max_chars=300, overlap_sentences=0)]
    return Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunks))


def _asked(question: str) -> list[str]:
    return [p.name for p in make_plan(question, _people()).speakers]


def test_an_office_by_its_short_form_or_written_half_in_lowercase() -> None:
    assert _asked("jubir rekaan bilang apa soal rapat") == ["Cheryl Contoh"]
    assert _asked("ketua dpd rekaan jatim minta kader ngapain") == ["Budi Santoso"]


def test_a_minister_by_field_in_english_or_indonesian() -> None:
    assert _asked("what did the health minister say about emergency patients") == [
        "Rahmat Samaran"
    ]
    assert _asked("menkes bilang apa soal pasien darurat") == ["Rahmat Samaran"]


def test_the_speaker_ends_where_the_words_stop_naming_anyone() -> None:
    assert _asked("gub jatim pas pamitan ke warga partai rekaan ngomong apa soal kerja sama") == [
        "Siti Lestari"
    ]


def test_the_first_asking_word_says_whose_words_are_asked() -> None:
    assert _asked("fahmi jawab apa pas agus bilang dia mau pindah partai") == ["Fahmi Hamdan"]


def test_a_common_word_is_not_read_as_a_misspelt_name() -> None:
    chunks = [c for a in ARTICLES for c in chunk_article(a, max_chars=300, overlap_sentences=0)]
    people = Directory.of(
        (StoredChunk(i, c, "") for i, c in enumerate(chunks)),
        lambda word: 0.2 if word == "jawab" else 0.0,  # in a fifth of the texts
    )
    assert people.spelt("jawab") == "jawab"
    assert people.spelt("lestar") == "lestari"  # a letter short, used by no text: a typo


def test_an_office_ending_in_a_place_and_an_institutions_last_word() -> None:
    text = (
        "Kepala Lembaga Adat Kota Surakarta Rekaan, Kanjeng Gusti Agung Budi Santoso, meminta "
        "warga tenang.\n“Mohon semua menahan diri,” tulis Gusti Santoso dalam keterangannya."
    )
    [quote] = extract_quotes(text)
    assert quote.speaker == "Gusti Agung Budi Santoso"
    assert quote.role == "Kepala Lembaga Adat Kota Surakarta Rekaan"


def test_a_head_of_a_body_no_one_here_is_named_with_is_no_one() -> None:
    # Budi heads a party's board in East Java; no one heads "Ikatan Rekaan".
    assert _asked("what did the head of ikatan rekaan east java say about the vote") == []
    assert _asked("ketua dpd ikatan jatim minta apa") == []


def test_an_office_is_not_cut_short_of_a_word_no_one_is_named_with() -> None:
    # "ketua dpd rekaan jatim" is Budi's office; "ketua dpd parkir" is not, though its first
    # words are.
    assert _asked("siapa ketua dpd parkir yg minta warga merapikan spanduk") == []


def test_asking_who_said_something_names_no_speaker() -> None:
    """"siapa … yg bilang X" and "who said X" ask for the speaker; X is what was said."""
    for question in ("siapa jubir yg bilang cheryl sehat walafiat",
                     "who said cheryl is in good health?"):
        plan = make_plan(question, _people())
        assert not plan.intent.said and plan.intent.who and plan.speakers == (), question
    assert _asked("cheryl yg baru bilang apa soal rapat") == ["Cheryl Contoh"]
