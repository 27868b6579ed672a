"""Benchmark folders (corpus.jsonl + queries.jsonl) -> recall@1/5/10, MRR@10 and latency.

Chunks rank articles: an article's rank is that of its best chunk. The corpus index is cached
under a key of the corpus bytes and the model, so a rerun only runs the queries. A cached index
is rebuilt in place (reusing the vectors of unchanged text) when the code that reads articles
into chunks, quotes and speakers has changed since it was built (`extraction_key`): a figure
measured on quotes read by older code says nothing of what a fresh deployment shows.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from retrieval.errors import ArticleError, IndexStoreError
from retrieval.index.builder import Progress, build_index_from
from retrieval.model.embedder import Embedder
from retrieval.records import Article, Mode
from retrieval.search.searcher import Ranked, Searcher, Tuning, clean_question
from retrieval.text.chunker import CHUNKER_VERSION


@dataclass(frozen=True)
class Query:
    id: str
    question: str
    gold_ids: frozenset[str]


@dataclass(frozen=True)
class EvalReport:
    benchmark: str
    mode: str
    model_id: str
    queries: int
    recall_at_1: float
    recall_at_5: float
    recall_at_10: float
    mrr_at_10: float
    latency_ms_p50: float
    latency_ms_p95: float
    index_seconds: float  # 0 when the cached index was used


def _jsonl(path: Path) -> list[dict[str, object]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{path}: cannot be read as JSONL: {exc}") from exc


def read_corpus(bench_dir: Path) -> list[Article]:
    return [
        Article(
            id=str(row["id"]),
            text=str(row["text"]),
            title=str(row.get("title") or "") or None,
            # Real archives (regional news) carry these; the retrieval benchmarks do not.
            url=str(row.get("url") or "") or None,
            published=str(row.get("published") or "") or None,
            source=str(row.get("source") or "") or None,
            origin=f"corpus.jsonl:{n}",
        )
        for n, row in enumerate(_jsonl(bench_dir / "corpus.jsonl"), 1)
    ]


def read_queries(path: Path) -> list[Query]:
    out = []
    for row in _jsonl(path):
        gold = row["gold_ids"]
        assert isinstance(gold, list)
        out.append(Query(str(row["id"]), str(row["question"]), frozenset(str(g) for g in gold)))
    return out


# Written into a cached evaluation index: the extraction code it was built by.
_STAMP = "extraction"


def extraction_key() -> str:
    """A digest of the code that turns articles into chunks, quotes and speakers."""
    h = hashlib.sha256(CHUNKER_VERSION.encode())
    root = Path(__file__).resolve().parents[1]
    code = [*(root / "text").glob("*.py"), *(root / "index").glob("*.py"), root / "records.py"]
    for path in sorted(code):
        h.update(f"\x00{path.name}\x00".encode() + path.read_bytes())
    return h.hexdigest()[:16]


def _open_current(
    index_dir: Path,
    articles: Callable[[], Sequence[Article]],
    embedder: Embedder,
    mode: Mode,
    tuning: Tuning | None,
    progress: Progress | None,
) -> tuple[Searcher, float]:
    """Open a cached evaluation index, first (re)building it when absent, unreadable or built
    by other extraction code; the seconds the build took (0 when none was needed)."""
    key = extraction_key()
    stamp = index_dir / _STAMP
    try:
        if stamp.read_text(encoding="utf-8") == key:
            return Searcher.open(index_dir, embedder, mode, tuning), 0.0
    except (OSError, IndexStoreError):
        pass
    # A new chunker reuses the cached vectors of unchanged text, so this is quick then.
    seconds = build_index_from(articles(), index_dir, embedder, progress).seconds
    stamp.write_text(key, encoding="utf-8")
    return Searcher.open(index_dir, embedder, mode, tuning), seconds


def eval_index_dir(bench_dir: Path, cache_dir: Path, model_id: str) -> Path:
    h = hashlib.sha256((bench_dir / "corpus.jsonl").read_bytes())
    h.update(f"\x00{model_id}".encode())
    return cache_dir / "eval" / f"{bench_dir.name}-{h.hexdigest()[:16]}"


def open_benchmark(
    bench_dir: Path,
    cache_dir: Path,
    embedder: Embedder,
    mode: Mode,
    tuning: Tuning | None = None,
    progress: Progress | None = None,
) -> tuple[Searcher, float]:
    """Open the benchmark's cached index, (re)building it first when absent or out of date."""
    index_dir = eval_index_dir(bench_dir, cache_dir, embedder.model_id)
    return _open_current(
        index_dir, lambda: read_corpus(bench_dir), embedder, mode, tuning, progress
    )


def article_ranking(ranked: list[Ranked], n: int = 10) -> list[str]:
    """Collapse ranked chunks to the first n distinct articles."""
    out: list[str] = []
    for r in ranked:
        if r.chunk.chunk.article_id not in out:
            out.append(r.chunk.chunk.article_id)
            if len(out) == n:
                break
    return out


def score(rankings: list[list[str]], queries: list[Query]) -> dict[str, float]:
    """Recall@1/5/10 (a gold article in the top k) and MRR@10 over all queries."""
    hits = {1: 0, 5: 0, 10: 0}
    rr = 0.0
    for ranking, q in zip(rankings, queries, strict=True):
        first = next((i for i, aid in enumerate(ranking[:10]) if aid in q.gold_ids), None)
        if first is None:
            continue
        rr += 1.0 / (first + 1)
        for k in hits:
            hits[k] += first < k
    n = max(len(queries), 1)
    return {"r1": hits[1] / n, "r5": hits[5] / n, "r10": hits[10] / n, "mrr": rr / n}


def evaluate(
    bench_dir: Path,
    cache_dir: Path,
    embedder: Embedder,
    mode: Mode,
    queries_file: str = "queries.jsonl",
    tuning: Tuning | None = None,
    progress: Progress | None = None,
    on_query: Callable[[int, int], None] | None = None,
) -> EvalReport:
    searcher, index_seconds = open_benchmark(bench_dir, cache_dir, embedder, mode, tuning, progress)
    queries = read_queries(bench_dir / queries_file)
    rankings, latencies = [], []
    for i, q in enumerate(queries):
        started = time.perf_counter()
        ranked = searcher.rank(clean_question(q.question), 50)
        latencies.append((time.perf_counter() - started) * 1000)
        rankings.append(article_ranking(ranked))
        if on_query:
            on_query(i + 1, len(queries))
    m = score(rankings, queries)
    return EvalReport(
        benchmark=bench_dir.name,
        mode=mode,
        model_id=embedder.model_id,
        queries=len(queries),
        recall_at_1=round(m["r1"], 4),
        recall_at_5=round(m["r5"], 4),
        recall_at_10=round(m["r10"], 4),
        mrr_at_10=round(m["mrr"], 4),
        latency_ms_p50=round(float(np.percentile(latencies, 50)), 2) if latencies else 0.0,
        latency_ms_p95=round(float(np.percentile(latencies, 95)), 2) if latencies else 0.0,
        index_seconds=round(index_seconds, 1),
    )


def open_with_distractors(
    articles: Sequence[Article],
    bench_dirs: Sequence[Path],
    cache_dir: Path,
    embedder: Embedder,
    mode: Mode,
    tuning: Tuning | None = None,
    progress: Progress | None = None,
) -> Searcher:
    """A cached index of our articles among the benchmark corpora's articles.

    The first build starts from the largest corpus's cached benchmark index, so only the rest
    is embedded; later runs open the cache as it is while the extraction code is unchanged.
    """
    everything = [*articles, *(a for d in bench_dirs for a in read_corpus(d))]
    h = hashlib.sha256(embedder.model_id.encode())
    for a in everything:
        h.update(f"\x00{a.id}\x00{a.content_hash}".encode())
    index_dir = cache_dir / "eval" / f"answers-{h.hexdigest()[:16]}"
    if bench_dirs and not index_dir.exists():
        biggest = max(bench_dirs, key=lambda d: (d / "corpus.jsonl").stat().st_size)
        start = eval_index_dir(biggest, cache_dir, embedder.model_id)
        if (start / "current").exists():
            # Its stamp stays behind: the copy holds the benchmark's articles only, until built.
            shutil.copytree(start, index_dir, symlinks=True, ignore=shutil.ignore_patterns(_STAMP))
    searcher, _ = _open_current(index_dir, lambda: everything, embedder, mode, tuning, progress)
    return searcher
