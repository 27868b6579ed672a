"""Store fetched articles once: by canonical URL and by normalised text, against the data folder."""

from __future__ import annotations

import dataclasses
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from retrieval.errors import BriefbotError, FetchError, TooLarge
from retrieval.index.articles import read_articles, save_article
from retrieval.records import MAX_ARTICLE_BYTES, Article
from retrieval.web.dedupe import NearDuplicates, prefer
from retrieval.web.extract import Getter, fetch_and_extract, text_key
from retrieval.web.guard import canonical_url, without_userinfo

log = logging.getLogger(__name__)

StoreStatus = Literal["added", "updated", "unchanged", "duplicate"]
# known = already stored by URL, so not fetched at all; failed = see `error`.
IngestStatus = Literal["added", "updated", "unchanged", "duplicate", "known", "failed"]


@dataclass(frozen=True)
class Stored:
    """What storing one fetched article did."""

    status: StoreStatus  # duplicate = the same text is already stored under another URL
    article: Article  # the stored article (for unchanged/duplicate: the one already there)
    path: Path | None  # the file written, None when nothing was written
    mirror: str | None = None  # a URL whose text is the stored article's: not cited, recorded


@dataclass(frozen=True)
class IngestResult:
    """What became of one URL; `article` is the stored one, `error` says why not."""

    url: str
    status: IngestStatus
    article: Article | None = None
    error: BriefbotError | None = None
    fetch_seconds: float = 0.0
    extract_seconds: float = 0.0
    mirror: str | None = None  # see Stored.mirror

    @property
    def written(self) -> bool:
        """Whether the data folder changed (a new or updated article file)."""
        return self.status in ("added", "updated")


class Library:
    """The articles already in the data folder, by canonical URL and by text; thread-safe."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._lock = threading.Lock()
        self._by_url: dict[str, Article] = {}
        self._by_text: dict[str, Article] = {}
        self._near: NearDuplicates | None = None  # built on the first new text, not before
        data_dir.mkdir(parents=True, exist_ok=True)
        self._articles = {a.id: a for a in read_articles(data_dir).articles}
        for article in self._articles.values():
            self._remember(article)

    def _remember(self, article: Article) -> None:
        if article.url:
            try:
                self._by_url[canonical_url(article.url)] = article
            except FetchError:
                log.debug("stored article %s has an unusable url %r", article.id, article.url)
        self._by_text.setdefault(text_key(article.text), article)
        self._articles[article.id] = article
        if self._near is not None:
            self._near.add(article)

    def known_url(self, url: str) -> Article | None:
        """The stored article at this URL (tracking parameters and fragment ignored)."""
        key = canonical_url(url)
        with self._lock:
            return self._by_url.get(key)

    def store(self, article: Article, requested_url: str | None = None) -> Stored:
        """Write the article unless its URL (or the URL asked for) or its text is stored.

        The same text, or nearly (another site's copy of a release), is one article: the one
        to cite (official site first, then the earliest) is kept, the other URL is its mirror.
        TooLarge for a text over MAX_ARTICLE_BYTES: `briefbot index` would skip its file.
        """
        size = len(article.text.encode("utf-8"))
        if size > MAX_ARTICLE_BYTES:
            raise TooLarge(
                f"the article's text is {size} bytes, over the {MAX_ARTICLE_BYTES} an article "
                "may hold", article.url or requested_url or "", MAX_ARTICLE_BYTES,
            )
        keys = [canonical_url(u) for u in (article.url, requested_url) if u]
        key = text_key(article.text)
        mirror = None
        with self._lock:
            same_url = next((self._by_url[k] for k in keys if k in self._by_url), None)
            if same_url is not None:
                if text_key(same_url.text) == key:
                    return Stored("unchanged", same_url, None)
                # The page changed since it was stored: one article, under its first id.
                article = dataclasses.replace(article, id=same_url.id)
                status: StoreStatus = "updated"
            else:
                copy = self._by_text.get(key) or self._near_index().find(article.text)
                if copy is None:
                    status = "added"
                elif not prefer(article, copy):
                    for k in keys:  # the copy's URL is known now: never fetched again
                        self._by_url[k] = copy
                    return Stored("duplicate", copy, None, mirror=article.url)
                else:  # cite this one; the stored copy's URL becomes the mirror
                    article, mirror = dataclasses.replace(article, id=copy.id), copy.url
                    status = "updated"
            path = save_article(article, self.data_dir)
            self._remember(article)
            for k in keys:  # the URL asked for (before redirects) now leads here too
                self._by_url[k] = article
            if mirror:
                self._by_url[canonical_url(mirror)] = article
            return Stored(status, article, path, mirror)

    def _near_index(self) -> NearDuplicates:
        if self._near is None:
            self._near = NearDuplicates(self._articles.values())
        return self._near


def ingest_url(
    url: str,
    library: Library,
    fetcher: Getter,
    skip_known: bool = False,
    title: str | None = None,
    published: str | None = None,
) -> IngestResult:
    """Fetch, extract and store one URL; never raises for a bad page, the result says why.

    `skip_known` leaves an already stored URL alone without fetching it (feeds); otherwise it
    is fetched again and updated when it changed. `title`/`published` fill what the page lacks.
    """
    url = without_userinfo(url)
    try:
        if skip_known:
            known = library.known_url(url)
            if known is not None:
                return IngestResult(url, "known", known)
        fetched = fetch_and_extract(url, fetcher)
        article = dataclasses.replace(
            fetched.article,
            title=fetched.article.title or title,
            published=fetched.article.published or published,
        )
        stored = library.store(article, requested_url=url)
    except FetchError as exc:
        log.info("%s not added: %s", url, exc)
        return IngestResult(url, "failed", error=exc)
    except Exception as exc:  # one odd page must not end a batch or a refresh
        log.exception("%s failed unexpectedly", url)
        return IngestResult(url, "failed", error=FetchError(f"unexpected error: {exc}", url))
    return IngestResult(
        url, stored.status, stored.article, None, fetched.fetch_seconds, fetched.extract_seconds,
        stored.mirror,
    )
