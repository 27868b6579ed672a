"""Indonesian-aware sentence splitting: a quote and its attribution stay one sentence unit."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from retrieval.records import Span
from retrieval.text.words import (
    DOMAIN_ENDINGS,
    LOWER_ABBREVIATIONS,
    MONTH_ABBREVIATIONS,
    ROMAN_NUMERALS,
    TITLE_ABBREVIATIONS,
)

_DOTTED = re.compile(r"(?:[A-Za-z]{1,4}\.)+[A-Za-z]{1,4}")
_CANDIDATE = re.compile(r"([.!?…]+)([”\"’')\]]*)(?=\s)")
_PARAGRAPH = re.compile(r"[^\n]+")
_QUOTE_CHAR = re.compile(r"[“”„\"]")
_STARTERS = "“„\"‘'(["
_SHORT_TAIL = re.compile(r"\([^()\n]{1,24}\)\s*")
# A sentence right after a closed quote that is only its attribution, e.g. `“…!” Demikian kata
# Rudy.` or `“…?” Rudy menambahkan.`: it must stay with the quote.
_ATTRIBUTION_TAIL = re.compile(
    r"(?:Demikian|Begitu)\b[^.!?\n]{0,80}?\b(?:kata|ujar|tutur|tegas|jelas|ungkap|di\w+kan)"
    r"|(?:[A-Z][\w’'.-]*\s+){1,4}(?:juga\s+|pun\s+)?"
    r"(?:menambahkan|mengatakan|menegaskan|menjelaskan|menyatakan|mengungkapkan|menuturkan"
    r"|menyampaikan|menutup|menimpali)\s*[.!]"
)


@dataclass(frozen=True)
class QuoteRegion:
    """The inside of a pair of double quote marks; closed is False when a paragraph ends first."""

    start: int  # first character after the opening mark
    end: int  # the closing mark's index, or the paragraph end when unclosed
    closed: bool


def split_sentences(text: str) -> list[Span]:
    """Split text into sentence units; a direct quote never leaves its attribution's unit."""
    regions = find_quote_regions(text)
    starts = [r.start for r in regions]
    spans: list[Span] = []
    for para in _PARAGRAPH.finditer(text):
        spans.extend(_split_range(text, para.start(), para.end(), regions, starts))
    return spans


def split_plain(text: str, span: Span) -> list[Span]:
    """Split one span at sentence ends ignoring quote marks: a last resort for over-long units."""
    out: list[Span] = []
    for para in _PARAGRAPH.finditer(text, span.start, span.end):
        out.extend(_split_range(text, para.start(), para.end(), [], []))
    return out


def find_quote_regions(text: str) -> list[QuoteRegion]:
    """Pair double quote marks within each paragraph, curly or straight, in order."""
    regions: list[QuoteRegion] = []
    if not _QUOTE_CHAR.search(text):
        return regions
    for para in _PARAGRAPH.finditer(text):
        _pair_marks(text, para.start(), para.end(), regions)
    return regions


def _pair_marks(text: str, ps: int, pe: int, regions: list[QuoteRegion]) -> None:
    open_at = -1
    closers = ""
    for m in _QUOTE_CHAR.finditer(text, ps, pe):
        i = m.start()
        ch = text[i]
        prev = text[i - 1] if i > ps else " "
        nxt = text[i + 1] if i + 1 < pe else " "
        opening = (prev.isspace() or prev in "([{—–-/:") and not nxt.isspace()
        closing = not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)]…—–-")
        if open_at < 0:
            # Some sites open with ” or straight quotes; only treat them as openers by context.
            if ch in "“„" or (ch in '”"' and opening):
                open_at = i
                # A curly opener closed by a straight mark (“…," katanya) where one ends a word.
                closers = {"“": '”“"', "„": "“”", "”": "”", '"': '"'}[ch]
        elif ch in closers and (ch != "“" or closing) and (
            ch != '"' or text[open_at] == '"' or closing
        ):
            regions.append(QuoteRegion(open_at + 1, i, True))
            open_at = -1
    if open_at >= 0 and (
        text[open_at] in "“„" or text[open_at + 1 : pe].rstrip()[-1:] in (".", "!", "?")
    ):
        # Journalists leave a quote open at a paragraph end when it continues in the next one;
        # a straight or ” opener counts when a sentence ends there, not a stray inch mark.
        regions.append(QuoteRegion(open_at + 1, pe, False))


def _split_range(
    text: str, ps: int, pe: int, regions: list[QuoteRegion], starts: list[int]
) -> list[Span]:
    """Sentence units of one paragraph; `starts` are the regions' starts (made once an article,
    not once a paragraph: a long article has thousands of both)."""
    cuts = [ps]
    for m in _CANDIDATE.finditer(text, ps, pe):
        b = m.end()
        k = bisect_right(starts, b) - 1
        if k >= 0 and regions[k].start <= b <= regions[k].end:
            continue
        n = b
        while n < pe and text[n].isspace():
            n += 1
        if n >= pe or not _is_boundary(text, m, n, ps, pe):
            continue
        cuts.append(n)
    cuts.append(pe)
    out: list[Span] = []
    for a, z in pairwise(cuts):
        span = _trim(text, a, z)
        if span is not None:
            out.append(span)
    return out


def _is_boundary(text: str, m: re.Match[str], n: int, ps: int, pe: int) -> bool:
    nxt = text[n]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _STARTERS):
        return False
    if nxt == "(" and _SHORT_TAIL.fullmatch(text, n, pe):
        return False  # a credit such as "(adv)" belongs to the sentence before it
    if m.group(2) and any(c in '”"' for c in m.group(2)) and _ATTRIBUTION_TAIL.match(text, n):
        return False
    if m.group(1) != ".":
        return True
    return not _is_abbreviation(text, m.start(), nxt, ps)


def _is_abbreviation(text: str, dot: int, nxt: str, ps: int) -> bool:
    ws = dot
    while ws > ps and not text[ws - 1].isspace():
        ws -= 1
    token = text[ws:dot].lstrip("(“\"‘'[")
    if not token:
        return False
    if token in TITLE_ABBREVIATIONS or token.lower() in LOWER_ABBREVIATIONS:
        return True
    if token in MONTH_ABBREVIATIONS and nxt.isdigit():
        return True
    if len(token) == 1 and token.isupper():
        return True  # an initial, as in "A. Rahman"
    if _DOTTED.fullmatch(token):
        return (
            token.rsplit(".", 1)[1].lower() not in DOMAIN_ENDINGS
        )  # "S.H.", "s.d." but not "go.id."
    first_token = text[ps:ws].strip() == ""
    return first_token and ((token.isdigit() and len(token) <= 2) or token in ROMAN_NUMERALS)


def _trim(text: str, a: int, z: int) -> Span | None:
    while a < z and text[a].isspace():
        a += 1
    while z > a and text[z - 1].isspace():
        z -= 1
    return Span(a, z) if z > a else None
