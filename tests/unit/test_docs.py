"""The README and the docs point at what exists: every relative link reaches a file (and, when it
names one, a heading of it), and every repository file a doc names in code is there."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from bot.cli.main import _parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = sorted(
    [ROOT / "README.md", ROOT / "deploy" / "README.md", *(ROOT / "docs").glob("*.md")]
)
_FENCE = re.compile(r"^```.*?^```", re.M | re.S)
_LINK = re.compile(r"\[[^\]]*\]\((?P<target>[^)\s]+)\)")
# A path of the repository in a code span or command: `python bench/relevance.py --split eval`.
_NAMED = re.compile(r"(?<![\w/.-])(?:bench|bot|data|deploy|docs|retrieval|tests)/[\w/.-]*\w\.\w+")


def _prose(path: Path) -> str:
    return _FENCE.sub("", path.read_text(encoding="utf-8"))


def _anchors(path: Path) -> set[str]:
    """The anchors GitHub gives the headings of a Markdown file."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", _prose(path), re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def test_there_are_docs_to_check() -> None:
    names = {p.name for p in DOCS}
    assert {"README.md", "settings.md", "reliability.md", "how-it-works.md"} <= names


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_reaches_a_file_and_heading(doc: Path) -> None:
    broken = []
    for m in _LINK.finditer(_prose(doc)):
        target = m["target"]
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in _anchors(path)):
            broken.append(target)
    assert broken == [], f"links in {doc.relative_to(ROOT)} to nothing"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_file_a_doc_names_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    missing = sorted({name for name in _NAMED.findall(text) if not (ROOT / name).exists()})
    assert missing == [], f"{doc.relative_to(ROOT)} names files that are not there"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_briefbot_command_a_doc_shows_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    code = re.findall(r"```.*?```", text, re.S) + re.findall(r"`[^`\n]+`", text)
    command = re.compile(r"(?:^|[\s/`])briefbot ([a-z]+)\b", re.M)
    commands = {c for block in code for c in command.findall(block)}
    sub = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert commands - set(sub.choices) == set(), f"{doc.relative_to(ROOT)} shows unknown commands"
