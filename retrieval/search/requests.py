"""Questions asking what someone requested, and the words that make a request.

"X minta apa", "pesan X ke warga", "what must the governor do" ask for a request, an
instruction or a hope. The words mark one ("harus …", "jangan …", "mohon …", "semoga …"), where
a quote that only describes does not: asked what a person requested, their quote that requests
is the answer even when another of theirs shares more of the topic's words.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from retrieval.text.phrasings import REQUEST_WORDS
from retrieval.text.vocabulary import fold_words
from retrieval.text.words import words

_REQUESTING = REQUEST_WORDS | words(
    "ajak mengajak ajakan ngajak desak mendesak suruh menyuruh nyuruh ngimbau harapannya "
    "urge urged urges must should"
)
_REQUESTING_PAIRS = frozenset({("has", "to"), ("have", "to"), ("had", "to"), ("ask", "to")})
# An apology is no request: "minta maaf soal …" asks what someone said in apologising.
_APOLOGY = frozenset({("minta", "maaf"), ("meminta", "maaf"), ("permintaan", "maaf")})
_MARKS = words(
    "harus jangan agar supaya mohon tolong wajib perlu minta meminta diminta mengimbau imbau "
    "diharapkan berharap harap semoga hendaknya mari ayo segera must should"
)


def asks_request(question_words: Sequence[str]) -> bool:
    """Whether a question (its folded words) asks what someone requested, urged or hoped."""
    pairs = set(itertools.pairwise(question_words))
    if pairs & _APOLOGY:
        return False
    return any(x in _REQUESTING for x in question_words) or bool(pairs & _REQUESTING_PAIRS)


def holds_request(text: str) -> bool:
    """Whether a text says what someone should do or is hoped for ("harus", "jangan", "mohon")."""
    return any(x in _MARKS for x in fold_words(text))
