"""Keeping the developer's own briefbot settings out of what a test runs."""

from __future__ import annotations

import os

SETTING_PREFIXES = ("BRIEFBOT_", "TELEGRAM_")  # every name Settings reads starts so


def without_settings() -> dict[str, str]:
    """This process's environment minus every briefbot and Telegram setting (for a subprocess)."""
    return {k: v for k, v in os.environ.items() if not k.startswith(SETTING_PREFIXES)}
