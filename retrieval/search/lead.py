"""What the reply leads with: the best sentence of the best passage, and how many passages to show.

Sentences are scored by meaning and by words together: the cosine of the question and each
sentence's vector (stored with the build, so no question pays for encoding them) plus
LEX_WEIGHT x its BM25 over the passage's sentences (with the whole index's idf) scaled to the
best. Words alone land on a sentence that merely repeats a name or a place the question gives;
meaning alone misses the exact figure asked for. A build without sentence vectors is led by
words alone, with a prior for the passage's first sentence; when no word of the question is in
any sentence, the sentence holding the passage's most relevant quote leads. For a question
asking for someone's words the quote's sentence leads. A sentence announcing things ("ada tiga
desa …") reads on to the one naming them (specifics.py), and the naming sentence scores at
least as well as the announcing one. A question the article itself asks never
leads, and a unit too long to show whole is shown from its sentence holding most of the
question's words. `bench/tune_answer.py` and `bench/tune_lead.py` measure them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence

from retrieval.index.lexical import K1, B, tokenize
from retrieval.records import Chunk, Lead, Quote, Span
from retrieval.search.answer_type import lead_kind
from retrieval.search.specifics import naming_after
from retrieval.text.sentences import split_plain, split_sentences

# Added to the first sentence's score (scores scaled to the best, 1): on the benchmarks' train
# questions the lead holds the answer for 0.877 / 0.703 (facqa / tydiqa) against 0.890 / 0.647
# without it and 0.723 / 0.699 for the first sentence alone.
FIRST_PRIOR = 0.5
# Longer sentence units (a quote with its attribution) are still shown whole, up to this.
LEAD_CHARS = 400
# With sentence vectors, added to a sentence's cosine: the words' score (scaled to the best
# sentence, 1) and whether it holds what the question asks for that the question does not give
# (a name for "siapa", a place for "di mana", a figure for "berapa"; answer_type.py). Chosen with
# bench/tune_lead.py on the benchmarks' train questions and the development sets' rest.
LEX_WEIGHT = 0.02
KIND_BONUS = 0.12
# News often states the point, then gives its specifics in the next sentence ("… banjir di dua desa.
# Keduanya adalah Desa Rekaan …"). When that next sentence scores within this of the best, the lead
# reads both (up to LEAD_CHARS). bench/tune_lead.py on the train questions and the regional
# set's rest: the lead holds the answer 0.932 → 0.942 (facqa), 0.846 → 0.867 (tydiqa), 0.353 →
# 0.471 (regional), with 6 %, 14 % and 26 % of leads two sentences long.
NEXT_NEAR = 0.03
ASKED = 10.0  # taken off a sentence that is a question (_asks): it leads only if all are
# Asked for a figure or a cause, the announcing sentence ("ada tiga desa") may be the answer.
FIGURES = frozenset({"money", "number", "date", "code", "duration", "measure", "reason"})
_QUOTED = re.compile(r"\s*[\"“]")  # a question someone asks in a quote still says something


def sentence_spans(chunk: Chunk) -> list[Span]:
    """The chunk's sentence units, as offsets into the chunk's text."""
    return split_sentences(chunk.text) or [Span(0, len(chunk.text))]


def sentence_scores(
    sentences: Sequence[str], question: str, idf: Callable[[str], float]
) -> list[float]:
    """BM25 of each sentence for the question's words; the passage's sentences are the corpus."""
    terms = set(tokenize(question))
    if not terms or not sentences:
        return [0.0] * len(sentences)
    bags = [Counter(tokenize(s)) for s in sentences]
    avg = max(sum(sum(b.values()) for b in bags) / len(bags), 1.0)
    out = []
    for bag in bags:
        norm = K1 * (1 - B + B * sum(bag.values()) / avg)
        out.append(sum(idf(t) * bag[t] * (K1 + 1) / (bag[t] + norm) for t in terms if bag[t]))
    return out


def _scored(
    chunk: Chunk,
    question: str,
    idf: Callable[[str], float],
    meaning: Sequence[tuple[Span, float]],
    holds_answer: Callable[[str], bool] | None,
    lend: bool,
) -> tuple[list[Span], list[str], list[float], float]:
    """The chunk's sentence units (offsets into the chunk), their texts, their scores, and the
    best words' score (0: no word of the question in any sentence). `lend`: a sentence naming
    what an earlier one announces scores at least as well (_lent)."""
    if meaning:
        spans = [Span(s.start - chunk.start, s.end - chunk.start) for s, _ in meaning]
    else:
        spans = sentence_spans(chunk)
    texts = [chunk.text[s.start : s.end] for s in spans]
    scores = sentence_scores(texts, question, idf)
    top = max(scores)
    kinds = [float(holds_answer(t)) if holds_answer and meaning else 0.0 for t in texts]
    if meaning:
        words = [x / top if top > 0.0 else 0.0 for x in scores]
        scores = [
            cos + LEX_WEIGHT * w + KIND_BONUS * k
            for (_, cos), w, k in zip(meaning, words, kinds, strict=True)
        ]
    elif top > 0.0:
        # A passage's opening sentence often states what the rest details (bench/tune_answer.py).
        scores = [s / top + (FIRST_PRIOR if i == 0 else 0.0) for i, s in enumerate(scores)]
    # A question the article asks ("Lalu, mengapa jembatan itu ditutup?") is never its answer.
    scores = [x - ASKED * _asks(t) for x, t in zip(scores, texts, strict=True)]
    if meaning and lend:
        scores = _lent(texts, scores, kinds)
    return spans, texts, scores, top


def _lent(texts: list[str], scores: Sequence[float], kinds: Sequence[float]) -> list[float]:
    """Scores where a sentence naming what an earlier one announces scores at least as well.

    "Ada tiga negara tujuan. … Ketiga negara itu ialah A, B, dan C": the announcing sentence
    shares the question's words and meaning, the naming one holds the answer; without this a
    third sentence that merely holds a thing of the asked kind outscores both.
    """
    out = list(scores)
    for i in range(len(texts)):
        k = naming_after(texts, i)
        if k is not None:
            out[k] = max(out[k], out[i] - KIND_BONUS * kinds[i] + KIND_BONUS * kinds[k])
    return out


def _asks(sentence: str) -> bool:
    return sentence.rstrip().rstrip("\"”’'").endswith("?") and not _QUOTED.match(sentence)


def pick_lead(
    chunk: Chunk,
    question: str,
    idf: Callable[[str], float],
    quote: Quote | None = None,
    quote_first: bool = False,
    meaning: Sequence[tuple[Span, float]] = (),
    holds_answer: Callable[[str], bool] | None = None,
) -> Lead:
    """The sentence of `chunk` that best answers `question`, with the next one when it scores
    nearly as well; earlier sentences win ties.

    `quote_first`: the question asks for the quote's speaker's words, so its sentence leads.
    `meaning`: the chunk's sentence units (offsets into the article) with their cosine to the
    question, when the build stored sentence vectors; `holds_answer`: whether a sentence holds
    the kind of thing the question asks for.
    """
    quoted = quote is not None and quote_first  # a who-said lead is the quote's sentence alone
    naming = not quoted and lead_kind(question) not in FIGURES
    spans, texts, scores, top = _scored(chunk, question, idf, meaning, holds_answer, naming)
    best = max(range(len(spans)), key=lambda i: (scores[i], -i))
    if quote is not None and (quote_first or (top <= 0.0 and not meaning)):
        at = quote.start - chunk.start
        best = next((i for i, s in enumerate(spans) if s.start <= at < s.end), best)
    span = spans[best]
    near = best + 1 < len(spans) and scores[best + 1] >= scores[best] - NEXT_NEAR
    named = naming_after(texts, best) if naming else None
    if named is not None:  # "ada tiga desa …", asked which: the sentence naming them
        both = Span(span.start, spans[named].end)
        span = both if len(_flat(chunk, both)) <= LEAD_CHARS else spans[named]
    elif meaning and not quoted and near:
        both = Span(span.start, spans[best + 1].end)
        if len(_flat(chunk, both)) <= LEAD_CHARS:
            span = both
    text = _flat(chunk, span)
    if len(text) > LEAD_CHARS:
        span, text = _window(chunk, span, question, idf)
    return Lead(text=text, start=chunk.start + span.start, end=chunk.start + span.end)


def _flat(chunk: Chunk, span: Span) -> str:
    return " ".join(chunk.text[span.start : span.end].split())


def _window(
    chunk: Chunk, span: Span, question: str, idf: Callable[[str], float]
) -> tuple[Span, str]:
    """The part of an over-long unit the lead shows: from its sentence holding most of the
    question's words, as many whole sentences as fit. A long quote answers the topic asked in
    its fourth sentence as often as in its first."""
    parts = split_plain(chunk.text, span) or [span]
    scores = sentence_scores([chunk.text[p.start : p.end] for p in parts], question, idf)
    first = max(range(len(parts)), key=lambda i: (scores[i], -i))
    room = LEAD_CHARS - 4  # for the "… " and " …" that say the unit goes on
    last = first
    while last + 1 < len(parts) and (
        len(_flat(chunk, Span(parts[first].start, parts[last + 1].end))) <= room
    ):
        last += 1
    window = Span(parts[first].start, parts[last].end)
    text = _flat(chunk, window)
    if len(text) > room:  # one sentence longer than the lead: cut at a word
        words = chunk.text[window.start : window.end].split()
        kept: list[str] = []
        while words and len(" ".join([*kept, words[0]])) <= room:
            kept.append(words.pop(0))
        kept = kept or [words[0][:room]]
        text = " ".join(kept)
        end = window.start
        for word in kept:  # the raw offset where the kept words end (spaces may be doubled)
            end = chunk.text.index(word, end) + len(word)
        window = Span(window.start, end)
    if window.start > span.start:
        text = "… " + text
    if window.end < span.end:
        text += " …" if text[-1:] in ".!?,\"”" else "…"
    return window, text


def close_count(scores: Sequence[float], gap: float, relative: bool = False) -> int:
    """How many leading `scores` lie within `gap` of the best (at least one, when any).

    `relative`: the gap is a fraction of the best score (raw BM25 has no fixed scale). Scores
    need not be sorted (newest-first answers are not), the run stops at the first one too low.
    """
    if not scores:
        return 0
    best = max(scores)
    floor = best * (1.0 - gap) if relative else best - gap
    count = 1
    for s in scores[1:]:
        if s < floor:
            break
        count += 1
    return count
