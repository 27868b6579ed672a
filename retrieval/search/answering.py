"""From ranked candidates to what the answer holds: which passages answer, which quote each
shows, and the sentences the lead is chosen from.

- An ordinary question: the passages the decision (answerability.py) passes on their own, in
  rank order; none passes, and the answer is "not found".
- Someone's words on a topic ("apa kata Sekda soal banjir?"): their passages judged on the topic
  (spoken.py). Those that pass come first, each with the quote of theirs that fits best; none
  passes, and the answer says the person was not quoted on that topic, their nearest quotes
  shown as not answering.
- Someone's words with no topic ("apa kata Wagub?"): their quotes, those that request first when
  the question asks what they requested ("pesan Gubernur kepada camat"); someone named but
  never quoted: the passages naming them.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredChunk
from retrieval.model.embedder import Vectors
from retrieval.records import Chunk, OffTopic, Quote, Span
from retrieval.search.answerability import Model
from retrieval.search.dedupe import distinct
from retrieval.search.judging import Judge, Judged
from retrieval.search.plan import Plan
from retrieval.search.ranking import Ranked
from retrieval.search.requests import holds_request
from retrieval.search.spoken import Spoken, SpokenJudge

JUDGED = 20  # candidates the decision reads, after dedupe: the rest could not lead anyway
NEAREST = 2  # a person's quotes shown when none is on the topic asked
# Passages that answer are ordered by their fused score plus this times the decision's logit.
# First passage holds the gold article, 300 train questions each (facqa / tydiqa) and the
# regional rest (34): 0.767 / 0.727 / 0.765 by rank alone, 0.777 / 0.737 / 0.794 at 0.5; 0.3
# and 1.0 gave 0.773 / 0.740 / 0.794 and 0.790 / 0.727 / 0.794.
DECISION_ORDER = 0.5
# And plus this times the share of the question's words the passage holds (coverage, which the
# logit weighs too, but so little that an article's passage merely closer in meaning led one
# naming what was asked). Factual questions of the eight development sets, first passage
# holding the answer: rests 97 -> 103 of 134 at 8 (plateau 8-15; 5 gave 99, 20 gave 101),
# held-out quarters 41 -> 42 of 53. On 300 train questions each facqa 0.710 -> 0.713 and
# tydiqa (Wikipedia, not news) 0.723 -> 0.703 first passages in the gold article.
COVERAGE_ORDER = 8.0


@dataclass(frozen=True)
class Judgement:
    """What the decision read: the candidates and, for a who-said question, the topic's."""

    kept: list[Ranked]  # candidates after dedupe, in rank order
    judged: list[Judged]  # the first JUDGED of them, on the question
    spoken: list[Spoken]  # the person's passages on the topic, best first (else empty)


@dataclass(frozen=True)
class Choice:
    """The passages an answer is made of, best first, and how each is shown."""

    picked: list[Ranked]
    answered: bool
    quotes: dict[int, Quote]  # chunk id -> the quote to show, where chosen for a topic
    # chunk id -> the passage as judged and the vector its sentences are compared with (the
    # question's, or a who-said question's topic's): only the lead's passage is ever compared
    judged: dict[int, tuple[Judged, Vectors]]
    off_topic: OffTopic | None = None

    def meaning(self, chunk_id: int) -> list[tuple[Span, float]]:
        """The passage's sentence units (article offsets) with their cosine to what was asked."""
        seen = self.judged.get(chunk_id)
        return cosines(*seen) if seen is not None else []


class Answering:
    """Chooses what answers: the decision on each passage, and on a person's on the topic asked."""

    def __init__(self, judge: Judge, spoken: SpokenJudge) -> None:
        self.judge = judge
        self._spoken = spoken
        self.hybrid = True  # the searcher's mode: the decision orders only hybrid scores

    def read(
        self,
        question: str,
        plan: Plan,
        ranked: Sequence[Ranked],
        qvec: Vectors,
        tvec: Vectors | None,
        english: bool,
    ) -> Judgement:
        """Judge the candidates (and a who-said question's topic); bench/ fits on this."""
        kept = distinct(list(ranked))
        judged = self.judge.judge(question, kept[:JUDGED], qvec, english)
        spoken: list[Spoken] = []
        if plan.speakers and plan.topic and tvec is not None:
            own = [r for r in kept if r.chunk.id in plan.lead or r.chunk.id in plan.mentioned]
            spoken = self._spoken.passages(plan, own, tvec, qvec, english)
        return Judgement(kept, judged, spoken)

    def choose(
        self,
        question: str,
        plan: Plan,
        ranked: Sequence[Ranked],
        qvec: Vectors,
        tvec: Vectors | None,
        english: bool,
    ) -> Choice:
        if plan.absent:  # asked for the words of an office no one in the articles holds
            return Choice([], False, {}, {})
        seen = self.read(question, plan, ranked, qvec, tvec, english)
        meaning = {j.ranked.chunk.id: (j, qvec) for j in seen.judged}
        weight = DECISION_ORDER if self.hybrid else 0.0
        answering = (j for j in seen.judged if j.answers)
        passing = [j.ranked for j in by_decision(answering, self.judge.model, weight)]
        lead = plan.lead
        rest = [r for r in passing if r.chunk.id not in lead]
        if seen.spoken:
            assert tvec is not None
            for s in seen.spoken:
                meaning[s.judged.ranked.chunk.id] = (s.judged, tvec)
            quotes = {s.judged.ranked.chunk.id: s.quote for s in seen.spoken if s.quote}
            on = [s.judged.ranked for s in seen.spoken if s.judged.answers]
            if not on and english:
                # An English topic shares no words with Indonesian passages, so its coverage
                # says nothing: their passages the whole question is answered by stand.
                best = max(seen.spoken, key=lambda s: s.judged.probability)
                on = [r for r in passing if r.chunk.id == best.judged.ranked.chunk.id]
            if on:
                mine = {r.chunk.id for r in on}
                rest = [r for r in rest if r.chunk.id not in mine]
                return Choice(on + rest, True, quotes, meaning)
            person = plan.speakers[0]
            off = OffTopic(person.name, person.role, plan.topic)
            nearest = [s.judged.ranked for s in seen.spoken if s.quote][:NEAREST]
            return Choice(nearest, False, quotes, meaning, off)
        if lead:  # their quotes asked for with no topic, or where someone never quoted is named
            own = [r for r in seen.kept if r.chunk.id in lead]
            if plan.intent.request:
                own.sort(key=lambda r: not _requests_in(r.chunk.chunk, plan))
            return Choice(own + rest, bool(own or rest), {}, meaning)
        return Choice(passing, bool(passing), {}, meaning)


def cosines(j: Judged, vec: Vectors) -> list[tuple[Span, float]]:
    """The passage's sentence units (article offsets) with their cosine to a question."""
    return [(Span(s.start, s.end), float(s.vector @ vec)) for s in j.sentences]


def lead_quote(chunk: Chunk, plan: Plan, read: Collection[tuple[str, int]]) -> tuple[Quote, ...]:
    """The chunk's quotes (the asked speaker's when there are any) not yet read."""
    quotes = tuple(q for q in chunk.quotes if plan.speaks(q.speaker)) or chunk.quotes
    return tuple(q for q in quotes if (chunk.article_id, q.start) not in read)


def _requests_in(chunk: Chunk, plan: Plan) -> bool:
    """Whether the person asked about requests something in a passage (a quote of theirs)."""
    return any(plan.speaks(q.speaker) and holds_request(q.text) for q in chunk.quotes)


def by_decision(judged: Iterable[Judged], model: Model, weight: float) -> list[Judged]:
    """Passages ordered by their rank score plus `weight` x the decision's logit, which reads
    what the ranking does not (sentences, coverage, rarity), plus COVERAGE_ORDER x coverage.
    Measured on hybrid scores (z-units): other modes keep their rank order (weight 0)."""
    cover = COVERAGE_ORDER if weight else 0.0
    return sorted(
        judged,
        key=lambda j: -(
            j.ranked.score + weight * model.logit(j.features) + cover * j.features.cov
        ),
    )


def shown_quote(
    store: StoreReader, stored: StoredChunk, choice: Choice, qvec: Vectors | None, plan: Plan,
    read: Collection[tuple[str, int]],
) -> Quote | None:
    """The quote a passage shows: the one chosen for the topic asked, unless the user read it."""
    chosen = choice.quotes.get(stored.id)
    if chosen is not None and (stored.chunk.article_id, chosen.start) not in read:
        return chosen
    return best_quote(store, stored, qvec, plan, read)


def best_quote(
    store: StoreReader,
    stored: StoredChunk,
    qvec: Vectors | None,
    plan: Plan,
    read: Collection[tuple[str, int]] = (),
) -> Quote | None:
    """The quote a passage shows: the asked speaker's when it holds one, closest to the question,
    what the user already read only when nothing else is left."""
    quotes = stored.chunk.quotes
    quotes = tuple(q for q in quotes if plan.speaks(q.speaker)) or quotes
    quotes = lead_quote(stored.chunk, plan, read) or quotes
    if not quotes:
        return None
    if qvec is None:
        return quotes[0]
    art = stored.chunk.article_id
    vectors = store.quote_vectors([art])
    # Asked what the person requested, a quote that requests before any that does not (the
    # passages holding one came first for it, choose()).
    first = plan.intent.request
    return max(quotes, key=lambda q: (
        first and holds_request(q.text), float(vectors[(art, q.start)] @ qvec)
    ))
