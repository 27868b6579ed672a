"""What a question asks for: someone's own words, who holds an office, or just a topic.

Read from the question's words alone (no index, no model), with the phrasings table
(text/phrasings.py) and the vocabulary (offices, places). For a question asking for someone's
words it also finds where the speaker may stand: before the asking word ("Gubernur bilang apa
soal banjir?") or after it up to the topic ("apa kata Mendagri soal sosok Budi?"). Which side
names a person is the plan's part, which knows the people of the articles (plan.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.index.lexical import STOPWORDS_ID
from retrieval.search.requests import asks_request
from retrieval.text.phrasings import (
    ASKING,
    ASKING_AFTER,
    GIVEN,
    GIVING,
    POSSESSIVE_OF,
    SAID_BEFORE_ASKING,
    SAID_PAIRS,
    SAID_WORDS,
    TOPIC_LINKS,
    WHO_WORDS,
)
from retrieval.text.vocabulary import find_terms, fold

_POSSESSIVE = re.compile(r"\w['’]s\s+(\w+)")
_POSSESSIVE_S = re.compile(r"(?<=\w)['’]s\b")  # English only: "Mas’ud" keeps its ’
# Words, and the punctuation that ends a speaker's part ("Menurut Sekda, kapan …?").
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?|[,;:?!]", re.UNICODE)


@dataclass(frozen=True)
class Intent:
    """What the question asks for, from its words."""

    said: bool  # asks for someone's own words
    who: bool  # asks who someone is or who holds an office
    words: tuple[str, ...]  # folded words of the question, apostrophes dropped
    roles: frozenset[str]  # ids of the offices it names (vocabulary), e.g. "sekretaris daerah"
    places: frozenset[str]  # ids of the places it names, e.g. "kalimantan timur"
    topic: tuple[str, ...]  # words left once asking, office, place and link words are gone
    request: bool  # asks what someone requested, urged or hoped ("X minta apa"; requests.py)
    # Where the speaker may be named, as word ranges [start, end): before the asking word and
    # after it (up to a topic link or a comma). Empty when the question asks for no one's words.
    speaker_spans: tuple[tuple[int, int], ...] = ()


def _tokens(question: str) -> tuple[list[str], set[int]]:
    """Folded words, and the positions of the words a comma or question mark follows."""
    words: list[str] = []
    breaks: set[int] = set()
    for token in _TOKEN.findall(fold(_POSSESSIVE_S.sub("", question))):
        if token[0].isalnum():
            words.append(token.replace("'", ""))
        elif words:
            breaks.add(len(words) - 1)
    return words, breaks


def _said_at(words: list[str]) -> int | None:
    """Where the question first asks for words: "X jawab apa pas Y bilang …" asks for X's."""
    for i, w in enumerate(words):
        if w in SAID_WORDS:
            return i
        pair = tuple(words[i : i + 2])
        if pair in SAID_PAIRS:
            return i + 1
        if len(pair) == 2 and pair[0] in SAID_BEFORE_ASKING and pair[1] in ASKING_AFTER:
            return i
        if len(pair) == 2 and pair[0] in GIVING and pair[1] in GIVEN:
            return i
    return None


def _asks_who_said(words: list[str], at: int) -> bool:
    """"siapa pejabat yg bilang …", "who said …": the speaker is what is asked, not given."""
    before = words[:at]
    return bool(before) and (before[-1] in _RELATIVE or words[0] in ("who", "whom")) and any(
        w in WHO_WORDS for w in before
    )


_RELATIVE = frozenset({"yang", "yg"})


def _speaker_spans(words: list[str], breaks: set[int], at: int) -> tuple[tuple[int, int], ...]:
    start = 0
    while start < at and words[start] in ASKING:
        start += 1
    before = (start, at)
    end = at + 1
    while end < len(words) and words[end] in ASKING | SAID_WORDS:
        end += 1
    begin = end
    while end < len(words) and words[end] not in TOPIC_LINKS:
        end += 1
        if end - 1 in breaks:
            break
    spans = [s for s in (before, (begin, end)) if s[1] > s[0]]
    return tuple(spans)


def detect_intent(question: str) -> Intent:
    """Read what the question asks for; words are folded so case, accents and ’ do not matter."""
    possessive = any(
        m.group(1).casefold() in POSSESSIVE_OF for m in _POSSESSIVE.finditer(question)
    )
    words, breaks = _tokens(question)
    at = _said_at(words)
    if at is not None and _asks_who_said(words, at):
        at = None
    said = possessive or at is not None
    found = find_terms(words)
    roles = frozenset(f.term.id for f in found if f.term.kind == "role")
    places = frozenset(f.term.id for f in found if f.term.kind == "place")
    taken = {i for f in found for i in range(f.start, f.end)}
    topic = tuple(
        w
        for i, w in enumerate(words)
        if i not in taken
        and w not in SAID_WORDS
        and w not in WHO_WORDS
        and w not in TOPIC_LINKS
        and w not in ASKING
        and w not in STOPWORDS_ID
    )
    if at is None and possessive:
        # "the governor's statement on …": the speaker is what the possessive closes.
        at = next((i for i, w in enumerate(words) if w in POSSESSIVE_OF), len(words))
    spans = _speaker_spans(words, breaks, at) if said and at is not None else ()
    return Intent(
        said=said,
        who=any(w in WHO_WORDS for w in words),
        words=tuple(words),
        roles=roles,
        places=places,
        topic=topic,
        request=asks_request(words),
        speaker_spans=spans,
    )
