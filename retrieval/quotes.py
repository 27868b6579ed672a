"""Direct quotes in an Indonesian article, each with its speaker's full name and role."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.idwords import ADVERBS, AFTER_VERBS, PASSIVE_VERBS, PRONOUNS, SPEECH_VERBS
from retrieval.records import Quote
from retrieval.sentences import QuoteRegion, find_quote_regions
from retrieval.speakers import People


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))  # longest first: "akui" before "aku"


_AFTER = re.compile(
    r"\s*,?\s*(?:(?:[Dd]emikian|[Bb]egitu)\s+)?"
    rf"(?P<verb>di(?:{_alternation(PASSIVE_VERBS)})|{_alternation(AFTER_VERBS)})"
    r"(?P<nya>nya)?\b(?:\s+oleh)?"
)
_SPEECH = _alternation(SPEECH_VERBS)
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b")
_BEFORE_SPEECH = re.compile(
    rf"\b(?:{_SPEECH})(?:(?:\s+[a-z][\w-]*){{0,4}}\s*[,:]|\s+bahwa|\s*[,:])?\s*$"
)
_BEFORE_MENURUT = re.compile(r"\b[Mm]enurut(?P<nya>nya)?(?:\s+[^\s,]+){0,6}?\s*,\s*$")
_BEFORE_AFTERVERB = re.compile(
    rf"\b(?:{_alternation(AFTER_VERBS)})(?P<nya>nya)?(?:\s+[^\s,:]+){{0,6}}?\s*[,:]\s*$"
)
_MENURUT = re.compile(r"\b[Mm]enurut\s+(?=[A-Z])")
# Reported speech outside quote marks: "…, kata Mayor X." and "Hal ini dibenarkan X".
_REPORTED = re.compile(
    rf"(?:,\s*(?:{_alternation(AFTER_VERBS)})|\bdi(?:{_alternation(PASSIVE_VERBS)}|benarkan|akui))"
    r"\s+(?=[A-Z])"
)
_PREFIX_WINDOW = 160  # characters before a quote searched for `Rudy mengatakan, “`
_SUBJECT_REACH = 6  # words between a subject and its verb, e.g. "dalam sambutannya"
_CLAUSE_REACH = 30  # words from a sentence's subject to its verb across an apposition
_SPEECHLIKE = re.compile(r"[.!?,]\s*$|[.!?]")


@dataclass(frozen=True)
class _Attribution:
    found: bool  # an attribution pattern was seen (even if it names no one)
    focus: bool  # "-nya" or a pronoun: the speaker in focus
    speaker: str | None = None
    role: str | None = None


_NONE = _Attribution(False, False)
_UNNAMED = _Attribution(True, False)  # attributed, but to someone the article does not name
_FOCUS = _Attribution(True, True)


def extract_quotes(text: str) -> list[Quote]:
    """Return every direct quote with its resolved speaker; scare-quoted terms are skipped."""
    regions = find_quote_regions(text)
    if not any(text[r.start : r.end].strip() for r in regions):
        return []  # reading the article's people is the costly part; skip it when no quote
    people = People(text)
    marks = [(r.start - 1, r.end + (1 if r.closed else 0)) for r in regions]
    attributions = [_attribute(text, r, people) for r in regions]
    events = _focus_events(text, people, marks)
    positions = [r.end + 1 if r.closed else r.end for r in regions]  # where attribution starts
    for pos, attr in zip(positions, attributions, strict=True):
        if attr.found and not attr.focus:
            events.append((pos, attr.speaker, attr.role))
    events.sort(key=lambda e: e[0])
    resolved: list[_Attribution] = []
    for attr, pos in zip(attributions, positions, strict=True):
        if attr.focus:
            speaker, role = _focus_at(events, pos)
            attr = _Attribution(True, False, speaker, role)
        resolved.append(attr)
    # A quote left open at a paragraph end continues in the next paragraph's opening quote.
    for k in range(len(regions) - 2, -1, -1):
        if (
            not regions[k].closed
            and not resolved[k].found
            and _continues(text, regions[k], regions[k + 1])
        ):
            resolved[k] = resolved[k + 1]
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


def _attribute(text: str, region: QuoteRegion, people: People) -> _Attribution:
    if region.closed:
        after = _AFTER.match(text, region.end + 1)
        if after is not None:
            if after.group("nya"):
                return _FOCUS
            return _speaker_after(people, people.token_at(after.end()), region.end)
        found = _subject_after(text, region, people)
        if found is not None:
            return found
    # The patterns end at the quote mark and span a few words; a bounded window keeps them fast.
    line_start = max(text.rfind("\n", 0, region.start - 1) + 1, region.start - 1 - _PREFIX_WINDOW)
    prefix = text[line_start : region.start - 1]
    for pattern in (_BEFORE_SPEECH, _BEFORE_MENURUT, _BEFORE_AFTERVERB):
        m = pattern.search(prefix)
        if m is None:
            continue
        if "nya" in m.groupdict() and m.group("nya"):
            return _FOCUS
        if pattern is _BEFORE_SPEECH:
            return _subject_before(
                people, people.token_at(line_start + m.start()) - 1, region.start
            )
        end = line_start + len(prefix.rstrip().rstrip(",:"))
        return _speaker_at(people, people.token_at(end) - 1, region.start)
    return _NONE


def _subject_after(text: str, region: QuoteRegion, people: People) -> _Attribution | None:
    # `“…,” Rudy menambahkan.`
    index = people.token_at(region.end + 1)
    mention = people.mention_at(index)
    if mention is None or text[region.end + 1 : mention.start].strip(" ,") != "":
        return None
    tail = text[mention.end :]
    m = re.match(r"[\s,]*(?:(?:juga|pun|kembali|lalu|pula)\s+)?(\w+)", tail)
    if m is None or m.group(1) not in SPEECH_VERBS:
        return None
    speaker, role = people.resolve(mention, mention.start)
    return _Attribution(True, False, speaker, role)


def _speaker_after(people: People, index: int, pos: int) -> _Attribution:
    """Read the speaker after an attribution verb: `ujar (pula) Rudy`, `kata dia`."""
    toks = people.tokens
    while index < len(toks) and toks[index].key in ADVERBS:
        index += 1
    return _speaker_at(people, index, pos)


def _speaker_at(people: People, index: int, pos: int) -> _Attribution:
    toks = people.tokens
    if not 0 <= index < len(toks):
        return _Attribution(True, False)
    if toks[index].key in PRONOUNS:
        return _FOCUS
    mention = people.mention_at(index)
    if mention is None:
        return _Attribution(True, False)  # e.g. `ujar seorang warga`: someone unnamed
    speaker, role = people.resolve(mention, pos)
    return _Attribution(True, False, speaker, role)


def _subject_before(people: People, index: int, pos: int) -> _Attribution:
    """Find who speaks before a verb: `Gubernur dalam sambutannya mengatakan`, `Ia menyatakan`."""
    toks = people.tokens
    if 0 <= index < len(toks) and toks[index].breaks_after:
        # "Sabri, seorang pekerja di kawasan Menamang, mengatakan": the subject opens the clause.
        opener = _sentence_opener(people, index)
        found = _mention_attr(people, opener, pos) if opener is not None else None
        if found is not None:
            return found
    for _ in range(_SUBJECT_REACH):
        if index < 0:
            break
        tok = toks[index]
        if tok.key in PRONOUNS:
            return _FOCUS
        if tok.key == "yang":
            break  # "Seorang penonton yang … mengatakan": an unnamed speaker
        found = _mention_attr(people, index, pos)
        if found is not None:
            return found
        if tok.initial:
            break
        index -= 1
    return _UNNAMED


def _sentence_opener(people: People, index: int) -> int | None:
    toks = people.tokens
    for k in range(index - 1, max(-1, index - _CLAUSE_REACH), -1):
        if toks[k].initial:
            return k if toks[k].word[:1].isupper() else None
    return None


def _mention_attr(people: People, index: int, pos: int) -> _Attribution | None:
    mention = people.mention_at(index)
    if mention is None or not (mention.name_key or mention.role_key):
        return None
    speaker, role = people.resolve(mention, pos)
    return _Attribution(True, False, speaker, role)


def _focus_events(
    text: str, people: People, marks: list[tuple[int, int]]
) -> list[tuple[int, str | None, str | None]]:
    """Where a named person is said to speak: "Menurut Rudy", "Norhayati menegaskan"."""
    events: list[tuple[int, str | None, str | None]] = []

    def inside(pos: int) -> bool:
        return any(a <= pos < z for a, z in marks)

    for m in (*_MENURUT.finditer(text), *_REPORTED.finditer(text)):
        mention = people.mention_at(people.token_at(m.end()))
        if mention is not None and not inside(m.start()):
            events.append((m.start(), *people.resolve(mention, m.start())))
    for m in _SPEECH_RE.finditer(text):
        if inside(m.start()):
            continue
        attr = _subject_before(people, people.token_at(m.start()) - 1, m.start())
        if attr.speaker or attr.role:
            events.append((m.start(), attr.speaker, attr.role))
    return events


def _focus_at(
    events: list[tuple[int, str | None, str | None]], pos: int
) -> tuple[str | None, str | None]:
    last: tuple[str | None, str | None] = (None, None)
    for at, speaker, role in events:
        if at >= pos:
            break
        last = (speaker, role)
    return last
