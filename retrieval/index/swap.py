"""The index folder's writer lock and the swap of `current` to a finished build.

A build never touches the current one: it is written into a fresh folder under `builds/` and
becomes current by replacing the `current` symlink, so a crash or Ctrl-C leaves the old index.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from retrieval.errors import IndexBusy, IndexStoreError
from retrieval.index.files import fsync_folder


@contextlib.contextmanager
def writer_lock(index_dir: Path) -> Iterator[None]:
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(index_dir / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise IndexStoreError(f"cannot write the index folder {index_dir}: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusy(f"another indexing run is writing {index_dir}") from exc
        yield
    finally:
        os.close(fd)


def reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    if isinstance(exc, RuntimeError):  # FAISS: a C++ message naming its own source file
        return "the vector file could not be written; is the disk full?"
    return str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__


def swap(index_dir: Path, build: Path) -> None:
    """Point `current` at the new build in one rename, then drop older builds.

    The build just replaced is kept one round, so a reader that resolved `current` a moment
    before the swap can still finish loading it.
    """
    link = index_dir / "current"
    replaced = link.resolve() if link.is_symlink() and link.exists() else None
    tmp = index_dir / f".current-{os.getpid()}"
    try:
        tmp.unlink(missing_ok=True)
        tmp.symlink_to(build.relative_to(index_dir))
        if link.is_dir() and not link.is_symlink():  # a real folder put there by hand
            link.rename(index_dir / "builds" / f"displaced-{os.getpid()}")
        os.replace(tmp, link)  # also over a plain file that took the link's place
        fsync_folder(index_dir)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        shutil.rmtree(build, ignore_errors=True)
        raise IndexStoreError(
            f"cannot switch the index in {index_dir} to the new build ({reason(exc)}); the "
            "previous index is kept"
        ) from exc
    for other in (index_dir / "builds").iterdir():
        if other not in (build, replaced):
            shutil.rmtree(other, ignore_errors=True)


def drop_swap_leftovers(index_dir: Path) -> None:
    """Remove `.current-<pid>` links a run killed mid-swap left; the caller holds the lock."""
    for leftover in index_dir.glob(".current-*"):
        with contextlib.suppress(OSError):
            leftover.unlink()
