"""One passage per text: repeated or overlapping chunks of an article are dropped or merged."""

from __future__ import annotations

from dataclasses import replace

from retrieval.records import Chunk
from retrieval.search.ranking import Ranked


def distinct(ranked: list[Ranked]) -> list[Ranked]:
    """Drop chunks whose text repeats or overlaps one already kept.

    An overlapping chunk that holds a quote the kept one lacks is merged into it instead, so a
    quote is never lost because the chunk before it ranked higher; so is one that makes a
    passage no longer than a paragraph with it: a sentence cut off by a chunk's edge ("Gubernur
    juga mengajak ASN …" before the chunk of his quote) is the same passage read on.
    """
    kept: list[Ranked] = []
    seen_text: set[str] = set()
    of_article: dict[str, list[int]] = {}  # positions in `kept`, so a question stays linear
    for r in ranked:
        c = r.chunk.chunk
        key = " ".join(c.text.split()).casefold()
        if key in seen_text:
            continue
        at = next(
            (
                i
                for i in of_article.get(c.article_id, ())
                if kept[i].chunk.chunk.start < c.end and c.start < kept[i].chunk.chunk.end
            ),
            None,
        )
        if at is None:
            seen_text.add(key)
            of_article.setdefault(c.article_id, []).append(len(kept))
            kept.append(r)
        elif set(c.quotes) - set(kept[at].chunk.chunk.quotes) or _joined(kept[at], c) <= MERGED:
            k = kept[at]
            kept[at] = replace(k, chunk=replace(k.chunk, chunk=merge(k.chunk.chunk, c)))
    return kept


MERGED = 1000  # characters: two overlapping chunks of the chunker's 700 read as one passage


def _joined(kept: Ranked, c: Chunk) -> int:
    k = kept.chunk.chunk
    return max(k.end, c.end) - min(k.start, c.start)


def merge(a: Chunk, b: Chunk) -> Chunk:
    """One chunk spanning two overlapping chunks of an article (texts are slices of it)."""
    first, second = (a, b) if a.start <= b.start else (b, a)
    if second.end <= first.end:
        return first
    text = first.text + second.text[first.end - second.start :]
    quotes = tuple(sorted(set(first.quotes) | set(second.quotes), key=lambda q: q.start))
    return Chunk(first.article_id, first.ordinal, first.start, second.end, text, quotes)


COPY_SHARE = 0.8  # of the shorter passage's word 4-grams another article repeats: a copy


def without_copies(ranked: list[Ranked], look: int = 30) -> list[Ranked]:
    """Drop, among the first `look`, a passage another article's kept passage repeats nearly
    word for word (one release on two sites): the reader never reads the same text twice."""
    kept: list[tuple[Ranked, set[tuple[str, ...]]]] = []
    out: list[Ranked] = []
    for n, r in enumerate(ranked):
        if n >= look:
            out.append(r)
            continue
        grams = _grams(r.chunk.chunk.text)
        art = r.chunk.chunk.article_id
        if grams and any(
            a.chunk.chunk.article_id != art
            and len(grams & g) >= COPY_SHARE * min(len(grams), len(g))
            for a, g in kept
        ):
            continue
        kept.append((r, grams))
        out.append(r)
    return out


def _grams(text: str) -> set[tuple[str, ...]]:
    words = text.casefold().split()
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}
