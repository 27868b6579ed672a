"""Documents made in the test: a PDF with text (pypdf), one with none (a scan), a DOCX."""

from __future__ import annotations

import io
from collections.abc import Sequence

SIARAN = (
    "Siaran Pers Dinas Kominfo Kabupaten Sungai Rekaan",
    "Sungai Rekaan, 14 Maret 2024",
    "Bupati Sungai Rekaan, Rahmat Fiktifiansyah, meluncurkan layanan pengaduan warga melalui "
    "pesan singkat pada Kamis pagi di pendopo kabupaten.",
    "“Setiap aduan akan kami jawab paling lambat tiga hari kerja,” kata Rahmat kepada "
    "wartawan usai peluncuran layanan tersebut.",
    "Kepala Dinas Kominfo, Siti Contohwati, menyebut layanan itu terhubung ke semua "
    "perangkat daerah sehingga aduan langsung diteruskan ke dinas yang berwenang.",
)


def pdf(lines: Sequence[str] = SIARAN, title: str | None = None, text: bool = True) -> bytes:
    """A one-page PDF whose lines are real text (Helvetica); `text=False`: a blank scan."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    if text:
        font = DictionaryObject({
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        })  # fmt: skip
        fonts = DictionaryObject({NameObject("/F1"): writer._add_object(font)})
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): fonts})
        shown = " ".join(f"({_pdf_escape(line)}) Tj 0 -14 Td" for line in lines)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 10 Tf 40 800 Td {shown} ET".encode("cp1252"))
        page[NameObject("/Contents")] = writer._add_object(stream)
    if title:
        writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_escape(line: str) -> str:
    # Helvetica's standard encoding has no curly quotes: straight ones stand in.
    plain = line.replace("“", '"').replace("”", '"')
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def docx(lines: Sequence[str] = SIARAN, title: str | None = None) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for line in lines:
        document.add_paragraph(line)
    if title:
        document.core_properties.title = title
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
