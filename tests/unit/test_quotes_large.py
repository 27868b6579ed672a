"""A very large article is read in work that grows with its size, not with its size squared.

Time is for benchmarks (bench/bench_quotes_large.py); the test counts the Python calls made
while the quotes and people of an article are read, which doubling a linear reading doubles and
doubling the old pairwise one (every mention against every other) quadruples.
"""

from __future__ import annotations

import cProfile
import pstats

from retrieval.index.people import read_people
from retrieval.index.store import StoredChunk
from retrieval.records import Article
from retrieval.text.chunker import chunk_article
from retrieval.text.quotes import extract_quotes

_NAMES = ["Sulastri Wirakarta", "Bambang Pranoto", "Melati Hamzah", "Yusran Mahendra",
          "Kartini Halim", "Gunawan Setiadi", "Nuraini Lubis", "Sofyan Marpaung"]  # fmt: skip
_OFFICES = ["Kepala Dinas Pendidikan", "Sekretaris Daerah", "Camat Sungai Ujicoba"]


def _article(paragraphs: int) -> str:
    """Invented briefing paragraphs: offices, names, quotes credited after and before."""
    out = []
    for n in range(paragraphs):
        name = _NAMES[n % len(_NAMES)]
        office = _OFFICES[n % len(_OFFICES)]
        short = name.split()[-1]
        out.append(
            f"{office}, {name}, mengatakan bahwa perbaikan jalan desa ke-{n} berjalan baik. "
            f"“Kami menyelesaikan saluran air sebelum musim hujan,” kata {short}.\n"
            f"Warga kampung ke-{n} hadir di balai desa. Menurut {name}, anggaran sudah siap.\n"
            f"{short} menegaskan, “Sekolah dasar juga akan dibenahi tahun ini.”"
        )
    return "\n".join(out)


def _calls(paragraphs: int) -> int:
    text = _article(paragraphs)
    profile = cProfile.Profile()
    profile.enable()
    quotes = extract_quotes(text)
    chunks = chunk_article(Article(id="besar", text=text), quotes=quotes)
    read_people(StoredChunk(i, c, "") for i, c in enumerate(chunks))
    profile.disable()
    assert len(quotes) == 2 * paragraphs  # every quote read, each with its speaker
    assert all(q.speaker for q in quotes)
    stats = pstats.Stats(profile)
    return sum(calls for calls, *_ in stats.stats.values())  # type: ignore[attr-defined]


def test_quotes_and_people_of_a_large_article_cost_in_proportion_to_its_size() -> None:
    small, double = _calls(150), _calls(300)
    assert double / small < 2.3, (small, double)
