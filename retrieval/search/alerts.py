"""Which new articles a follow matches: a person by who-said-what identity, a topic by answering.

One narrow entry, `match_articles`, so that the decision can change (a calibrated answerability
model) without touching delivery:

- A follow that names a person ("Khofifah", "Sekda Kaltim", "gubernur jawa timur") is read as
  the who-said-what question "apa kata <follow>" reads it (speakers.py: any form of the name, or
  an office the articles give them). A new article matches when it quotes that person; the
  match carries their quote closest to the follow. Words left beyond the person ("Khofifah
  banjir") are a topic the article must also answer.
- Any other follow is a topic: the article must answer it as a question, by the searcher's own
  plan and relevance floor over that article's chunks alone (`Searcher.answer_within`). A word
  in common is not enough.

Follows are read against the index that holds the new articles, so a person first quoted in
one of them is already known.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from retrieval.errors import QuestionError
from retrieval.records import Answer
from retrieval.search.plan import Plan
from retrieval.search.searcher import Searcher
from retrieval.text.vocabulary import fold_words

Kind = Literal["person", "topic"]
# The who-said-what form a follow is read in: the asking words name no one.
_SAID = "apa kata "


@dataclass(frozen=True)
class Match:
    """One new article a follow matches, with what an alert shows of it."""

    article_id: str
    kind: Kind
    # The article's best passage for the follow: its lead sentence, its quote (for a person:
    # theirs), its source.
    answer: Answer


def follow_kind(searcher: Searcher, follow: str) -> Kind:
    """Whether the index reads `follow` as a person (quoted or named) or as a topic."""
    plan = _person_plan(searcher, follow)
    return "person" if plan is not None else "topic"


def match_articles(
    searcher: Searcher, follow: str, article_ids: Collection[str]
) -> tuple[Match, ...]:
    """The articles among `article_ids` that `follow` matches, in the order given."""
    if not article_ids:
        return ()
    try:
        plan = _person_plan(searcher, follow)
        if plan is None:
            found = searcher.answer_within(follow, article_ids)
            return tuple(Match(a, "topic", found[a]) for a in article_ids if a in found)
        said = searcher.answer_within(_SAID + follow, article_ids)
    except QuestionError:
        return ()
    quoting = [a for a in article_ids if a in said and _quotes_them(said[a], plan)]
    if quoting and _topic_left(plan, follow):
        on_topic = searcher.answer_within(follow, quoting)
        quoting = [a for a in quoting if a in on_topic]
    return tuple(Match(a, "person", said[a]) for a in quoting)


def _person_plan(searcher: Searcher, follow: str) -> Plan | None:
    """The who-said-what plan of the follow when it names someone of the index, else None."""
    try:
        plan = searcher.plan(_SAID + " ".join(follow.split()))
    except QuestionError:
        return None
    return plan if plan.speakers or plan.unquoted is not None else None


def _quotes_them(answer: Answer, plan: Plan) -> bool:
    quote = answer.passages[0].quote if answer.passages else None
    return quote is not None and plan.speaks(quote.speaker)


def _topic_left(plan: Plan, follow: str) -> bool:
    """Whether the follow says more than who: words beyond the person's names and offices."""
    names = {w for p in plan.speakers for w in fold_words(p.name)}
    topic = set(plan.intent.topic) - set(fold_words(_SAID))
    return bool(topic - names)
