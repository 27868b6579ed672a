"""`briefbot eval --answers FILE`: answer quality on realistic questions, seed alone or among
the benchmark corpora (`--with DIR`, repeatable)."""

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
from retrieval.search.answer_eval import open_with_distractors, read_answer_questions, score_answers
from retrieval.search.searcher import Searcher


def asker(searcher: Searcher, args: argparse.Namespace, k: int) -> Callable[[str], Answer]:
    """How each question is asked; options that change an answer (a pinned date) go here."""
    today = getattr(args, "today", None)
    return lambda question: searcher.ask(question, k=k, today=today)


def cmd_eval_answers(args: argparse.Namespace, settings: Settings) -> int:
    """Score a questions file against the index (or our articles among distractors)."""
    path = Path(args.answers)
    if not path.is_file():
        print(f"briefbot: {path} does not exist", file=sys.stderr)
        return 1
    questions = read_answer_questions(path)
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
    summary.pop("misses")
    summary["misses"] = len(report.misses)
    print(json.dumps(summary, ensure_ascii=False))
    return 0
