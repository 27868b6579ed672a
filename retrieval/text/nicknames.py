"""The name a person goes by, written right after their full name: "Hendra Wijaya atau Kang
Hendra", "Joko Samaran alias Jack", "Hendra Wijaya atau Hendrawi".

Articles quote people by that name ("kata Kang Hendra") and readers ask by it, while the office
is written with the full name: both are one person. "atau" also means "or" ("Budi atau Andi"), so
after it only a name that opens with a word people are called by ("Gus", "Cak", "Mas", …) or
that shares a word's first letters with the full name ("Hendrawi") is read as another name.
"""

from __future__ import annotations

import re

from retrieval.text.vocabulary import fold_words
from retrieval.text.words import words

# Words people are called by before a name: religious, regional and kinship forms of address.
CALLED_BY = words(
    "gus cak kang mas bang bung abah kiai kyai habib ning neng mbak ustaz ustad buya romo ki "
    "haji kak uda daeng"
)
_SHARED_PREFIX = 3  # "Hendrawi" of "Hendra Wijaya", "Sutrek" of "Sutrisno Rekaan"
_AFTER = re.compile(
    r"\s*,?\s*(?P<link>atau|alias|(?:yang\s+)?(?:akrab\s+|biasa\s+)?(?:di)?sapa(?:an)?)\s+"
    r"(?P<name>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
)


def nickname_after(text: str, end: int, full: str) -> str | None:
    """The other name written right after a full name ending at `end`, or None."""
    m = _AFTER.match(text, end)
    if m is None:
        return None
    name = m.group("name").rstrip(".")
    said = fold_words(name)
    if not said or said == fold_words(full):
        return None
    if m.group("link") != "atau":
        return name
    if said[0] in CALLED_BY and len(said) > 1:
        return name
    mine = fold_words(full)
    if len(said) == 1 and any(w[:_SHARED_PREFIX] == said[0][:_SHARED_PREFIX] for w in mine):
        return name
    return None
