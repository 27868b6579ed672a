"""Reading quotes and people in one very large article: time against size, this code and another.

Usage (timed: under the heavy lock):
  git archive <commit before the change> | tar -x -C OLD
  flock /tmp/briefbot-heavy.lock python bench/bench_quotes_large.py --sizes 1,2 [--baseline OLD]

The article is made of invented sentences (names, offices, quotes, reported speech, plain news
sentences) drawn in a fixed order until it reaches the size in MB. For each code (this checkout,
then OLD) a fresh process times what `briefbot index` does with the article's words before any
embedding: `extract_quotes` (quotes and their speakers), `chunk_article` and the people of the
build (`read_people`). Printed as one JSON object; with --baseline, the ratios OLD / this.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from machine import Contention  # noqa: E402

_FIRST = ["Rekaan", "Sulastri", "Bambang", "Andi", "Wahyuni", "Darmaji", "Kartini", "Yusran",
          "Melati", "Gunawan", "Purnama", "Hendrik", "Nuraini", "Sofyan", "Lestari", "Agus"]
_LAST = ["Ujicoba", "Samaran", "Wirakarta", "Pranoto", "Siregar", "Hamzah", "Lubis", "Saputra",
         "Mahendra", "Kusuma", "Rahmadi", "Tanjung", "Halim", "Purwanto", "Setiadi", "Marpaung"]
_OFFICES = ["Kepala Dinas Pendidikan", "Sekretaris Daerah", "Wakil Bupati Rekaan",
            "Kepala Bappeda", "Ketua DPRD Kota Samaran", "Camat Sungai Ujicoba",
            "Kepala Dinas Kesehatan", "Asisten II Setdaprov"]
_SAID = ["mengatakan", "menjelaskan", "menyampaikan", "menegaskan"]
_AFTER = ["kata", "ujar", "tutur", "jelas"]
_QUOTES = ["Kami akan mempercepat perbaikan jalan desa tahun ini.",
           "Anggaran untuk sekolah dasar sudah kami usulkan kepada provinsi.",
           "Warga diminta ikut menjaga kebersihan saluran air.",
           "Program ini harus selesai sebelum musim hujan tiba.",
           "Kami membuka pendaftaran pelatihan bagi pemuda desa."]
_PLAIN = ["Rapat koordinasi berlangsung di aula kantor kecamatan sejak pagi.",
          "Sejumlah warga hadir membawa usulan tentang jembatan penyeberangan.",
          "Kegiatan itu juga diikuti perwakilan organisasi perangkat daerah.",
          "Hujan deras sempat menunda pembukaan acara selama setengah jam."]


def article(megabytes: float, seed: int = 7) -> str:
    """Paragraphs of invented briefing sentences, `megabytes` MB of UTF-8 text."""
    rng = random.Random(seed)
    target = int(megabytes * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < target:
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        short = name.split()[-1]
        office = rng.choice(_OFFICES)
        quote = rng.choice(_QUOTES)
        paragraph = rng.choice([
            f"{office}, {name}, {rng.choice(_SAID)} bahwa program berjalan baik. "
            f"“{quote}” {rng.choice(_AFTER)} {short}.",
            f"“{quote[:-1]},” {rng.choice(_AFTER)} {office} {name} di Samarinda, Senin (2/6/2025).",
            f"{rng.choice(_PLAIN)} Menurut {name}, {quote[0].lower()}{quote[1:]}",
            f"{rng.choice(_PLAIN)} {rng.choice(_PLAIN)}",
            f"{name} {rng.choice(_SAID)}, “{quote}” Ia menambahkan, “{rng.choice(_QUOTES)}”",
        ])
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return "\n".join(parts)


def _measure(megabytes: float) -> dict[str, float]:
    """Run in the child: the steps `briefbot index` takes on the article's words, timed."""
    from retrieval.index.people import read_people
    from retrieval.index.store import StoredChunk
    from retrieval.records import Article
    from retrieval.text.chunker import chunk_article
    from retrieval.text.quotes import extract_quotes

    text = article(megabytes)
    doc = Article(id="besar", text=text)
    t0 = time.perf_counter()
    quotes = extract_quotes(text)
    t1 = time.perf_counter()
    chunks = chunk_article(doc, quotes=quotes)
    t2 = time.perf_counter()
    people = read_people(StoredChunk(i, c, "") for i, c in enumerate(chunks))
    t3 = time.perf_counter()
    return {"quotes": len(quotes), "people": len(people), "extract_quotes_s": t1 - t0,
            "chunk_article_s": t2 - t1, "read_people_s": t3 - t2, "total_s": t3 - t0}


def _run(code: Path, megabytes: float) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    script = (f"import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
              f"import bench_quotes_large as b; print(json.dumps(b._measure({megabytes})))")
    out = subprocess.run([sys.executable, "-c", script], env=env, cwd=code, check=True,
                         capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,2", help="article sizes in MB, comma-separated")
    ap.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    args = ap.parse_args()
    busy = Contention()
    results: dict[str, dict[str, object]] = {}
    for mb in (float(s) for s in args.sizes.split(",")):
        row: dict[str, object] = {"this": _run(ROOT, mb)}
        if args.baseline:
            old = _run(args.baseline.resolve(), mb)
            new = row["this"]
            assert isinstance(new, dict)
            row["baseline"] = old
            row["baseline_over_this"] = {
                k: round(old[k] / new[k], 1) for k in old if k.endswith("_s") and new[k] > 0
            }
            row["same_quotes_and_people"] = all(old[k] == new[k] for k in ("quotes", "people"))
        results[f"{mb:g} MB"] = row
    print(json.dumps({"results": results, "machine": busy.report()}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
