"""Question -> Answer over one index build: dense + BM25 fusion, relevance threshold, dedupe."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import numpy as np

from retrieval.errors import QuestionError
from retrieval.index.build import Build, IndexStats, open_build
from retrieval.index.builder import embed_text
from retrieval.index.lexical import LexicalIndex
from retrieval.index.store import StoredChunk
from retrieval.model.embedder import Embedder, Vectors
from retrieval.records import Answer, Chunk, Mode, Passage, Quote, Source, Unquoted
from retrieval.search.followup import combine
from retrieval.search.lead import close_count, pick_lead
from retrieval.search.plan import Plan, make_plan
from retrieval.search.speakers import Directory
from retrieval.search.timewords import apply_time, parse_time, without_time_words
from retrieval.text.language import guess_language
from retrieval.text.vocabulary import fold

MAX_QUESTION_CHARS = 1000
_LETTER = re.compile(r"[^\W_]", re.UNICODE)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LEAD = 100.0  # added to the score of a chunk that must come first (a speaker asked for)


@dataclass(frozen=True)
class Tuning:
    """Fusion weight and relevance thresholds, measured on the shared benchmarks' train queries."""

    bm25_weight: float = 0.25  # of BM25's z-score against the cosine's (see `fuse`)
    candidates: int = 100  # from each retriever, before fusion
    # A passage is relevant when its cosine reaches min_dense (bm25 mode: min_lexical). English
    # questions about Indonesian text score about 0.02-0.05 lower for the same relevance.
    min_dense: float = 0.815
    min_dense_english: float = 0.80
    min_lexical: float = 0.12  # bm25 mode: answerable p10 0.14-0.18, foreign p50 0.08-0.09
    # Hybrid also takes a passage that matches most of the question's words, e.g. a name asked
    # about ("Siapa Ujang Rachmad?"); benchmark questions on the other corpus: p95 0.20-0.27.
    min_lexical_hybrid: float = 0.3
    speaker_boost: float = 2.0  # z-units for chunks quoting a person the question names
    # The reply shows the passages scoring within this of the best (bench/tune_answer.py):
    # fused z-units in hybrid mode, cosine in dense mode, a fraction of the best in bm25 mode.
    show_gap: float = 1.5
    show_gap_dense: float = 0.03
    show_gap_bm25: float = 0.3


@dataclass(frozen=True)
class QuoteRef:
    """A direct quote and the article it stands in."""

    quote: Quote
    source: Source


@dataclass(frozen=True)
class Ranked:
    """A chunk with its fused score, before paging and dedupe."""

    chunk: StoredChunk
    score: float  # what ranks: the fused score in hybrid mode
    dense: float  # cosine similarity to the question (0 in bm25 mode)
    lexical: float  # BM25 over the best score the question could reach, in [0, 1]


def fuse(dense: Vectors, lexical: Vectors, weight: float) -> Vectors:
    """Add the two retrievers' scores as z-scores over the candidates.

    Standardising per question makes the weight mean the same for every question: BM25 moves
    the order only where its scores stand out from the other candidates, so a question that
    shares few words with any passage is ranked by meaning alone.
    """

    def z(x: Vectors) -> Vectors:
        spread = float(x.std())
        return (x - x.mean()) / spread if spread > 1e-9 else np.zeros_like(x)

    fused: Vectors = z(dense) + weight * z(lexical)
    return fused


def clean_question(question: str) -> str:
    """Return the question with white space folded, or raise QuestionError saying what is wrong."""
    # Bytes that were not UTF-8 arrive as lone surrogates, which the tokenizer cannot encode.
    text = " ".join(question.encode("utf-8", "replace").decode("utf-8").split())
    if not text:
        raise QuestionError(QuestionError.EMPTY, "the question is empty")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            QuestionError.TOO_LONG,
            f"the question has {len(text)} characters; ask in at most {MAX_QUESTION_CHARS}",
        )
    if not _LETTER.search(text):
        raise QuestionError(QuestionError.NO_WORDS, "the question has no words to search for")
    return text


class Searcher:
    """Answers questions from one index build, held wholly in memory; safe across threads."""

    def __init__(
        self,
        build: Build,
        embedder: Embedder | None,
        mode: Mode,
        tuning: Tuning | None = None,
    ) -> None:
        if embedder is None and mode != "bm25":
            raise ValueError(f"mode {mode} needs an embedder")
        contents = self._contents = build.store
        self._vectors = build.vectors
        self._embedder = embedder
        self.mode: Mode = mode
        self._stats = build.stats
        self.tuning = tuning or Tuning()
        self._sources = {a.source.article_id: a.source for a in contents.articles}
        # A build made before the BM25 index was saved gets it built here, from the same texts.
        self._lexical = build.lexical or LexicalIndex(
            [embed_text(self._sources[c.chunk.article_id], c.chunk.text) for c in contents.chunks]
        )
        self._quote_vec = {(q.article_id, q.quote.start): q.vector for q in contents.quotes}
        self._people = Directory(contents.chunks)

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
        self, question: str, n: int, qvec: Vectors | None = None, plan: Plan | None = None
    ) -> list[Ranked]:
        """Score chunks for a cleaned question; best first, at most n (before dedupe)."""
        chunks = self._contents.chunks
        if not chunks:
            return []
        plan = plan or self.plan(question)
        wanted = min(max(n, self.tuning.candidates), len(chunks))
        raw, norm = self._lexical.scores(plan.query)
        lead = np.fromiter(sorted(plan.lead), dtype=np.int64, count=len(plan.lead))
        if self.mode == "bm25":
            top = np.argsort(-raw, kind="stable")[:n]
            cand = np.unique(np.concatenate([top[raw[top] > 0], lead]))
            fused: Vectors = raw[cand]
            dense: Vectors = np.zeros(len(cand), dtype=np.float32)
        else:
            if qvec is None:
                qvec = self.embed_question(plan.query)
            _, ids = self._vectors.search(qvec[None, :], wanted)
            found = ids[0][ids[0] >= 0]
            if self.mode == "dense":
                cand = np.unique(np.concatenate([found[:n], lead]))
            else:
                lexical_top = np.argsort(-raw, kind="stable")[:wanted]
                cand = np.unique(np.concatenate([found, lexical_top[raw[lexical_top] > 0], lead]))
            dense = self._vectors.vectors(cand) @ qvec
            fused = dense
            if self.mode == "hybrid":
                fused = fuse(dense, raw[cand], self.tuning.bm25_weight)
            if plan.boosted:
                fused = fused + self.tuning.speaker_boost * np.isin(cand, list(plan.boosted))
        if plan.lead:
            fused = fused + self._lead_scores(cand, fused, plan, qvec)
        best = sorted(range(len(cand)), key=lambda j: (-fused[j], int(cand[j])))[:n]
        return [
            Ranked(chunks[cand[j]], float(fused[j]), float(dense[j]), float(norm[cand[j]]))
            for j in best
        ]

    def _lead_scores(
        self, cand: Vectors, fused: Vectors, plan: Plan, qvec: Vectors | None
    ) -> Vectors:
        """What puts the leading chunks first: the speaker's quote closest to the question."""
        out: Vectors = np.zeros(len(cand), dtype=np.float32)
        for j, cid in enumerate(cand):
            if int(cid) not in plan.lead:
                continue
            stored = self._contents.chunks[int(cid)]
            quotes = [q for q in stored.chunk.quotes if plan.speaks(q.speaker)]
            if quotes and qvec is not None:
                art = stored.chunk.article_id
                best = max(float(self._quote_vec[(art, q.start)] @ qvec) for q in quotes)
                out[j] = _LEAD + best - fused[j]
            else:
                out[j] = _LEAD
        return out

    def _relevant(self, question: str) -> Callable[[Ranked], bool]:
        t = self.tuning
        if self.mode == "bm25":
            return lambda r: r.lexical >= t.min_lexical
        dense = t.min_dense_english if guess_language(question) == "en" else t.min_dense
        return lambda r: r.dense >= dense or r.lexical >= t.min_lexical_hybrid

    def relevant(
        self, question: str, n: int, qvec: Vectors | None, plan: Plan | None = None
    ) -> list[Ranked]:
        """The relevant chunks of a cleaned question, best first, each text at most once.

        The chunks the plan puts first (a speaker's quotes asked for) are never dropped.
        """
        plan = plan or self.plan(question)
        ranked = self.rank(question, max(self.tuning.candidates, n), qvec, plan)
        keep = self._relevant(question)
        return _distinct([r for r in ranked if r.chunk.id in plan.lead or keep(r)])

    def ask(
        self, question: str, k: int = 3, offset: int = 0, today: date | None = None
    ) -> Answer:
        """Return the relevant passages ranked offset+1 .. offset+k, each text at most once.

        The first page also gets its lead sentence and how many passages to show together.
        `today` anchors time words such as "kemarin" (default: the system's date).
        """
        text = clean_question(question)
        when = parse_time(text, today or date.today())
        query = without_time_words(text, when) if when else text
        plan = self.plan(query)
        qvec = None if self.mode == "bm25" else self.embed_question(plan.query)
        picked = self.relevant(query, 4 * (offset + k), qvec, plan)
        scope = None
        if when is not None:
            picked, scope = apply_time(picked, self._source_of, when)
        page = picked[offset : offset + k]
        passages = tuple(
            Passage(
                rank=offset + i + 1,
                score=round(r.score, 4),
                chunk=r.chunk.chunk,
                source=self._sources[r.chunk.chunk.article_id],
                quote=self._best_quote(r.chunk, qvec, plan),
            )
            for i, r in enumerate(page)
        )
        who = plan.unquoted
        unquoted = Unquoted(who.name, who.role) if who is not None and picked else None
        if offset or not passages:
            return Answer(text, bool(picked), passages, time=scope, unquoted=unquoted)
        first = passages[0]
        lead = pick_lead(first.chunk, query, self._lexical.idf, first.quote)
        shown = close_count([p.score for p in passages], *self._gap())
        return Answer(
            text, True, passages, lead=lead, shown=shown, time=scope, unquoted=unquoted
        )

    def follow_up(self, previous: str, question: str) -> str:
        """What to search for `question` sent as a reply to the answer to `previous`."""
        return combine(previous, question, self._people.speaker_words)

    def _source_of(self, r: Ranked) -> Source:
        return self._sources[r.chunk.chunk.article_id]

    def _gap(self) -> tuple[float, bool]:
        t = self.tuning
        if self.mode == "bm25":
            return t.show_gap_bm25, True
        return (t.show_gap_dense if self.mode == "dense" else t.show_gap), False

    def _best_quote(self, stored: StoredChunk, qvec: Vectors | None, plan: Plan) -> Quote | None:
        quotes = stored.chunk.quotes
        # The speaker asked for speaks first, even in a chunk that also quotes someone else.
        quotes = tuple(q for q in quotes if plan.speaks(q.speaker)) or quotes
        if not quotes:
            return None
        if qvec is None:
            return quotes[0]
        art = stored.chunk.article_id
        return max(quotes, key=lambda q: float(self._quote_vec[(art, q.start)] @ qvec))

    def sources(self) -> list[Source]:
        """Articles in the index, newest first; undated ones, or dated in words, last."""
        by_title = sorted(self._sources.values(), key=lambda s: (s.title or "", s.article_id))
        return sorted(by_title, key=_date_key, reverse=True)

    def quotes(self, speaker: str | None = None) -> list[QuoteRef]:
        """Direct quotes in article order, optionally only those whose speaker or role matches."""
        wanted = fold(speaker).strip() if speaker else ""
        out = []
        for q in self._contents.quotes:
            who = fold(f"{q.quote.role or ''} {q.quote.speaker or ''}")
            if wanted and wanted not in who:
                continue
            out.append(QuoteRef(q.quote, self._sources[q.article_id]))
        return out

    def stats(self) -> IndexStats:
        return self._stats


def _date_key(source: Source) -> tuple[bool, str]:
    """Sort key of an article's date: ISO dates compare as text; anything else sorts after."""
    published = source.published or ""
    iso = _ISO_DATE.match(published) is not None
    return iso, published if iso else ""


def _distinct(ranked: list[Ranked]) -> list[Ranked]:
    """Drop chunks whose text repeats or overlaps one already kept.

    An overlapping chunk that holds a quote the kept one lacks is merged into it instead, so a
    quote is never lost because the chunk before it ranked higher.
    """
    kept: list[Ranked] = []
    seen_text: set[str] = set()
    for r in ranked:
        c = r.chunk.chunk
        key = " ".join(c.text.split()).casefold()
        if key in seen_text:
            continue
        at = next(
            (
                i
                for i, k in enumerate(kept)
                if k.chunk.chunk.article_id == c.article_id
                and k.chunk.chunk.start < c.end
                and c.start < k.chunk.chunk.end
            ),
            None,
        )
        if at is None:
            seen_text.add(key)
            kept.append(r)
        elif set(c.quotes) - set(kept[at].chunk.chunk.quotes):
            k = kept[at]
            kept[at] = replace(k, chunk=replace(k.chunk, chunk=_merge(k.chunk.chunk, c)))
    return kept


def _merge(a: Chunk, b: Chunk) -> Chunk:
    """One chunk spanning two overlapping chunks of an article (texts are slices of it)."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.end <= first.end:
        return first
    text = first.text + second.text[first.end - second.start :]
    quotes = tuple(sorted(set(first.quotes) | set(second.quotes), key=lambda q: q.start))
    return Chunk(first.article_id, first.ordinal, first.start, second.end, text, quotes)
