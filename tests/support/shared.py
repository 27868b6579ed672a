"""Files of ../shared (beside the project, or beside the folder holding a worktree of it)."""

from __future__ import annotations

from pathlib import Path

SEED_QUESTIONS = next(
    (
        p / "shared" / "benchmarks" / "seed-questions" / "questions.jsonl"
        for p in Path(__file__).resolve().parents[2:]
        if (p / "shared" / "benchmarks").is_dir()
    ),
    Path("missing"),
)
