"""Question -> Answer over one index build: dense + BM25 fusion, relevance threshold, dedupe.

Scores and their tuning are in ranking.py, overlapping passages are merged by dedupe.py.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.index.build import Build, IndexStats, open_build
from retrieval.index.builder import embed_text
from retrieval.index.lexical import LexicalIndex
from retrieval.index.reader import StoreReader
from retrieval.index.store import StoredChunk
from retrieval.model.embedder import Embedder, Vectors
from retrieval.records import Answer, Chunk, Mode, Passage, Quote, Source, Unquoted
from retrieval.search.dedupe import distinct
from retrieval.search.followup import Seen, combine
from retrieval.search.lead import close_count, pick_lead
from retrieval.search.listing import Listings
from retrieval.search.listing import QuoteRef as QuoteRef
from retrieval.search.plan import Plan, make_plan
from retrieval.search.ranking import Ranked as Ranked
from retrieval.search.ranking import Tuning as Tuning
from retrieval.search.ranking import clean_question as clean_question
from retrieval.search.ranking import fuse, top_positive
from retrieval.search.relevance import coverage
from retrieval.search.speakers import Directory
from retrieval.search.timewords import apply_time, parse_time, without_time_words
from retrieval.text.language import guess_language

_LEAD = 100.0  # added to the score of a chunk that must come first (a speaker asked for)


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
    ) -> None:
        if embedder is None and mode != "bm25":
            raise ValueError(f"mode {mode} needs an embedder")
        store = self._store = build.store
        self._vectors = build.vectors
        self._embedder = embedder
        self.mode: Mode = mode
        self._stats = build.stats
        self.tuning = tuning or Tuning()
        # A build made before the BM25 index was saved gets it built here, from the same texts.
        self._lexical = build.lexical or _lexical_of(store)
        self._people = Directory.of_store(store)
        self.listings = Listings(store)

    @classmethod
    def open(
        cls,
        index_dir: Path,
        embedder: Embedder | None,
        mode: Mode = "hybrid",
        tuning: Tuning | None = None,
    ) -> Searcher:
        """Load the current build; refuse one made with another model (bm25 mode needs none)."""
        build = open_build(index_dir, embedder.model_id if embedder else None)
        return cls(build, embedder, mode, tuning)

    def embed_question(self, question: str) -> Vectors:
        assert self._embedder is not None
        # No lock here: concurrent questions meet in the embedder, which batches them (the bot's
        # SerializedEmbedder) and keeps its own model safe from threads.
        vectors: Vectors = self._embedder.embed_queries([question])
        row: Vectors = vectors[0]
        return row

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

        `within`: chunk ids that are the only candidates (see `answer_within`).
        """
        total = self._store.chunk_count
        if not total:
            return []
        plan = plan or self.plan(question)
        wanted = min(max(n, self.tuning.candidates), total)
        raw, norm = self._lexical.scores(plan.query)
        lead = np.fromiter(sorted(plan.lead), dtype=np.int64, count=len(plan.lead))
        dense: Vectors
        fused: Vectors
        cand: Any  # chunk ids (numpy's stubs lose their type through unique and concatenate)
        if within is not None:
            cand = np.unique(within)
            if self.mode != "bm25" and qvec is None:
                qvec = self.embed_question(plan.query)
            dense = (
                np.zeros(len(cand), dtype=np.float32)
                if qvec is None
                else self._vectors.vectors(cand) @ qvec
            )
            fused = raw[cand] if self.mode == "bm25" else dense
            if self.mode == "hybrid":
                fused = fuse(dense, raw[cand], self.tuning.bm25_weight)
        elif self.mode == "bm25":
            cand = np.unique(np.concatenate([top_positive(raw, n), lead]))
            fused = raw[cand]
            dense = np.zeros(len(cand), dtype=np.float32)
        else:
            if qvec is None:
                qvec = self.embed_question(plan.query)
            _, ids = self._vectors.search(qvec[None, :], wanted)
            found = ids[0][ids[0] >= 0]
            if self.mode == "dense":
                cand = np.unique(np.concatenate([found[:n], lead]))
            else:
                cand = np.unique(np.concatenate([found, top_positive(raw, wanted), lead]))
            dense = self._vectors.vectors(cand) @ qvec
            fused = dense
            if self.mode == "hybrid":
                fused = fuse(dense, raw[cand], self.tuning.bm25_weight)
        if plan.boosted and self.mode != "bm25":
            fused = fused + self.tuning.speaker_boost * np.isin(cand, list(plan.boosted))
        if plan.lead:
            fused = fused + self._lead_scores(cand, fused, plan, qvec)
        best = sorted(range(len(cand)), key=lambda j: (-fused[j], int(cand[j])))[:n]
        chunks = self._store.chunks(int(cand[j]) for j in best)
        return [
            Ranked(chunks[int(cand[j])], float(fused[j]), float(dense[j]), float(norm[cand[j]]))
            for j in best
        ]

    def _lead_scores(
        self, cand: Vectors, fused: Vectors, plan: Plan, qvec: Vectors | None
    ) -> Vectors:
        """What puts the leading chunks first: the speaker's quote closest to the question."""
        out: Vectors = np.zeros(len(cand), dtype=np.float32)
        chunks = self._store.chunks(int(c) for c in cand if int(c) in plan.lead)
        vectors = (
            self._store.quote_vectors(c.chunk.article_id for c in chunks.values())
            if qvec is not None
            else {}
        )
        for j, cid in enumerate(cand):
            if int(cid) not in plan.lead:
                continue
            stored = chunks[int(cid)]
            quotes = [q for q in stored.chunk.quotes if plan.speaks(q.speaker)]
            if quotes and qvec is not None:
                art = stored.chunk.article_id
                best = max(float(vectors[(art, q.start)] @ qvec) for q in quotes)
                out[j] = _LEAD + best - fused[j]
            else:
                out[j] = _LEAD
        return out

    def coverage(self, question: str, ranked: Sequence[Ranked]) -> Vectors:
        """Per ranked chunk, in order, the idf-weighted share of the question's units it holds."""
        ids = np.fromiter((r.chunk.id for r in ranked), dtype=np.int64, count=len(ranked))
        return coverage(self._lexical, question, ids)

    def _relevant(self, question: str, ranked: Sequence[Ranked]) -> Callable[[Ranked], bool]:
        t = self.tuning
        if self.mode == "bm25":
            return lambda r: r.lexical >= t.min_lexical
        dense = t.min_dense_english if guess_language(question) == "en" else t.min_dense
        covered: dict[int, float] = {}
        if t.coverage_weight:
            lifts = self.coverage(question, ranked) * t.coverage_weight
            covered = {r.chunk.id: float(lift) for r, lift in zip(ranked, lifts, strict=True)}
        return lambda r: (
            r.dense + covered.get(r.chunk.id, 0.0) >= dense
            or r.lexical >= t.min_lexical_hybrid
        )

    def relevant(
        self,
        question: str,
        n: int,
        qvec: Vectors | None,
        plan: Plan | None = None,
        within: npt.NDArray[np.int64] | None = None,
    ) -> list[Ranked]:
        """The relevant chunks of a cleaned question, best first, each text at most once.

        The chunks the plan puts first (a speaker's quotes asked for) are never dropped.
        """
        plan = plan or self.plan(question)
        ranked = self.rank(question, max(self.tuning.candidates, n), qvec, plan, within)
        keep = self._relevant(question, ranked)
        return distinct([r for r in ranked if r.chunk.id in plan.lead or keep(r)])

    def ask(
        self,
        question: str,
        k: int = 3,
        offset: int = 0,
        today: date | None = None,
        seen: Collection[str] = (),
    ) -> Answer:
        """Return the relevant passages ranked offset+1 .. offset+k, each text at most once.

        The first page also gets its lead sentence and how many passages to show together.
        `today` anchors time words such as "kemarin" (default: the system's date). `seen`: keys
        of the passages the user was shown (`Passage.key`; a follow-up asking for more): what
        they hold goes last.
        """
        text = clean_question(question)
        when = parse_time(text, today or date.today())
        query = without_time_words(text, when) if when else text
        plan = self.plan(query)
        qvec = None if self.mode == "bm25" else self.embed_question(plan.query)
        picked = self.relevant(query, 4 * (offset + k), qvec, plan)
        # A follow-up asking for more: what the user was shown goes last, a speaker's quotes
        # still before the rest.
        shown_before = Seen.of(seen)
        read = shown_before.quotes

        def stale(r: Ranked) -> bool:
            c = r.chunk.chunk
            return not self._unread(c, plan, read) if c.quotes else c.key in shown_before.chunks

        if seen:
            picked = sorted(picked, key=lambda r: (r.chunk.id not in plan.lead, stale(r)))
        scope = None
        sources = self._store.sources(
            r.chunk.chunk.article_id for r in (picked if when else picked[offset : offset + k])
        )
        if when is not None:
            picked, scope = apply_time(picked, lambda r: sources[r.chunk.chunk.article_id], when)
        page = picked[offset : offset + k]
        passages = tuple(
            Passage(
                rank=offset + i + 1,
                score=round(r.score, 4),
                chunk=r.chunk.chunk,
                source=sources[r.chunk.chunk.article_id],
                quote=self._best_quote(r.chunk, qvec, plan, read),
            )
            for i, r in enumerate(page)
        )
        who = plan.unquoted
        unquoted = Unquoted(who.name, who.role) if who is not None and picked else None
        if offset or not passages:
            return Answer(text, bool(picked), passages, time=scope, unquoted=unquoted)
        first = passages[0]
        asked = first.quote is not None and plan.speaks(first.quote.speaker)
        lead = pick_lead(first.chunk, query, self._lexical.idf, first.quote, asked)
        # What the user read before is never shown together with what is new to them.
        fresh = next((i for i, r in enumerate(page) if stale(r)), len(page))
        shown = close_count([p.score for p in passages[: fresh or len(passages)]], *self._gap())
        return Answer(
            text, True, passages, lead=lead, shown=shown, time=scope, unquoted=unquoted
        )

    def answer_within(self, question: str, article_ids: Collection[str]) -> dict[str, Answer]:
        """What each of these articles alone answers to `question`, by `ask`'s own decision.

        The same plan (a speaker asked for leads) and relevance floor, with only the articles'
        chunks as candidates; an article that does not answer is left out. Each answer holds
        the article's best passage with its quote and lead sentence (alerts of new articles).
        """
        text = clean_question(question)
        within = self._store.chunk_ids(article_ids)
        if not len(within):
            return {}
        plan = self.plan(text)
        qvec = None if self.mode == "bm25" else self.embed_question(plan.query)
        best: dict[str, Ranked] = {}
        for r in self.relevant(text, len(within), qvec, plan, within):
            best.setdefault(r.chunk.chunk.article_id, r)
        sources = self._store.sources(best)
        out = {}
        for aid, r in best.items():
            quote = self._best_quote(r.chunk, qvec, plan)
            asked = quote is not None and plan.speaks(quote.speaker)
            lead = pick_lead(r.chunk.chunk, text, self._lexical.idf, quote, asked)
            passage = Passage(1, round(r.score, 4), r.chunk.chunk, sources[aid], quote)
            out[aid] = Answer(text, True, (passage,), lead=lead, shown=1)
        return out

    def coverage_within(self, question: str, article_id: str) -> float:
        """The largest share of the question's units (see `coverage`) one chunk of the article
        holds."""
        ids = self._store.chunk_ids([article_id])
        if not len(ids):
            return 0.0
        return float(np.max(coverage(self._lexical, clean_question(question), ids)))

    def follow_up(self, previous: str, question: str) -> str:
        """What to search for `question` sent as a reply to the answer to `previous`."""
        return combine(previous, question, self._people.speaker_words)

    def _gap(self) -> tuple[float, bool]:
        t = self.tuning
        if self.mode == "bm25":
            return t.show_gap_bm25, True
        return (t.show_gap_dense if self.mode == "dense" else t.show_gap), False

    @staticmethod
    def _unread(chunk: Chunk, plan: Plan, read: Collection[tuple[str, int]]) -> tuple[Quote, ...]:
        """The chunk's quotes (the asked speaker's when there are any) not yet read."""
        quotes = tuple(q for q in chunk.quotes if plan.speaks(q.speaker)) or chunk.quotes
        return tuple(q for q in quotes if (chunk.article_id, q.start) not in read)

    def _best_quote(
        self,
        stored: StoredChunk,
        qvec: Vectors | None,
        plan: Plan,
        read: Collection[tuple[str, int]] = (),
    ) -> Quote | None:
        quotes = stored.chunk.quotes
        # The speaker asked for speaks first, even in a chunk that also quotes someone else;
        # what the user already read comes only when nothing else is left.
        quotes = tuple(q for q in quotes if plan.speaks(q.speaker)) or quotes
        quotes = self._unread(stored.chunk, plan, read) or quotes
        if not quotes:
            return None
        if qvec is None:
            return quotes[0]
        art = stored.chunk.article_id
        vectors = self._store.quote_vectors([art])
        return max(quotes, key=lambda q: float(vectors[(art, q.start)] @ qvec))

    # Listings (/sources, /quotes): listing.py.

    def sources(self) -> list[Source]:
        """Every article, newest first; undated ones, or dated in words, last."""
        return self.listings.sources()

    def quotes(self, speaker: str | None = None) -> list[QuoteRef]:
        """Every direct quote in article order, or those whose speaker or role matches."""
        return self.listings.quotes(speaker)

    def stats(self) -> IndexStats:
        return self._stats


def _lexical_of(store: StoreReader) -> LexicalIndex:
    sources = store.sources()
    return LexicalIndex(
        embed_text(sources[c.chunk.article_id], c.chunk.text) for c in store.every_chunk()
    )
