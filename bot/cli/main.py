"""`briefbot`: the command line. Settings are read here, once, and passed down."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from bot.cli.errors import cli_words
from bot.settings import Settings, setting_problem
from retrieval.errors import BriefbotError
from retrieval.records import MODES
from retrieval.search.answer_eval import PARTS

log = logging.getLogger(__name__)

Command = Callable[[argparse.Namespace, Settings], int]
# Flags that override a setting where a command has them: argparse dest -> Settings field.
_OVERRIDES = {"data": "data_dir", "index": "index_dir", "mode": "search_mode", "k": "top_k"}


_TODAY_HELP = "YYYY-MM-DD taken as today for time words such as 'kemarin' (default: today)"


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2025-06-30") from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="briefbot",
        description="Answer questions about Kaltim government briefings with cited quotes.",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="log more (to stderr)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ix = sub.add_parser("index", help="build or update the index from the data folder")
    ix.add_argument("--data", help="folder of articles (default: BRIEFBOT_DATA_DIR or data/)")
    ix.add_argument("--index", help="index folder (default: BRIEFBOT_INDEX_DIR or data/.index)")
    ix.add_argument(
        "--allow-empty", action="store_true", help="let a folder with no articles empty the index"
    )

    ask = sub.add_parser("ask", help="answer one question ('-' reads one per line from stdin)")
    ask.add_argument("question")
    ask.add_argument("--json", action="store_true", help="print one JSON object per answer")
    ask.add_argument("-k", type=int, default=None, help="how many passages (default 3)")
    ask.add_argument("--index", help="index folder")
    ask.add_argument("--mode", choices=MODES, help="retrieval mode")
    ask.add_argument("--today", type=_iso_date, help=_TODAY_HELP)

    chat = sub.add_parser("chat", help="ask questions interactively in the terminal")
    chat.add_argument("-k", type=int, default=None)
    chat.add_argument("--index", help="index folder")

    ev = sub.add_parser("eval", help="measure retrieval on a benchmark folder, or answers")
    ev.add_argument("dir", nargs="?", help="folder with corpus.jsonl and queries.jsonl")
    ev.add_argument("--mode", choices=MODES, help="retrieval mode")
    ev.add_argument("--queries", default="queries.jsonl", help="queries file in the folder")
    ev.add_argument("--today", type=_iso_date, help=_TODAY_HELP)
    ev.add_argument("--answers", metavar="FILE", help="score answers to a questions file")
    ev.add_argument(
        "--with",
        dest="with_dirs",
        action="append",
        metavar="DIR",
        help="--answers: our articles among this benchmark's corpus.jsonl (repeatable)",
    )
    ev.add_argument(
        "--unanswerable", metavar="FILE", help="--answers: also these questions, not answerable"
    )
    ev.add_argument(
        "--part",
        choices=PARTS,
        default="all",
        help="--answers: every 4th question (held), the others (rest), or all",
    )
    ev.add_argument("-k", type=int, default=None, help="--answers: passages per answer")
    ev.add_argument("--index", help="--answers: index folder")

    qu = sub.add_parser("quotes", help="list the direct quotes in the index")
    qu.add_argument("--speaker", help="only quotes whose speaker or role contains this")
    qu.add_argument("--json", action="store_true")
    qu.add_argument("--index", help="index folder")
    run = sub.add_parser("run", help="run the Telegram bot (long polling, or a webhook)")
    run.add_argument("--webhook-url", help="public HTTPS URL Telegram posts updates to")
    run.add_argument("--listen", default="127.0.0.1",
                     help="webhook: address to listen on (default 127.0.0.1: behind a proxy "
                     "on this host; 0.0.0.0 in a container)")
    run.add_argument("--port", type=int, default=8443, help="webhook: port to listen on")

    sub.add_parser("start", help="run the bot when a token is set, else chat in the terminal")

    add = sub.add_parser(
        "add", help="store and index articles: web pages by URL, or PDF, DOCX and text files"
    )
    add.add_argument("urls", nargs="+", metavar="URL|FILE")
    sub.add_parser("refresh", help="fetch new articles from the feeds and the followed sources")
    fo = sub.add_parser("follow", help="follow a site: find its feed, API, sitemap or listing")
    fo.add_argument("url", metavar="URL", help="any address of the site")
    fo.add_argument("--backfill", type=int, metavar="N", help="newest articles to fetch first")
    sub.add_parser("sources", help="list the followed sources and their status")
    un = sub.add_parser("unfollow", help="stop following a site (its articles stay)")
    un.add_argument("url", metavar="URL")

    hl = sub.add_parser("health", help="exit 0 when the index fits the model and Telegram answers")
    hl.add_argument("--no-telegram", action="store_true", help="skip the Bot API getMe check")
    hl.add_argument("--timeout", type=float, default=5.0, help="seconds to wait for the Bot API")
    sub.add_parser("model", help="build the embedding model's cache folder and load it once")
    ex = sub.add_parser("export", help="write the articles and the bot's state to a .tar.gz")
    ex.add_argument("file", help="archive to write ('-': standard output)")
    ex.add_argument("--force", action="store_true", help="overwrite FILE when it exists")
    im = sub.add_parser("import", help="restore articles and state from an export")
    im.add_argument("file", help="archive to read ('-': standard input)")
    im.add_argument(
        "--force",
        action="store_true",
        help="replace files that differ (the current ones are kept aside)",
    )
    im.add_argument(
        "--drop-unknown",
        action="store_true",
        help="restore state without the tables and columns this briefbot does not know",
    )
    return p


def _run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.telegram.app import run

    return run(settings, args.webhook_url, listen=args.listen, port=args.port)


def _start(args: argparse.Namespace, settings: Settings) -> int:
    """Run the real bot when it has a token; otherwise say how, and chat locally meanwhile."""
    if settings.bot_token:
        from bot.telegram.app import run

        return run(settings)
    from bot.cli.local import cmd_chat
    from bot.present.texts import NO_TOKEN

    print(f"{NO_TOKEN} Starting the local chat now.", file=sys.stderr)
    return cmd_chat(argparse.Namespace(), settings)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.ingest import cli_add

    return cli_add(settings, args.urls)


def _refresh(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.ingest import cli_refresh

    return cli_refresh(settings)


def _follow(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.ingest import cli_follow

    return cli_follow(settings, args.url, args.backfill)


def _sources(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.ingest import cli_sources

    return cli_sources(settings)


def _unfollow(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.ingest import cli_unfollow

    return cli_unfollow(settings, args.url)


def _health(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.health import cmd_health

    return cmd_health(args, settings)


def _model(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.health import cmd_model

    return cmd_model(args, settings)


def _export(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.backup import cmd_export

    return cmd_export(args, settings)


def _import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.cli.restore import cmd_import

    return cmd_import(args, settings)


def _commands() -> dict[str, Command]:
    from bot.cli import local

    return {
        "index": local.cmd_index,
        "ask": local.cmd_ask,
        "chat": local.cmd_chat,
        "eval": local.cmd_eval,
        "quotes": local.cmd_quotes,
        "run": _run,
        "start": _start,
        "add": _add,
        "refresh": _refresh,
        "follow": _follow,
        "sources": _sources,
        "unfollow": _unfollow,
        "health": _health,
        "model": _model,
        "export": _export,
        "import": _import,
    }


def with_flags(settings: Settings, args: argparse.Namespace) -> Settings:
    """The settings with every flag the user gave in place of the configured value."""
    given = {
        field: Path(value) if field.endswith("_dir") else value
        for flag, field in _OVERRIDES.items()
        if (value := getattr(args, flag, None)) is not None
    }
    return settings.model_copy(update=given)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one `briefbot` command and return its exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"briefbot: {setting_problem(exc)}", file=sys.stderr)
        return 2
    settings = with_flags(settings, args)
    try:
        return _commands()[args.command](args, settings)
    except BriefbotError as exc:
        print(f"briefbot: {cli_words(exc)}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader left (`briefbot ask - | head`): stop quietly. Point stdout at /dev/null
        # so the flush at exit does not complain about the closed pipe either.
        with contextlib.suppress(OSError, ValueError, io.UnsupportedOperation):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as the shell reports a tool stopped by a closed pipe
    except KeyboardInterrupt:
        print("briefbot: interrupted; the previous index is unchanged", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
