"""Engine errors on the terminal: the engine's fact, then what to run about it, by error code."""

from __future__ import annotations

from retrieval.errors import BriefbotError

_ADVICE = {
    "index_missing": ": run `briefbot index` first",
    "index_corrupt": ": run `briefbot index` to rebuild it",
    "index_mismatch": ": run `briefbot index` to rebuild it",
    "index_busy": "; try again later",
    "no_articles": " (use --allow-empty to empty it)",
}


def cli_words(error: BriefbotError) -> str:
    """One line for stderr, without the `briefbot:` prefix."""
    return f"{error}{_ADVICE.get(error.code, '')}"
