"""Coverage: how much of what a question asks about one passage holds (the relevance lift)."""

from __future__ import annotations

from pathlib import Path

import pytest

from retrieval.index.lexical import LexicalIndex
from retrieval.search.relevance import coverage, coverages, question_units

TEXTS = [
    "Sekretaris Daerah Provinsi membuka rapat anggaran di Tanjung Fiktif.",
    "Rapat di Tanjung Fiktif membahas jalan desa.",
    "Warga Tanjung Fiktif menyambut pasar baru.",
]


def test_an_abbreviated_office_is_one_unit_held_by_its_full_form() -> None:
    units = question_units("Sekda ngomong apa soal anggaran?")
    assert len(units) == 2  # the office and "anggaran"; asking and linking words are no units
    cover = coverage(LexicalIndex(TEXTS), "Sekda gimana soal anggaran dong?")
    assert cover[0] == pytest.approx(1.0)
    assert cover[1] == 0.0


def test_the_word_no_passage_holds_weighs_most() -> None:
    cover = coverage(LexicalIndex(TEXTS), "Berapa upah minimum di Tanjung Fiktif?")
    # Every passage holds the place, none the wage: well under half covered.
    assert all(0.0 < c < 0.5 for c in cover)
    assert coverage(LexicalIndex(TEXTS), "Kapan pasar baru dibuka?")[2] > 0.5


def test_a_name_with_an_apostrophe_is_read_as_the_index_reads_it() -> None:
    index = LexicalIndex(["Kepala dinas Ma’ruf Hidayat meninjau dermaga.", "Pasar dibuka."])
    assert coverage(index, "Siapa Ma'ruf Hidayat?")[0] == pytest.approx(1.0)


def test_the_rarer_half_of_a_question_is_what_makes_it_specific() -> None:
    extra = ["Rapat anggaran di Tanjung Fiktif.", "Jalan di Tanjung Fiktif."]
    lexical = LexicalIndex([*TEXTS, *extra])
    _, rare = coverages(lexical, "Berapa anggaran rapat Sekretaris Daerah di Tanjung Fiktif?")
    # Every text holds the place (the commonest unit, no part of the rarer half); only the
    # first holds the office, the rarest unit asked about.
    assert rare[0] == pytest.approx(1.0) and rare[3] < 0.6 and rare[4] == 0.0


def test_a_word_whose_stem_is_a_stop_word_is_no_unit() -> None:
    assert question_units("Kapan pasar ikan diadakan?") == [
        frozenset({("pasar",)}),
        frozenset({("ikan",)}),
    ]


@pytest.mark.parametrize("saved", [False, True])
def test_coverage_of_some_passages_is_their_share_of_the_whole_index(
    saved: bool, tmp_path: Path
) -> None:
    import numpy as np

    words = ["jalan", "tol", "pasar", "dermaga", "banjir", "sekolah", "anggaran", "bupati"]
    rng = np.random.default_rng(3)
    texts = [" ".join(rng.choice(words, size=int(rng.integers(1, 6)))) for _ in range(300)]
    lexical = LexicalIndex(texts)
    if saved:  # a loaded index reads its lists memory-mapped
        lexical.save(tmp_path / "lexical")
        lexical = LexicalIndex.load(tmp_path / "lexical")
    question = "Berapa anggaran jalan tol dan dermaga untuk bupati?"
    every = coverage(lexical, question)
    rows = np.array([*sorted(rng.choice(300, size=40, replace=False)), 299, 0], dtype=np.int64)
    assert np.allclose(coverage(lexical, question, rows), every[rows])
    assert 0 <= every.min() < every.max() <= 1.0  # some hold every unit, some none


def test_a_topic_is_covered_without_the_short_forms_typed_for_speed() -> None:
    # Asked what someone said "soal rapat anggaran tp jg jalan desa sm pasar", the short forms
    # are no part of what they spoke on; as a whole question they still count (the decision was
    # fitted so).
    typed = "rapat anggaran tp jalan desa sm pasar"
    on_topic, _ = coverages(LexicalIndex(TEXTS), typed, topic=True)
    as_question, _ = coverages(LexicalIndex(TEXTS), typed)
    assert on_topic[1] > as_question[1]
    assert len(question_units(typed, topic=True)) == len(question_units(typed)) - 2


def test_a_chat_word_the_articles_never_write_is_held_by_the_standard_word() -> None:
    lexical = LexicalIndex([
        "Warga Tanjung Fiktif ditawari rumah susun oleh pemerintah.",
        "Camat mengajak warga membersihkan pasar Tanjung Fiktif.",
        "Pasar Tanjung Fiktif dibuka kembali.",
    ])
    offered, asked_along, _ = coverage(lexical, "warga tanjung fiktif ditawarin apa?")
    assert offered == pytest.approx(1.0)
    assert asked_along < 1.0
    assert coverage(lexical, "camat ngajakin warga ngapain di pasar?")[1] > 0.9
    # A word the articles write as typed is read as typed, even where a chat form's standard word
    # is written too.
    typed, standard = coverage(
        LexicalIndex(["Mereka dateng lebih awal.", "Mereka datang lebih awal."]), "siapa yg dateng?"
    )
    assert typed == pytest.approx(1.0) and standard < 0.5
    # Only a chat "-in" word reads a bare "m" as "meN-": "maling" is not "paling".
    assert coverage(LexicalIndex(["Harga paling murah.", "Pasar ramai."]), "maling?")[0] == 0.0
