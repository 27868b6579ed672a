"""Question -> Answer over one index build: candidates ranked here, the answer built from them.

Ranking (this module): dense + BM25 fusion of the candidates, the chunks a question about
someone's words puts first (plan.py); scores and their tuning are in ranking.py. Building the
answer (answering.py): which passages answer (the fitted decision, answerability.py), which
quote each shows, the lead sentence (lead.py); then the paging and time words here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from retrieval.index.build import Build, IndexStats, open_build
from retrieval.index.lexical import LexicalIndex
from retrieval.index.reader import StoreReader
from retrieval.model.embedder import Embedder, Vectors
from retrieval.records import Answer, Mode, Passage, Source, Unquoted
from retrieval.search.answer_type import answer_holder
from retrieval.search.answerability import MODEL, Model
from retrieval.search.answering import Answering, Choice, Judgement, lead_quote, shown_quote
from retrieval.search.dedupe import distinct, without_copies
from retrieval.search.followup import Seen, combine
from retrieval.search.hours import asked_hour, day_first, hour_first
from retrieval.search.judging import Judge
from retrieval.search.lead import close_count, pick_lead, sentence_spans
from retrieval.search.listing import Listings
from retrieval.search.listing import QuoteRef as QuoteRef
from retrieval.search.plan import Plan, make_plan
from retrieval.search.ranker import Ranker, lexical_of
from retrieval.search.ranking import Ranked as Ranked
from retrieval.search.ranking import Tuning as Tuning
from retrieval.search.ranking import clean_question as clean_question
from retrieval.search.relevance import coverage
from retrieval.search.speakers import Directory
from retrieval.search.spoken import SpokenJudge
from retrieval.search.timewords import apply_time, parse_time, without_time_words
from retrieval.text.language import guess_language


class Searcher:
    """Answers questions from one index build; safe across threads.

    Only the vectors are held in memory: chunk texts, quotes and articles are read from the
    build's store for the passages a question considers, the BM25 index is memory-mapped, and
    the people are those saved with the build.
    """

    def __init__(
        self,
        build: Build,
        embedder: Embedder | None,
        mode: Mode,
        tuning: Tuning | None = None,
        decision: Model | None = None,
    ) -> None:
        if embedder is None and mode != "bm25":
            raise ValueError(f"mode {mode} needs an embedder")
        store = self._store = build.store
        self.folder = build.folder  # the build this searcher serves (a replica compares it)
        self._vectors = build.vectors
        self._embedder = embedder
        self._mode: Mode = mode
        self._stats = build.stats
        self.tuning = tuning or Tuning()
        # A build made before the BM25 index was saved gets it built here, from the same texts.
        self._lexical = build.lexical or lexical_of(store)
        self._people = Directory.of_store(store, self._lexical.share)
        self.listings = Listings(store)
        self._ranker = Ranker(store, self._vectors, self._lexical, self.tuning, mode)
        judge = Judge(store, self._lexical, decision or MODEL)
        spoken = SpokenJudge(
            store, self._vectors, self._lexical, judge, self._people.speaker_words
        )
        self._answering = Answering(judge, spoken)
        self.mode = mode

    @property
    def mode(self) -> Mode:
        return self._mode

    @mode.setter
    def mode(self, mode: Mode) -> None:
        """Rank another way from now on (benchmarks compare the modes on one build)."""
        self._mode = self._ranker.mode = mode
        self._answering.hybrid = mode == "hybrid"

    @classmethod
    def open(
        cls,
        index_dir: Path,
        embedder: Embedder | None,
        mode: Mode = "hybrid",
        tuning: Tuning | None = None,
        decision: Model | None = None,
    ) -> Searcher:
        """Load the current build; refuse one made with another model (bm25 mode needs none).

        `decision`: whether a passage answers (answerability.py; default: the fitted model).
        """
        build = open_build(index_dir, embedder.model_id if embedder else None)
        return cls(build, embedder, mode, tuning, decision)

    def embed_question(self, question: str) -> Vectors:
        row: Vectors = self.embed_questions([question])[0]
        return row

    def embed_questions(self, questions: Sequence[str]) -> Vectors:
        assert self._embedder is not None
        # No lock here: concurrent questions meet in the embedder, which batches them (the bot's
        # SerializedEmbedder) and keeps its own model safe from threads.
        vectors: Vectors = self._embedder.embed_queries(list(questions))
        return vectors

    def plan(self, question: str) -> Plan:
        """How a cleaned question is searched: expanded query, speaker asked for, leading chunks."""
        return make_plan(question, self._people)

    def rank(
        self,
        question: str,
        n: int,
        qvec: Vectors | None = None,
        plan: Plan | None = None,
        within: npt.NDArray[np.int64] | None = None,
    ) -> list[Ranked]:
        """Score chunks for a cleaned question; best first, at most n (before dedupe).

        `within`: chunk ids that are the only candidates (see within.py).
        """
        plan = plan or self.plan(question)
        if qvec is None and self.mode != "bm25":
            qvec = self.embed_question(plan.query)
        return self._ranker.rank(plan, n, qvec, within)

    def coverage(self, question: str, ranked: Sequence[Ranked]) -> Vectors:
        """Per ranked chunk, in order, the idf-weighted share of the question's units it holds."""
        ids = np.fromiter((r.chunk.id for r in ranked), dtype=np.int64, count=len(ranked))
        return coverage(self._lexical, question, ids)

    def relevant(
        self,
        question: str,
        n: int,
        qvec: Vectors | None,
        plan: Plan | None = None,
        within: npt.NDArray[np.int64] | None = None,
    ) -> list[Ranked]:
        """The chunks that answer a cleaned question, best first, each text at most once.

        The chunks the plan puts first (a speaker's quotes asked for) are never dropped.
        """
        plan = plan or self.plan(question)
        ranked = self.rank(question, max(self.tuning.candidates, n), qvec, plan, within)
        return self._choose(question, plan, ranked, qvec, None).picked

    def _choose(
        self,
        question: str,
        plan: Plan,
        ranked: list[Ranked],
        qvec: Vectors | None,
        tvec: Vectors | None,
    ) -> Choice:
        if qvec is None:  # bm25 mode: no meaning to judge by, the words' floor decides
            keep = [r for r in ranked if r.chunk.id in plan.lead]
            keep += [r for r in ranked if r.lexical >= self.tuning.min_lexical]
            picked = distinct(sorted(set(keep), key=ranked.index))
            return Choice(picked, bool(picked), {}, {})
        english = guess_language(question) == "en"
        return self._answering.choose(question, plan, ranked, qvec, tvec, english)

    @property
    def store(self) -> StoreReader:
        return self._store

    @property
    def lexical(self) -> LexicalIndex:
        return self._lexical

    @property
    def people(self) -> Directory:
        return self._people

    def judgement(self, question: str, today: date | None = None) -> tuple[Plan, Judgement]:
        """What the decision reads of a question's passages, as `ask` reads it (the features
        bench/fit_answerability.py fits on)."""
        text = clean_question(question)
        when = parse_time(text, today or date.today())
        query = without_time_words(text, when) if when else text
        plan = self.plan(query)
        qvec, tvec = self._embed(plan)
        assert qvec is not None, "the decision needs a model (not bm25 mode)"
        ranked = self.rank(query, self.tuning.candidates, qvec, plan)
        english = guess_language(query) == "en"
        return plan, self._answering.read(query, plan, ranked, qvec, tvec, english)

    def _embed(self, plan: Plan) -> tuple[Vectors | None, Vectors | None]:
        """The question's vector, and its topic's when it asks someone's words on a topic.

        Asked what someone said on a topic, the question is the person and the topic: the
        person's passages come first whatever their cosine, so the topic's vector serves for the
        question's too, and a question pays for one text embedded, not two. Asked what they
        requested, the asking words say more ("what must the governor do"): both are embedded.
        """
        if self.mode == "bm25":
            return None, None
        if plan.speakers and plan.topic:
            if not plan.intent.request:
                topic = self.embed_question(plan.topic)
                return topic, topic
            both = self.embed_questions([plan.query, plan.topic])
            return both[0], both[1]
        return self.embed_question(plan.query), None

    def ask(
        self,
        question: str,
        k: int = 3,
        offset: int = 0,
        today: date | None = None,
        seen: Collection[str] = (),
    ) -> Answer:
        """Return the passages that answer, ranked offset+1 .. offset+k, each text at most once.

        The first page also gets its lead sentence and how many passages to show together.
        `today` anchors time words such as "kemarin" (default: the system's date). `seen`: keys
        of the passages the user was shown (`Passage.key`; a follow-up asking for more): what
        they hold goes last.
        """
        text = clean_question(question)
        when = parse_time(text, today or date.today())
        query = without_time_words(text, when) if when else text
        plan = self.plan(query)
        qvec, tvec = self._embed(plan)
        ranked = self.rank(query, max(self.tuning.candidates, 4 * (offset + k)), qvec, plan)
        choice = self._choose(query, plan, ranked, qvec, tvec)
        picked = choice.picked
        # A follow-up asking for more: what the user was shown goes last, a speaker's quotes
        # still before the rest.
        shown_before = Seen.of(seen)
        read = shown_before.quotes

        def stale(r: Ranked) -> bool:
            c = r.chunk.chunk
            return not lead_quote(c, plan, read) if c.quotes else c.key in shown_before.chunks

        if seen:
            picked = sorted(picked, key=lambda r: (r.chunk.id not in plan.lead, stale(r)))
        scope, sources = None, None
        if when is not None:
            sources = dated = self._store.sources(r.chunk.chunk.article_id for r in picked)
            picked, scope = apply_time(picked, lambda r: dated[r.chunk.chunk.article_id], when)
            if when.day and when.start is not None and not scope.outside:
                picked = day_first(picked, _article, _text, when.start)
        hour = asked_hour(text)
        if hour is not None:
            picked = hour_first(picked, _text, hour)
        # One release on two sites is read once (after the time words chose between them).
        picked = without_copies(picked)
        holder = answer_holder(query, self._people.speaker_words)
        if holder is not None:
            # The first passage's sentences are read here and again for the lead: once each.
            holder = cache(holder)
            if not plan.lead:
                picked = holding_first(picked, holder)
        page = picked[offset : offset + k]
        if sources is None:  # the time words read every candidate's source, the page's among them
            sources = self._store.sources(r.chunk.chunk.article_id for r in page)
        passages = tuple(
            Passage(
                rank=offset + i + 1,
                score=round(r.score, 4),
                chunk=r.chunk.chunk,
                source=sources[r.chunk.chunk.article_id],
                quote=shown_quote(self._store, r.chunk, choice, qvec, plan, read),
            )
            for i, r in enumerate(page)
        )
        who = plan.unquoted
        unquoted = Unquoted(who.name, who.role) if who is not None and picked else None
        answered = choice.answered and bool(picked)
        if offset or not passages or not answered:
            return Answer(
                text, answered, passages if (offset or answered or choice.off_topic) else (),
                time=scope, unquoted=unquoted, off_topic=choice.off_topic,
            )
        first = passages[0]
        asked = first.quote is not None and plan.speaks(first.quote.speaker)
        meaning = choice.meaning(page[0].chunk.id)
        lead = pick_lead(
            first.chunk, query, self._lexical.idf, first.quote, asked, meaning, holder
        )
        # What the user read before is never shown together with what is new to them.
        fresh = next((i for i, r in enumerate(page) if stale(r)), len(page))
        scores = [p.score for p in passages[: fresh or len(passages)]]
        shown = close_count(scores, *self.tuning.gap(self.mode))
        return Answer(
            text, True, passages, lead=lead, shown=shown, time=scope, unquoted=unquoted
        )

    def follow_up(self, previous: str, question: str) -> str:
        """What to search for `question` sent as a reply to the answer to `previous`."""
        return combine(previous, question, self._people.speaker_words)

    # Listings (/sources, /quotes): listing.py.

    def sources(self) -> list[Source]:
        """Every article, newest first; undated ones, or dated in words, last."""
        return self.listings.sources()

    def quotes(self, speaker: str | None = None) -> list[QuoteRef]:
        """Every direct quote in article order, or those whose speaker or role matches."""
        return self.listings.quotes(speaker)

    def stats(self) -> IndexStats:
        return self._stats


def _article(r: Ranked) -> str:
    return r.chunk.chunk.article_id


def _text(r: Ranked) -> str:
    return r.chunk.chunk.text


def holding_first(picked: list[Ranked], holds: Callable[[str], bool]) -> list[Ranked]:
    """The first passage's article's passage that holds what the question asks for (a name, a
    place, a figure) first, when the first does not: the article answers two chunks in."""
    if not picked or _holds(picked[0], holds):
        return picked
    article = _article(picked[0])
    for i, r in enumerate(picked[1:], 1):
        if _article(r) == article and _holds(r, holds):
            return [r, *picked[:i], *picked[i + 1 :]]
    return picked


def _holds(r: Ranked, holds: Callable[[str], bool]) -> bool:
    c = r.chunk.chunk
    return any(holds(c.text[s.start : s.end]) for s in sentence_spans(c))
