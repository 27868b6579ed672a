"""Keeping the bot token out of everything the process prints: logs, tracebacks, error lines.

The Bot API puts the token in every URL, so it turns up in httpx's request lines, in
python-telegram-bot's `InvalidToken` text and in any error body that echoes the request path.
Redaction happens where text leaves the process (every handler's formatter, the excepthooks,
our own error lines), so no record, exception or stack can carry it past.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Sequence
from types import TracebackType
from urllib.parse import quote

MASK = "<token>"


def secret_forms(token: str) -> tuple[str, ...]:
    """The token and its secret half, raw and URL-encoded: the forms a URL or echo may show."""
    token = token.strip()
    if not token:
        return ()
    forms = {token, quote(token, safe=""), quote(token)}
    secret = token.partition(":")[2]
    if len(secret) >= 8:  # the numeric bot id before ":" is public; the rest is the secret
        forms |= {secret, quote(secret, safe="")}
    return tuple(sorted(forms, key=len, reverse=True))


def redact(text: str, forms: Sequence[str]) -> str:
    for form in forms:
        if form in text:
            text = text.replace(form, MASK)
    return text


class RedactingFormatter(logging.Formatter):
    """Formats with the handler's own formatter, then masks the token in the whole output."""

    def __init__(self, inner: logging.Formatter | None, forms: Sequence[str]) -> None:
        super().__init__()
        self.inner = inner or logging.Formatter()
        self.forms = tuple(forms)

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record), self.forms)


class RedactingFilter(logging.Filter):
    """Masks the token in a record itself (message, exception, stack), for every handler."""

    def __init__(self, forms: Sequence[str]) -> None:
        super().__init__()
        self.forms = tuple(forms)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = redact(message, self.forms)
        if masked != message:
            record.msg, record.args = masked, None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info),
                                     self.forms)
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = redact(record.exc_text, self.forms)
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.forms)
        return True


NOISY_LOGGERS = ("httpx", "telegram.Bot", "telegram.ext.ExtBot", "telegram.ext.Updater",
                 "telegram.ext.Application")


def guard_records(token: str) -> None:
    """Mask the token in the records of the loggers that print Bot API URLs and errors."""
    forms = secret_forms(token)
    for name in NOISY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactingFilter) and f.forms == forms for f in logger.filters):
            logger.addFilter(RedactingFilter(forms))


def _guard_handler(handler: logging.Handler, forms: Sequence[str]) -> None:
    current = handler.formatter
    if isinstance(current, RedactingFormatter):
        current.forms = tuple(dict.fromkeys((*current.forms, *forms)))
        return
    handler.setFormatter(RedactingFormatter(current, forms))


def guard_logging(token: str) -> tuple[str, ...]:
    """Mask the token in every handler of every logger and in uncaught tracebacks."""
    forms = secret_forms(token)
    root = logging.getLogger()
    loggers: list[logging.Logger] = [root]
    loggers += [lg for lg in logging.Logger.manager.loggerDict.values()
                if isinstance(lg, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            _guard_handler(handler, forms)
    _guard_excepthooks(forms)
    return forms


def _guard_excepthooks(forms: Sequence[str]) -> None:
    def print_redacted(exc_type: type[BaseException], exc: BaseException,
                       tb: TracebackType | None) -> None:
        text = logging.Formatter().formatException((exc_type, exc, tb))
        print(redact(text, forms), file=sys.stderr)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            print_redacted(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = print_redacted
    threading.excepthook = thread_hook
