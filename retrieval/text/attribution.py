"""Who a quote's attribution names: the words after an attribution verb, read as a person.

`“…,” kata Kepala Dinas X Nama Orang`, `kata peneliti Lembaga X, Nama Orang`, `kata dia`; the
subject before a verb of saying (`Rudy mengatakan, “…”`) is read in subjects.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text.mentions import Mention
from retrieval.text.people import MAX_INITIALS, People
from retrieval.text.regions import REGIONS
from retrieval.text.speechwords import (
    ADVERBS,
    AFTER_VERBS,
    CALLED,
    DEMONSTRATIVES,
    DETERMINERS,
    PRONOUNS,
)
from retrieval.text.vocabulary import term_ids
from retrieval.text.words import OCCUPATIONS, ROLE_HEADS, ROLE_WORDS, ROMAN_NUMERALS

_OFFICE_SEGMENTS = 3  # comma-separated places or bodies between an office and its holder
_OFFICE_REACH = 16  # words of a lowercase office before its holder's name
_AT = frozenset({"di", "ke", "dari", "pada"})  # "di KPU": a body one is at, not a person
_PERSON_NOUN = re.compile(r"[a-z]{3,}(?:wan|wati)")


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


def occupation(key: str) -> bool:
    """Whether a lowercase word names what someone is: an office, a trade, or a noun of a
    person in -wan/-wati ("prakirawan", "ilmuwan", "wartawati")."""
    return key in ROLE_HEADS or key in OCCUPATIONS or _PERSON_NOUN.fullmatch(key) is not None


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


def speaker_after(people: People, index: int, pos: int) -> Attribution:
    """Read the speaker after an attribution verb: `ujar (pula) Rudy`, `kata dia`, `kata salah
    seorang warga, Nama Orang`."""
    toks = people.tokens
    while (
        index < len(toks)
        and (toks[index].key in ADVERBS or toks[index].key in DETERMINERS)
        and toks[index].word.islower()
    ):
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
        if _describes(people, index):
            # "tutur mantan kepala dinas ini": the person in focus, unless the description
            # names them: "ujar pria yang akrab disapa Rudy itu".
            return _called(people, index, pos) or FOCUS
        if occupation(toks[index].key):
            return _lowercase_office(people, index, pos)
        named = people.named(toks[index]) if toks[index].word[:1].isupper() else None
        if named is not None:  # "kata Hari", "tutur Lalu": a name that is also a word
            speaker, role = people.resolve(named, pos)
            return Attribution(True, False, speaker, role)
        if _initials(people, index):
            return Attribution(True, False, toks[index].word)
        return Attribution(True, False)  # e.g. `ujar seorang warga`: someone unnamed
    if mention.start == toks[index].start:
        later = _office_then_name(people, mention, pos) or _office_from(people, mention, pos)
        if later is not None:
            return later
    speaker, role = people.resolve(mention, pos)
    return Attribution(True, False, speaker, role)


def _initials(people: People, index: int) -> bool:
    """Whether a credit in capitals is a person known by initials: "pesan BS".

    A body's abbreviation ("kata KPU") is written elsewhere in the article too, as a body does
    things; initials the article gives only in credits are a person's. So are initials no office
    or body of the vocabulary has that the article never writes as a place one goes to or is at
    ("BSW mengenang …", never "di BSW").
    """
    tok = people.tokens[index]
    if not (tok.word.isalpha() and tok.word.isupper() and 1 < len(tok.word) <= MAX_INITIALS):
        return False
    if tok.key in ROLE_WORDS or tok.word in ROMAN_NUMERALS:
        return False
    before = [people.tokens[k - 1].key if k else "" for k, t in enumerate(people.tokens)
              if t.key == tok.key]
    if all(b in AFTER_VERBS for b in before):
        return True
    return not term_ids(tok.word) and not any(b in _AT for b in before)


def _describes(people: People, index: int) -> bool:
    toks = people.tokens
    for k in range(index, min(len(toks), index + _OFFICE_REACH)):
        if toks[k].breaks_after:
            return toks[k].key in DEMONSTRATIVES and k > index
    return False


def _called(people: People, index: int, pos: int) -> Attribution | None:
    toks = people.tokens
    for k in range(index, min(len(toks) - 1, index + _OFFICE_REACH)):
        if toks[k].key in CALLED:
            mention = people.mention_at(k + 1)
            if mention is None or not mention.name_key:
                return None
            speaker, role = people.resolve(mention, pos)
            return Attribution(True, False, speaker, role)
        if toks[k].breaks_after:
            break
    return None


def _office_then_name(people: People, office: Mention, pos: int) -> Attribution | None:
    """Read `kata Kepala Dusun Rekaan, Kelurahan Contoh, Nama Orang`: places, then the name."""
    if not office.role_key or (office.name_key and people.referred(office)):
        return None
    toks, text = people.tokens, people.text
    k = people.token_at(office.end)
    for _ in range(_OFFICE_SEGMENTS):
        if k >= len(toks) or text[toks[k - 1].end : toks[k].start].strip(" )") != ",":
            return None
        credit = toks[k].start
        while k < len(toks) - 1 and toks[k].title and not toks[k].breaks_after:
            k += 1  # "…, Letnan Kolonel Nama Orang": the rank is part of the credit
        named = people.mention_at(k)
        if named is None and toks[k].word[:1].isupper():
            while k < len(toks) - 1 and not toks[k].breaks_after:
                k += 1  # "Jakarta Utara,": a place that names no one
            k += 1
            continue
        if named is None or named.start != toks[k].start:
            return None  # a lowercase word: the credit goes on in words, not names
        person = len(named.name_key) > 1 or people.referred(named) or _ends_credit(people, named)
        if named.name and not named.role and person:
            speaker, _ = people.resolve(named, pos)
            return Attribution(True, False, speaker, text[office.start : credit].rstrip(" ,"))
        k = people.token_at(named.end)
    return None


def _ends_credit(people: People, named: Mention) -> bool:
    """Whether a one-word name after an office's comma ends the credit, so it is the person's:
    "kata Kepala Dinas Rekaan, Samaran dalam keterangannya" (the sentence goes on in lowercase;
    a place, or a body's name such as a hospital's, is followed by a comma and more credit)."""
    toks = people.tokens
    k = people.token_at(named.end)
    if named.name_key[0] in REGIONS or k >= len(toks) or toks[k - 1].breaks_after:
        return False
    return toks[k].word[:1].islower()


def _office_from(people: People, office: Mention, pos: int) -> Attribution | None:
    """Read `kata Anggota Komisi Rekaan dari Fraksi Contoh Nama Orang`: the office goes on.

    A lone word after the office, as in "Ketua DPRD Rekaan dari Fraksi …", is its place.
    """
    if not office.role_key or len(office.name_key) > 1 or people.referred(office):
        return None
    toks, text = people.tokens, people.text
    k = people.token_at(office.end)
    if k + 1 >= len(toks) or toks[k].key != "dari" or toks[k - 1].breaks_after:
        return None
    named = people.mention_at(k + 1)
    if named is None or not named.name or named.role:
        return None
    if not (len(named.name_key) > 1 or people.referred(named)):
        return None
    speaker, _ = people.resolve(named, pos)
    role = text[office.start : text.find(named.name, named.start)].rstrip(" ,")
    return Attribution(True, False, speaker, role)


def _lowercase_office(people: People, index: int, pos: int) -> Attribution:
    """Read `kata peneliti Lembaga Rekaan (LR), Nama Orang`: a lowercase office, then the name."""
    toks, text = people.tokens, people.text
    for k in range(index + 1, min(len(toks), index + _OFFICE_REACH)):
        gap = text[toks[k - 1].end : toks[k].start]
        if toks[k - 1].breaks_after and gap.strip(" ,)") != "":
            break  # the sentence or clause is over before any name
        mention = people.mention_at(k)
        if mention is None or not mention.name or mention.start != toks[k].start:
            continue
        if not (toks[k - 1].breaks_after or len(mention.name_key) > 1 or people.referred(mention)):
            continue  # "anggota Tim Rekaan dari UGM, Nama Orang": a body's name first
        speaker, _ = people.resolve(mention, pos)
        at = text.find(mention.name, mention.start)
        office = text[toks[index].start : at].rstrip(" ,")
        return Attribution(True, False, speaker, office or None)
    return Attribution(True, False)
