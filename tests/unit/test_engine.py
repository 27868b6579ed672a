"""The engine end to end on a hashing fake embedder: builds, reuse, ranking and relevance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from retrieval.index.builder import build_index_from
from retrieval.records import Article
from retrieval.search.answerability import Model
from retrieval.search.searcher import Searcher, Tuning
from tests.support.decisions import ALWAYS, NEVER, on
from tests.support.fake_embedder import HashEmbedder

DERMAGA = Article(
    "dermaga",
    "Kepala Dinas Perikanan Budi Santoso meresmikan dermaga nelayan di Tanjung Fiktif, Senin. "
    "“Dermaga ini memperpendek waktu bongkar ikan,” kata Budi.",
    title="Dermaga nelayan diresmikan",
)
JALAN = Article(
    "jalan",
    "Jalan desa di Tanjung Fiktif diperbaiki tahun ini. Perbaikan jalan desa memakai anggaran "
    "kabupaten, dan jalan desa yang baru dibuka untuk truk pengangkut ikan.",
    title="Jalan desa diperbaiki",
)
PASAR = Article(
    "pasar",
    "Camat Sari Lestari membuka pasar ikan di Tanjung Fiktif. “Pedagang tidak lagi berjualan "
    "di pinggir jalan,” ujar Sari.",
    title="Pasar ikan dibuka",
)


def _searcher(
    tmp_path: Path,
    articles: list[Article],
    mode: str = "hybrid",
    decision: Model = ALWAYS,
    **tuning: float,
) -> Searcher:
    embedder = HashEmbedder()
    build_index_from(articles, tmp_path / "index", embedder)
    return Searcher.open(
        tmp_path / "index",
        None if mode == "bm25" else embedder,
        mode,  # type: ignore[arg-type]
        Tuning(**tuning),  # type: ignore[arg-type]
        decision,
    )


def _ids(searcher: Searcher, question: str, k: int = 3) -> list[str]:
    return [p.chunk.article_id for p in searcher.ask(question, k).passages]


def test_a_rebuild_embeds_only_the_text_that_changed(tmp_path: Path) -> None:
    index = tmp_path / "index"
    first = HashEmbedder()
    build_index_from([DERMAGA, JALAN], index, first)
    changed = Article(JALAN.id, JALAN.text + " Warga menyambut baik.", title=JALAN.title)

    again = HashEmbedder()
    summary = build_index_from([DERMAGA, changed, PASAR], index, again)

    assert (summary.added, summary.updated, summary.unchanged) == (1, 1, 1)
    assert summary.embedded == 2  # the changed article's chunk and the new one's
    assert not any("Dermaga ini" in text for text in again.embedded)  # its chunk and its quote
    assert any("Warga menyambut baik" in text for text in again.embedded)
    assert "Pedagang tidak lagi berjualan di pinggir jalan" in again.embedded  # the new quote
    searcher = Searcher.open(index, again, decision=ALWAYS)
    answer = searcher.ask("Apa kata Budi soal dermaga nelayan?", 1)
    assert answer.passages[0].chunk.article_id == "dermaga"  # reused vectors still rank


def test_a_new_title_re_embeds_the_article_it_names(tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_index_from([DERMAGA, JALAN], index, HashEmbedder())
    retitled = Article(JALAN.id, JALAN.text, title="Jalan desa mulus")
    again = HashEmbedder()
    summary = build_index_from([DERMAGA, retitled], index, again)
    assert summary.embedded == 1 and again.embedded[0].startswith("Jalan desa mulus\n")


def test_another_model_rebuilds_every_vector(tmp_path: Path) -> None:
    index = tmp_path / "index"
    build_index_from([DERMAGA, JALAN], index, HashEmbedder())
    summary = build_index_from([DERMAGA, JALAN], index, HashEmbedder(model_id="other"))
    assert summary.embedded == summary.chunks == 2


def test_a_name_in_a_question_not_asking_their_words_lifts_nothing(tmp_path: Path) -> None:
    # A factual question that names someone asks about its topic: lifting whatever that person
    # said, as the search once did, put their unrelated quotes first.
    plain = _searcher(tmp_path / "a", [DERMAGA, JALAN, PASAR], speaker_boost=0.0)
    boosted = _searcher(tmp_path / "b", [DERMAGA, JALAN, PASAR])
    by_surname = "Santoso dan jalan desa?"
    lifted = {r.chunk.chunk.article_id: r.score for r in boosted.rank(by_surname, 3)}
    unlifted = {r.chunk.chunk.article_id: r.score for r in plain.rank(by_surname, 3)}
    assert lifted == pytest.approx(unlifted)
    assert _ids(boosted, by_surname)[0] == "jalan"


def test_asking_what_someone_said_leads_with_their_quote_past_the_decision(
    tmp_path: Path,
) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN, PASAR], decision=NEVER, speaker_boost=0.0)
    for question in ("Apa kata Budi?", "what did santoso say"):
        answer = searcher.ask(question)
        assert answer.answered and answer.passages[0].chunk.article_id == "dermaga"
        quote = answer.passages[0].quote
        assert quote is not None and quote.speaker == "Budi Santoso"
    by_role = searcher.ask("Apa kata Camat?").passages[0].quote
    assert by_role is not None and by_role.speaker == "Sari Lestari"


def test_someone_never_quoted_on_the_topic_gets_their_nearest_quote_as_no_answer(
    tmp_path: Path,
) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN, PASAR], decision=NEVER)
    answer = searcher.ask("Apa kata Budi soal harga cabai?")
    assert not answer.answered and answer.off_topic is not None
    assert answer.off_topic.name == "Budi Santoso" and answer.off_topic.topic == "harga cabai"
    (nearest,) = answer.passages
    assert nearest.quote is not None and nearest.quote.speaker == "Budi Santoso"
    on_topic = _searcher(tmp_path / "all", [DERMAGA, JALAN, PASAR], decision=ALWAYS)
    answer = on_topic.ask("Apa kata Budi soal bongkar ikan?")
    assert answer.answered and answer.off_topic is None


def test_an_office_no_one_in_the_articles_holds_is_not_found(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN, PASAR], decision=ALWAYS)
    answer = searcher.ask("Apa kata Bupati soal jalan?")
    assert not answer.answered and answer.passages == ()


def test_the_boost_needs_the_name_of_a_speaker_not_of_a_place(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN])
    assert _ids(searcher, "Apa kabar jalan desa di Tanjung Fiktif?")[0] == "jalan"


def test_a_question_no_passage_answers_is_not_found(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN, PASAR], decision=NEVER)
    answer = searcher.ask("Berapa harga cabai rawit hari ini?")
    assert not answer.answered and answer.passages == ()


def test_the_decision_reads_whether_the_question_is_english(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA], decision=on(bias=-1.0, english=2.0))
    assert searcher.ask("What about the new dermaga for fishermen?").answered
    assert not searcher.ask("Bagaimana dermaga nelayan yang baru?").answered


def test_the_decision_reads_how_much_of_the_question_a_passage_holds(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, PASAR], decision=on(bias=-0.9, cov=1.0))
    assert _ids(searcher, "Siapa Sari Lestari?") == ["pasar"]
    assert not searcher.ask("Siapa Agus Salim?").answered


def test_a_figure_the_passage_does_not_hold_counts_against_it(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN], decision=on(bias=0.5, missing=-1.0))
    assert searcher.ask("Kapan dermaga nelayan diresmikan?").answered  # "Senin"
    assert not searcher.ask("Berapa biaya dermaga nelayan?").answered


def test_bm25_mode_needs_no_model_and_keeps_its_own_floor(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DERMAGA, JALAN, PASAR], mode="bm25")
    assert _ids(searcher, "Kapan pasar ikan dibuka?")[0] == "pasar"
    assert not searcher.ask("Berapa harga cabai rawit?").answered
    with pytest.raises(ValueError, match="needs an embedder"):
        Searcher.open(tmp_path / "index", None, "hybrid")


def test_hybrid_finds_by_word_stems_what_the_meaning_order_cannot(tmp_path: Path) -> None:
    # The fake's "meaning" knows whole words only; BM25 stems "memperbaiki" as "diperbaiki".
    question = "memperbaiki"
    dense = _searcher(tmp_path / "d", [DERMAGA, JALAN, PASAR], mode="dense")
    assert all(r.dense == 0 for r in dense.rank(question, 3))
    hybrid = _searcher(tmp_path / "h", [DERMAGA, JALAN, PASAR])
    assert _ids(hybrid, question)[0] == "jalan"


def test_the_quote_shown_is_the_one_closest_to_the_question(tmp_path: Path) -> None:
    both = Article("dua", DERMAGA.text + "\n\n" + PASAR.text, title="Dua kabar")
    searcher = _searcher(tmp_path, [both])
    assert searcher.ask("Pedagang berjualan di pinggir jalan?").passages[0].quote is not None
    shown = searcher.ask("Pedagang berjualan di pinggir jalan?").passages[0].quote
    assert shown is not None and shown.speaker == "Sari Lestari"
    shown = searcher.ask("waktu bongkar ikan di dermaga").passages[0].quote
    assert shown is not None and shown.speaker == "Budi Santoso"


def test_fake_embedder_cosine_is_word_overlap() -> None:
    fake = HashEmbedder()
    same, other = fake.vector("Dermaga nelayan baru"), fake.vector("dermaga NELAYAN baru")
    assert float(same @ other) == pytest.approx(1.0)
    assert float(same @ fake.vector("harga cabai")) == pytest.approx(0.0, abs=1e-6)
    assert np.linalg.norm(fake.vector("")) == 0


def test_a_release_on_two_sites_is_shown_once_and_the_page_fills_from_the_rest(
    tmp_path: Path,
) -> None:
    # The same release on a second site, with its own byline: no exact copy, a near one.
    copy = Article("jalan-salinan", "FIKTIF – " + JALAN.text, title="Jalan desa (salinan)")
    more = Article(
        "jembatan", "Jembatan desa di Tanjung Fiktif diperbaiki bersama jalan desa tahun ini.",
        title="Jembatan desa",
    )
    searcher = _searcher(tmp_path, [DERMAGA, JALAN, copy, PASAR, more])
    answer = searcher.ask("Jalan desa di Tanjung Fiktif diperbaiki?", k=3)
    ids = [p.chunk.article_id for p in answer.passages]
    assert len(ids) == 3 and len({"jalan", "jalan-salinan"} & set(ids)) == 1
    assert all(p.source.article_id == p.chunk.article_id for p in answer.passages)
