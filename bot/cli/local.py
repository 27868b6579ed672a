"""The terminal commands: index, ask, chat, eval, quotes."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any, TextIO

from bot.engine import load_model, open_searcher
from bot.present.errors import question_refused
from bot.present.listings import is_name
from bot.present.render import render_html, render_text
from bot.present.texts import detect_lang, texts
from bot.settings import Settings
from retrieval.errors import QuestionError
from retrieval.index.builder import Progress
from retrieval.records import Answer
from retrieval.search.searcher import Searcher

INVALID_UTF8 = "invalid_utf8"  # the `error` of an `ask -` line that is not UTF-8


@contextlib.contextmanager
def progress_bar(desc: str, unit: str = "chunk") -> Iterator[Progress]:
    """Yield a progress callback drawing a bar on stderr (only when it is a terminal)."""
    from tqdm import tqdm  # type: ignore[import-untyped]

    stream: TextIO = sys.stderr
    with tqdm(total=0, desc=desc, unit=unit, file=stream, disable=not stream.isatty()) as bar:

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        yield progress


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    """Build or update the index and print a one-line summary."""
    from retrieval.index.builder import build_index

    data, index = settings.data_dir, settings.index_dir
    if not data.is_dir():
        print(f"briefbot: data folder {data} does not exist", file=sys.stderr)
        return 1
    embedder = load_model(settings)
    with progress_bar("embedding") as progress:
        s = build_index(data, index, embedder, progress, args.allow_empty)
    for warning in s.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"indexed {s.articles} articles into {index}: {s.added} added, {s.updated} updated, "
        f"{s.removed} removed, {s.unchanged} unchanged; {s.chunks} chunks "
        f"({s.embedded} embedded), {s.quotes} quotes in {s.seconds:.1f} s"
    )
    return 0


def answer_json(answer: Answer, reply: str) -> dict[str, Any]:
    """The `--json` contract: the answer's passages with their quotes, and the HTML reply."""
    passages = []
    for p in answer.passages:
        quotes = sorted(p.chunk.quotes, key=lambda q: q != p.quote)  # the relevant one first
        passages.append(
            {
                "rank": p.rank,
                "score": p.score,
                "article_id": p.source.article_id,
                "title": p.source.title,
                "url": p.source.url,
                "published": p.source.published,
                "text": p.chunk.text,
                "quotes": [{"text": q.text, "speaker": q.speaker, "role": q.role} for q in quotes],
            }
        )
    lead = answer.lead
    scope = answer.time
    return {
        "question": answer.question,
        "answered": answer.answered,
        "passages": passages,
        "unquoted": asdict(answer.unquoted) if answer.unquoted else None,
        # Set (answered false) when the person asked about is quoted, but never on the topic:
        # the passages then hold their nearest quotes, which do not answer.
        "off_topic": asdict(answer.off_topic) if answer.off_topic else None,
        "reply": reply,
        # Added fields: the reply's first sentence (from passages[0]), how many passages the
        # reply shows, and what the question's time words did.
        "lead": {"text": lead.text, "start": lead.start, "end": lead.end} if lead else None,
        "shown": len(answer.passages) if answer.shown is None else answer.shown,
        "time": asdict(scope) if scope else None,
    }


def clean_text(value: str) -> str:
    """Text from argv or a terminal as valid Unicode: bytes that were not UTF-8 (which Python
    keeps as lone surrogates) become U+FFFD, so they are never echoed raw or crash a print."""
    try:
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte
        raw = value.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _refusal(question: str, reason: str, as_json: bool) -> tuple[str, int]:
    message = question_refused(reason, detect_lang(question))
    if not as_json:
        return message, 2
    bad = {
        "question": question[:200],
        "answered": False,
        "passages": [],
        "reply": message,
        "error": reason,
    }
    return json.dumps(bad, ensure_ascii=False), 2


def _answer_one(
    searcher: Searcher, question: str, k: int, as_json: bool, today: date | None = None
) -> tuple[str, int]:
    question = clean_text(question)
    lang = detect_lang(question)
    try:
        answer = searcher.ask(question, k=k, today=today)
    except QuestionError as exc:
        return _refusal(question, exc.code, as_json)
    if as_json:
        return json.dumps(answer_json(answer, render_html(answer, lang)), ensure_ascii=False), 0
    return render_text(answer, lang), 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    """Answer the question (or every line of stdin for '-') as the bot would."""
    k = settings.top_k
    if not 1 <= k <= 20:
        print(
            f"briefbot: {k} passages asked for (-k or BRIEFBOT_TOP_K): use 1 to 20", file=sys.stderr
        )
        return 2
    searcher = open_searcher(settings)
    if args.question != "-":
        out, code = _answer_one(searcher, args.question, k, args.json, args.today)
        print(out)
        return code
    worst = 0
    # Bytes, decoded line by line: one line that is not UTF-8 must not cost the others. Every
    # line, blank or bad too, gets exactly one output line, so outputs pair with inputs.
    for raw in sys.stdin.buffer:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError:
            shown = raw.decode("utf-8", "replace").strip()
            out, code = _refusal(shown, INVALID_UTF8, True)
        else:
            out, code = _answer_one(searcher, line, k, True, args.today)
        print(out, flush=True)
        worst = max(worst, code)
    return worst


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Ask questions in a loop until an empty line, EOF or Ctrl-C."""
    k = settings.top_k
    print("Memuat model dan indeks…", file=sys.stderr)
    searcher = open_searcher(settings)
    print("Tanyakan apa saja tentang briefing Pemprov Kaltim (baris kosong untuk keluar).")
    while True:
        try:
            question = clean_text(input("\n❯ "))
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        except UnicodeDecodeError:  # a terminal not in UTF-8
            print(texts("id").question_invalid)
            continue
        if not question.strip():
            return 0
        print(_answer_one(searcher, question, k, False)[0])


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    """Print recall@1/5/10, MRR@10 and latency of a benchmark folder as JSON."""
    from retrieval.search.evaluate import evaluate

    if args.answers:
        from bot.cli.answers import cmd_eval_answers

        return cmd_eval_answers(args, settings)
    if not args.dir:
        print("briefbot: eval needs a benchmark folder or --answers FILE", file=sys.stderr)
        return 2
    folder = Path(args.dir)
    if not (folder / "corpus.jsonl").is_file() or not (folder / args.queries).is_file():
        print(f"briefbot: {folder} needs corpus.jsonl and {args.queries}", file=sys.stderr)
        return 1
    embedder = load_model(settings)
    with progress_bar("embedding corpus") as progress:
        report = evaluate(
            folder,
            settings.cache_dir,
            embedder,
            settings.search_mode,
            args.queries,
            progress=progress,
        )
    print(json.dumps(asdict(report), ensure_ascii=False))
    return 0


def cmd_quotes(args: argparse.Namespace, settings: Settings) -> int:
    """List direct quotes with speaker, role and source."""
    speaker = clean_text(args.speaker) if args.speaker else None
    if speaker is not None and not is_name(speaker):  # "%" or "😀" would list every quote
        print(f"briefbot: --speaker {speaker!r} names nobody; give a name, e.g. --speaker Rudy",
              file=sys.stderr)
        return 2
    searcher = Searcher.open(settings.index_dir, None, "bm25")
    # Streamed in blocks: the whole index's quotes are never held at once.
    refs = searcher.listings.each_quote(speaker)
    if args.json:
        for r in refs:
            print(
                json.dumps(
                    {
                        "text": r.quote.text,
                        "speaker": r.quote.speaker,
                        "role": r.quote.role,
                        "article_id": r.source.article_id,
                        "title": r.source.title,
                        "url": r.source.url,
                        "published": r.source.published,
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    listed = False
    for r in refs:
        who = ", ".join(x for x in (r.quote.speaker, r.quote.role) if x) or "tanpa atribusi"
        where = r.source.title or r.source.article_id
        link = f" · {r.source.url}" if r.source.url else ""
        print(f"“{r.quote.text}”\n  — {who}\n  [{where}{link}]\n")
        listed = True
    if not listed:
        print("Tidak ada kutipan" + (f" dari {speaker}." if speaker else "."))
    return 0
