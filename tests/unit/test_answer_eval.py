"""eval --answers scores what a reply shows, not what the searcher held back for "Sumber lain"."""

from __future__ import annotations

from retrieval.records import Answer, Chunk, Passage, Source
from retrieval.search.answer_eval import AnswerQuestion, score_answers


def _passage(rank: int, article: str) -> Passage:
    text = f"Bupati Fiktif meresmikan jembatan nomor {rank}."
    chunk = Chunk(article, 0, 0, len(text), text)
    return Passage(rank, 1.0, chunk, Source(article, None, None, None))


def test_own_share_counts_only_the_passages_a_reply_shows() -> None:
    passages = (_passage(1, "ours"), _passage(2, "theirs"), _passage(3, "theirs"))
    question = AnswerQuestion("q1", "Siapa meresmikan jembatan?", ("jembatan",), None, True)

    def close_to_best_only(_: str) -> Answer:
        return Answer("q", True, passages, shown=1)

    def all_alike(_: str) -> Answer:
        return Answer("q", True, passages, shown=3)

    assert score_answers([question], close_to_best_only, {"ours"}).own_share == 1.0
    assert score_answers([question], all_alike, {"ours"}).own_share == 0.3333
