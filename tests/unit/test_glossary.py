"""An English question's words in Indonesian, for matching Indonesian text by its words."""

from retrieval.index.store import StoredChunk
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.glossary import glossed, indonesian_words


def test_inflected_english_words_find_their_indonesian_forms() -> None:
    assert indonesian_words("the floods and the flooded roads") == ["banjir", "jalan"]
    assert "revitalisasi" in indonesian_words("How many bus stops were revitalized?")


def test_a_phrase_is_read_before_its_words() -> None:
    words = indonesian_words("how big was the state budget for the toll road")
    assert words[:3] == ["apbn", "anggaran negara", "tol"]
    assert "negara" not in words and "jalan" not in words


def test_the_forms_are_joined_by_a_stop_word_so_bm25_pairs_no_two_of_them() -> None:
    assert glossed("flood victims") == "flood victims banjir dan korban"
    assert glossed("Sleman") == "Sleman"


def test_only_an_english_question_is_searched_with_them() -> None:
    people = Directory.of(StoredChunk(i, c, "") for i, c in enumerate(()))
    assert make_plan("berapa korban banjir di Sleman?", people).query.endswith("Sleman?")
    english = make_plan("how many flood victims are there in Sleman?", people)
    assert english.english and "banjir" in english.query
