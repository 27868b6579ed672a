"""The PFSA-ID dev scorer on a small slice: quote finding and attribution hold the issue's goals.

Model-free (extract_quotes straight on the article files), scored by the set's own score.py;
the first 20 articles by id, so the slice is fixed and small enough for the unit suite.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from retrieval.text.quotes import extract_quotes

ROOT = Path(__file__).resolve().parents[2]
DEV = next(
    (
        up / "shared" / "benchmarks" / "pfsa-id-dev"
        for up in ROOT.parents
        if (up / "shared" / "benchmarks" / "pfsa-id-dev").is_dir()
    ),
    Path("/work/shared/benchmarks/pfsa-id-dev"),
)
SLICE = 20
GOALS = {"f1": 0.98, "attribution_accuracy": 0.97, "attribution_accuracy_clean_name": 0.95}
MAX_SPEAKERLESS = 0.02  # quotes with no speaker where the gold has one


@pytest.mark.skipif(not (DEV / "score.py").exists(), reason="PFSA-ID dev set not present")
def test_dev_slice_meets_the_attribution_goals(tmp_path: Path) -> None:
    ids = sorted(p.stem for p in (DEV / "articles").glob("*.md"))[:SLICE]
    preds = [
        {"text": q.text, "speaker": q.speaker, "role": q.role, "article_id": aid}
        for aid in ids
        for q in extract_quotes((DEV / "articles" / f"{aid}.md").read_text(encoding="utf-8"))
    ]
    keep = set(ids)
    gold = [
        line
        for line in (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()
        if line and json.loads(line)["article"] in keep
    ]
    (tmp_path / "gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    (tmp_path / "pred.jsonl").write_text(
        "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), encoding="utf-8"
    )
    run = subprocess.run(
        [
            sys.executable,
            str(DEV / "score.py"),
            str(tmp_path / "gold.jsonl"),
            str(tmp_path / "pred.jsonl"),
            "--neutral",
            str(DEV / "unannotated.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(run.stdout.splitlines()[0])
    for key, goal in GOALS.items():
        assert summary[key] >= goal, (key, summary)
    assert summary["matched_without_speaker"] <= MAX_SPEAKERLESS * summary["attribution_judged"]
