"""Build a folder in the model cache once: beside its final place, then renamed into it.

A crash never leaves a half-written folder that a later run loads: a folder counts only once its
completion marker (written last) is in it.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from retrieval.errors import ModelError

log = logging.getLogger(__name__)

_STALE_SECONDS = 3600


def is_complete(folder: Path, marker: str) -> bool:
    """Whether `folder` was built to the end (its marker is written last)."""
    return (folder / marker).is_file()


def build_once(
    target: Path, marker: str, write: Callable[[Path], None], *, replace: bool = False
) -> Path:
    """Return `target`, first running `write(tmp)` into a fresh folder renamed into place.

    `write` must write `marker` last. Errors of `write` propagate after the temporary folder is
    removed; an unwritable cache is a ModelError. `replace` rebuilds a complete but damaged one.
    """
    if is_complete(target, marker) and not replace:
        return target
    cache_dir = target.parent
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        _drop_stale(cache_dir, target.name)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name}-", dir=cache_dir))
    except OSError as exc:
        raise ModelError(
            f"cannot write the model cache folder {cache_dir}: {exc.strerror}"
        ) from exc
    started = time.monotonic()
    try:
        write(tmp)
        _share(tmp)
        if target.exists():  # an incomplete or damaged leftover: whole ones returned above
            shutil.rmtree(target)
        tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if is_complete(target, marker) and not replace:  # another process built it first
            return target
        raise ModelError(f"cannot build {target.name} in {cache_dir}: {exc}") from exc
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("built %s in %.1f s", target, time.monotonic() - started)
    return target


def _share(folder: Path) -> None:
    # mkdtemp and safetensors create owner-only entries; a cache is read by every user's bot.
    for path in (folder, *folder.rglob("*")):
        path.chmod(0o755 if path.is_dir() else 0o644)


def _drop_stale(cache_dir: Path, name: str) -> None:
    # Builds that crashed leave ~0.5 GB behind; a live build touches its folder within minutes.
    for leftover in cache_dir.glob(f".tmp-{name}-*"):
        if time.time() - leftover.stat().st_mtime > _STALE_SECONDS:
            shutil.rmtree(leftover, ignore_errors=True)
