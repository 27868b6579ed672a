"""From ranked candidates to what the answer holds: which passages answer, which quote each
shows, and the sentences the lead is chosen from.

- An ordinary question: the passages the decision (answerability.py) passes on their own, in
  rank order; none passes, and the answer is "not found".
- Someone's words on a topic ("apa kata Sekda soal banjir?"): the decision judges the topic
  alone against each passage where that person is quoted, the person's quote there counting as
  one of its sentences. Those that pass come first, ordered and each shown with the quote
  closest to the topic by meaning and by the topic's words it holds (asked what the person
  requested, "X minta apa", a quote that requests comes before one that only describes). None
  passes, and the answer says the person was not quoted on that topic, their nearest quotes
  shown as not answering.
- Someone's words with no topic ("apa kata Wagub?"): their quotes; someone named but never
  quoted: the passages naming them.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from retrieval.index.lexical import LexicalIndex, tokenize
from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredChunk
from retrieval.index.vectors import FaissIndex
from retrieval.model.embedder import Vectors
from retrieval.records import Chunk, OffTopic, Quote, Span
from retrieval.search.answer_type import asks_request, holds_request
from retrieval.search.answerability import Model
from retrieval.search.dedupe import distinct
from retrieval.search.judging import Judge, Judged
from retrieval.search.plan import Plan
from retrieval.search.ranking import Ranked
from retrieval.text.speechwords import SPEECH_VERBS
from retrieval.text.vocabulary import find_terms, fold_words
from retrieval.text.words import alternation

JUDGED = 20  # candidates the decision reads, after dedupe: the rest could not lead anyway
SPOKEN_JUDGED = 24  # of a much-quoted person's passages, those judged on the topic asked
NEAREST = 2  # a person's quotes shown when none is on the topic asked
# A person's quotes are ordered by their cosine to the topic plus these times the share of the
# topic's words the quote holds, the share its attribution's surroundings hold, and the
# decision's logit of its passage (chosen on the regional development set's who-said questions
# without its held-out quarter: 10 of the 12 whose right quote is among the person's, against
# 8 by cosine alone; a broad plateau around these values).
QUOTE_WORDS = 0.1
CONTEXT_WORDS = 0.1
PASSAGE_LOGIT = 0.01
# Added for a quote that requests or urges (answer_type.holds_request) when the question asks what
# the person requested ("X minta apa soal …").
REQUEST_BONUS = 0.1
# Which of a person's quotes is shown, and the order of their passages, go by this share of the
# cosine to the whole question and the rest to the topic alone. The question's asking words
# ("minta apa", "pesan …") say what is wanted where a two-word topic alone is a vague query; the
# topic alone keeps "soal hasil panen" on the harvest. Rest of the three development sets (first
# passage / lead): 0 gave 0.82 / 0.68, 0.77 / 0.57, 0.83 / 0.53; 0.5 gave 0.82 / 0.68, 0.80 / 0.60,
# 0.83 / 0.53; 1.0 gave 0.82 / 0.71, 0.80 / 0.60, 0.83 / 0.53, but led with a request asked about
# the harvest (tests/integration/test_archive_answers.py).
QUESTION_SHARE = 0.5
# Passages that answer are ordered by their fused score plus this times the decision's logit.
# First passage holds the gold article, 300 train questions each (facqa / tydiqa) and the
# regional rest (34): 0.767 / 0.727 / 0.765 by rank alone, 0.777 / 0.737 / 0.794 at 0.5; 0.3
# and 1.0 gave 0.773 / 0.740 / 0.794 and 0.790 / 0.727 / 0.794.
DECISION_ORDER = 0.5
REPORTED_BELOW = 0.05  # a passage of reported speech against a direct quote
_SUBJECT_REACH = 6  # words from the person's name or office to the verb of saying
_SAYING = re.compile(rf"(?i:\b(?:{alternation(SPEECH_VERBS)})\b)")


@dataclass(frozen=True)
class Spoken:
    """A passage where the person asked about is quoted, judged on the topic asked."""

    judged: Judged
    quote: Quote | None  # their quote in it closest to the topic
    order: float  # how the person's passages are ordered: their best quote's score


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
    """Chooses what answers, over one build's store, vectors and BM25 index."""

    def __init__(
        self, store: StoreReader, vectors: FaissIndex, lexical: LexicalIndex, judge: Judge
    ) -> None:
        self._store = store
        self._vectors = vectors
        self._lexical = lexical
        self.judge = judge
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
            spoken = self._spoken(plan, own, tvec, qvec, english)
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
            if asks_request(plan.intent.words):  # "pesan Gubernur kepada camat": a request first
                own.sort(key=lambda r: not any(
                    plan.speaks(q.speaker) and holds_request(q.text) for q in r.chunk.chunk.quotes
                ))
            return Choice(own + rest, bool(own or rest), {}, meaning)
        return Choice(passing, bool(passing), {}, meaning)

    def _spoken(
        self, plan: Plan, own: Sequence[Ranked], tvec: Vectors, qvec: Vectors, english: bool
    ) -> list[Spoken]:
        """The person's passages judged on the topic alone, their quote counted as a sentence.

        Whether a passage answers is judged on the topic's vector alone: the whole question
        names the person, so every quote of theirs is close to it. Which quote is shown, and the
        order of their passages, go by the topic and the whole question together
        (QUESTION_SHARE)."""
        if not own:
            return []
        ids = np.fromiter((r.chunk.id for r in own), dtype=np.int64, count=len(own))
        dense = self._vectors.vectors(ids) @ tvec
        _, norm = self._lexical.scores(plan.topic)
        rescored = [
            replace(r, dense=float(d), lexical=float(norm[r.chunk.id]))
            for r, d in zip(own, dense, strict=True)
        ]
        center = float(np.median(dense))
        if len(rescored) > SPOKEN_JUDGED:
            # A much-quoted person: only the passages closest to the topic by meaning or by its
            # words are read sentence by sentence (the gap is still to all of theirs).
            by_meaning = sorted(rescored, key=lambda r: -r.dense)[: SPOKEN_JUDGED * 2 // 3]
            by_words = sorted(rescored, key=lambda r: -r.lexical)[: SPOKEN_JUDGED // 3]
            keep = {r.chunk.id for r in by_meaning + by_words}
            rescored = [r for r in rescored if r.chunk.id in keep]
        judged = self.judge.judge(plan.topic, rescored, tvec, english, topic=True, center=center)
        words = set(tokenize(plan.topic))
        request = REQUEST_BONUS if asks_request(plan.intent.words) else 0.0
        vectors = self._store.quote_vectors({r.chunk.chunk.article_id for r in own})
        out = []
        for j in judged:
            chunk = j.ranked.chunk.chunk
            logit = self.judge.model.logit(j.features)
            scored = [
                (
                    float(vector @ (QUESTION_SHARE * qvec + (1 - QUESTION_SHARE) * tvec))
                    + QUOTE_WORDS * _share(words, q.text)
                    + CONTEXT_WORDS * _share(words, _around(q, chunk))
                    + PASSAGE_LOGIT * logit
                    + (request and request * holds_request(q.text)),
                    float(vector @ tvec),
                    q,
                )
                for q in chunk.quotes
                if plan.speaks(q.speaker)
                for vector in (vectors[(chunk.article_id, q.start)],)
            ]
            if not scored:
                reported = self._reported(j, plan, tvec, qvec, words, request)
                if reported is not None:
                    out.append(replace(reported, order=reported.order + PASSAGE_LOGIT * logit))
                continue
            order, _, quote = max(scored, key=lambda s: s[0])
            # Their quotes count as sentences of the passage.
            f = replace(j.features, sent=max(j.features.sent, *(s[1] for s in scored)))
            p = self.judge.model.probability(f)
            answers = self.judge.passes(p, True, j.lacking)
            judged_quote = replace(j, features=f, probability=p, answers=answers)
            out.append(Spoken(judged_quote, quote, order))
        return sorted(out, key=lambda s: -s.order)


    def _reported(
        self, j: Judged, plan: Plan, tvec: Vectors, qvec: Vectors, words: set[str],
        request: float,
    ) -> Spoken | None:
        """A passage where the person asked about speaks in reported speech ("Gubernur mengajak
        ASN …"), judged on its sentence that names them with a verb of saying; None when none
        does. It is ordered below a direct quote as close to the topic."""
        chunk = j.ranked.chunk.chunk
        names = {w for p in plan.speakers for w in p.name_words}
        roles = {r for p in plan.speakers for r in p.roles}
        best: tuple[float, float, float] | None = None
        for s in j.sentences:
            text = chunk.text[s.start - chunk.start : s.end - chunk.start]
            if _speaks(text, names, roles):
                cos = float(s.vector @ tvec)
                mixed = QUESTION_SHARE * float(s.vector @ qvec) + (1 - QUESTION_SHARE) * cos
                score = mixed + (request and request * holds_request(text))
                if best is None or score > best[0]:
                    best = (score, cos, _share(words, text))
        if best is None:
            return None
        score, cos, share = best
        f = replace(j.features, sent=max(j.features.sent, cos))
        p = self.judge.model.probability(f)
        answers = self.judge.passes(p, True, j.lacking)
        judged = replace(j, features=f, probability=p, answers=answers)
        return Spoken(judged, None, score + QUOTE_WORDS * share - REPORTED_BELOW)


def _speaks(text: str, names: set[str], roles: set[str]) -> bool:
    """Whether a sentence reports the person speaking: named by a word of their name or by their
    whole office ("Gubernur juga mengajak …"), a few words before a verb of saying; named after
    it ("… digaungkan oleh Gubernur") they are no subject."""
    if not _SAYING.search(text):
        return False  # most sentences: no verb of saying, so no need to read their words
    words = fold_words(text)
    verbs = [i for i, w in enumerate(words) if w in SPEECH_VERBS]
    if not verbs:
        return False
    at = [i for i, w in enumerate(words) if w in names]
    at += [f.start for f in find_terms(words) if f.term.id in roles]
    return any(0 < v - i <= _SUBJECT_REACH for i in at for v in verbs)


def _share(words: set[str], text: str) -> float:
    """The share of the topic's words (BM25 tokens) a text holds."""
    return len(words & set(tokenize(text))) / len(words) if words else 0.0


def _around(quote: Quote, chunk: Chunk) -> str:
    """A quote with the words around it: "Koster minta soal Petruk: '…'" names the topic too."""
    at = quote.start - chunk.start
    return chunk.text[max(0, at - 120) : quote.end - chunk.start + 60]


def cosines(j: Judged, vec: Vectors) -> list[tuple[Span, float]]:
    """The passage's sentence units (article offsets) with their cosine to a question."""
    return [(Span(s.start, s.end), float(s.vector @ vec)) for s in j.sentences]


def lead_quote(chunk: Chunk, plan: Plan, read: Collection[tuple[str, int]]) -> tuple[Quote, ...]:
    """The chunk's quotes (the asked speaker's when there are any) not yet read."""
    quotes = tuple(q for q in chunk.quotes if plan.speaks(q.speaker)) or chunk.quotes
    return tuple(q for q in quotes if (chunk.article_id, q.start) not in read)


def by_decision(judged: Iterable[Judged], model: Model, weight: float) -> list[Judged]:
    """Passages ordered by their rank score plus `weight` x the decision's logit, which reads
    what the ranking does not (sentences, coverage, rarity). Measured on hybrid scores
    (z-units): other modes keep their rank order (weight 0)."""
    return sorted(judged, key=lambda j: -(j.ranked.score + weight * model.logit(j.features)))


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
    request = REQUEST_BONUS if asks_request(plan.intent.words) else 0.0
    return max(quotes, key=lambda q: float(vectors[(art, q.start)] @ qvec) + (
        request and request * holds_request(q.text)
    ))
