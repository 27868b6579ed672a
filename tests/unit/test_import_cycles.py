"""Imports inside one folder of `retrieval/` or `bot/` point one way: no module imports, by any
path of its folder's modules, a module that imports it back. Read from the source with `ast`, so
imports under TYPE_CHECKING and inside functions count too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("retrieval", "bot")


def _modules() -> dict[str, Path]:
    """Dotted module name -> its file, for every module of the packages."""
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of `modules` that the module `name` imports anywhere in its source."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            for alias in node.names:  # `from pkg import mod` imports the module pkg.mod
                sub = f"{base}.{alias.name}"
                out.add(sub if sub in modules else base)
    return {m for m in out if m in modules and m != name}


def _same_folder_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    return {
        name: {m for m in _imported(name, path, modules) if modules[m].parent == path.parent}
        for name, path in modules.items()
    }


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One import circle per group of modules that reach each other (Tarjan's components)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(node: str) -> None:
        order[node] = low[node] = len(order)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in order:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], order[nxt])
        if low[node] == order[node]:
            group = [stack.pop()]
            while group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                out.append(sorted(group))

    for node in sorted(graph):
        if node not in order:
            visit(node)
    return out


def test_no_module_imports_back_a_module_of_its_folder_that_imports_it() -> None:
    modules = _modules()
    assert "retrieval.index.store" in modules and "bot.telegram.app" in modules
    circles = _cycles(_same_folder_graph(modules))
    assert circles == [], (
        f"modules that import each other: {circles}; move what both need into a small module "
        "of the folder that imports neither"
    )


@pytest.mark.parametrize(
    ("sources", "circle"),
    [
        # The two circles this test was written against, as they were.
        ({"people": "if TYPE_CHECKING:\n    from pkg.store import StoredChunk\n",
          "store": "from pkg.people import read_people\n"}, ["pkg.people", "pkg.store"]),
        ({"embedder": "def load():\n    from pkg.onnx_export import load_onnx\n",
          "onnx_export": "from pkg.onnx_encoder import OnnxEmbedder\n",
          "onnx_encoder": "from pkg.embedder import Vectors\n"},
         ["pkg.embedder", "pkg.onnx_encoder", "pkg.onnx_export"]),
        ({"a": "from . import b\n", "b": "from .a import thing\n"}, ["pkg.a", "pkg.b"]),
        ({"a": "import pkg.b\n", "b": "from pkg import a\n"}, ["pkg.a", "pkg.b"]),
    ],
)  # fmt: skip
def test_a_circle_is_found_however_the_import_is_written(
    tmp_path: Path, sources: dict[str, str], circle: list[str]
) -> None:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "__init__.py").write_text("", encoding="utf-8")
    modules = {"pkg": folder / "__init__.py"}
    for name, text in sources.items():
        (folder / f"{name}.py").write_text(text, encoding="utf-8")
        modules[f"pkg.{name}"] = folder / f"{name}.py"
    assert _cycles(_same_folder_graph(modules)) == [circle]


def test_imports_across_folders_and_one_way_imports_are_no_circle(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    files = {
        "pkg": ("__init__.py", "from pkg.sub import leaf\n"),
        "pkg.top": ("top.py", "from pkg.low import x\nfrom pkg.sub.leaf import y\n"),
        "pkg.low": ("low.py", "import numpy\n"),
        "pkg.sub": ("sub/__init__.py", ""),
        "pkg.sub.leaf": ("sub/leaf.py", "from pkg import top\n"),
    }
    modules = {}
    for name, (rel, text) in files.items():
        (tmp_path / "pkg" / rel).write_text(text, encoding="utf-8")
        modules[name] = tmp_path / "pkg" / rel
    assert _cycles(_same_folder_graph(modules)) == []
