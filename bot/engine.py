"""Settings to engine objects: the embedding model, the searcher and the fetch limits, once each."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.settings import Settings
from retrieval.model.embedder import Embedder, Vectors
from retrieval.records import Backend
from retrieval.search.searcher import Searcher
from retrieval.web.fetch import USER_AGENT, FetchOptions


def load_model(settings: Settings) -> Embedder:
    """Load the configured embedding model (built into the cache on first use)."""
    return _load_model(settings.model, str(settings.cache_dir), settings.embed_backend)


@functools.cache
def _load_model(model: str, cache_dir: str, backend: Backend) -> Embedder:
    # One copy per process: the model takes seconds to load and over a gigabyte of memory.
    from retrieval.model.loader import load_embedder

    return load_embedder(model, Path(cache_dir), backend=backend)


def open_searcher(settings: Settings) -> Searcher:
    """Open the index with the configured model; refuses an index made with another model."""
    return Searcher.open(settings.index_dir, load_model(settings), settings.search_mode)


def fetch_options(settings: Settings) -> FetchOptions:
    """The fetch limits configured in the settings."""
    return FetchOptions(
        allow_private=settings.allow_private_urls,
        trusted_networks=settings.fetch_trusted_networks,
        connect_timeout=settings.fetch_connect_timeout,
        read_timeout=settings.fetch_read_timeout,
        total_timeout=settings.fetch_total_timeout,
        max_bytes=settings.fetch_max_bytes,
        retries=settings.fetch_retries,
        user_agent=user_agent(settings),
    )


def user_agent(settings: Settings) -> str:
    """An honest User-Agent: who we are, and how a site's owner reaches whoever runs us."""
    contact = " ".join(settings.crawl_contact.split())
    return USER_AGENT[:-1] + f"; contact: {contact})" if contact else USER_AGENT


class LazyEmbedder:
    """Loads the model on first use, so a batch where nothing changed never loads it."""

    def __init__(self, load: Callable[[], Embedder]) -> None:
        self._load = load
        self._inner: Embedder | None = None
        self._lock = threading.Lock()

    def _get(self) -> Embedder:
        with self._lock:
            if self._inner is None:
                self._inner = self._load()
            return self._inner

    @property
    def model_id(self) -> str:
        return self._get().model_id

    @property
    def dimension(self) -> int:
        return self._get().dimension

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        return self._get().embed_queries(texts)

    def embed_passages(self, texts: Sequence[str]) -> Vectors:
        return self._get().embed_passages(texts)


