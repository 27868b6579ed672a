"""Which new articles a follow matches: a person by who-said-what identity, a topic by answering.

One narrow entry, `match_articles`, so that the decision can change (a calibrated answerability
model) without touching delivery:

- A follow that names a person ("Wiratno", "Sekda Kaltim", "gubernur kalimantan timur") is read as
  the who-said-what question "apa kata <follow>" reads it (speakers.py: any form of the name, or
  an office the articles give them), narrowed to the people whose names and offices hold every
  word of it. A new article matches when it quotes that person; the match carries their quote
  closest to the follow.
- Any other follow ("banjir Samarinda", "Wiratno banjir") is a topic: the article must answer
  it as a question, by the searcher's own plan and relevance floor over that article's chunks
  alone (`within.answer_within`), and hold most of its words (`MIN_TOPIC_COVERAGE`). A word
  in common is not enough.

Follows are read against the index that holds the new articles, so a person first quoted in
one of them is already known.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from retrieval.errors import QuestionError
from retrieval.index.descriptors import descriptor_tokens
from retrieval.index.people import Person
from retrieval.records import Answer
from retrieval.search.searcher import Searcher
from retrieval.search.within import answer_within, coverage_within
from retrieval.text.vocabulary import fold_words

Kind = Literal["person", "topic"]
# A topic's article must also hold this share of the topic's words (idf-weighted, as the
# relevance decision's coverage): the question's floor alone lets a short topic match articles
# sharing its register or one word. 0.6 on the development follows of bench/bench_alerts.py.
MIN_TOPIC_COVERAGE = 0.6
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
    return "person" if followed_people(searcher, follow) else "topic"


def match_articles(
    searcher: Searcher, follow: str, article_ids: Collection[str]
) -> tuple[Match, ...]:
    """The articles among `article_ids` that `follow` matches, in the order given."""
    if not article_ids:
        return ()
    try:
        people = followed_people(searcher, follow)
        who = frozenset(_key(p.name) for p in people)
        if not who:
            found = answer_within(searcher, follow, article_ids)
            return tuple(
                Match(a, "topic", found[a]) for a in article_ids
                if a in found and coverage_within(searcher, follow, a) >= MIN_TOPIC_COVERAGE
            )
        said = answer_within(searcher, _SAID + follow, article_ids)
    except QuestionError:
        return ()
    quoting = [a for a in article_ids if a in said and _quotes(said[a], who)]
    return tuple(Match(a, "person", said[a]) for a in quoting)


def followed_people(searcher: Searcher, follow: str) -> tuple[Person, ...]:
    """Whom the follow names, as a who-said-what question finds them; none for a topic.

    Of the people the question finds, only those whose names and offices hold every word of
    the follow are kept: "Menteri Kesehatan" is the health minister, not every minister, and
    "Wiratno banjir" is a topic (articles about both), not Wiratno.
    """
    try:
        plan = searcher.plan(_SAID + " ".join(follow.split()))
    except QuestionError:
        return ()
    if plan.topic:  # words beyond whom it names: a topic
        return ()
    people = [*plan.speakers, *((plan.unquoted,) if plan.unquoted else ())]
    directory = searcher.people
    tokens = {directory.spelt(t) for t in descriptor_tokens(fold_words(follow))}
    # A place the articles never give the person ("Sekda Kaltim" where she is "Sekretaris
    # Daerah Sri Wahyuni") does not rule them out; every other word must be theirs.
    return tuple(
        p for p in people
        if {t for t in tokens if not t.startswith("place:") or p.places} <= p.bag | p.name_words
    )


def _key(name: str | None) -> str:
    return " ".join(fold_words(name or ""))


def _quotes(answer: Answer, quoted: frozenset[str]) -> bool:
    quote = answer.passages[0].quote if answer.passages else None
    return quote is not None and _key(quote.speaker) in quoted
