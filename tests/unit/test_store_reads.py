"""A searcher holds no chunk text: it reads the rows a question needs and answers as before."""

from __future__ import annotations

import logging
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from retrieval.errors import IndexCorrupt
from retrieval.index.build import open_build
from retrieval.index.builder import build_index
from retrieval.index.manifest import STORE, current_build
from retrieval.records import MODES
from retrieval.search.searcher import Searcher, Tuning
from tests.support.decisions import ALWAYS
from tests.support.fake_embedder import HashEmbedder
from tests.support.hashed_index import default_model_id, make_index
from tests.support.memory_store import in_memory

MODEL = HashEmbedder(model_id=default_model_id())
# Hashed words score far below the model's relevance floor: every passage counts, so the
# comparison covers whole pages.
LOOSE = Tuning(min_lexical=0.0)
QUESTIONS = (
    "Apa pesan gubernur kepada para kepala perangkat daerah?",
    "Siapa yang menjabat Sekretaris Daerah?",
    "Apa kata Norhayati soal kerja sama lembaga?",
    "Wakil gubernur berkata apa soal rapat?",
    "What did the governor tell the officials?",
    "keselarasan arah kebijakan pembangunan",
    "Berita terbaru tentang koordinasi",
    "Harga cabai di pasar induk naik berapa?",
)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_index(tmp_path)


def _answers(searcher: Searcher) -> list[object]:
    return [searcher.ask(q, k=3, offset=o) for q in QUESTIONS for o in (0, 3)]


def _open(root: Path, mode: str) -> Searcher:
    used = None if mode == "bm25" else MODEL
    return Searcher.open(root / "index", used, mode, LOOSE, ALWAYS)  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", MODES)
def test_answers_are_those_of_a_searcher_holding_everything_in_memory(
    root: Path, mode: str
) -> None:
    build = open_build(root / "index", MODEL.model_id)
    used = None if mode == "bm25" else MODEL
    lazy = Searcher(build, used, mode, LOOSE, ALWAYS)  # type: ignore[arg-type]
    memory = Searcher(in_memory(build), used, mode, LOOSE, ALWAYS)  # type: ignore[arg-type]
    got = _answers(lazy)
    assert got == _answers(memory)
    assert sum(bool(a.passages) for a in got) >= len(QUESTIONS)  # type: ignore[attr-defined]
    assert any(p.quote for a in got for p in a.passages)  # type: ignore[attr-defined]
    assert lazy.sources() == memory.sources()
    assert lazy.quotes() == memory.quotes() and lazy.quotes("gubernur")
    assert lazy.follow_up("Apa kata Norhayati?", "dan soal anggaran?") == memory.follow_up(
        "Apa kata Norhayati?", "dan soal anggaran?"
    )


def test_a_question_reads_a_bounded_number_of_rows_however_large_the_index(
    root: Path,
) -> None:
    data = root / "data"
    for i in range(600):
        (data / f"desa-{i:03d}.md").write_text(
            f"Kepala Desa Sukamaju {i} meresmikan jembatan gantung nomor {i} di tepi sungai. "
            f"“Jembatan ini memudahkan anak-anak ke sekolah,” kata kepala desa itu.\n",
            encoding="utf-8",
        )
    build_index(data, root / "index", MODEL)
    searcher = _open(root, "hybrid")
    store = open_build(root / "index", MODEL.model_id).store
    assert store.chunk_count > 600
    reader = searcher._store
    people = len(store.named() or ())
    assert reader.rows_read <= people + 10  # loading read the people, no chunk or article
    for question in QUESTIONS:
        before = reader.rows_read
        searcher.ask(question)
        # at most the candidates' chunks, their articles and quotes: not the whole index
        assert reader.rows_read - before < 400, question


@pytest.mark.parametrize(
    "change",
    [
        "DROP TABLE people",  # a build made before people were saved with it
        "UPDATE people_reader SET fingerprint = 'other code'",  # saved by other reading code
    ],
)
def test_a_build_without_people_that_fit_reads_them_at_load_and_answers_the_same(
    root: Path, change: str, caplog: pytest.LogCaptureFixture
) -> None:
    before = _answers(_open(root, "hybrid"))
    con = sqlite3.connect(current_build(root / "index") / STORE)
    with con:
        con.execute(change)
    con.close()
    caplog.set_level(logging.INFO, logger="retrieval.search.speakers")
    assert _answers(_open(root, "hybrid")) == before
    assert "reading the people of the index from its chunks" in caplog.text


def test_damaged_people_rows_are_refused_when_the_build_is_opened(root: Path) -> None:
    con = sqlite3.connect(current_build(root / "index") / STORE)
    with con:
        con.execute("UPDATE people SET quoted = x'0102' WHERE id = 1")
    con.close()
    with pytest.raises(IndexCorrupt, match="malformed rows"):
        open_build(root / "index", MODEL.model_id)


def test_a_searcher_keeps_answering_after_two_rebuilds_delete_its_build(
    root: Path, tmp_path: Path
) -> None:
    searcher = _open(root, "hybrid")
    question = QUESTIONS[2]
    before = searcher.ask(question)
    first = current_build(root / "index")
    for text in ("Camat membuka pasar murah.\n", "Camat menutup pasar murah.\n"):
        (root / "data" / "camat.md").write_text(text, encoding="utf-8")
        build_index(root / "data", root / "index", MODEL)
    assert not first.exists()
    # from a thread that did not exist when the build was opened, too
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(searcher.ask, question).result() == before
    assert before.answered


def test_questions_asked_from_many_threads_get_the_answers_asked_one_by_one(
    root: Path,
) -> None:
    searcher = _open(root, "hybrid")
    alone = [searcher.ask(q) for q in QUESTIONS]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(searcher.ask, QUESTIONS * 8))
    assert together == alone * 8


def test_the_build_saves_the_people_its_articles_name(root: Path) -> None:
    named = open_build(root / "index", MODEL.model_id).store.named()
    assert named is not None
    assert {"Norhayati Usman", "Rudy Mas’ud", "Sri Wahyuni"} <= {p.name for p in named}
