"""The one error of backups, apart so that the archive's readers and writers share it."""

from __future__ import annotations

from retrieval.errors import BriefbotError


class BackupError(BriefbotError):
    """An archive that cannot be written, read or safely restored."""
