"""What the articles just indexed answer: a question asked of them alone (alerts of new articles).

The same plan, ranking and decision as `Searcher.ask`, with only the chunks of some articles
as candidates, so a follow is matched as the question would be answered.
"""

from __future__ import annotations

from collections.abc import Collection

import numpy as np

from retrieval.records import Answer, Passage
from retrieval.search.answering import best_quote
from retrieval.search.lead import pick_lead
from retrieval.search.ranking import Ranked, clean_question
from retrieval.search.relevance import coverage
from retrieval.search.searcher import Searcher


def answer_within(
    searcher: Searcher, question: str, article_ids: Collection[str]
) -> dict[str, Answer]:
    """What each of these articles alone answers to `question`, by `ask`'s own decision.

    An article that does not answer is left out. Each answer holds the article's best passage
    with its quote and lead sentence.
    """
    text = clean_question(question)
    store = searcher.store
    within = store.chunk_ids(article_ids)
    if not len(within):
        return {}
    plan = searcher.plan(text)
    qvec = None if searcher.mode == "bm25" else searcher.embed_question(plan.query)
    best: dict[str, Ranked] = {}
    for r in searcher.relevant(text, len(within), qvec, plan, within):
        best.setdefault(r.chunk.chunk.article_id, r)
    sources = store.sources(best)
    out = {}
    for aid, r in best.items():
        quote = best_quote(store, r.chunk, qvec, plan)
        asked = quote is not None and plan.speaks(quote.speaker)
        lead = pick_lead(r.chunk.chunk, text, searcher.lexical.idf, quote, asked)
        passage = Passage(1, round(r.score, 4), r.chunk.chunk, sources[aid], quote)
        out[aid] = Answer(text, True, (passage,), lead=lead, shown=1)
    return out


def coverage_within(searcher: Searcher, question: str, article_id: str) -> float:
    """The largest share of the question's units (relevance.py) one chunk of the article holds."""
    ids = searcher.store.chunk_ids([article_id])
    if not len(ids):
        return 0.0
    return float(np.max(coverage(searcher.lexical, clean_question(question), ids)))
