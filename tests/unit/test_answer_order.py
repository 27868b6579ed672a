"""The order of the passages that answer: rank score, then what the decision reads besides."""

from __future__ import annotations

from retrieval.index.store import StoredChunk
from retrieval.records import Chunk
from retrieval.search.answerability import Features
from retrieval.search.answering import by_decision
from retrieval.search.judging import Judged
from retrieval.search.ranking import Ranked
from tests.support.decisions import on


def _judged(name: str, score: float, coverage: float) -> Judged:
    text = f"Teks {name}."
    chunk = StoredChunk(0, Chunk(name, 0, 0, len(text), text), "")
    features = Features(0.8, 0.8, coverage, 0.0, 0.0, 0.0, 0.0, 0.0)
    return Judged(Ranked(chunk, score, 0.8, 0.0), features, 0.9, (), True)


def test_a_passage_holding_what_was_asked_overtakes_a_higher_ranked_one() -> None:
    model = on(cov=4.0)
    close = [_judged("sedikit", 2.0, 0.1), _judged("lengkap", 1.8, 0.9)]
    assert [j.ranked.chunk.chunk.article_id for j in by_decision(close, model, 0.5)] == [
        "lengkap", "sedikit"
    ]
    # Most of an article's passages rank within a few z-units of each other: the one holding
    # what was asked still leads.
    far = [_judged("sedikit", 4.0, 0.1), _judged("lengkap", 1.8, 0.9)]
    assert by_decision(far, model, 0.5)[0].ranked.chunk.chunk.article_id == "lengkap"
    # Covering as much, the ranking decides; with no weight (dense or bm25 mode) it always does.
    even = [_judged("kedua", 1.8, 0.9), _judged("pertama", 2.0, 0.9)]
    assert by_decision(even, model, 0.5)[0].ranked.chunk.chunk.article_id == "pertama"
    assert by_decision(far, model, 0.0)[0].ranked.chunk.chunk.article_id == "sedikit"
