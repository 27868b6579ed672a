"""Article -> chunks: runs of whole sentence units with their offsets and the quotes they hold.

Sizes: multilingual-e5-small reads at most 512 tokens; its tokenizer gives 4.4-5.3 characters
a token on the seed article and the shared benchmarks, so MAX_UNIT_CHARS (2,000, under ~460
tokens) still fits one embedding, and the default max_chars (700, ~150 tokens: 2-4 sentences or
one news paragraph) keeps a chunk about one topic.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from retrieval.records import Article, Chunk, Quote, Span
from retrieval.text.quotes import extract_quotes
from retrieval.text.sentences import split_plain, split_sentences

# "3": a build also stores a vector for each sentence unit (index/sentences.py).
# "4": quotes and their speakers are read anew (credits after a quoted question, nicknames,
# words that never start a name). A deployed index built by an older version is rebuilt at
# start; tests/unit/test_chunker_version.py fails when what is read changes without a bump.
CHUNKER_VERSION = "4"
DEFAULT_MAX_CHARS = 700
DEFAULT_OVERLAP_SENTENCES = 1
MAX_UNIT_CHARS = 2000  # a longer sentence unit is cut at sentence ends inside it, as a last resort
_OPENING_QUOTES = '“„"”'
KEEP_WHOLE_SENTENCES = 3  # a passage of at most this many units is one chunk (up to the limit)


def chunk_article(
    article: Article,
    max_chars: int = DEFAULT_MAX_CHARS,
    overlap_sentences: int = DEFAULT_OVERLAP_SENTENCES,
    quotes: list[Quote] | None = None,
) -> list[Chunk]:
    """Cut an article into chunks of whole sentence units; chunk.text == text[start:end].

    `quotes` are the article's extract_quotes, when the caller has them already.
    """
    text = article.text
    if quotes is None:
        quotes = extract_quotes(text)
    whole = _strip(text)
    if whole is None:
        return []
    if whole.end - whole.start <= max_chars:
        return [_chunk(article, 0, whole, quotes)]
    units = sentence_units(text)
    if len(units) <= KEEP_WHOLE_SENTENCES and whole.end - whole.start <= MAX_UNIT_CHARS:
        return [_chunk(article, 0, whole, quotes)]
    groups = _pack(text, units, max_chars, overlap_sentences)
    spans = [Span(units[g[0]].start, units[g[-1]].end) for g in groups]
    chunks = [_chunk(article, i, span, ()) for i, span in enumerate(spans)]
    return _assign_quotes(chunks, quotes)


def sentence_units(text: str) -> list[Span]:
    """The sentence units chunks are made of: a quote stays with its attribution."""
    units: list[Span] = []
    for unit in split_sentences(text):
        if unit.end - unit.start > MAX_UNIT_CHARS:
            units.extend(split_plain(text, unit))
        else:
            units.append(unit)
    return units


def _pack(text: str, units: list[Span], max_chars: int, overlap: int) -> list[list[int]]:
    """Group unit indices into chunks, preferring to cut between paragraphs.

    Each chunk after the first starts with up to `overlap` units of the one before, when they
    fit, but never with all of that chunk's own units.
    """
    groups: list[list[int]] = []
    current: list[int] = []
    own = 0  # units of `current` that are not overlap

    def flush() -> None:
        nonlocal current, own
        groups.append(current)
        keep = min(overlap, own - 1)
        current = current[len(current) - keep :] if keep > 0 else []
        own = 0

    def make_room(last: int) -> None:
        while current and _width(units, current[0], last) > max_chars:
            current.pop(0)

    after_quote = False
    for para in _paragraphs(text, units):
        opens_quote = text[units[para[0]].start] in _OPENING_QUOTES
        # A quote paragraph closes its speaker's passage; what follows is usually someone else.
        joins = not after_quote or opens_quote
        after_quote = opens_quote
        if own and joins:
            # Joining the next paragraph matters more than keeping the overlap.
            drop = next(
                (
                    d
                    for d in range(len(current) - own + 1)
                    if _width(units, current[d], para[-1]) <= max_chars
                ),
                None,
            )
            if drop is not None:
                current = current[drop:] + para
                own += len(para)
                continue
        if own:
            flush()
        make_room(para[-1])
        if _width(units, current[0] if current else para[0], para[-1]) <= max_chars:
            current.extend(para)
            own += len(para)
            continue
        # A long paragraph: even pieces, so that no tiny last piece is left behind.
        width = _width(units, para[0], para[-1])
        target = width / math.ceil(width / max_chars)
        for k in para:
            if own and (
                _width(units, current[0], k) > max_chars
                or _width(units, current[-own], current[-1]) >= target
            ):
                flush()
            make_room(k)
            current.append(k)
            own += 1
    if own:
        groups.append(current)
    return groups


def _paragraphs(text: str, units: list[Span]) -> list[list[int]]:
    paras: list[list[int]] = []
    for k, unit in enumerate(units):
        if k and "\n" not in text[units[k - 1].end : unit.start]:
            paras[-1].append(k)
        else:
            paras.append([k])
    return paras


def holding(starts: list[int], ends: list[int], start: int, end: int) -> range:
    """Indexes of the spans that hold [start, end), for spans whose starts and ends both rise
    (a chunker's chunks, in order): found by bisection, not by reading every span."""
    return range(bisect_left(ends, end), bisect_right(starts, start))


def _assign_quotes(chunks: list[Chunk], quotes: list[Quote]) -> list[Chunk]:
    held: list[list[Quote]] = [[] for _ in chunks]
    starts, ends = [c.start for c in chunks], [c.end for c in chunks]
    for quote in quotes:
        inside: Sequence[int] = holding(starts, ends, quote.start, quote.end)
        if not inside:
            # Only when an over-long quote was cut: it goes with the part holding its end,
            # which is where the attribution is.
            inside = holding(starts, ends, quote.end - 1, quote.end)[:1]
        for i in inside:
            held[i].append(quote)
    return [
        Chunk(c.article_id, c.ordinal, c.start, c.end, c.text, tuple(q))
        for c, q in zip(chunks, held, strict=True)
    ]


def _chunk(
    article: Article, ordinal: int, span: Span, quotes: tuple[Quote, ...] | list[Quote]
) -> Chunk:
    text = article.text[span.start : span.end]
    held = tuple(q for q in quotes if span.start <= q.start and q.end <= span.end)
    return Chunk(article.id, ordinal, span.start, span.end, text, held)


def _width(units: list[Span], first: int, last: int) -> int:
    return units[last].end - units[first].start


def _strip(text: str) -> Span | None:
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    return Span(start, end) if end > start else None
