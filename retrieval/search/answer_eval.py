"""Answer quality on files of realistic questions, scored on what the user sees.

Two formats are read, one question a line:

- seed-questions: {"id", "question", "expect": [phrases], "quote_by"?, "answered"?: false};
  a passage hits when it holds an expected phrase.
- regional-news: the same plus "article" (the gold article) and "also" (other articles that
  answer); a passage hits when it is from the gold article and holds a phrase, or from an
  "also" article (whose wording may differ). A quote asked for must hold a phrase too.

Per question: the first passage hits (hit@1), one of the first three does (hit@3), the reply's
lead sentence holds a phrase, the quote asked for is shown with its speaker, the question is
answered, or (unanswerable ones) it gets "not found" — which includes "X was not quoted on Y"
with X's nearest quotes labelled as not answering. Rates are reported per kind (who-said-what,
factual, English, unanswerable) because hidden sets mix the kinds in other proportions.

`ask` is any question -> Answer function, so a caller can pin what a question depends on (a
date for "kemarin", a mode) without this module knowing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import ArticleError
from retrieval.records import Answer, Passage
from retrieval.text.language import guess_language
from retrieval.text.vocabulary import fold

PARTS = ("all", "rest", "held")
HELD_EVERY = 4  # the held-out part: every 4th question of a file, read only to report it


@dataclass(frozen=True)
class AnswerQuestion:
    id: str
    question: str
    expect: tuple[str, ...]
    quote_by: str | None
    answerable: bool
    article: str | None = None  # the gold article, when the file names one
    also: tuple[str, ...] = ()  # other articles that answer too

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds a report counts this question under."""
        if not self.answerable:
            return ("unanswerable",)
        kind = "who-said" if self.quote_by else "factual"
        return (kind, "english") if guess_language(self.question) == "en" else (kind,)


@dataclass(frozen=True)
class Miss:
    id: str
    question: str
    what: str  # "first passage", "lead", "quote", "not found", "refused"
    shown: str  # the start of the first passage shown (or the lead), or "not found"


@dataclass(frozen=True)
class Outcome:
    """What one question got; None where a measure does not apply to it."""

    question: AnswerQuestion
    hit1: bool | None
    hit3: bool | None
    lead: bool | None
    quoted: bool | None
    answered: bool
    shown: int  # passages the reply shows
    own: int  # of them, from our own articles


@dataclass(frozen=True)
class KindReport:
    questions: int
    hit1: float | None
    hit3: float | None
    lead: float | None
    quote_with_speaker: float | None
    answered: float | None  # answerable kinds: share answered; unanswerable: share refused


@dataclass(frozen=True)
class AnswersReport:
    questions: int
    first_passage_hit: float  # of questions with expected phrases
    first_three_hit: float
    lead_hit: float  # the reply's lead sentence holds an expected phrase
    quote_with_speaker: float  # of questions asking for someone's quote
    not_found_correct: float  # of questions the articles cannot answer
    answered: float  # of the answerable questions, how many got passages
    own_share: float  # of the passages a reply shows for answerable questions, share from ours
    kinds: dict[str, KindReport]
    misses: tuple[Miss, ...]


def read_answer_questions(path: Path, part: str = "all") -> list[AnswerQuestion]:
    """The questions of a file; `part` "rest" or "held" keeps one side of the held-out split."""
    try:
        rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArticleError(f"{path}: cannot be read as JSONL: {exc}") from exc
    if part not in PARTS:
        raise ValueError(f"part must be one of {PARTS}")
    out = []
    for n, r in enumerate(rows, 1):
        held = n % HELD_EVERY == 0
        if (part == "held" and not held) or (part == "rest" and held):
            continue
        out.append(
            AnswerQuestion(
                id=str(r.get("id", n)),
                question=str(r["question"]),
                expect=tuple(str(e) for e in r.get("expect") or ()),
                quote_by=str(r["quote_by"]) if r.get("quote_by") else None,
                answerable=r.get("answered", True) is not False,
                article=str(r["article"]) if r.get("article") else None,
                also=tuple(str(a) for a in r.get("also") or ()),
            )
        )
    return out


def _flat(text: str) -> str:
    return " ".join(fold(text).split())


def _holds(text: str, expect: Sequence[str]) -> bool:
    words = _flat(text)
    return any(_flat(e) in words for e in expect)


def passage_hits(q: AnswerQuestion, p: Passage) -> bool:
    """Whether a passage answers: the gold article with a phrase, or an article that also does."""
    art = p.chunk.article_id
    if q.article is not None and art != q.article:
        return art in q.also
    held = " ".join([p.chunk.text, *(x.text for x in p.chunk.quotes)])
    return _holds(held, q.expect)


def judge(q: AnswerQuestion, answer: Answer, own_articles: Collection[str]) -> Outcome:
    """Score one answer as its reader sees it."""
    visible = answer.visible() if answer.answered else ()
    expects = bool(q.expect) and q.answerable
    hit1 = passage_hits(q, visible[0]) if expects and visible else (False if expects else None)
    hit3 = any(passage_hits(q, p) for p in answer.passages[:3]) if expects else None
    if not answer.answered:
        hit3 = False if expects else None
    lead = None
    if expects:
        lead = answer.answered and answer.lead is not None and _holds(answer.lead.text, q.expect)
    quoted = None
    if q.quote_by and q.answerable:
        wanted = fold(q.quote_by)
        quoted = any(
            p.quote is not None
            and p.quote.speaker is not None
            and wanted in fold(p.quote.speaker)
            and (q.article is None or _holds(p.quote.text, q.expect))
            for p in visible
        )
    own = sum(p.source.article_id in own_articles for p in visible)
    return Outcome(q, hit1, hit3, lead, quoted, answer.answered, len(visible), own)


def _rate(values: Sequence[bool | None]) -> float | None:
    known = [v for v in values if v is not None]
    return round(sum(known) / len(known), 4) if known else None


def _kind(outcomes: Sequence[Outcome]) -> KindReport:
    answered = [o.answered if o.question.answerable else not o.answered for o in outcomes]
    return KindReport(
        questions=len(outcomes),
        hit1=_rate([o.hit1 for o in outcomes]),
        hit3=_rate([o.hit3 for o in outcomes]),
        lead=_rate([o.lead for o in outcomes]),
        quote_with_speaker=_rate([o.quoted for o in outcomes]),
        answered=_rate(answered),
    )


def _misses(o: Outcome, answer: Answer) -> list[Miss]:
    q = o.question
    first = answer.visible()[0] if answer.answered and answer.passages else None
    seen = _flat(first.chunk.text)[:120] if first else "not found"
    out = []
    if not q.answerable and o.answered:
        out.append(Miss(q.id, q.question, "not found", seen))
    if q.answerable and not o.answered:
        out.append(Miss(q.id, q.question, "refused", seen))
    if o.hit1 is False and o.answered:
        out.append(Miss(q.id, q.question, "first passage", seen))
    if o.lead is False and o.answered:
        lead = answer.lead.text[:120] if answer.lead else "(no lead)"
        out.append(Miss(q.id, q.question, "lead", lead))
    if o.quoted is False:
        out.append(Miss(q.id, q.question, "quote", seen))
    return out


def score_answers(
    questions: Sequence[AnswerQuestion],
    ask: Callable[[str], Answer],
    own_articles: Collection[str],
) -> AnswersReport:
    """Ask every question and score what the user would see."""
    outcomes: list[Outcome] = []
    misses: list[Miss] = []
    for q in questions:
        answer = ask(q.question)
        outcome = judge(q, answer, own_articles)
        outcomes.append(outcome)
        misses += _misses(outcome, answer)
    answerable = [o for o in outcomes if o.question.answerable]
    unanswerable = [o for o in outcomes if not o.question.answerable]
    shown = sum(o.shown for o in answerable)
    kinds = {
        kind: _kind([o for o in outcomes if kind in o.question.kinds])
        for kind in ("who-said", "factual", "english", "unanswerable")
        if any(kind in o.question.kinds for o in outcomes)
    }

    def overall(values: Sequence[bool | None]) -> float:
        rate = _rate(values)
        return 1.0 if rate is None else rate

    return AnswersReport(
        questions=len(questions),
        first_passage_hit=overall([o.hit1 for o in outcomes]),
        first_three_hit=overall([o.hit3 for o in outcomes]),
        lead_hit=overall([o.lead for o in outcomes]),
        quote_with_speaker=overall([o.quoted for o in outcomes]),
        not_found_correct=overall([not o.answered for o in unanswerable]),
        answered=overall([o.answered for o in answerable]),
        own_share=round(sum(o.own for o in answerable) / shown, 4) if shown else 1.0,
        kinds=kinds,
        misses=tuple(misses),
    )
