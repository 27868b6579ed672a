"""What the chunker reads out of articles changes only with CHUNKER_VERSION.

A deployed index keeps the chunks, quotes and speakers its build read; the bot rebuilds it at
start only when the version differs. Quote and speaker rules that change without a new version
leave every deployment (and every cached evaluation index) answering from what the old rules
read, so this records a digest of what is read from a few articles for the current version.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from retrieval.index.articles import read_articles
from retrieval.text.chunker import CHUNKER_VERSION, chunk_article
from tests.support import alert_articles

# What each version reads from the articles below; a new version adds its line.
RECORDED = {"3": "79081badb65d2ff1", "4": "40babf2f6bd8ab10"}
# Invented, with the ways reporters credit and name speakers that the quote rules read.
SAMPLE = """---
title: Bupati Rekaan Tinjau Pasar Contoh
published: 2025-07-01
source: Contoh
---
Bupati Rekaan Hendra Wijaya atau Kang Hendra meninjau Pasar Contoh, Senin (30/6/2025).
"Pasar ini harus buka lagi sebelum Lebaran, kan?" Kata Hendra kepada pedagang.
Harapan Hendra itu disambut tepuk tangan pedagang yang hadir.
Ketua Dewan Perwakilan Rakyat Daerah Negeri Rekaan (DPRDNR) Budi Santoso mengatakan anggaran \
perbaikan sudah disetujui. “Kami sudah menyetujui Rp 2 miliar untuk atap dan saluran,” ujarnya.
Mantan Kepala Dinas Perdagangan Rina Lestari menilai pedagang perlu dilibatkan sejak awal.
"Libatkan pedagang. Mereka yang paling tahu.
"Jangan sampai pasar baru sepi," kata Rina, yang akrab disapa Bu Rin.
Soal pencalonan Budi, Rina mengatakan belum ada pembicaraan.
Menurut Kang Hendra, pedagang akan dipindahkan sementara ke lapangan.
"""


def _digest(tmp_path: Path) -> str:
    seed = read_articles(Path(__file__).resolve().parents[2] / "data").articles
    for name in ("FLOOD", "SCHOLARSHIP", "HARBOUR"):
        (tmp_path / f"{name.lower()}.md").write_text(getattr(alert_articles, name), "utf-8")
    (tmp_path / "sample.md").write_text(SAMPLE, "utf-8")
    made_up = read_articles(tmp_path).articles
    h = hashlib.sha256()
    for article in sorted([*seed, *made_up], key=lambda a: a.id):
        for chunk in chunk_article(article):
            h.update(repr(chunk).encode())
    return h.hexdigest()[:16]


def test_what_is_read_from_articles_changes_only_with_the_chunker_version(tmp_path: Path) -> None:
    assert _digest(tmp_path) == RECORDED.get(CHUNKER_VERSION), (
        "the chunks, quotes or speakers read from these articles changed (or the articles did): "
        "give CHUNKER_VERSION a new value (deployed indexes are then rebuilt at start) and record "
        "the new digest beside the old ones"
    )
    # A version's line is never overwritten by another's reading.
    assert len(set(RECORDED.values())) == len(RECORDED)
