"""`briefbot eval --answers FILE`: answer quality on realistic questions, our articles alone or
among a benchmark's or a real archive's corpus (`--with DIR`, repeatable)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from bot.engine import load_model, open_searcher
from bot.settings import Settings
from retrieval.index.articles import read_articles
from retrieval.records import Answer
from retrieval.search.answer_eval import read_answer_questions, score_answers
from retrieval.search.evaluate import open_with_distractors
from retrieval.search.searcher import Searcher


def asker(searcher: Searcher, args: argparse.Namespace, k: int) -> Callable[[str], Answer]:
    """How each question is asked; options that change an answer (a pinned date) go here."""
    today = getattr(args, "today", None)
    return lambda question: searcher.ask(question, k=k, today=today)


def cmd_eval_answers(args: argparse.Namespace, settings: Settings) -> int:
    """Score a questions file (and a file of unanswerable ones) against the index."""
    paths = [Path(p) for p in (args.answers, args.unanswerable) if p]
    for path in paths:
        if not path.is_file():
            print(f"briefbot: {path} does not exist", file=sys.stderr)
            return 1
    questions = [q for path in paths for q in read_answer_questions(path, args.part)]
    mode, k = settings.search_mode, settings.top_k  # --mode and -k are folded into settings
    if args.with_dirs:
        dirs = [Path(d) for d in args.with_dirs]
        missing = [d for d in dirs if not (d / "corpus.jsonl").is_file()]
        if missing:
            print(f"briefbot: {missing[0]} has no corpus.jsonl", file=sys.stderr)
            return 1
        articles = read_articles(settings.data_dir).articles
        searcher = open_with_distractors(
            articles, dirs, settings.cache_dir, load_model(settings), mode
        )
        own = {a.id for a in articles}
    else:
        searcher = open_searcher(settings)
        own = searcher.listings.article_ids()
    report = score_answers(questions, asker(searcher, args, k), own)
    for m in report.misses:
        print(f"MISS {m.id} [{m.what}] {m.question}\n     shown: {m.shown}")
    summary = asdict(report)
    summary["misses"] = len(report.misses)
    print(json.dumps(summary, ensure_ascii=False))
    return 0
