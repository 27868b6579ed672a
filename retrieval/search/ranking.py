"""How candidates are scored: the tuning, the fusion of the two retrievers, a clean question."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from retrieval.errors import QuestionError
from retrieval.index.store import StoredChunk
from retrieval.model.embedder import Vectors

MAX_QUESTION_CHARS = 1000
_LETTER = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True)
class Tuning:
    """Fusion weight, candidates and boosts, measured on the shared benchmarks' train queries."""

    bm25_weight: float = 0.25  # of BM25's z-score against the cosine's (see `fuse`)
    candidates: int = 100  # from each retriever, before fusion
    # Whether a passage answers is the fitted decision of answerability.py; bm25 mode, which
    # has no model, keeps a floor on BM25 alone: answerable p10 0.14-0.18, foreign p50 0.08-0.09.
    min_lexical: float = 0.12
    speaker_boost: float = 2.0  # z-units for chunks quoting a person the question names
    # The reply shows the passages scoring within this of the best (bench/tune_answer.py):
    # fused z-units in hybrid mode, cosine in dense mode, a fraction of the best in bm25 mode.
    show_gap: float = 1.5
    show_gap_dense: float = 0.03
    show_gap_bm25: float = 0.3

    def gap(self, mode: str) -> tuple[float, bool]:
        """The score gap that ends the passages shown together, and whether it is relative."""
        if mode == "bm25":
            return self.show_gap_bm25, True
        return (self.show_gap_dense if mode == "dense" else self.show_gap), False


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


def top_positive(scores: Vectors, k: int) -> npt.NDArray[np.int64]:
    """Indices of the k highest scores above zero, best first, ties by lower index.

    The same as `order[scores[order] > 0]` of `order = np.argsort(-scores, kind="stable")[:k]`,
    without sorting a million BM25 scores for every question (~90 ms): only the texts holding a
    question word are looked at, and they are partitioned, not sorted, when there are many.
    """
    held = np.flatnonzero(scores > 0)
    values = scores[held]
    if len(held) > k > 0:
        kth = np.partition(values, len(values) - k)[len(values) - k]  # the k-th highest score
        above = np.flatnonzero(values > kth)
        ties = np.flatnonzero(values == kth)[: k - len(above)]
        keep = np.sort(np.concatenate([above, ties]))
        held, values = held[keep], values[keep]
    top: npt.NDArray[np.int64] = held[np.argsort(-values, kind="stable")][: max(k, 0)]
    return top


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
