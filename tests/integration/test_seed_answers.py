"""A searcher that reads texts per question answers the seed questions exactly as one that held
everything in memory (tests/support/memory_store.py), with the real model, in every mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from retrieval.index.build import open_build
from retrieval.model.embedder import Embedder
from retrieval.records import MODES
from retrieval.search.searcher import Searcher
from tests.support.memory_store import in_memory
from tests.support.shared import SEED_QUESTIONS

pytestmark = pytest.mark.integration


@pytest.mark.skipif(not SEED_QUESTIONS.is_file(), reason="../shared is not beside the project")
def test_seed_questions_are_answered_exactly_as_by_the_in_memory_searcher(
    seed_index: Path, embedder: Embedder
) -> None:
    lines = SEED_QUESTIONS.read_text(encoding="utf-8").splitlines()
    questions = [json.loads(line)["question"] for line in lines if line.strip()]
    build = open_build(seed_index / "index", embedder.model_id)
    reference = in_memory(build)
    answered = quoted = 0
    for mode in MODES:
        used = embedder if mode != "bm25" else None
        lazy, memory = Searcher(build, used, mode), Searcher(reference, used, mode)
        for question in questions:
            for offset in (0, 3):
                got = lazy.ask(question, k=3, offset=offset)
                assert got == memory.ask(question, k=3, offset=offset), (mode, question)
                answered += bool(got.passages)
                quoted += sum(p.quote is not None for p in got.passages)
        assert lazy.sources() == memory.sources()
        assert lazy.quotes() == memory.quotes()
    # most questions find passages with quotes: the comparison covers what users see
    assert answered > len(questions) and quoted > len(questions)
