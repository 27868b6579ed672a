"""Finding whose words a chat question asks for: offices by short or English title, offices
written half in lowercase, a name cut short of its middle words, the asking word first asked."""

from collections.abc import Sequence

from retrieval.index.store import StoredChunk
from retrieval.records import Article
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.chunker import chunk_article
from retrieval.text.quotes import extract_quotes

ARTICLES = (
    Article(id="a1", text=(
        "Juru bicara Partai Rekaan, Rina Contoh, mengumumkan hasil rapat partai.\n"
        "“Kami akan membuka posko pengaduan di setiap kecamatan,” kata Rina.\n"
        "Ketua DPD Partai Rekaan Jawa Timur Budi Santoso meminta kader turun ke desa.\n"
        "“Semua kader wajib menyapa warga setiap pekan,” kata Budi Santoso.")),
    Article(id="a2", text=(
        "Menteri Kesehatan Rahmat Samaran meresmikan puskesmas baru.\n"
        "“Puskesmas ini buka dua puluh empat jam,” kata Rahmat.\n"
        "Menteri Pertanian Joko Ujicoba meninjau sawah.\n"
        "“Panen tahun ini lebih baik,” ujar Joko.\n"
        "Gubernur Jawa Timur Siti Lestari meninjau pasar induk.\n"
        "“Harga beras stabil sampai akhir bulan,” kata Siti Lestari.\n"
        "Fahmi Hamdan menanggapi kritik Agus Pratama soal anggaran.\n"
        "“Kritik itu kami terima,” kata Fahmi.\n“Anggaran harus dibuka,” kata Agus Pratama.")),
)


def directory(articles: Sequence[Article]) -> Directory:
    """The people of a few made-up articles, read as the index reads them."""
    chunks = [c for a in articles for c in chunk_article(a, max_chars=300, overlap_sentences=0)]
    return Directory.of(StoredChunk(i, c, "") for i, c in enumerate(chunks))


def _people() -> Directory:
    return directory(ARTICLES)


def _asked(question: str) -> list[str]:
    return [p.name for p in make_plan(question, _people()).speakers]


def test_an_office_by_its_short_form_or_written_half_in_lowercase() -> None:
    assert _asked("jubir rekaan bilang apa soal posko") == ["Rina Contoh"]
    assert _asked("ketua dpd rekaan jatim minta kader ngapain") == ["Budi Santoso"]


def test_a_minister_by_field_in_english_or_indonesian() -> None:
    assert _asked("what did the health minister say about the new clinic") == ["Rahmat Samaran"]
    assert _asked("menkes bilang apa soal puskesmas") == ["Rahmat Samaran"]


def test_the_speaker_ends_where_the_words_stop_naming_anyone() -> None:
    assert _asked("gub jatim pas meninjau pasar partai rekaan ngomong apa soal harga") == [
        "Siti Lestari"
    ]


def test_the_first_asking_word_says_whose_words_are_asked() -> None:
    assert _asked("fahmi jawab apa pas agus bilang anggaran harus dibuka") == ["Fahmi Hamdan"]


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
        "Ketua Dewan Adat Kabupaten Bantul Rekaan, Gusti Ngurah Budi Santoso, mengajak warga "
        "menjaga kebersihan.\n“Mari kita rawat sungai bersama,” tulis Gusti Santoso."
    )
    [quote] = extract_quotes(text)
    assert quote.speaker == "Gusti Ngurah Budi Santoso"
    assert quote.role == "Ketua Dewan Adat Kabupaten Bantul Rekaan"


def test_a_head_of_a_body_no_one_here_is_named_with_is_no_one() -> None:
    # Budi heads a party's board in East Java; no one heads "Ikatan Rekaan".
    assert _asked("what did the head of ikatan rekaan east java say about the vote") == []
    assert _asked("ketua dpd ikatan jatim minta apa") == []


def test_an_office_is_not_cut_short_of_a_word_no_one_is_named_with() -> None:
    # "ketua dpd rekaan jatim" is Budi's office; "ketua dpd pedagang" is not, though its first
    # words are.
    assert _asked("siapa ketua dpd pedagang yg minta kader turun ke desa") == []


def test_asking_who_said_something_names_no_speaker() -> None:
    """"siapa … yg bilang X" and "who said X" ask for the speaker; X is what was said."""
    for question in ("siapa jubir yg bilang posko dibuka di setiap kecamatan",
                     "who said the clinic is open all night?"):
        plan = make_plan(question, _people())
        assert not plan.intent.said and plan.intent.who and plan.speakers == (), question
    assert _asked("rina yg baru bilang apa soal posko") == ["Rina Contoh"]


def test_asked_last_the_speaker_ends_where_the_topic_begins() -> None:
    """"X kok …, apa katanya?": the asking word comes last, the topic between."""
    plan = make_plan("budi santoso kok ngotot kader wajib nyapa warga tiap pekan, apa katanya?",
                     _people())
    assert [p.name for p in plan.speakers] == ["Budi Santoso"]
    assert "warga" in plan.topic and "budi" not in plan.topic
    # An office of several known words is one speaker, not a name and a topic.
    assert _asked("ketua dpd rekaan jatim budi santoso ngaku apa") == ["Budi Santoso"]


def test_asked_in_english_the_speaker_is_every_word_between_did_and_say() -> None:
    # "chief" names no one here, yet Rina is all the words before "say".
    assert _asked("what did rekaan chief rina contoh say about the posko?") == ["Rina Contoh"]
    # Whoever the question cannot tell, the topic after "say" is never read as the speaker.
    plan = make_plan("what did the famous analyst say about budi santoso and the kader?",
                     _people())
    assert plan.speakers == () and plan.unquoted is None


def test_a_name_is_meant_before_an_office_holding_the_same_word() -> None:
    articles = (
        *ARTICLES,
        Article(id="a3", text=(
            "Ajudan Gubernur Siti, Wahyu Kartiko, membagikan jadwal kunjungan.\n"
            "“Jadwal bisa berubah,” kata Wahyu Kartiko.")),
    )
    plan = make_plan("siti bilang apa soal harga beras?", directory(articles))
    assert [p.name for p in plan.speakers] == ["Siti Lestari"]
