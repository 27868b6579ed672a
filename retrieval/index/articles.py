"""Read the data folder (front-matter .md, plain .txt, JSONL) into Articles; save one atomically."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from retrieval.errors import ArticleError
from retrieval.index.datafiles import (
    MAX_ARTICLE_FILE,
    TOO_LARGE,
    ArticleFile,
    capped_lines,
    list_article_files,
    open_article,
    shown,
)
from retrieval.index.files import write_atomic
from retrieval.records import MAX_ARTICLE_BYTES, Article

log = logging.getLogger(__name__)

META_KEYS = ("title", "published", "url", "source")
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
    listing = list_article_files(data_dir)
    warnings = list(listing.warnings)
    seen: dict[str, str] = {}
    for file in listing.files:
        for item in _read_file(file, warnings):
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
    if _too_large(text):
        raise ArticleError(f"article {article.id!r} is larger than an article may be")
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
    if len(content.encode("utf-8")) > MAX_ARTICLE_FILE:  # the index would not read it
        raise ArticleError(f"article {article.id!r} has metadata too large to store")
    data_dir.mkdir(parents=True, exist_ok=True)
    target = data_dir / f"{slug}.md"
    write_atomic(target, lambda out: out.write(content.encode("utf-8")))
    return target


def slugify(article_id: str) -> str:
    """Return a file-name-safe, never-hidden stem for an article id."""
    ascii_id = unicodedata.normalize("NFKD", article_id).encode("ascii", "ignore").decode()
    slug = _SLUG_BAD.sub("-", ascii_id).strip(".-")[:_MAX_SLUG].rstrip(".-")
    return slug or "article"


def _too_large(text: str) -> bool:
    # Characters first: most texts are far below the cap, and encoding 5 MB costs a copy.
    return len(text) > MAX_ARTICLE_BYTES // 4 and len(text.encode("utf-8")) > MAX_ARTICLE_BYTES


def _read_file(file: ArticleFile, warnings: list[str]) -> list[Article]:
    path = shown(file.path)
    try:
        with open_article(file) as handle:
            if file.path.suffix.lower() == ".jsonl":
                return _read_jsonl(path, capped_lines(handle), warnings)
            raw = handle.read(MAX_ARTICLE_FILE + 1)
    except OSError as exc:
        warnings.append(f"{path}: skipped, cannot be read ({exc.strerror or exc})")
        return []
    text = _decode(raw, path, warnings)
    if text is None:
        return []
    try:
        meta, body = _split_front_matter(text) if file.path.suffix.lower() == ".md" else ({}, text)
    except ArticleError as exc:
        warnings.append(f"{path}: skipped, {exc}")
        return []
    body = body.strip()
    if not body:
        warnings.append(f"{path}: skipped, no article text")
        return []
    if _too_large(body):
        warnings.append(f"{path}: skipped, {TOO_LARGE}")
        return []
    article_id = meta.pop("id", None) or file.path.stem
    return [Article(id=article_id, text=body, origin=path, **_meta_fields(meta))]


def _decode(raw: bytes, where: str, warnings: list[str]) -> str | None:
    if len(raw) > MAX_ARTICLE_FILE:  # grew since it was listed
        warnings.append(f"{where}: skipped, {TOO_LARGE}")
        return None
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


def _read_jsonl(path: str, lines: Iterator[bytes | None], warnings: list[str]) -> list[Article]:
    out: list[Article] = []
    empty = True
    for number, line_bytes in enumerate(lines, start=1):
        where = f"{path}:{number}"
        if line_bytes is None:
            warnings.append(f"{where}: skipped line, {TOO_LARGE}")
            empty = False
            continue
        if not line_bytes.strip():
            continue
        empty = False
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
    if empty:
        warnings.append(f"{path}: skipped, empty")
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
    if _too_large(text):
        warnings.append(f"{where}: skipped line, {TOO_LARGE}")
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
