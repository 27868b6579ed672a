"""/sources and /quotes at scale: a page read by itself against every row read (the code before).

Usage (timed: under the heavy lock; builds from bench_scale.py, kept):
  python bench/bench_scale.py --sizes 10000,100000 --stage build --work DIR --keep
  git archive <commit before the change> | tar -x -C OLD
  flock /tmp/briefbot-heavy.lock python bench/bench_listings.py --work DIR --baseline OLD

For each build and each code (this one, and OLD on the same build) a fresh process opens the
index as `briefbot quotes` does (bm25, no model) and times what the bot does for a request, from
the engine call to the page's HTML: /sources page 1 and a page halfway through, /quotes (page 1),
/quotes NAME for the most quoted speaker's name and for a speaker quoted once, and every quote
read in order (`briefbot quotes --json` without printing). p50 of several runs after one warm-up;
peak memory (tracemalloc) of one more run.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import rss_mb


def ops(index_dir: Path, old: bool, names: list[str]) -> dict[str, Callable[[], object]]:
    from bot.present import listings as lst
    from retrieval.index.build import open_build
    from retrieval.search.searcher import Searcher

    searcher = Searcher(open_build(index_dir, None), None, "bm25")
    half = len(searcher.listings.article_ids()) // 20 if not old else len(searcher.sources()) // 20
    frequent, rare = names
    if old:
        def sources(page: int) -> object:
            return lst.sources_page(searcher.sources(), page, "id")

        def quotes(name: str | None) -> object:
            return lst.quotes_page(searcher.quotes(name), name, 0, "id")

        def every() -> object:
            return sum(1 for _ in searcher.quotes())
    else:
        pages = searcher.listings

        def sources(page: int) -> object:
            return lst.sources_listing(pages.source_page(page, lst.SOURCES_PER_PAGE), "id")

        def quotes(name: str | None) -> object:
            return lst.quotes_listing(pages.quote_page(name, 0, lst.QUOTES_PER_PAGE), name, "id")

        def every() -> object:
            return sum(1 for _ in pages.each_quote(None))

    return {
        "/sources page 1": lambda: sources(0),
        f"/sources page {half + 1}": lambda: sources(half),
        "/quotes page 1": lambda: quotes(None),
        f"/quotes {frequent} (most quoted)": lambda: quotes(frequent),
        f"/quotes {rare} (quoted once)": lambda: quotes(rare),
        "every quote in order": every,
    }


def serve(index_dir: Path, old: bool, names: list[str], repeats: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, op in ops(index_dir, old, names).items():
        op()  # warm-up: first touch of the file's pages
        times = []
        for _ in range(repeats if name != "every quote in order" else max(1, repeats // 3)):
            t0 = time.perf_counter()
            op()
            times.append((time.perf_counter() - t0) * 1000)
        tracemalloc.start()
        op()
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        out[name] = {"p50_ms": round(float(np.percentile(times, 50)), 2),
                     "peak_mb": round(peak / 2**20, 2)}
    out["rss_mb"] = round(rss_mb())
    return out


def pick_names(index_dir: Path) -> list[str]:
    """A word of the most quoted speaker's name and the name of one quoted once."""
    con = sqlite3.connect(f"file:{index_dir / 'current' / 'store.sqlite'}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT speaker, count(*) FROM quotes WHERE speaker IS NOT NULL GROUP BY speaker "
        "ORDER BY 2 DESC, 1"
    ).fetchall()
    con.close()
    rare = next(s for s, n in reversed(rows) if n == 1 and len(s.split()) > 1)
    return [rows[0][0].split()[0], rare]


def run(code: Path, index_dir: Path, old: bool, names: list[str], repeats: int) -> Any:
    done = subprocess.run(
        [sys.executable, __file__, "--serve", str(index_dir), "--names", json.dumps(names),
         "--repeats", str(repeats), *(["--old"] if old else [])],
        capture_output=True, text=True, check=False, cwd=code,
        env={**os.environ, "PYTHONPATH": str(code)},
    )
    if done.returncode:
        raise SystemExit(f"serve with {code} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", help="folder of bench_scale.py's kept builds (index-<size>)")
    ap.add_argument("--sizes", default="10000,100000")
    ap.add_argument("--baseline", help="a checkout of the code before the change")
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    ap.add_argument("--names", help=argparse.SUPPRESS)
    ap.add_argument("--old", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        result = serve(Path(args.serve), args.old, json.loads(args.names), args.repeats)
        print(json.dumps(result))
        return
    here = Path(__file__).resolve().parents[1]
    for size in (int(s) for s in args.sizes.split(",")):
        index_dir = Path(args.work) / f"index-{size}"
        names = pick_names(index_dir)
        new = run(here, index_dir, False, names, args.repeats)
        row: dict[str, Any] = {"chunks": size, "names": names, "new": new}
        if args.baseline:
            row["before"] = run(Path(args.baseline), index_dir, True, names, args.repeats)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
