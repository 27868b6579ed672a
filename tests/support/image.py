"""The deploy image as written in deploy/Dockerfile: its instructions and its environment."""

from __future__ import annotations

import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.support.environment import without_settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BIN = Path(sys.executable).parent  # where the virtualenv put `briefbot`


@dataclass(frozen=True)
class Instruction:
    keyword: str
    args: str


def dockerfile() -> list[Instruction]:
    """The Dockerfile's instructions, continuation lines joined and comments dropped."""
    found: list[Instruction] = []
    pending = ""
    for raw in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, args = (pending + line).partition(" ")
        found.append(Instruction(keyword.upper(), " ".join(args.split())))
        pending = ""
    return found


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for args in (i.args for i in dockerfile() if i.keyword == "ENV"):
        env.update(part.split("=", 1) for part in shlex.split(args))  # type: ignore[misc]
    return env


def image_env_under(tmp: Path, cache: Path) -> dict[str, str]:
    """The image's ENV with its absolute folders moved under `tmp`, nothing from this shell."""
    env = without_settings()
    for name, value in image_env().items():
        env[name] = str(tmp / value.lstrip("/")) if value.startswith(("/data", "/opt")) else value
    env["BRIEFBOT_CACHE_DIR"] = str(cache)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env
