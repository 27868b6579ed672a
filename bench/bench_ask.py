"""Time `ask` as a user meets it, on the regional-news archive with data/ among it.

Prints one JSON line: p50 / p95 / mean milliseconds of `Searcher.ask` (encoding the question,
ranking, deciding, choosing quotes and the lead) over the development sets' questions and a
sample of the benchmarks' train questions, each asked `--rounds` times after one warm-up
round. It uses only what every version of the searcher offers, so two checkouts are compared in
one session by running it alternately in each (PYTHONPATH=<checkout>), under the heavy lock:

    for i in 1 2; do PYTHONPATH=../old python bench/bench_ask.py; python bench/bench_ask.py; done
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from bot.settings import Settings
from retrieval.index.articles import read_articles
from retrieval.model.loader import load_embedder

try:  # where the distractor index is opened moved between versions
    from retrieval.search.evaluate import open_with_distractors  # type: ignore[attr-defined]
except ImportError:
    from retrieval.search.answer_eval import open_with_distractors  # type: ignore[attr-defined]

HERE = Path(__file__).resolve().parent
BENCH = next(p / "shared" / "benchmarks" for p in HERE.parents if (p / "shared").is_dir())


def questions(limit: int) -> list[str]:
    out = []
    for path in (
        BENCH / "regional-news-dev" / "questions.jsonl",
        BENCH / "regional-news-dev" / "unanswerable.jsonl",
        BENCH / "seed-questions" / "questions.jsonl",
        BENCH / "facqa-news" / "queries_train.jsonl",
    ):
        lines = [x for x in path.read_text("utf-8").splitlines() if x.strip()]
        out += [json.loads(x)["question"] for x in lines[:limit]]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=60, help="questions of each file")
    args = ap.parse_args()
    settings = Settings()
    embedder = load_embedder(settings.model, settings.cache_dir, backend=settings.embed_backend)
    articles = read_articles(settings.data_dir).articles
    searcher = open_with_distractors(
        articles, [BENCH / "regional-news-dev"], settings.cache_dir, embedder, "hybrid"
    )
    asked = questions(args.limit)
    for q in asked:  # warm-up: caches, the store's pages, the encoder
        searcher.ask(q)
    times = []
    for _ in range(args.rounds):
        for q in asked:
            started = time.perf_counter()
            searcher.ask(q)
            times.append((time.perf_counter() - started) * 1000)
    print(json.dumps({
        "code": str(Path(__import__("retrieval").__file__).parent.parent),
        "questions": len(asked),
        "asks": len(times),
        "p50_ms": round(float(np.percentile(times, 50)), 1),
        "p95_ms": round(float(np.percentile(times, 95)), 1),
        "mean_ms": round(float(np.mean(times)), 1),
    }))


if __name__ == "__main__":
    main()
