"""Quote extraction on the PFSA-ID dev set without a model: extract_quotes -> scorer JSON lines.

Writes the lines `briefbot quotes --json` writes (text, speaker, role, article_id, ...) for the
dev articles, then runs the set's scorer on them. `--part rest|held` keeps articles whose number
is not, or is, 3 modulo 4: rules are written looking at the rest and only checked on the held-out
quarter. `--half even|odd` splits by parity instead.
Usage: python bench/quotes_dev.py [--part rest|held] [--half even|odd] [--limit N] [--errors N]
       [--out FILE]
The final figures in docs/quality.md are measured the benchmark's way (`briefbot index` +
`briefbot quotes --json`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from retrieval.index.articles import read_articles
from retrieval.text.quotes import extract_quotes

# ../shared from the main checkout; a worktree sits one level deeper.
DEV = next(
    (
        up / "shared" / "benchmarks" / "pfsa-id-dev"
        for up in Path(__file__).resolve().parents
        if (up / "shared" / "benchmarks" / "pfsa-id-dev").is_dir()
    ),
    Path("/work/shared/benchmarks/pfsa-id-dev"),
)


HELD = 3  # articles whose number is 3 modulo 4 are the held-out quarter


def predict(articles_dir: Path, keep: set[str] | None) -> list[dict[str, object]]:
    lines: list[dict[str, object]] = []
    for article in read_articles(articles_dir).articles:
        if keep is not None and article.id not in keep:
            continue
        for q in extract_quotes(article.text):
            lines.append(
                {
                    "text": q.text,
                    "speaker": q.speaker,
                    "role": q.role,
                    "article_id": article.id,
                    "title": None,
                    "url": None,
                    "published": None,
                }
            )
    return lines


def select(half: str | None, part: str | None, limit: int | None) -> set[str] | None:
    ids = sorted(p.stem for p in (DEV / "articles").glob("*.md"))
    if half:
        ids = [i for i in ids if int(i) % 2 == (0 if half == "even" else 1)]
    if part:
        ids = [i for i in ids if (int(i) % 4 == HELD) == (part == "held")]
    return set(ids[:limit]) if limit else (set(ids) if half or part else None)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--half", choices=("even", "odd"))
    ap.add_argument("--part", choices=("rest", "held"))
    ap.add_argument("--limit", type=int)
    ap.add_argument("--errors", default="0")
    ap.add_argument("--out")
    args = ap.parse_args()
    keep = select(args.half, args.part, args.limit)
    preds = predict(DEV / "articles", keep)
    lines = (DEV / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(x) for x in lines if x]
    if keep is not None:
        gold = [g for g in gold if str(g["article"]) in keep]
    with tempfile.TemporaryDirectory() as tmp:
        gpath, ppath = Path(tmp) / "gold.jsonl", Path(args.out or Path(tmp) / "pred.jsonl")
        gpath.write_text("".join(json.dumps(g, ensure_ascii=False) + "\n" for g in gold), "utf-8")
        ppath.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds), "utf-8")
        cmd = [
            sys.executable,
            str(DEV / "score.py"),
            str(gpath),
            str(ppath),
            "--neutral",
            str(DEV / "unannotated.jsonl"),
            "--articles",
            str(DEV / "articles"),
            "--errors",
            args.errors,
        ]
        return subprocess.run(cmd, check=False).returncode


if __name__ == "__main__":
    sys.exit(main())
