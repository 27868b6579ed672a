"""Whether a passage answers a question: a small logistic model over features one can explain.

A cosine floor alone cannot tell a question the articles answer from a near-topic one they do
not: "how much did the new ferries cost?" is as close in meaning to the article about those
ferries as a real question is. Each passage is judged on its own by

    p = sigmoid(bias + sum(weight[f] * feature[f]))

with the features

- `cos`: cosine of the question and the passage (E5 vectors);
- `sent`: the best cosine of the question and one sentence of the passage (stored sentence
  vectors): an answer is usually one sentence, and a long passage dilutes it;
- `cov`: the idf-weighted share of the question's content units the passage holds
  (relevance.py), and `rare`: the same of its rarer half (names, places, numbers);
- `lex`: BM25 of the passage over the best any passage could reach;
- `english`: asked in English (its cosines to Indonesian text run lower);
- `missing`: the question asks for a figure of a kind (money, a number, a date) that the
  passage does not hold (answer_type.py);
- `gap`: the passage's cosine above the median of the passages judged with it: an answer
  stands out from the rest, a near miss meets many passages alike.

A passage answers when p reaches the threshold. For a question asking what someone said about a
topic, the same model judges the topic alone against the passages where that person speaks
(searcher.py). Coefficients and threshold are fitted on training questions only (the shared
benchmarks' train splits, our own reworded, off-topic and development questions, never their
held-out quarter) by `python bench/fit_answerability.py`, which writes answerability.json.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path

COEFFICIENTS = Path(__file__).with_name("answerability.json")


@dataclass(frozen=True)
class Features:
    """What the decision reads of one passage for one question."""

    cos: float
    sent: float
    cov: float
    rare: float
    lex: float
    english: float
    missing: float
    gap: float

    def values(self) -> list[float]:
        # Not dataclasses.asdict: its deep copy was a twentieth of a question's time.
        return [float(getattr(self, name)) for name in FEATURES]


FEATURES = tuple(f.name for f in fields(Features))


@dataclass(frozen=True)
class Model:
    """The fitted decision: a weight per feature, a bias and the probability that answers."""

    weights: tuple[float, ...]
    bias: float
    threshold: float
    # Judging a topic against the passages where the person asked about is quoted: the
    # person is known to speak, only whether on this topic is in question.
    topic_threshold: float

    def logit(self, features: Features) -> float:
        return self.bias + sum(w * x for w, x in zip(self.weights, features.values(), strict=True))

    def probability(self, features: Features) -> float:
        z = self.logit(features)
        return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))

    @classmethod
    def load(cls, path: Path = COEFFICIENTS) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        weights = data["weights"]
        if set(weights) != set(FEATURES):
            raise ValueError(f"{path.name} has weights for {sorted(weights)}, not {FEATURES}")
        return cls(
            tuple(float(weights[f]) for f in FEATURES),
            float(data["bias"]),
            float(data["threshold"]),
            float(data["topic_threshold"]),
        )

    def save(self, path: Path, notes: dict[str, object]) -> None:
        data = {
            "weights": dict(zip(FEATURES, self.weights, strict=True)),
            "bias": self.bias,
            "threshold": self.threshold,
            "topic_threshold": self.topic_threshold,
            "fitted_on": notes,
        }
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


MODEL = Model.load()
