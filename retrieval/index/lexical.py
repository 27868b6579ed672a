"""BM25 over chunk texts (bm25s), with Indonesian stop words and the Snowball Indonesian stemmer.

Scores are also given normalised to [0, 1] by the query's own upper bound, so that fusion can
tell a question that shares rare words with a passage from one that merely shares a few.
"""

from __future__ import annotations

import itertools
import logging
import math
import re
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt

Scores = npt.NDArray[np.float32]

K1 = 1.5
B = 0.75

# Function words and question words: they carry no topic, and question words never occur in the
# passage that answers ("Siapa ...?" is answered by a name).
_STOPWORDS = """
    a about ada adalah adapun agar akan an and antara apa apabila apakah are atas atau bagaimana
    bagi bahwa baik banyak beberapa begitu belum berapa berapakah bilamana bisa boleh bukan by
    dalam dan dapat dari daripada demi dengan di dia did dimana dimanakah dirinya disebut
    ditemukan do does for from hal hanya harus hingga how ia ialah in ini is itu jadi jika juga
    kami kamu kapan kapankah karena ke kecuali kembali kenapa kepada ketika kita lagi lain lalu
    maka mana manakah masih melalui mengapa mereka merupakan meski milik mungkin namun nya of
    oleh on or pada para pernah saat saja sampai sangat saya se sebagai sebuah secara sedang
    seorang seperti serta sesuai setelah siapa siapakah suatu sudah supaya tanpa tapi telah
    tentang terhadap termasuk tersebut tetapi the tidak to untuk usai walau was were what when
    where which who why with yaitu yakni yang
"""
STOPWORDS_ID = frozenset(_STOPWORDS.split())

_WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("indonesian")


def tokenize(text: str) -> list[str]:
    """Stemmed words without stop words, then pairs of content words (names, terms)."""
    words = _WORD.findall(text.lower())
    stems = _stemmer().stemWords([w for w in words if w not in STOPWORDS_ID])
    pairs = [
        f"{a}_{b}"
        for a, b in itertools.pairwise(words)
        if a not in STOPWORDS_ID and b not in STOPWORDS_ID
    ]
    return [*stems, *pairs]


class LexicalIndex:
    """BM25 over a fixed list of texts; row i of every score array is text i."""

    def __init__(self, texts: Sequence[str]) -> None:
        import bm25s

        # bm25s sets its own logger to DEBUG at import, which would print through any handler
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        tokens = [tokenize(t) or ["\u2400"] for t in texts]
        self._n = len(tokens)
        self._df = Counter(term for doc in tokens for term in set(doc))
        self._bm25 = bm25s.BM25(k1=K1, b=B)
        if self._n:
            self._bm25.index(tokens, show_progress=False)

    def idf(self, term: str) -> float:
        """How rare a token of `tokenize` is among the texts (high for unknown words)."""
        return self._idf(term)

    def _idf(self, term: str) -> float:
        df = self._df.get(term, 0)
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def scores(self, question: str) -> tuple[Scores, Scores]:
        """Return (raw BM25, BM25 over what a text holding every question word scores) per text."""
        terms = tokenize(question)
        if not self._n or not terms:
            zero = np.zeros(self._n, dtype=np.float32)
            return zero, zero
        raw = np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
        # The bound is the score of an average-length text holding each word once. Unknown
        # words count with the highest idf: a question about things no text mentions must not
        # look like a full match just because one common word matched.
        bound = sum(self._idf(t) for t in terms)
        return raw, (raw / bound).astype(np.float32)
