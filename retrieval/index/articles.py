"""Read the data folder (front-matter .md, plain .txt, JSONL) into Articles; save one atomically."""

from __future__ import annotations

import json
import logging
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import ArticleError
from retrieval.index.files import write_atomic
from retrieval.records import Article

log = logging.getLogger(__name__)

META_KEYS = ("title", "published", "url", "source")
EXTENSIONS = (".md", ".txt", ".jsonl")
_FENCE = "---"
_KEY_LINE = re.compile(r"^([A-Za-z_][A-Za-z0-9_-]*)[ \t]*:[ \t]?(.*)$")
_SLUG_BAD = re.compile(r"[^A-Za-z0-9._-]+")
_MAX_SLUG = 120
# A value needing quotes: a YAML reader would misread it or the line parser would lose it.
_NEEDS_QUOTES = re.compile(
    r"""^[\s\-?:,\[\]{}#&*!|>'"%@`]|: |:$| #|\s$|[\x00-\x1f\x7f\u2028\u2029]"""
)


@dataclass(frozen=True)
class ArticleBatch:
    """Articles read from a data folder, in deterministic order, and one line per skipped item."""

    articles: tuple[Article, ...]
    warnings: tuple[str, ...]


def read_articles(data_dir: Path) -> ArticleBatch:
    """Read every article under data_dir; bad files are skipped with a warning naming them."""
    if not data_dir.is_dir():
        raise ArticleError(f"data folder not found: {data_dir}")
    articles: list[Article] = []
    warnings: list[str] = []
    seen: dict[str, str] = {}
    for path in _article_files(data_dir):
        for item in _read_file(path, warnings):
            if item.id in seen:
                warnings.append(
                    f"{item.origin}: skipped, duplicate article id {item.id!r} "
                    f"(first in {seen[item.id]})"
                )
                continue
            seen[item.id] = item.origin
            articles.append(item)
    for line in warnings:
        log.info("%s", line)  # the caller shows batch.warnings; logging them louder would repeat
    return ArticleBatch(articles=tuple(articles), warnings=tuple(warnings))


def save_article(article: Article, data_dir: Path) -> Path:
    """Write the article as a front-matter .md file (temp file + rename) and return its path."""
    text = article.text.strip()
    if not text:
        raise ArticleError(f"article {article.id!r} has no text")
    slug = slugify(article.id)
    lines = [_FENCE]
    if slug != article.id:
        # The file stem cannot carry this id, so the front matter does.
        lines.append(f"id: {_format_value(article.id)}")
    for key in META_KEYS:
        value = getattr(article, key)
        if value is not None and value.strip():
            lines.append(f"{key}: {_format_value(value)}")
    lines += [_FENCE, text, ""]
    content = "\n".join(lines)
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / f"{slug}.md"
    write_atomic(target, lambda out: out.write(content.encode("utf-8")))
    return target


def slugify(article_id: str) -> str:
    """Return a file-name-safe, never-hidden stem for an article id."""
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    slug = _SLUG_BAD.sub("-", ascii_id).strip(".-")[:_MAX_SLUG].rstrip(".-")
    return slug or "article"


def _article_files(data_dir: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(data_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(EXTENSIONS):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(data_dir).as_posix())


def _read_file(path: Path, warnings: list[str]) -> list[Article]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        warnings.append(f"{path}: skipped, cannot be read ({exc.strerror or exc})")
        return []
    if path.suffix.lower() == ".jsonl":
        return _read_jsonl(path, raw, warnings)
    text = _decode(raw, str(path), warnings)
    if text is None:
        return []
    try:
        meta, body = _split_front_matter(text) if path.suffix.lower() == ".md" else ({}, text)
    except ArticleError as exc:
        warnings.append(f"{path}: skipped, {exc}")
        return []
    body = body.strip()
    if not body:
        warnings.append(f"{path}: skipped, no article text")
        return []
    article_id = meta.pop("id", None) or path.stem
    return [Article(id=article_id, text=body, origin=str(path), **_meta_fields(meta))]


def _decode(raw: bytes, where: str, warnings: list[str]) -> str | None:
    if not raw.strip():
        warnings.append(f"{where}: skipped, empty")
        return None
    if b"\x00" in raw:
        warnings.append(f"{where}: skipped, binary content (NUL bytes)")
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warnings.append(f"{where}: skipped, not UTF-8 (bad byte at offset {exc.start})")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    lines = text.split("\n")
    if lines[0].rstrip() != _FENCE:
        return {}, text
    meta: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() == _FENCE:
            return meta, "\n".join(lines[number:])
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _KEY_LINE.match(line)
        if match is None:
            raise ArticleError(
                f"front matter line {number} is not 'key: value' (is the closing '---' missing?)"
            )
        key, value = match.group(1).lower(), _parse_value(match.group(2), number)
        if key not in (*META_KEYS, "id"):
            log.info("ignoring unknown front matter key %r", key)
            continue
        if value:
            meta[key] = value
    raise ArticleError("front matter has no closing '---' line")


def _format_value(value: str) -> str:
    if _NEEDS_QUOTES.search(value) or value != value.strip():
        return json.dumps(value, ensure_ascii=False)
    return value


def _parse_value(raw: str, number: int) -> str:
    value = raw.strip()
    if value.startswith('"'):
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ArticleError(f"front matter line {number} has a broken quoted value") from exc
        if not isinstance(parsed, str):
            raise ArticleError(f"front matter line {number} has a broken quoted value")
        return parsed.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'").strip()
    return value


def _read_jsonl(path: Path, raw: bytes, warnings: list[str]) -> list[Article]:
    if not raw.strip():
        warnings.append(f"{path}: skipped, empty")
        return []
    out: list[Article] = []
    for number, line_bytes in enumerate(raw.split(b"\n"), start=1):
        if not line_bytes.strip():
            continue
        where = f"{path}:{number}"
        try:
            line = line_bytes.decode("utf-8-sig" if number == 1 else "utf-8")
            record = json.loads(line)
        except UnicodeDecodeError:
            warnings.append(f"{where}: skipped line, not UTF-8")
            continue
        except json.JSONDecodeError as exc:
            warnings.append(f"{where}: skipped line, bad JSON ({exc.msg})")
            continue
        article = _article_from_record(record, where, warnings)
        if article is not None:
            out.append(article)
    return out


def _article_from_record(record: object, where: str, warnings: list[str]) -> Article | None:
    if not isinstance(record, dict):
        warnings.append(f"{where}: skipped line, not a JSON object")
        return None
    article_id = record.get("id")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id.strip():
        warnings.append(f'{where}: skipped line, missing "id"')
        return None
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        warnings.append(f'{where}: skipped line, missing "text"')
        return None
    meta = {k: v for k, v in record.items() if k in META_KEYS and isinstance(v, str)}
    return Article(
        id=article_id.strip(),
        text=text.replace("\r\n", "\n").strip(),
        origin=where,
        **_meta_fields(meta),
    )


def _meta_fields(meta: dict[str, str]) -> dict[str, str | None]:
    return {key: (meta.get(key) or "").strip() or None for key in META_KEYS}
