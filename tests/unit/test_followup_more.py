"""A follow-up asking for more ("Apa lagi katanya?") shows what the user has not read yet."""

from __future__ import annotations

from pathlib import Path

from retrieval.records import Article
from tests.unit.test_engine import JALAN, _searcher

_FILL = (
    "Rapat itu dihadiri para camat, kepala desa dan pengurus koperasi nelayan dari seluruh "
    "pesisir Tanjung Fiktif yang datang sejak pagi untuk mendengar rencana tahun depan. "
    "Mereka juga membahas jadwal musim tangkap, harga solar, dan perbaikan tempat pelelangan. "
)
DINAS = Article(
    "dinas",
    f"Kepala Dinas Perikanan Budi Santoso membuka rapat nelayan di Tanjung Fiktif. {_FILL}"
    "“Dermaga baru akan selesai sebelum musim angin barat tiba,” kata Budi.\n\n"
    f"{_FILL}Budi juga menyinggung soal bantuan perahu. "
    "“Setiap kelompok nelayan mendapat satu perahu motor tahun ini,” ujar Budi.\n\n"
    f"{_FILL}Di akhir rapat ia berbicara tentang pelatihan. "
    "“Anak muda pesisir kami latih mengolah ikan asap supaya harganya naik,” tutur Budi.",
    title="Rapat nelayan Tanjung Fiktif",
)

def test_more_shows_the_speakers_quotes_not_yet_read_first(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DINAS, JALAN])
    first = searcher.ask("Apa kata Budi?", k=4)
    read = first.passages[0]
    assert read.quote is not None and read.quote.speaker == "Budi Santoso"
    more = searcher.ask("Apa kata Budi?", k=4, seen={read.key})
    assert more.passages[0].quote is not None
    assert more.passages[0].quote.speaker == "Budi Santoso"
    assert more.passages[0].quote != read.quote
    assert read.quote not in {p.quote for p in more.visible()}

def test_when_every_quote_was_read_the_speaker_still_leads(tmp_path: Path) -> None:
    searcher = _searcher(tmp_path, [DINAS, JALAN])
    everything = searcher.ask("Apa kata Budi?", k=6)
    quoted = {
        f"{p.chunk.key}@{q.start}" for p in everything.passages for q in p.chunk.quotes
    }
    again = searcher.ask("Apa kata Budi?", k=6, seen=quoted)
    assert again.passages[0].quote is not None
    assert again.passages[0].quote.speaker == "Budi Santoso"
