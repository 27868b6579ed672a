"""Question checks, BM25 normalisation and the passage dedupe, without a model."""

from pathlib import Path

import numpy as np
import pytest

from retrieval.errors import QuestionError
from retrieval.index.lexical import LexicalIndex, tokenize
from retrieval.search.ranking import clean_question, fuse, top_positive
from retrieval.text.language import guess_language


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
    assert caught.value.code == reason


def test_html_and_spacing_in_question_are_kept_as_words() -> None:
    assert clean_question("  Apa  kata <b>Gubernur</b>\n& Wagub? ") == (
        "Apa kata <b>Gubernur</b> & Wagub?"
    )


def test_tokens_are_stems_without_question_words_then_word_pairs() -> None:
    tokens = tokenize("Apa kata Gubernur tentang kebijakan pembangunan?")
    assert tokens[:4] == ["kata", "gubernur", "bijak", "bangun"]
    assert "kebijakan_pembangunan" in tokens and "apa" not in tokens


def test_normalised_bm25_rewards_matching_all_rare_words() -> None:
    index = LexicalIndex(
        [
            "Gubernur Rudy menegaskan pentingnya koordinasi antar perangkat daerah.",
            "Harga beras di pasar Samarinda naik menjelang akhir tahun.",
            "Rapat koordinasi digelar di kantor gubernur.",
        ]
    )
    raw, norm = index.scores("Berapa harga beras di Samarinda?")
    assert raw.argmax() == 1
    assert 0 < norm[1] <= 1 and norm[0] == norm[2] == 0
    _, partial = index.scores("Berapa harga cabai rawit di Balikpapan?")
    assert 0 < partial[1] < norm[1] / 3  # only "harga" matches: far from a full match


def test_fusion_without_word_overlap_keeps_the_meaning_order() -> None:
    dense = np.array([0.86, 0.84, 0.91, 0.80], dtype=np.float32)
    fused = fuse(dense, np.zeros(4, dtype=np.float32), 0.2)
    assert list(np.argsort(-fused)) == [2, 0, 1, 3]


def test_fusion_lets_bm25_break_near_ties_but_not_clear_leads() -> None:
    dense = np.array([0.900, 0.898, 0.85, 0.84, 0.83], dtype=np.float32)
    lexical = np.array([0.0, 9.0, 0.0, 0.0, 0.0], dtype=np.float32)
    assert np.argmax(fuse(dense, lexical, 0.2)) == 1  # near tie: the word match wins
    clear = np.array([0.95, 0.84, 0.83, 0.82, 0.81], dtype=np.float32)
    assert np.argmax(fuse(clear, lexical, 0.2)) == 0  # a clear lead in meaning stands


def test_language_guess() -> None:
    assert guess_language("What did the governor say about coordination?") == "en"
    assert guess_language("Apa kata Gubernur tentang koordinasi?") == "id"
    assert guess_language("Rudy Mas’ud") is None


def test_sources_newest_first_with_undated_and_worded_dates_last() -> None:
    from retrieval.index.listing import listing_date
    from retrieval.records import Source

    sources = [
        Source("a", "A", None, "kemarin sore"),
        Source("b", "B", None, "2025-06-02"),
        Source("c", "C", None, None),
        Source("d", "D", None, "2026-01-15T08:00:00+08:00"),
    ]
    ordered = sorted(sources, key=lambda s: listing_date(s.published), reverse=True)
    assert [s.article_id for s in ordered[:2]] == ["d", "b"]


def test_a_saved_bm25_index_scores_bit_for_bit_as_the_one_built(tmp_path: Path) -> None:
    texts = [
        "Kepala dinas meninjau jembatan yang retak di tepi sungai.",
        "",
        "Harga cabai di pasar induk turun setelah panen raya.",
        "Jembatan baru diresmikan; jembatan lama ditutup untuk perbaikan.",
    ]
    built = LexicalIndex(texts)
    built.save(tmp_path / "lexical")
    loaded = LexicalIndex.load(tmp_path / "lexical")
    assert loaded.documents == len(texts)
    for question in ("jembatan sungai", "harga cabai pasar", "kata yang tidak pernah ada"):
        for fresh, saved in zip(built.scores(question), loaded.scores(question), strict=True):
            np.testing.assert_array_equal(fresh, saved)
        assert [built.idf(t) for t in tokenize(question)] == [
            loaded.idf(t) for t in tokenize(question)
        ]
    LexicalIndex([]).save(tmp_path / "empty")
    assert LexicalIndex.load(tmp_path / "empty").scores("jembatan")[0].shape == (0,)


@pytest.mark.parametrize("k", [0, 1, 5, 30, 50, 99, 100, 150])
def test_the_top_scores_are_those_a_full_stable_sort_gives(k: int) -> None:
    rng = np.random.default_rng(k)
    # few distinct values, most of them zero: many ties, also across the k-th place
    scores = (rng.integers(0, 6, size=100).astype(np.float32) - 2).clip(0) / 4
    order = np.argsort(-scores, kind="stable")[:k]
    assert top_positive(scores, k).tolist() == order[scores[order] > 0].tolist()
