"""Who a quote's attribution names: the words around an attribution verb, read as a person."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text.people import People
from retrieval.text.words import ADVERBS, PRONOUNS, ROLE_HEADS, SPEECH_VERBS

_SUBJECT_REACH = 6  # words between a subject and its verb, e.g. "dalam sambutannya"
_OFFICE_REACH = 8  # words of a lowercase office before its holder's name
_CLAUSE_REACH = 30  # words from a sentence's subject to its verb across an apposition
_ADVERB_THEN_WORD = re.compile(r"[\s,]*(?:(?:juga|pun|kembali|lalu|pula)\s+)?(\w+)")


@dataclass(frozen=True)
class Attribution:
    """What the words around a quote say about its speaker."""

    found: bool  # an attribution pattern was seen (even if it names no one)
    focus: bool  # "-nya" or a pronoun: the speaker in focus
    speaker: str | None = None
    role: str | None = None


NONE = Attribution(False, False)
UNNAMED = Attribution(True, False)  # attributed, but to someone the article does not name
FOCUS = Attribution(True, True)


def menurut(people: People, at: int, pos: int) -> Attribution | None:
    """Read `Menurut X, “…”`: X must reach the comma, save for degrees such as "M.M."."""
    toks = people.tokens
    index = people.token_at(at) + 1
    if index < len(toks) and toks[index].key in PRONOUNS:
        return FOCUS
    mention = people.mention_at(index)
    if mention is None:
        return None
    rest = toks[people.token_at(mention.end) : people.token_at(pos - 1)]
    if not all(t.title for t in rest):
        return None
    speaker, role = people.resolve(mention, pos)
    return Attribution(True, False, speaker, role)


def before_titles(people: People, index: int) -> int:
    """Step back from degrees after a name: "Rahmat Percobaan, M.M." ends at "Percobaan"."""
    while index > 0 and people.tokens[index].title:
        index -= 1
    return index


def subject_after(people: People, after: int) -> Attribution | None:
    """Read `“…,” Rudy menambahkan.`: the speaker right after the quote, then a verb."""
    text = people.text
    index = people.token_at(after)
    mention = people.mention_at(index)
    if mention is None or text[after : mention.start].strip(" ,") != "":
        return None
    tail = text[mention.end :]
    m = _ADVERB_THEN_WORD.match(tail)
    if m is None or m.group(1) not in SPEECH_VERBS:
        return None
    speaker, role = people.resolve(mention, mention.start)
    return Attribution(True, False, speaker, role)


def speaker_after(people: People, index: int, pos: int) -> Attribution:
    """Read the speaker after an attribution verb: `ujar (pula) Rudy`, `kata dia`."""
    toks = people.tokens
    while index < len(toks) and toks[index].key in ADVERBS:
        index += 1
    return speaker_at(people, index, pos)


def speaker_at(people: People, index: int, pos: int) -> Attribution:
    """Read the person named at a token: a pronoun keeps the speaker in focus."""
    toks = people.tokens
    if not 0 <= index < len(toks):
        return Attribution(True, False)
    if toks[index].key in PRONOUNS:
        return FOCUS
    mention = people.mention_at(index)
    if mention is None:
        if toks[index].key in ROLE_HEADS:
            return _lowercase_office(people, index, pos)
        return Attribution(True, False)  # e.g. `ujar seorang warga`: someone unnamed
    speaker, role = people.resolve(mention, pos)
    return Attribution(True, False, speaker, role)


def _lowercase_office(people: People, index: int, pos: int) -> Attribution:
    """Read `kata jubir Apache Corp, Bill Mintz`: an office in lowercase, then the name."""
    toks = people.tokens
    for k in range(index + 1, min(len(toks), index + _OFFICE_REACH)):
        if toks[k - 1].breaks_after and people.text[toks[k - 1].end] != ",":
            break  # the sentence or clause is over before any name
        mention = people.mention_at(k)
        if mention is not None and mention.start == toks[k].start and toks[k - 1].breaks_after:
            if mention.role or not mention.name_key:
                break
            speaker, _ = people.resolve(mention, pos)
            office = people.text[toks[index].start : toks[k - 1].end].rstrip(",")
            return Attribution(True, False, speaker, office)
    return Attribution(True, False)


def subject_before(people: People, index: int, pos: int) -> Attribution:
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
            return FOCUS
        if tok.key == "yang":
            break  # "Seorang penonton yang … mengatakan": an unnamed speaker
        found = _mention_attr(people, index, pos)
        if found is not None:
            return found
        if tok.initial:
            break
        index -= 1
    return UNNAMED


def _sentence_opener(people: People, index: int) -> int | None:
    toks = people.tokens
    for k in range(index - 1, max(-1, index - _CLAUSE_REACH), -1):
        if toks[k].initial:
            return k if toks[k].word[:1].isupper() else None
    return None


def _mention_attr(people: People, index: int, pos: int) -> Attribution | None:
    mention = people.mention_at(index)
    if mention is None or not (mention.name_key or mention.role_key):
        return None
    speaker, role = people.resolve(mention, pos)
    return Attribution(True, False, speaker, role)
