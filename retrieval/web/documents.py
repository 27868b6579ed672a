"""Documents -> Article: PDF (pypdf), DOCX (python-docx) and plain text, as releases circulate.

The title comes from the document's metadata or else its first line; the date is the first one
written in its opening ("Samarinda, 14 Maret 2024"), or else a PDF's creation date (a DOCX's is
often its template's, so it is not taken). A PDF
whose pages hold no text (a scan) is refused with a code the edges explain.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass

from retrieval.errors import DocumentError, TooLarge
from retrieval.records import MAX_ARTICLE_BYTES, Article
from retrieval.text.dates import DATE_IN_WORDS, ISO, published_date
from retrieval.web.extract import clean_text

log = logging.getLogger(__name__)

KINDS = {".pdf": "pdf", ".docx": "docx", ".txt": "txt", ".text": "txt", ".md": "txt"}
_MAX_TITLE = 200
_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})(\d{2})")


@dataclass(frozen=True)
class _Read:
    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None


def document_kind(name: str, data: bytes) -> str:
    """pdf, docx or txt, by the bytes first and the name second; DocumentError otherwise."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") and name.lower().endswith(".docx"):
        return "docx"
    kind = KINDS.get("." + name.lower().rsplit(".", 1)[-1]) if "." in name else None
    if kind == "txt" and b"\x00" not in data[:4096]:
        return "txt"
    raise DocumentError(f"{name} is not a PDF, DOCX or text file", DocumentError.UNSUPPORTED)


def read_document(name: str, data: bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """The article a document holds; DocumentError (or TooLarge) says why there is none."""
    if len(data) > max_bytes:
        raise TooLarge(f"{name} is {len(data)} bytes, over the {max_bytes} limit", name, max_bytes)
    kind = document_kind(name, data)
    try:
        read = {"pdf": _pdf, "docx": _docx, "txt": _txt}[kind](data)
    except DocumentError:
        raise
    except Exception as exc:  # a damaged file: each library fails in its own way
        log.info("%s cannot be read: %s", name, exc)
        raise DocumentError(f"{name} cannot be read as {kind.upper()}: {exc}") from exc
    text = clean_text(read.text, None)
    if not text.strip():
        what = "holds no text (a scan?)" if kind == "pdf" else "is empty"
        raise DocumentError(f"{name} {what}", DocumentError.NO_TEXT)
    lines = [line for line in text.split("\n") if line.strip()]
    title = read.title or lines[0][:_MAX_TITLE].strip()
    if lines and lines[0].strip() == title and len(lines) > 1:
        text = "\n".join(lines[1:])
    published = _date_in(text[:1000]) or read.published
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return Article(
        id=f"doc_{digest}", text=text, title=title, published=published,
        source=read.author, origin=name,
    )  # fmt: skip


def _date_in(opening: str) -> str | None:
    match = DATE_IN_WORDS.search(opening) or ISO.search(opening)
    day = published_date(match.group(0)) if match else None
    return day.isoformat() if day else None


def _pdf(data: bytes) -> _Read:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):
        raise DocumentError("the PDF is protected with a password")
    text = "\n".join((page.extract_text() or "").strip() for page in reader.pages)
    meta = reader.metadata
    title = _clean(meta.title if meta else None)
    author = _clean(meta.author if meta else None)
    raw_date = str(meta.get("/CreationDate", "")) if meta else ""
    match = _PDF_DATE.match(raw_date)
    published = f"{match.group(1)}-{match.group(2)}-{match.group(3)}" if match else None
    valid = published if published and published_date(published) else None
    return _Read(text, title, valid, author)


def _docx(data: bytes) -> _Read:
    import docx

    document = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    core = document.core_properties
    return _Read(text, _clean(core.title), None, _clean(core.author))


def _txt(data: bytes) -> _Read:
    try:
        return _Read(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return _Read(str(best) if best is not None else data.decode("cp1252", "replace"))


_NO_AUTHORS = frozenset({"python-docx", "microsoft office user", "user", "admin", "administrator"})


def _clean(value: object) -> str | None:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text if text and text.lower() not in _NO_AUTHORS else None
