"""Questions that arrive together are embedded together: one model call for the lot.

A model call has a fixed cost (thread wake-ups, small operators) that one short question does
not fill; a batch of questions costs little more than one. No thread of its own: the first
caller while the model is free becomes the leader, waits `window` seconds for others to join,
embeds everyone queued and hands each caller its rows; callers arriving meanwhile queue for the
next batch, so under load batches grow by themselves.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from retrieval.model.embedder import Vectors

DEFAULT_WINDOW = 0.002  # seconds a leader waits for company: ~a third of one int8 question
DEFAULT_MAX_BATCH = 32


@dataclass(eq=False)
class _Ticket:
    texts: Sequence[str]
    done: bool = False
    rows: Vectors = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    error: BaseException | None = None


class MicroBatcher:
    """Wraps `embed(texts) -> rows`, merging the calls of concurrent threads into one."""

    def __init__(
        self,
        embed: Callable[[Sequence[str]], Vectors],
        window: float = DEFAULT_WINDOW,
        max_batch: int = DEFAULT_MAX_BATCH,
    ) -> None:
        self._embed = embed
        self._window = window
        self._max_batch = max(1, max_batch)
        self._queue: list[_Ticket] = []
        self._busy = False
        self._changed = threading.Condition()
        self.batches = 0  # model calls made (a benchmark reads them)

    def __call__(self, texts: Sequence[str]) -> Vectors:
        ticket = _Ticket(texts)
        with self._changed:
            self._queue.append(ticket)
        while True:
            with self._changed:
                while self._busy and not ticket.done:
                    self._changed.wait()
                if ticket.done:
                    if ticket.error is not None:
                        raise ticket.error
                    return ticket.rows
                self._busy = True  # this caller leads the next batch
            self._lead()

    def _lead(self) -> None:
        batch: list[_Ticket] = []
        try:
            if self._window > 0:
                time.sleep(self._window)
            with self._changed:
                batch, self._queue = self._take()
            rows = self._embed([text for t in batch for text in t.texts])
            start = 0
            for t in batch:
                t.rows, start = rows[start : start + len(t.texts)], start + len(t.texts)
        except BaseException as exc:  # every caller of the batch gets the model's error
            for t in batch:
                t.error = exc
        finally:
            with self._changed:
                for t in batch:
                    t.done = True
                self.batches += 1
                self._busy = False
                self._changed.notify_all()

    def _take(self) -> tuple[list[_Ticket], list[_Ticket]]:
        taken, size = 0, 0
        for t in self._queue:
            if taken and size + len(t.texts) > self._max_batch:
                break
            taken, size = taken + 1, size + len(t.texts)
        return self._queue[:taken], self._queue[taken:]
