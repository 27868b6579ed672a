"""bench/ is outside mypy's files: a name moved in bot/ or retrieval/ must not leave a benchmark
importing what is gone (found when the embedder's loader moved)."""

from __future__ import annotations

import ast
import importlib
import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _imports(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text("utf-8"))
    guarded = {  # imports tried with a fallback for older checkouts
        id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) for n in ast.walk(t)
    }
    return [
        (node.module, alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and id(node) not in guarded
        and node.module and node.module.split(".")[0] in ("bot", "retrieval")
        for alias in node.names
    ]


@pytest.mark.parametrize("path", sorted(BENCH.glob("*.py")), ids=lambda p: p.name)
def test_every_benchmark_imports_names_that_exist(path: Path) -> None:
    missing = [
        f"{module}.{name}"
        for module, name in _imports(path)
        if not hasattr(importlib.import_module(module), name)
        and importlib.util.find_spec(f"{module}.{name}") is None
    ]
    assert missing == []
