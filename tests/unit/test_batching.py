"""Questions asked together share one model call, and each caller gets its own rows back."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from retrieval.model.batching import MicroBatcher
from retrieval.model.embedder import Vectors


class SlowModel:
    """Each text becomes a row holding its length; a call takes `seconds` whatever its size."""

    def __init__(self, seconds: float = 0.05, fail: bool = False) -> None:
        self.seconds = seconds
        self.fail = fail
        self.calls: list[int] = []
        self._lock = threading.Lock()
        self.concurrent = 0
        self.most_concurrent = 0

    def __call__(self, texts: Sequence[str]) -> Vectors:
        with self._lock:
            self.concurrent += 1
            self.most_concurrent = max(self.most_concurrent, self.concurrent)
            self.calls.append(len(texts))
        time.sleep(self.seconds)
        with self._lock:
            self.concurrent -= 1
        if self.fail:
            raise RuntimeError("model broke")
        return np.array([[len(t), 0.0] for t in texts], dtype=np.float32).reshape(-1, 2)


def _ask_together(batcher: MicroBatcher, questions: list[str]) -> list[Vectors]:
    start = threading.Barrier(len(questions))

    def ask(question: str) -> Vectors:
        start.wait()
        return batcher([question])

    with ThreadPoolExecutor(len(questions)) as pool:
        return list(pool.map(ask, questions))


def test_a_burst_is_embedded_in_few_calls_and_rows_go_back_to_their_askers() -> None:
    model = SlowModel()
    questions = ["x" * n for n in range(1, 41)]
    rows = _ask_together(MicroBatcher(model, window=0.01), questions)
    assert [float(r[0, 0]) for r in rows] == [float(len(q)) for q in questions]
    assert sum(model.calls) == 40 and len(model.calls) <= 4
    assert model.most_concurrent == 1


def test_batches_stop_at_the_size_limit() -> None:
    model = SlowModel(seconds=0.01)
    rows = _ask_together(MicroBatcher(model, window=0.02, max_batch=8), ["ab"] * 24)
    assert all(r.shape == (1, 2) for r in rows)
    assert max(model.calls) <= 8 and sum(model.calls) == 24


def test_a_lone_question_is_one_call_of_its_own() -> None:
    model = SlowModel(seconds=0.0)
    batcher = MicroBatcher(model, window=0.0)
    assert batcher(["one", "three"]).tolist() == [[3.0, 0.0], [5.0, 0.0]]
    assert batcher([]).shape == (0, 2)
    assert model.calls == [2, 0]


def test_a_model_error_reaches_every_caller_of_the_batch() -> None:
    model = SlowModel(fail=True)
    batcher = MicroBatcher(model, window=0.01)
    with pytest.raises(RuntimeError, match="model broke"):
        _ask_together(batcher, ["a", "b", "c"])
    model.fail = False
    assert batcher(["again"]).shape == (1, 2)  # a failed batch leaves the batcher usable
