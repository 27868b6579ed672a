"""The index folder's layout and its manifest: which build is current and how it was made.

<index_dir>/current -> builds/<name>     (a symlink, swapped atomically)
<index_dir>/builds/<name>/manifest.json, store.sqlite, vectors.faiss, lexical/ (BM25)
<index_dir>/.lock                        (held by the one process that writes)
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from retrieval.errors import IndexCorrupt, IndexMismatch, IndexMissing

FORMAT = 2  # 2: articles carry their lead (opening words)
MANIFEST = "manifest.json"
STORE = "store.sqlite"
VECTORS = "vectors.faiss"
LEXICAL = "lexical"


@dataclass(frozen=True)
class Manifest:
    model_id: str
    dimension: int
    chunker_version: str
    articles: int
    chunks: int
    quotes: int
    built_at: str
    format: int = FORMAT

    def write(self, folder: Path) -> None:
        (folder / MANIFEST).write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")


def current_build(index_dir: Path) -> Path:
    """Return the folder of the current build, resolved once so a later swap cannot mix files."""
    link = index_dir / "current"
    if not link.exists():
        raise IndexMissing(f"no index in {index_dir}")
    folder = link.resolve()
    if not folder.is_dir():  # `current` overwritten by a plain file
        raise IndexCorrupt(f"{link} is not a build folder")
    return folder


def read_manifest(build: Path) -> Manifest:
    try:
        raw = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
    except FileNotFoundError as exc:
        raise IndexCorrupt(f"index manifest missing in {build}") from exc
    except (ValueError, TypeError, OSError) as exc:
        raise IndexCorrupt(f"index manifest in {build} is damaged") from exc
    if manifest.format != FORMAT:
        raise IndexMismatch(
            f"index format {manifest.format} is not {FORMAT}"
        )
    return manifest


def check_compatible(
    manifest: Manifest, model_id: str | None, chunker_version: str | None
) -> None:
    """Refuse an index made with another model or chunker (None: either is fine)."""
    if model_id is not None and manifest.model_id != model_id:
        raise IndexMismatch(
            f"the index was built with model {manifest.model_id!r} but {model_id!r} is "
            "configured"
        )
    if chunker_version is not None and manifest.chunker_version != chunker_version:
        raise IndexMismatch(
            f"the index was built by chunker {manifest.chunker_version}, this is "
            f"{chunker_version}"
        )
