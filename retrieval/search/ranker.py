"""Ranking the candidates of a question: dense and BM25 retrieval fused, boosts, leading chunks.

The fusion and its tuning are in ranking.py; the plan (plan.py) says which chunks an office
asked about lifts and which a speaker asked for puts first. What is done with the ranked
candidates (which answer, which quote, the lead) is answering.py's part.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.index.builder import embed_text
from retrieval.index.lexical import LexicalIndex
from retrieval.index.reader import StoreReader
from retrieval.index.vectors import FaissIndex
from retrieval.model.embedder import Vectors
from retrieval.records import Mode
from retrieval.search.plan import Plan
from retrieval.search.ranking import Ranked, Tuning, fuse, top_positive

_LEAD = 100.0  # added to the score of a chunk that must come first (a speaker asked for)


class Ranker:
    """Ranks one build's chunks for a planned question."""

    def __init__(
        self,
        store: StoreReader,
        vectors: FaissIndex,
        lexical: LexicalIndex,
        tuning: Tuning,
        mode: Mode,
    ) -> None:
        self._store = store
        self._vectors = vectors
        self._lexical = lexical
        self.tuning = tuning
        self.mode = mode

    def rank(
        self,
        plan: Plan,
        n: int,
        qvec: Vectors | None,
        within: npt.NDArray[np.int64] | None = None,
    ) -> list[Ranked]:
        """Score chunks for a planned question; best first, at most n (before dedupe).

        `qvec`: the question's vector (None in bm25 mode). `within`: the only candidates.
        """
        total = self._store.chunk_count
        if not total:
            return []
        wanted = min(max(n, self.tuning.candidates), total)
        raw, norm = self._lexical.scores(plan.query)
        lead = np.fromiter(sorted(plan.lead), dtype=np.int64, count=len(plan.lead))
        dense: Vectors
        fused: Vectors
        cand: Any  # chunk ids (numpy's stubs lose their type through unique and concatenate)
        if within is not None:
            cand = np.unique(within)
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
            assert qvec is not None, f"mode {self.mode} ranks by the question's vector"
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
            if plan.boosted:
                # In z-units of the candidates' scores: cosines in dense mode are no z-scores.
                unit = 1.0 if self.mode == "hybrid" else float(fused.std()) or 1.0
                lift = self.tuning.speaker_boost * unit
                fused = fused + lift * np.isin(cand, list(plan.boosted))
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



def lexical_of(store: StoreReader) -> LexicalIndex:
    """The BM25 index of a build made before it was saved, built from the same texts."""
    sources = store.sources()
    return LexicalIndex(
        embed_text(sources[c.chunk.article_id], c.chunk.text) for c in store.every_chunk()
    )
