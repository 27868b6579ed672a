"""Question checks, BM25 normalisation and the passage dedupe, without a model."""

import pytest

from retrieval.errors import QuestionError
from retrieval.lexical import LexicalIndex, tokenize
from retrieval.search import clean_question


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("", QuestionError.EMPTY),
        ("   \n\t ", QuestionError.EMPTY),
        ("x" * 20_000, QuestionError.TOO_LONG),
        ("🙂🙂 ??? !!! ★", QuestionError.NO_WORDS),
        ("___ --- ###", QuestionError.NO_WORDS),
    ],
)
def test_unusable_questions_say_why(question: str, reason: str) -> None:
    with pytest.raises(QuestionError) as caught:
        clean_question(question)
    assert caught.value.reason == reason


def test_html_and_spacing_in_question_are_kept_as_words() -> None:
    assert clean_question("  Apa  kata <b>Gubernur</b>\n& Wagub? ") == (
        "Apa kata <b>Gubernur</b> & Wagub?"
    )


def test_tokens_drop_question_words_and_stem() -> None:
    assert tokenize("Apa kata Gubernur tentang kebijakan pembangunan?") == [
        "kata", "gubernur", "bijak", "bangun",
    ]


def test_normalised_bm25_rewards_matching_all_rare_words() -> None:
    index = LexicalIndex([
        "Gubernur Rudy menegaskan pentingnya koordinasi antar perangkat daerah.",
        "Harga beras di pasar Samarinda naik menjelang akhir tahun.",
        "Rapat koordinasi digelar di kantor gubernur.",
    ])
    raw, norm = index.scores("Berapa harga beras di Samarinda?")
    assert raw.argmax() == 1
    assert 0 < norm[1] <= 1 and norm[0] == norm[2] == 0
    _, partial = index.scores("Berapa harga cabai rawit di Balikpapan?")
    assert 0 < partial[1] < norm[1] / 3  # only "harga" matches: far from a full match
