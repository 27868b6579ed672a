"""Questions asking what someone requested, and the quotes that request."""

from __future__ import annotations

import pytest

from retrieval.search.requests import asks_request, holds_request
from retrieval.text.vocabulary import fold_words


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Camat minta apa soal jembatan?", True),
        ("camat pesen apa ke warga?", True),  # chat spelling
        ("What does the regent have to do about the ferry?", True),
        ("Camat bilang apa soal jembatan?", False),
        ("camat minta maaf soal apa?", False),  # an apology is no request
    ],
)
def test_a_question_asking_what_someone_requested(question: str, asks: bool) -> None:
    assert asks_request(fold_words(question)) is asks


def test_a_quote_that_requests() -> None:
    assert holds_request("Warga jangan membuang sampah ke sungai.")
    assert holds_request("Kami mohon pengendara bersabar.")
    assert not holds_request("Jembatan ini dibangun tahun lalu.")
