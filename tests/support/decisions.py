"""Answer decisions for engine tests on the hashing fake embedder, whose cosines mean little.

The product's fitted decision (retrieval/search/answerability.json) is calibrated on the real
model; a test that is about something else (ranking, quotes, reuse) passes every passage, and a
test about the decision itself names the one feature it turns on.
"""

from __future__ import annotations

from retrieval.search.answerability import FEATURES, Model


def on(bias: float = 0.0, **weights: float) -> Model:
    """A decision passing a passage when bias + sum(weight x feature) >= 0."""
    unknown = set(weights) - set(FEATURES)
    assert not unknown, f"no such features: {unknown}"
    return Model(tuple(weights.get(f, 0.0) for f in FEATURES), bias, 0.5, 0.5)


ALWAYS = on(bias=50.0)
NEVER = on(bias=-50.0)
