"""Which files of a data folder are articles: the one listing `briefbot index` and `export` share.

A file is listed when its name ends in an article extension, nothing on its path is hidden, its
name is UTF-8 (an article's file name is stored and shown: a stray byte from another system
would stop the whole build), it is not a link leading out of the data folder (a link to
/etc/passwd must not be indexed, quoted or exported), and a .md or .txt file fits the article
size cap. Each file left out gets one warning naming it, in words safe to print or send.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from retrieval.records import MAX_ARTICLE_BYTES

EXTENSIONS = (".md", ".txt", ".jsonl")
# One file (.md, .txt) or .jsonl line holds one article: its text and room for what surrounds
# it (front matter, JSON). Never read further than this for one article.
MAX_ARTICLE_FILE = MAX_ARTICLE_BYTES + (64 << 10)
TOO_LARGE = f"larger than the {MAX_ARTICLE_BYTES / 1_000_000:g} MB an article may hold"


@dataclass(frozen=True)
class ArticleFile:
    """An article file: `path` where it is in the data folder, `real` the file read (the same
    path, or the target of a link that stays inside the folder)."""

    path: Path
    real: Path


@dataclass(frozen=True)
class DataFiles:
    """The article files of a data folder in path order, and one line per file left out."""

    files: tuple[ArticleFile, ...]
    warnings: tuple[str, ...]


def shown(path: Path | str) -> str:
    """A path as words: bytes that are not UTF-8 become U+FFFD (printable, storable, sendable)."""
    return os.fsencode(path).decode("utf-8", "replace")


def list_article_files(data_dir: Path, skip: Collection[Path] = ()) -> DataFiles:
    """Every article file under data_dir; `skip` are resolved folders left out (index, state)."""
    root = data_dir.resolve()
    files: list[ArticleFile] = []
    warnings: list[str] = []
    for folder, dirs, names in os.walk(data_dir):  # links to folders are never walked
        here = Path(folder)
        kept = []
        for name in sorted(dirs):
            path = here / name
            if name.startswith(".") or path.resolve() in skip:
                continue
            problem = _problem(path, root, is_dir=True)
            if problem:
                warnings.append(f"{shown(path)}: {problem}")
            elif not path.is_symlink():  # a link inside the folder: walked where it points
                kept.append(name)
        dirs[:] = kept
        for name in names:
            path = here / name
            if name.startswith(".") or not name.lower().endswith(EXTENSIONS):
                continue
            problem = _problem(path, root, is_dir=False)
            if problem:
                warnings.append(f"{shown(path)}: {problem}")
            else:
                files.append(ArticleFile(path, path.resolve() if path.is_symlink() else path))
    files.sort(key=lambda f: f.path.relative_to(data_dir).as_posix())
    warnings.sort()
    return DataFiles(tuple(files), tuple(warnings))


def _problem(path: Path, root: Path, is_dir: bool) -> str:
    """Why a file or folder of the data folder is left out ("" when it is not)."""
    try:
        path.name.encode("utf-8")
    except UnicodeEncodeError:
        return "skipped, its name is not UTF-8 (rename it)"
    if path.is_symlink():
        target = path.resolve()
        inside = target.is_relative_to(root) and not any(
            part.startswith(".") for part in target.relative_to(root).parts
        )
        if not inside:
            kind = "folder" if is_dir else "file"
            return f"skipped, a link to a {kind} outside the data folder (links are not followed)"
    if is_dir or path.suffix.lower() == ".jsonl":  # a .jsonl file: each line is capped
        return ""
    try:
        size = path.stat().st_size
    except OSError:
        return ""  # reading it says why
    return f"skipped, {TOO_LARGE}" if size > MAX_ARTICLE_FILE else ""


def open_article(file: ArticleFile) -> IO[bytes]:
    """Open an article file to read (see open_regular)."""
    return open_regular(file.real)


def open_regular(path: Path) -> IO[bytes]:
    """Open a file to read; OSError for a link (one swapped in since the file was listed), or
    for something that is not a regular file (a fifo named x.md would block the reader)."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OSError(errno.EINVAL, "not a regular file")
    return os.fdopen(fd, "rb")


def capped_lines(handle: IO[bytes]) -> Iterator[bytes | None]:
    """The lines of a .jsonl file, each read up to MAX_ARTICLE_FILE; None for a longer one
    (its bytes are skipped, never held)."""
    while line := handle.readline(MAX_ARTICLE_FILE + 1):
        if len(line) <= MAX_ARTICLE_FILE or line.endswith(b"\n"):
            yield line
            continue
        while (rest := handle.readline(1 << 20)) and not rest.endswith(b"\n"):
            pass
        yield None
