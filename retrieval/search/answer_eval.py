"""Answer quality on a file of realistic questions (the seed-questions format).

Each line: {"id", "question", "expect": [phrases], "quote_by"?: speaker, "answered"?: false}.
Scored on what the user sees: the first passage holds one of the expected phrases (its text or
its quotes), the quote asked for is shown with that speaker, questions the articles cannot
answer are refused, and (among distractors) how much of what is shown comes from our articles.

`ask` is any question -> Answer function, so a caller can pin what a question depends on (a
date for "kemarin", a mode) without this module knowing.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import ArticleError, IndexStoreError
from retrieval.index.builder import Progress, build_index_from
from retrieval.model.embedder import Embedder
from retrieval.records import Answer, Article, Mode
from retrieval.search.evaluate import eval_index_dir, read_corpus
from retrieval.search.searcher import Searcher, Tuning
from retrieval.text.vocabulary import fold


@dataclass(frozen=True)
class AnswerQuestion:
    id: str
    question: str
    expect: tuple[str, ...]
    quote_by: str | None
    answerable: bool


@dataclass(frozen=True)
class Miss:
    id: str
    question: str
    what: str  # "first passage", "quote", "not found", "refused"
    shown: str  # the start of the first passage shown, or "not found"


@dataclass(frozen=True)
class AnswersReport:
    questions: int
    first_passage_hit: float  # of questions with expected phrases
    quote_with_speaker: float  # of questions asking for someone's quote
    not_found_correct: float  # of questions the articles cannot answer
    answered: float  # of the answerable questions, how many got passages
    own_share: float  # of the passages a reply shows for answerable questions, share from ours
    misses: tuple[Miss, ...]


def read_answer_questions(path: Path) -> list[AnswerQuestion]:
    try:
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{path}: cannot be read as JSONL: {exc}") from exc
    return [
        AnswerQuestion(
            id=str(r.get("id", n)),
            question=str(r["question"]),
            expect=tuple(str(e) for e in r.get("expect") or ()),
            quote_by=str(r["quote_by"]) if r.get("quote_by") else None,
            answerable=r.get("answered", True) is not False,
        )
        for n, r in enumerate(rows, 1)
    ]


def _ratio(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 1.0


def score_answers(
    questions: Sequence[AnswerQuestion],
    ask: Callable[[str], Answer],
    own_articles: Collection[str],
) -> AnswersReport:
    """Ask every question and score what the user would see."""
    counts = {"expect": 0, "hit": 0, "quote": 0, "quoted": 0, "no": 0, "refused": 0, "yes": 0}
    answered, shown, own = 0, 0, 0
    misses: list[Miss] = []
    for q in questions:
        answer = ask(q.question)
        first = answer.passages[0] if answer.passages else None
        seen = _flat(first.chunk.text) if first else "not found"

        def miss(what: str, q: AnswerQuestion = q, seen: str = seen) -> None:
            misses.append(Miss(q.id, q.question, what, seen[:120]))

        if not q.answerable:
            counts["no"] += 1
            counts["refused"] += not answer.answered
            if answer.answered:
                miss("not found")
            continue
        counts["yes"] += 1
        answered += answer.answered
        visible = answer.visible()
        shown += len(visible)
        own += sum(p.source.article_id in own_articles for p in visible)
        if q.expect:
            counts["expect"] += 1
            held = [first.chunk.text, *(x.text for x in first.chunk.quotes)] if first else []
            words = _flat(fold(" ".join(held)))
            if any(_flat(fold(e)) in words for e in q.expect):
                counts["hit"] += 1
            else:
                miss("first passage")
        if q.quote_by:
            counts["quote"] += 1
            wanted = fold(q.quote_by)
            if any(
                p.quote and p.quote.speaker and wanted in fold(p.quote.speaker)
                for p in answer.passages
            ):
                counts["quoted"] += 1
            else:
                miss("quote")
        if not q.expect and not answer.answered:
            miss("refused")
    return AnswersReport(
        questions=len(questions),
        first_passage_hit=_ratio(counts["hit"], counts["expect"]),
        quote_with_speaker=_ratio(counts["quoted"], counts["quote"]),
        not_found_correct=_ratio(counts["refused"], counts["no"]),
        answered=_ratio(answered, counts["yes"]),
        own_share=_ratio(own, shown),
        misses=tuple(misses),
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def open_with_distractors(
    articles: Sequence[Article],
    bench_dirs: Sequence[Path],
    cache_dir: Path,
    embedder: Embedder,
    mode: Mode,
    tuning: Tuning | None = None,
    progress: Progress | None = None,
) -> Searcher:
    """A cached index of our articles among the benchmark corpora's passages.

    The first build starts from the largest corpus's cached benchmark index, so only the rest
    is embedded; later runs open the cache as it is.
    """
    everything = [*articles, *(a for d in bench_dirs for a in read_corpus(d))]
    h = hashlib.sha256(embedder.model_id.encode())
    for a in everything:
        h.update(f"\x00{a.id}\x00{a.content_hash}".encode())
    index_dir = cache_dir / "eval" / f"answers-{h.hexdigest()[:16]}"
    try:
        return Searcher.open(index_dir, embedder, mode, tuning)
    except IndexStoreError:
        pass
    if bench_dirs and not index_dir.exists():
        biggest = max(bench_dirs, key=lambda d: (d / "corpus.jsonl").stat().st_size)
        start = eval_index_dir(biggest, cache_dir, embedder.model_id)
        if (start / "current").exists():
            shutil.copytree(start, index_dir, symlinks=True)
    build_index_from(everything, index_dir, embedder, progress)
    return Searcher.open(index_dir, embedder, mode, tuning)
