"""Direct quotes in an Indonesian article, each with its speaker's full name and role."""

from __future__ import annotations

import logging
import re

from retrieval.records import Quote
from retrieval.text.attribution import (
    FOCUS,
    NONE,
    Attribution,
    before_titles,
    menurut,
    speaker_after,
    speaker_at,
)
from retrieval.text.focus import Focus, focus_at, focus_events
from retrieval.text.people import People
from retrieval.text.sentences import QuoteRegion, find_quote_regions, split_sentences
from retrieval.text.speechwords import AFTER_VERBS, PASSIVE_VERBS, SPEECH_VERBS
from retrieval.text.subjects import subject_after, subject_before
from retrieval.text.words import alternation

_AFTER = re.compile(
    r"\s*,?\s*(?:(?:[Dd]emikian|[Bb]egitu)\s+)?"
    rf"(?P<verb>di(?:{alternation(PASSIVE_VERBS)})|{alternation(AFTER_VERBS)})"
    r"(?P<nya>nya)?\b(?:\s+oleh)?"
)
# "“… kan?” Kata Rudy.": after a question or an exclamation the credit opens a sentence.
_AFTER_ASKING = re.compile(rf"\s*(?P<verb>(?i:{alternation(AFTER_VERBS)}))(?P<nya>nya)?\b")
_SO_SAID = re.compile(r"\s*,?\s*(?:[Dd]emikian|[Bb]egitu)\s+(?=[A-Z])")
_SPEECH = alternation(SPEECH_VERBS)
_BEFORE_SPEECH = re.compile(
    rf"\b(?:{_SPEECH})(?:(?:\s+[a-z][\w-]*){{0,4}}\s*[,:]|\s+bahwa|\s*[,:])?\s*$"
)
# "Menurut Asisten II Setdaprov Kaltim Ir. Rahmat Percobaan, M.M., “…”": degrees may follow.
_BEFORE_MENURUT = re.compile(r"\b[Mm]enurut(?P<nya>nya)?\b(?:\s+[^\s“”\"]+){0,14}?\s*[,:]\s*$")
# "kata Rudy: “…”" and, opening a sentence, "Kata Rudy: “…”".
_BEFORE_AFTERVERB = re.compile(
    rf"\b(?i:{alternation(AFTER_VERBS)})(?P<nya>nya)?(?:\s+[^\s,:]+){{0,6}}?\s*[,:]\s*$"
)
log = logging.getLogger(__name__)
_PREFIX_WINDOW = 160  # characters before a quote searched for `Rudy mengatakan, “`
_SPEECHLIKE = re.compile(r"[.!?,]\s*$|[.!?]")


def extract_quotes(text: str) -> list[Quote]:
    """Return every direct quote with its resolved speaker; scare-quoted terms are skipped."""
    try:
        return _extract(text)
    except Exception as exc:  # hundreds of word rules meet text nobody foresaw
        # One article's quotes are worth less than the index (or `/add`) the error would stop:
        # the article is still indexed, as text without quotes.
        log.warning("quotes of an article (%d characters) could not be read, indexing it without "
                    "them: %r", len(text), exc)  # fmt: skip
        return []


def _extract(text: str) -> list[Quote]:
    regions = find_quote_regions(text)
    if not any(text[r.start : r.end].strip() for r in regions):
        return []  # reading the article's people is the costly part; skip it when no quote
    people = People(text)
    marks = [(r.start - 1, r.end + (1 if r.closed else 0)) for r in regions]
    attributions = [_attribute(text, r, people) for r in regions]
    events = focus_events(text, people, marks)
    positions = [r.end + 1 if r.closed else r.end for r in regions]  # where attribution starts
    for pos, attr in zip(positions, attributions, strict=True):
        if attr.found and not attr.focus:
            events.append(Focus(pos, attr.speaker, attr.role))
    events.sort(key=lambda e: e.at)
    resolved: list[Attribution] = []
    for attr, pos in zip(attributions, positions, strict=True):
        if attr.focus:
            event = focus_at(events, pos)
            attr = Attribution(True, False, event.speaker, event.role)
        resolved.append(attr)
    # A quote left open at a paragraph end continues in the next paragraph's opening quote.
    for k in range(len(regions) - 2, -1, -1):
        if (
            not regions[k].closed
            and not resolved[k].found
            and _continues(text, regions[k], regions[k + 1])
        ):
            resolved[k] = resolved[k + 1]
    # `“A,” kata X. “B.”`: the second part of a quote split by its attribution is X's too.
    for k in range(1, len(regions)):
        if not resolved[k].found and resolved[k - 1].found and _split(text, regions, k):
            resolved[k] = resolved[k - 1]
    quotes: list[Quote] = []
    for region, attr in zip(regions, resolved, strict=True):
        start, end = _inner(text, region)
        if end <= start or not (attr.found or _looks_like_speech(text[start:end])):
            continue
        quotes.append(Quote(text[start:end], attr.speaker, attr.role, start, end))
    return quotes


def _inner(text: str, region: QuoteRegion) -> tuple[int, int]:
    a, z = region.start, region.end
    while a < z and text[a].isspace():
        a += 1
    while z > a and (text[z - 1].isspace() or text[z - 1] == ","):
        z -= 1
    return a, z


def _looks_like_speech(quoted: str) -> bool:
    # Unattributed: keep sentences, skip terms ("Benua Etam") and titles in quote marks.
    return len(quoted.split()) > 3 and bool(_SPEECHLIKE.search(quoted))


def _continues(text: str, region: QuoteRegion, nxt: QuoteRegion) -> bool:
    return text[region.end : nxt.start - 1].strip() == ""


def _split(text: str, regions: list[QuoteRegion], k: int) -> bool:
    """Whether only an attribution such as "kata X." stands between quote k - 1 and quote k."""
    first, second = regions[k - 1], regions[k]
    between = text[first.end + 1 : second.start - 1]
    if not first.closed or "\n" in between or _AFTER.match(between) is None:
        return False
    return len(split_sentences(between)) == 1  # the attribution only, not a new statement


def _attribute(text: str, region: QuoteRegion, people: People) -> Attribution:
    if region.closed:
        after = _AFTER.match(text, region.end + 1)
        if after is None and text[region.start : region.end].rstrip().endswith(("?", "!")):
            after = _AFTER_ASKING.match(text, region.end + 1)
        if after is not None:
            if after.group("nya"):
                return FOCUS
            return speaker_after(people, people.token_at(after.end()), region.end)
        found = subject_after(people, region.end + 1)
        if found is not None:
            return found
        so = _SO_SAID.match(text, region.end + 1)
        if so is not None:  # "“…,” begitu Rudy menyapa warga."
            named = speaker_after(people, people.token_at(so.end()), region.end)
            if named.speaker:
                return named
    # The patterns end at the quote mark and span a few words; a bounded window keeps them fast.
    line_start = max(text.rfind("\n", 0, region.start - 1) + 1, region.start - 1 - _PREFIX_WINDOW)
    if not text[line_start : region.start - 1].strip() and text[:line_start].rstrip().endswith(":"):
        # "Bupati X mengatakan:" ends the paragraph before the quote's.
        end = len(text[:line_start].rstrip())
        line_start = max(text.rfind("\n", 0, end) + 1, end - _PREFIX_WINDOW)
    prefix = text[line_start : region.start - 1]
    for pattern in (_BEFORE_SPEECH, _BEFORE_MENURUT, _BEFORE_AFTERVERB):
        m = pattern.search(prefix)
        if m is None:
            continue
        if "nya" in m.groupdict() and m.group("nya"):
            return FOCUS
        if pattern is _BEFORE_SPEECH:
            return subject_before(people, people.token_at(line_start + m.start()) - 1, region.start)
        if pattern is _BEFORE_MENURUT:
            found = menurut(people, line_start + m.start(), region.start)
            if found is None:
                continue
            return found
        end = line_start + len(prefix.rstrip().rstrip(",:"))
        return speaker_at(people, before_titles(people, people.token_at(end) - 1), region.start)
    if prefix.rstrip().endswith(":") and line_start == text.rfind("\n", 0, region.start) + 1:
        return _name_colon(people, line_start, line_start + len(prefix.rstrip()) - 1)
    return NONE


def _name_colon(people: People, start: int, colon: int) -> Attribution:
    """Read `Kepala Dinas Rekaan Nama Orang: “…”`, an interview's line: the name, a colon."""
    index = people.token_at(start)
    mention = people.mention_at(index)
    if mention is None or not mention.name_key or mention.end != colon:
        return NONE
    speaker, role = people.resolve(mention, colon)
    return Attribution(True, False, speaker, role)
