"""Chunks: whole sentence units, exact offsets, the quotes they hold, paragraphs preferred."""

from __future__ import annotations

import itertools
from pathlib import Path

from retrieval.index.articles import read_articles
from retrieval.records import Article, Chunk
from retrieval.text.chunker import CHUNKER_VERSION, MAX_UNIT_CHARS, chunk_article
from retrieval.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]


def seed() -> Article:
    return next(a for a in read_articles(ROOT / "data").articles if a.id.startswith("000_"))


def check_chunks(article: Article, chunks: list[Chunk]) -> None:
    """Offsets index the text, ordinals count up, and no chunk cuts a sentence unit."""
    text = article.text
    starts = {s.start for s in split_sentences(text)}
    ends = {s.end for s in split_sentences(text)}
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert c.article_id == article.id
        assert c.text == text[c.start : c.end]
        assert c.start in starts and c.end in ends
        for q in c.quotes:
            assert c.start <= q.start and q.end <= c.end
    covered = {i for c in chunks for i in range(c.start, c.end)}
    assert all(i in covered for s in split_sentences(text) for i in range(s.start, s.end))


def sentence(n: int, words: int = 5) -> str:
    """A sentence of about 40 + 10 * words characters."""
    return " ".join(["Pemerintah provinsi"] + ["membangun"] * words) + f" jalan nomor {n}."


def test_seed_chunks_hold_the_three_quotes_with_their_speakers() -> None:
    article = seed()
    chunks = chunk_article(article)
    check_chunks(article, chunks)
    assert 6 <= len(chunks) <= 14
    assert all(len(c.text) <= 700 for c in chunks)
    held = [(q.speaker, q.text[:20]) for c in chunks for q in c.quotes]
    assert held == [
        ("Rudy Mas’ud", "Setiap kebijakan har"),
        ("Rudy Mas’ud", "Tidak ada satu pun p"),
        ("Norhayati Usman", "Forum seperti ini me"),
    ]
    governor = next(c for c in chunks if any(q.text.startswith("Setiap") for q in c.quotes))
    assert "koordinasi" in governor.text and governor.text.endswith("ujar Rudy dengan tegas.")
    # The "tuturnya" quote's chunk carries the sentence that names the speaker.
    second = next(c for c in chunks if any(q.text.startswith("Tidak ada") for q in c.quotes))
    assert second.text.startswith("Menurut Rudy,")


def test_short_passages_are_one_chunk() -> None:
    long_three = " ".join(sentence(i, words=30) for i in range(3))
    assert len(long_three) > 700
    for text in (
        "Satu kalimat saja.",
        "Kalimat satu. Kalimat dua. Kalimat tiga.",
        long_three,  # over max_chars, yet only 3 sentences
    ):
        article = Article(id="p", text=text)
        (chunk,) = chunk_article(article)
        assert (chunk.start, chunk.end, chunk.text) == (0, len(text), text)


def test_empty_text_gives_no_chunks() -> None:
    assert chunk_article(Article(id="kosong", text="  \n ")) == []


def test_paragraph_boundaries_are_preferred_cut_points() -> None:
    para1 = " ".join(sentence(i) for i in range(3))
    para2 = " ".join(sentence(i) for i in range(3, 6))
    article = Article(id="dua", text=f"{para1}\n{para2}")
    assert len(para1) < 400 < len(para1) + len(para2)
    chunks = chunk_article(article, max_chars=400, overlap_sentences=0)
    check_chunks(article, chunks)
    assert [c.text for c in chunks] == [para1, para2]


def test_overlap_repeats_the_last_sentence_of_the_previous_chunk() -> None:
    text = " ".join(sentence(i) for i in range(12))
    article = Article(id="panjang", text=text)
    plain = chunk_article(article, max_chars=300, overlap_sentences=0)
    overlapped = chunk_article(article, max_chars=300, overlap_sentences=1)
    check_chunks(article, plain)
    check_chunks(article, overlapped)
    assert len(plain) >= 3
    assert all(len(c.text) <= 300 for c in plain + overlapped)
    for before, after in itertools.pairwise(overlapped):
        assert before.start < after.start < before.end  # they share at least one sentence
    assert len(overlapped) > len(plain)


def test_long_paragraph_is_cut_evenly() -> None:
    text = " ".join(sentence(i) for i in range(10))
    chunks = chunk_article(Article(id="rata", text=text), max_chars=500, overlap_sentences=0)
    sizes = [len(c.text) for c in chunks]
    assert len(chunks) == 2
    assert max(sizes) - min(sizes) < 100  # no tiny leftover piece


def test_a_quote_unit_is_never_split_even_when_long() -> None:
    quote = " ".join(f"Kalimat kutipan nomor {i} cukup panjang untuk diuji." for i in range(20))
    text = f"{sentence(1)} {sentence(2)}\n“{quote},” ujar Rudy.\n{sentence(3)} {sentence(4)}"
    article = Article(id="kutipan", text=text)
    assert 700 < len(quote) < MAX_UNIT_CHARS
    chunks = chunk_article(article, max_chars=400)
    check_chunks(article, chunks)
    holder = next(c for c in chunks if c.quotes)
    assert holder.text.startswith("“") and holder.text.endswith("ujar Rudy.")


def test_an_over_long_quote_is_cut_at_sentence_ends_with_attribution_last() -> None:
    quote = " ".join(f"Kalimat kutipan nomor {i} cukup panjang untuk diuji." for i in range(60))
    text = f"Gubernur Kaltim Rudy Mas’ud berbicara.\n“{quote},” ujar Rudy."
    article = Article(id="sangat-panjang", text=text)
    assert len(quote) > MAX_UNIT_CHARS
    chunks = chunk_article(article, max_chars=700, overlap_sentences=0)
    assert len(chunks) >= 4
    assert all(c.text == text[c.start : c.end] for c in chunks)
    assert all(len(c.text) <= 700 for c in chunks)
    assert chunks[-1].text.endswith("ujar Rudy.")
    holders = [c for c in chunks if c.quotes]
    assert holders == [chunks[-1]]  # the part with the attribution carries the quote
    assert holders[0].quotes[0].speaker == "Rudy Mas’ud"


def test_chunker_version_is_a_non_empty_string() -> None:
    assert isinstance(CHUNKER_VERSION, str) and CHUNKER_VERSION
