"""Passage dedupe: repeated and overlapping chunks, and merging a quote the kept one lacks."""

from __future__ import annotations

from retrieval.index.store import StoredChunk
from retrieval.records import Chunk, Quote
from retrieval.search.dedupe import distinct, merge
from retrieval.search.ranking import Ranked

TEXT = (
    "Bupati meninjau bendungan. “Airnya cukup untuk sawah,” kata Bupati. "
    "Petani menanam padi lagi. “Panen kami naik,” ujar Ketua Tani."
)
FIRST = Quote("Airnya cukup untuk sawah", "Bupati", None, TEXT.index("Airnya"), TEXT.index(",”"))
SECOND = Quote("Panen kami naik", "Ketua Tani", None, TEXT.index("Panen"), TEXT.rindex(",”"))


def _chunk(start: str, end: str, article: str = "a", ordinal: int = 0) -> Chunk:
    """The chunk of TEXT from the first `start` through the end of the first `end` after it."""
    begin = TEXT.index(start)
    stop = TEXT.index(end, begin) + len(end)
    quotes = tuple(q for q in (FIRST, SECOND) if begin <= q.start and q.end <= stop)
    return Chunk(article, ordinal, begin, stop, TEXT[begin:stop], quotes)


def _ranked(*chunks: Chunk) -> list[Ranked]:
    return [
        Ranked(StoredChunk(i, c, f"h{i}"), score=1.0 - i / 10, dense=0.9, lexical=0.0)
        for i, c in enumerate(chunks)
    ]


def _kept(ranked: list[Ranked]) -> list[tuple[str, int, int]]:
    return [(r.chunk.chunk.article_id, r.chunk.chunk.start, r.chunk.chunk.end) for r in ranked]


def test_the_same_text_twice_is_shown_once_even_in_another_article() -> None:
    one = _chunk("Bupati", "Bupati.")
    copy = Chunk("b", 0, 0, len(one.text), "  " + one.text.upper(), ())
    assert _kept(distinct(_ranked(one, copy))) == [("a", one.start, one.end)]


def test_an_overlapping_chunk_without_a_new_quote_is_dropped() -> None:
    whole = _chunk("Bupati", "Bupati.")
    tail = _chunk("“Airnya", "Bupati.")
    assert _kept(distinct(_ranked(whole, tail))) == [("a", whole.start, whole.end)]


def test_an_overlapping_chunk_with_a_new_quote_is_merged_into_the_one_ranked_higher() -> None:
    front = _chunk("Bupati", "Bupati.")
    back = _chunk("“Airnya", "Tani.", ordinal=1)
    other = _chunk("Bupati", "Tani.", article="b")
    ranked = distinct(_ranked(front, other, back))
    assert _kept(ranked) == [("a", 0, len(TEXT)), ("b", 0, len(TEXT))]
    merged = ranked[0]
    assert merged.chunk.chunk.text == TEXT and merged.chunk.chunk.quotes == (FIRST, SECOND)
    assert merged.score == 1.0 and merged.chunk.id == 0  # keeps the higher rank's place


def test_chunks_that_only_touch_are_both_kept() -> None:
    front = _chunk("Bupati", "Bupati.")
    back = _chunk("Petani", "Tani.", ordinal=1)
    assert len(distinct(_ranked(back, front))) == 2


def test_merge_spans_both_chunks_in_article_order_whichever_comes_first() -> None:
    front = _chunk("Bupati", "sawah")
    back = _chunk("meninjau", "Tani.", ordinal=1)
    for merged in (merge(front, back), merge(back, front)):
        assert merged.text == TEXT[front.start : back.end]
        assert (merged.start, merged.end, merged.ordinal) == (front.start, back.end, 0)
        assert merged.quotes == (FIRST, SECOND)


def test_merging_a_chunk_inside_another_gives_the_outer_one() -> None:
    outer = _chunk("Bupati", "Tani.")
    inner = _chunk("Petani", "padi")
    assert merge(inner, outer) == outer and merge(outer, inner) == outer


def test_one_release_on_two_sites_is_shown_once() -> None:
    from retrieval.index.store import StoredChunk
    from retrieval.records import Chunk
    from retrieval.search.dedupe import without_copies
    from retrieval.search.ranking import Ranked

    text = (
        "Bupati Rekaan meresmikan jembatan gantung di Desa Contoh pada Senin pagi dan meminta "
        "warga menjaga jembatan itu bersama-sama. Jembatan sepanjang enam puluh meter itu "
        "menghubungkan dua dusun yang selama ini terpisah sungai dan dibangun dari dana desa "
        "selama empat bulan oleh warga setempat."
    )

    def ranked(article: str, body: str, cid: int) -> Ranked:
        return Ranked(StoredChunk(cid, Chunk(article, 0, 0, len(body), body), ""), 1.0, 0.9, 0.5)

    copy = ranked("portal", text, 1)
    mirror = ranked("berita", text.replace("Senin pagi", "Senin"), 2)
    other = ranked("lain", "Pasar ikan baru dibuka di Tanjung Fiktif.", 3)
    assert [r.chunk.id for r in without_copies([copy, mirror, other])] == [1, 3]
