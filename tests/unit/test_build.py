"""One way to open a build: searcher, health check and builder refuse the same damage."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from retrieval.errors import IndexCorrupt, IndexMismatch, IndexMissing, IndexStoreError
from retrieval.index.build import open_build
from retrieval.index.builder import build_index
from retrieval.index.manifest import LEXICAL, MANIFEST, STORE, VECTORS, current_build
from retrieval.index.vectors import FaissIndex
from retrieval.search.searcher import Searcher
from tests.support.fake_embedder import HashEmbedder
from tests.support.hashed_index import default_model_id, make_index


def _drop_one_vector(build: Path) -> None:
    dimension = HashEmbedder().dimension
    vectors = FaissIndex.load(build / VECTORS, dimension)
    kept = np.arange(1, vectors.size, dtype=np.int64)
    fewer = FaissIndex(dimension)
    fewer.append(kept, vectors.vectors(kept))
    fewer.save(build / VECTORS)


DAMAGE: dict[str, tuple[Callable[[Path], None], type[IndexStoreError], str]] = {
    "vector count": (_drop_one_vector, IndexCorrupt, "vectors for"),
    "no manifest": (lambda b: (b / MANIFEST).unlink(), IndexCorrupt, "manifest missing"),
    "no store": (lambda b: (b / STORE).unlink(), IndexCorrupt, "store.sqlite is missing"),
    "no vectors": (lambda b: (b / VECTORS).unlink(), IndexCorrupt, "vectors.faiss is damaged"),
}


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return make_index(tmp_path)


def test_a_sound_build_opens_with_its_stats(root: Path) -> None:
    build = open_build(root / "index", default_model_id())
    assert build.folder == current_build(root / "index")
    assert build.stats.articles == 1 and build.stats.quotes == 3
    assert build.stats.chunks == build.vectors.size == build.store.chunk_count > 0
    assert build.stats.model_id == default_model_id()


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_every_opener_refuses_the_same_damage(
    root: Path, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    damage, error, words = DAMAGE[case]
    damage(current_build(root / "index"))
    embedder = HashEmbedder(model_id=default_model_id())
    with pytest.raises(error, match=words):
        open_build(root / "index", default_model_id())
    with pytest.raises(error, match=words):
        Searcher.open(root / "index", embedder)
    with pytest.raises(error, match=words):
        Searcher.open(root / "index", None, "bm25")
    # The builder does not reuse vectors from a damaged build: it embeds every chunk again.
    caplog.set_level(logging.INFO, logger="retrieval.index.builder")
    summary = build_index(root / "data", root / "index", embedder)
    assert summary.embedded == summary.chunks
    assert "not reusing the previous index" in caplog.text
    assert open_build(root / "index", default_model_id()).stats.chunks == summary.chunks


def test_no_index_and_another_model_are_refused(root: Path, tmp_path: Path) -> None:
    with pytest.raises(IndexMissing):
        open_build(tmp_path / "nothing", default_model_id())
    with pytest.raises(IndexMismatch, match="intfloat/multilingual-e5-base"):
        open_build(root / "index", "intfloat/multilingual-e5-base")
    with pytest.raises(IndexMismatch):
        open_build(root / "index", default_model_id(), chunker_version="0")
    # Without a model (bm25 mode) or for vector reuse (any chunker), the build is fine.
    assert open_build(root / "index", None).stats.articles == 1
    assert open_build(root / "index", default_model_id(), chunker_version=None).vectors.size > 0


def test_a_build_without_its_saved_bm25_index_still_answers_the_same(root: Path) -> None:
    question = "koordinasi"
    saved = Searcher.open(root / "index", None, "bm25").ask(question)
    folder = current_build(root / "index")
    assert open_build(root / "index", None).lexical is not None
    # A build from before the BM25 index was saved: the searcher builds it in memory.
    shutil.rmtree(folder / LEXICAL)
    assert open_build(root / "index", None).lexical is None
    assert Searcher.open(root / "index", None, "bm25").ask(question) == saved
    assert saved.answered
    # The next build saves it again, reusing every vector.
    summary = build_index(root / "data", root / "index", HashEmbedder(model_id=default_model_id()))
    assert summary.embedded == 0
    assert open_build(root / "index", None).lexical is not None


def test_a_damaged_bm25_index_is_refused(root: Path) -> None:
    (current_build(root / "index") / LEXICAL / "bm25s" / "params.index.json").unlink()
    with pytest.raises(IndexCorrupt, match="BM25 index lexical is damaged"):
        Searcher.open(root / "index", None, "bm25")
