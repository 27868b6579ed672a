"""One article once: the same release on several sites is found by its text, and one is cited.

Texts are compared as sets of five-word shingles. MinHash LSH (datasketch) finds the few
stored articles that may share most of them; the exact Jaccard similarity of those decides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import httpx

from retrieval.records import Article
from retrieval.text.dates import published_date

SHINGLE = 5
# Jaccard of shingles from which two texts are one article: a copy with its own dateline, lead-in
# or closing line stays above; an updated story that adds a third of new text (two such in the
# regional set, 0.71) stays two articles.
SIMILAR = 0.8
_PERMUTATIONS = 128
OFFICIAL_SUFFIXES = (".go.id", ".gov")


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
    if len(words) <= SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


class NearDuplicates:
    """The stored articles' texts, searchable for a near-duplicate of a new text."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=SIMILAR - 0.1, num_perm=_PERMUTATIONS)
        self._articles: dict[str, Article] = {}
        for article in articles:
            self.add(article)

    def add(self, article: Article) -> None:
        """Remember an article (again, under its id, when its text changed)."""
        if article.id in self._articles:
            self._lsh.remove(article.id)
        self._articles[article.id] = article
        self._lsh.insert(article.id, _minhash(shingles(article.text)))

    def find(self, text: str) -> Article | None:
        """The stored article most like `text`, when they are one article."""
        mine = shingles(text)
        best, score = None, SIMILAR
        for key in self._lsh.query(_minhash(mine)):
            candidate = self._articles[key]
            similarity = jaccard(mine, shingles(candidate.text))
            if similarity >= score:
                best, score = candidate, similarity
        return best


def _minhash(items: set[str]) -> object:
    from datasketch import MinHash

    m = MinHash(num_perm=_PERMUTATIONS)
    m.update_batch([s.encode("utf-8") for s in items])
    return m


def is_official(url: str | None) -> bool:
    """A government site (.go.id, .gov): the one to cite when a release is on several sites."""
    try:
        host = httpx.URL(url or "").host
    except (httpx.InvalidURL, ValueError):
        return False
    return bool(host) and host.endswith(OFFICIAL_SUFFIXES)


def prefer(new: Article, stored: Article) -> bool:
    """Whether `new` should be cited instead of `stored`: official first, then the earlier."""
    if is_official(new.url) != is_official(stored.url):
        return is_official(new.url)
    new_day, stored_day = published_date(new.published), published_date(stored.published)
    return new_day is not None and stored_day is not None and new_day < stored_day
