"""Waiting for something to happen, at one short interval for every test server and wait."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# How often servers look for shutdown and waits look again: short, so teardown takes no time.
POLL_SECONDS = 0.05


async def until(predicate: Callable[[], T | None], timeout: float = 90.0) -> T:
    """Wait on the event loop (the bot may run on it too) until predicate() gives a value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        await asyncio.sleep(POLL_SECONDS)
    raise AssertionError(f"timed out after {timeout:g} s")
