"""Reading an archive for `briefbot import`: every member staged, checked and the whole stream
verified before restore.py writes anything.

Members are streamed into a private staging folder under size caps (never whole into memory),
checked with tarfile's `data` filter and briefbot's own layout rules; only regular files pass.
After the tar's end the gzip stream is read to its own end, so its CRC and length are checked: a
flipped bit or a cut end is refused, not restored. An export with checksums in its manifest has
each member's size and SHA-256 compared as well. Members no briefbot index would read (a name
that is not UTF-8, an article over the size cap) are skipped with a warning naming them.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import sys
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from bot.cli.backup import ARTICLES, FORMAT, MANIFEST, SQLITE_SUFFIXES, STATE
from bot.cli.backup_error import BackupError
from retrieval.index.datafiles import EXTENSIONS, MAX_ARTICLE_FILE, TOO_LARGE, shown

# Room for a large .jsonl of articles or a long-lived state database, never for a disk filler.
MAX_JSONL_BYTES = 256 << 20  # one .jsonl file of articles (each line at most MAX_ARTICLE_FILE)
MAX_STATE_BYTES = 1 << 30  # one state file
MAX_TOTAL_BYTES = 4 << 30  # everything an archive unpacks to
MAX_MEMBERS = 200_000
_MAX_READ = 8 << 20  # tarfile reads pax and long-name headers whole: refuse giant ones
_CHUNK = 1 << 20


@dataclass
class Staged:
    """The archive's files in the staging folder (member name -> file), and what was skipped."""

    files: dict[str, Path] = field(default_factory=dict)
    sums: dict[str, tuple[int, str]] = field(default_factory=dict)  # member -> (size, sha256)
    skipped: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # every member name met, skipped ones too


def read_archive(source: str, staging: Path) -> Staged:
    """Stage and check every member of the archive at `source` (a path, or "-" for stdin)."""
    staged = Staged()
    try:
        with (
            _opened(source, staging) as raw,
            gzip.GzipFile(fileobj=raw, mode="rb") as unzipped,
        ):
            with tarfile.open(fileobj=_CappedReads(unzipped), mode="r:") as tar:  # type: ignore[call-overload]
                _stage_members(tar, staging, staged)
            while unzipped.read(_CHUNK):  # to the gzip trailer: its CRC and length are checked
                pass
    except (tarfile.TarError, EOFError, gzip.BadGzipFile, zlib.error) as exc:
        what = "is damaged or cut short" if staged.seen else "is not a briefbot export (a .tar.gz)"
        raise BackupError(f"{source} {what}: {exc}; nothing was changed") from exc
    except OSError as exc:
        raise BackupError(f"cannot read {source}: {exc.strerror or exc}") from exc
    manifest = staged.files.pop(MANIFEST, None)
    _check_manifest(source, manifest, staged)
    return staged


class _CappedReads:
    """The tar stream, refusing the single huge read a forged pax or long-name header asks."""

    def __init__(self, inner: gzip.GzipFile) -> None:
        self._inner = inner

    def read(self, size: int = -1) -> bytes:
        if size < 0 or size > _MAX_READ:
            raise BackupError("the archive has an oversized tar header; not made by briefbot")
        return self._inner.read(size)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()


@contextlib.contextmanager
def _opened(source: str, staging: Path) -> Iterator[IO[bytes]]:
    """The archive file, or standard input copied (capped) into a file tarfile can seek in."""
    if source != "-":
        with open(source, "rb") as handle:
            yield handle
        return
    with open(staging / "stdin.tar.gz", "w+b") as spool:
        copy_capped(sys.stdin.buffer, spool, MAX_TOTAL_BYTES, "standard input")
        spool.seek(0)
        yield spool


def _stage_members(tar: tarfile.TarFile, staging: Path, staged: Staged) -> None:
    total = 0
    for count, member in enumerate(tar, 1):
        if count > MAX_MEMBERS:
            raise BackupError(f"the archive has over {MAX_MEMBERS} members; nothing was changed")
        if not _checked(member, staging):
            continue
        if member.name in staged.seen:
            raise BackupError("the archive holds the same file twice; it was not made by briefbot")
        staged.seen.add(member.name)
        own = _cap(member.name)
        if own == MAX_ARTICLE_FILE and member.size > own:  # `briefbot index` would skip it
            staged.skipped.append(f"{shown(member.name)}: skipped, {TOO_LARGE}")
            continue
        total += member.size
        if member.size > own or total > MAX_TOTAL_BYTES:
            which = "it" if member.size > own else "the archive"
            cap = own if which == "it" else MAX_TOTAL_BYTES
            raise BackupError(
                f"archive member {member.name!r} is {member.size} bytes; {which} would pass the "
                f"{cap} byte limit; nothing was changed"
            )
        try:
            member.name.encode("utf-8")
        except UnicodeEncodeError:  # bytes from another system; `briefbot index` would skip it
            staged.skipped.append(f"{shown(member.name)}: skipped, its name is not UTF-8")
            continue
        _stage(tar, member, staging / f"{len(staged.files):06d}", staged)


def _cap(name: str) -> int:
    if not name.startswith(f"{ARTICLES}/"):
        return MAX_STATE_BYTES
    return MAX_JSONL_BYTES if name.lower().endswith(".jsonl") else MAX_ARTICLE_FILE


def _stage(tar: tarfile.TarFile, member: tarfile.TarInfo, path: Path, staged: Staged) -> None:
    handle = tar.extractfile(member)
    assert handle is not None  # a regular file, checked above
    digest = hashlib.sha256()
    lines = member.name.startswith(f"{ARTICLES}/") and member.name.lower().endswith(".jsonl")
    with handle, open(path, "wb") as out:
        fits = copy_capped(handle, out, member.size, repr(member.name), digest, lines)
    if not fits:  # a .jsonl line longer than one article may be
        path.unlink()
        staged.skipped.append(f"{shown(member.name)}: skipped, a line is {TOO_LARGE}")
        return
    staged.files[member.name] = path
    staged.sums[member.name] = (member.size, digest.hexdigest())


def copy_capped(
    source: IO[bytes],
    out: IO[bytes],
    limit: int,
    what: str,
    digest: hashlib._Hash | None = None,
    lines: bool = False,
) -> bool:
    """Copy at most `limit` bytes (more is refused); with `lines`, False when one line of the
    copy is longer than MAX_ARTICLE_FILE (the copy is then incomplete)."""
    copied = 0
    line = 0  # bytes of the line still open at the end of the last chunk
    while chunk := source.read(_CHUNK):
        copied += len(chunk)
        if copied > limit:
            raise BackupError(f"{what} is over the {limit} byte limit; nothing was changed")
        if lines:
            first, newline, _ = chunk.partition(b"\n")
            longest = max([line + len(first), *map(len, chunk.split(b"\n")[1:])])
            if longest > MAX_ARTICLE_FILE:
                return False
            line = len(chunk) - chunk.rfind(b"\n") - 1 if newline else line + len(chunk)
        if digest is not None:
            digest.update(chunk)
        out.write(chunk)
    return True


def _checked(member: tarfile.TarInfo, staging: Path) -> bool:
    """True for a file to restore, False for a folder; raise for anything unsafe."""
    path = PurePosixPath(member.name)
    parts = path.parts
    if path.is_absolute() or not parts or any(p in ("", ".", "..") for p in parts) or (
        "\\" in member.name
    ):
        raise BackupError(f"unsafe path in the archive: {member.name!r}; nothing was changed")
    if member.isdir():
        return False
    # Links, devices, fifos could point outside the folders; a sparse member can claim any size.
    if not member.isfile() or member.issparse():
        raise BackupError(f"archive member {member.name!r} is not a plain file; nothing changed")
    try:
        tarfile.data_filter(member, str(staging))
    except tarfile.FilterError as exc:
        raise BackupError(f"unsafe archive member {member.name!r}: {exc}; nothing changed") from exc
    hidden = any(p.startswith(".") for p in parts)
    article = parts[0] == ARTICLES and len(parts) > 1 and path.suffix.lower() in EXTENSIONS
    state = parts[0] == STATE and len(parts) == 2 and not _sqlite_side_file(parts[1])
    if hidden or not (member.name == MANIFEST or article or state):
        raise BackupError(f"unexpected file in the archive: {member.name!r}; nothing changed")
    return True


def _sqlite_side_file(name: str) -> bool:
    """A journal or WAL file: SQLite would replay it into the database it sits beside."""
    stem = name.split("-")[0]
    return "-" in name and stem.endswith(SQLITE_SUFFIXES)


def _check_manifest(source: str, path: Path | None, staged: Staged) -> None:
    try:
        manifest = json.loads(path.read_bytes()) if path is not None else None
    except ValueError:
        manifest = None
    if not isinstance(manifest, dict):
        raise BackupError(f"{source} has no {MANIFEST}: it is not a briefbot export")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{source} is export format {manifest.get('format')!r}; this briefbot reads {FORMAT}"
        )
    sums = manifest.get("files")
    if sums is None:
        return  # an export made before checksums: the gzip stream's own checks hold it
    listed = sums if isinstance(sums, dict) else {}
    for name in sorted(staged.seen - {MANIFEST} | set(listed)):
        entry = listed.get(name)
        want = (entry.get("size"), entry.get("sha256")) if isinstance(entry, dict) else None
        if name not in staged.seen or want is None or (
            name in staged.sums and staged.sums[name] != want
        ):
            raise BackupError(
                f"{source} is damaged: {name!r} does not match the checksums of its manifest; "
                "nothing was changed"
            )
