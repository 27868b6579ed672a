"""BM25 over chunk texts (bm25s), with Indonesian stop words and the Snowball Indonesian stemmer.

Scores are also given normalised to [0, 1] by the query's own upper bound, so that fusion can
tell a question that shares rare words with a passage from one that merely shares a few.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from retrieval.errors import IndexCorrupt
from retrieval.index.files import fsync_folder

Scores = npt.NDArray[np.float32]

K1 = 1.5
B = 0.75
_META = "lexical.json"

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
    """BM25 over a fixed list of texts; row i of every score array is text i.

    Saved with its build and memory-mapped when loaded: a question reads only the postings of
    its own terms, so a large index neither takes minutes to start nor fills the memory.
    """

    def __init__(self, texts: Iterable[str], bm25: Any = None, documents: int = 0) -> None:
        import bm25s

        # bm25s sets its own logger to DEBUG at import, which would print through any handler
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self._bm25 = bm25
        self._n = documents
        if bm25 is None:
            corpus = _TokenIds.of(texts)
            self._n = len(corpus.ids)
            if self._n:
                self._bm25 = bm25s.BM25(k1=K1, b=B)
                self._bm25.index(corpus, show_progress=False)
        self._df: npt.NDArray[np.int64] = (
            np.diff(self._bm25.scores["indptr"]) if self._bm25 else np.zeros(0, dtype=np.int64)
        )

    @property
    def documents(self) -> int:
        return self._n

    def save(self, folder: Path) -> None:
        """Write the index into a new folder (the caller renames the build into place)."""
        folder.mkdir()
        if self._bm25 is not None:
            self._bm25.save(folder / "bm25s", show_progress=False)
        (folder / _META).write_text(json.dumps({"documents": self._n}), encoding="utf-8")
        if self._bm25 is not None:
            fsync_folder(folder / "bm25s", files=True)
        fsync_folder(folder, files=True)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Open a saved index; raise IndexCorrupt when a file is missing or damaged."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        try:
            documents = int(json.loads((folder / _META).read_text(encoding="utf-8"))["documents"])
            bm25 = (
                bm25s.BM25.load(folder / "bm25s", mmap=True, show_progress=False)
                if documents
                else None
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexCorrupt(
                f"BM25 index {folder.name} is damaged"
            ) from exc
        if bm25 is not None and (
            bm25.scores["num_docs"] != documents
            or len(bm25.scores["indptr"]) < len(bm25.vocab_dict)
            or len(bm25.scores["data"]) != len(bm25.scores["indices"])
            or len(bm25.scores["data"]) != bm25.scores["indptr"][-1]
        ):
            raise IndexCorrupt(
                f"BM25 index {folder.name} is damaged"
            )
        return cls((), bm25, documents)

    def idf(self, term: str) -> float:
        """How rare a token of `tokenize` is among the texts (high for unknown words)."""
        return self._idf(term)

    def knows(self, term: str) -> bool:
        """Whether any text holds a token of `tokenize`."""
        return self._df_of(term) > 0

    def _idf(self, term: str) -> float:
        df = self._df_of(term)
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))

    def _df_of(self, term: str) -> int:
        """How many texts hold a token of `tokenize` (0 for an unknown one)."""
        vocab = self._bm25.vocab_dict if self._bm25 else {}
        at = vocab.get(term)
        return int(self._df[at]) if at is not None and at < len(self._df) else 0

    def share(self, word: str) -> float:
        """The share of the texts that hold a word (as written, folded)."""
        stems = tokenize(word)
        if len(stems) != 1 or not self._n:
            return 0.0
        return self._df_of(stems[0]) / self._n

    def holds(self, term: str, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
        """Which of the texts `rows` names hold a token of `tokenize` (none hold an unknown one)."""
        found = np.zeros(len(rows), dtype=bool)
        at = self._bm25.vocab_dict.get(term) if self._bm25 else None
        indptr = self._bm25.scores["indptr"] if self._bm25 else ()
        if at is None or at + 1 >= len(indptr) or not len(rows):
            return found
        # bm25s stores a term's texts in ascending order (CSC): a binary search per row costs a
        # question microseconds where a pass over a common word's texts costs milliseconds.
        texts = self._bm25.scores["indices"][indptr[at] : indptr[at + 1]]
        if not len(texts):
            return found
        pos = np.minimum(np.searchsorted(texts, rows), len(texts) - 1)
        found[:] = texts[pos] == rows
        return found

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


@dataclass(frozen=True)
class _TokenIds:
    """Texts as token ids in one compact array: bm25s reads `ids` and `vocab` from it.

    A million texts as lists of token strings would take many gigabytes; as int32 ids the
    index of a million chunks is built in a few hundred megabytes.
    """

    ids: _Documents
    vocab: dict[str, int]

    @classmethod
    def of(cls, texts: Iterable[str]) -> _TokenIds:
        vocab: dict[str, int] = {}
        flat = array("i")
        ends = array("q")
        for text in texts:
            # A text with no words still needs one token: bm25s cannot score an empty text.
            flat.extend(vocab.setdefault(t, len(vocab)) for t in tokenize(text) or ["\u2400"])
            ends.append(len(flat))
        return cls(_Documents(flat, ends), vocab)


class _Documents:
    """Each text's token ids as a list, made when iterated; only the flat array is held."""

    def __init__(self, flat: array[int], ends: array[int]) -> None:
        self._flat = flat
        self._ends = ends

    def __len__(self) -> int:
        return len(self._ends)

    def __iter__(self) -> Iterator[list[int]]:
        start = 0
        for end in self._ends:
            yield self._flat[start:end].tolist()
            start = end
