"""Who a quote's attribution names: the words around an attribution verb, read as a person."""

from __future__ import annotations

import re
from dataclasses import dataclass

from retrieval.text.nametokens import DASHES, Token
from retrieval.text.people import Mention, People
from retrieval.text.words import (
    ADVERBS,
    AFTER_VERBS,
    CALLED,
    CONNECTIVES,
    DEMONSTRATIVES,
    OCCUPATIONS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_HEADS,
    ROLE_WORDS,
    ROMAN_NUMERALS,
    SPEECH_VERBS,
)

_MAX_INITIALS = 4  # "JK", "SBY", "AHY": people known by their initials
_SUBJECT_REACH = 8  # words between a subject and its verb, e.g. "dalam sambutannya"
_OFFICE_SEGMENTS = 3  # comma-separated places or bodies between an office and its holder
_OFFICE_REACH = 16  # words of a lowercase office before its holder's name
_CLAUSE_REACH = 30  # words from a sentence's subject to its verb across an apposition
_PERSON_NOUN = re.compile(r"[a-z]{3,}(?:wan|wati)")
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
    while index < len(toks) and toks[index].key in ADVERBS and toks[index].word.islower():
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
    things; initials the article gives only in credits are a person's.
    """
    tok = people.tokens[index]
    if not (tok.word.isalpha() and tok.word.isupper() and 1 < len(tok.word) <= _MAX_INITIALS):
        return False
    if tok.key in ROLE_WORDS or tok.word in ROMAN_NUMERALS:
        return False
    return all(
        k > 0 and people.tokens[k - 1].key in AFTER_VERBS
        for k, t in enumerate(people.tokens)
        if t.key == tok.key
    )


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
        person = len(named.name_key) > 1 or people.referred(named)
        if named.name and not named.role and person:
            speaker, _ = people.resolve(named, pos)
            return Attribution(True, False, speaker, text[office.start : credit].rstrip(" ,"))
        k = people.token_at(named.end)
    return None


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


def subject_before(people: People, index: int, pos: int) -> Attribution:
    """Find who speaks before a verb: `Gubernur dalam sambutannya mengatakan`, `Ia menyatakan`."""
    toks = people.tokens
    verb = index
    while 0 < index < len(toks) and toks[index].key in ADVERBS and not toks[index].initial:
        index -= 1  # "…, yang dihubungi, juga membenarkan"
    if (
        0 <= index < len(toks)
        and toks[index].key in DEMONSTRATIVES
        and not toks[index].initial
        and not toks[index].breaks_after  # "Rekaan, yang ditemui seusai rapat itu, mengatakan"
    ):
        return FOCUS  # "Mantan bupati itu lalu menjelaskan": the person just named
    aside = _aside_start(toks, index)
    if aside is not None:
        index = aside  # "Nama, kepala regu — yang tiba pertama — menuturkan": skip the aside
    if 0 <= index < len(toks) and (toks[index].breaks_after or aside is not None):
        # "Sabri, seorang pekerja di kawasan Menamang, mengatakan": the subject opens the clause.
        opener = _sentence_opener(people, index)
        found = _clause_subject(people, opener, index, pos) if opener is not None else None
        if found is not None:
            return found
    for _ in range(_SUBJECT_REACH):
        if index < 0:
            break
        tok = toks[index]
        if tok.key in PRONOUNS:
            return FOCUS
        if tok.key == "yang" and not _adverbial(toks, index):
            # "Kepala Dinas X Nama Orang yang ditemui di kantornya mengakui": the named subject;
            # "Seorang penonton yang … mengatakan": an unnamed speaker.
            named = people.mention_at(index - 1) if index else None
            if named is not None and named.name_key and _subject(people, named, index - 1):
                return _mention_attr(people, index - 1, pos) or UNNAMED
            break
        mention = people.mention_at(index)
        found = _mention_attr(people, index, pos)
        if found is not None and mention is not None and people.person_like(mention):
            return found
        if tok.initial:
            break
        index -= 1
    return _subject_across_phrase(people, verb, pos) or UNNAMED


def _subject_across_phrase(people: People, index: int, pos: int) -> Attribution | None:
    """`Kepala X Nama Orang dalam diskusi …, Jumat (22/5), mengatakan`: the sentence's named
    subject, then a phrase of place or time, then the verb ending at index."""
    toks, text = people.tokens, people.text
    start = None
    for k in range(index, max(-1, index - _CLAUSE_REACH), -1):
        # A colon inside a quoted title ("Reviu: Perspektif …") starts no sentence.
        if toks[k].initial and (k == 0 or ":" not in text[toks[k - 1].end : toks[k].start]):
            start = k
            break
    if start is None:
        return None
    if toks[start].key in CONNECTIVES and not toks[start].breaks_after:
        start += 1  # "Adapun Ketua X Nama dalam …"
    mention = people.mention_at(start)
    if mention is None or not mention.name_key or not people.person_like(mention):
        return None
    after = people.token_at(mention.end)
    if not start < after < index or toks[after].key not in PREPOSITIONS:
        return None
    for k in range(after, index + 1):
        other = people.mention_at(k)
        if other is not None and other.name_key and people.person_like(other, speaking=False):
            return None  # "Rudy dalam rapat dengan Bupati X mengatakan": two people
    return _mention_attr(people, start, pos)


def _aside_start(toks: list[Token], index: int) -> int | None:
    """The word before an aside between dashes that ends at index, or None."""
    if not 0 < index < len(toks) or toks[index].word not in DASHES:
        return None
    for k in range(index - 1, max(0, index - _CLAUSE_REACH), -1):
        if toks[k].word in DASHES:
            return k - 1
        if toks[k].initial and toks[k - 1].word not in DASHES:
            return None
    return None


def _subject(people: People, mention: Mention, last: int) -> bool:
    """Whether a person's mention ending at token last opens its clause, without a comma."""
    toks = people.tokens
    first = people.token_at(mention.start)
    opens = toks[first].initial or (first > 0 and toks[first - 1].breaks_after)
    return opens and not toks[last].breaks_after and people.person_like(mention)


def _adverbial(toks: list[Token], index: int) -> bool:
    # "Nama dalam waktu yang berbeda mengatakan": "yang" inside a phrase of time or place.
    return any(t.key in PREPOSITIONS for t in toks[max(0, index - 3) : index])


def _sentence_opener(people: People, index: int) -> int | None:
    toks = people.tokens
    for k in range(index - 1, max(-1, index - _CLAUSE_REACH), -1):
        if toks[k].initial:
            return k if toks[k].word[:1].isupper() else None
    return None


def _clause_subject(people: People, opener: int, last_word: int, pos: int) -> Attribution | None:
    """The subject opening a clause; "Kepala X yang juga Ketua Y Nama Orang" names Nama Orang.

    last_word: the word before the verb of saying.
    """
    found = _mention_attr(people, opener, pos)
    mention = people.mention_at(opener)
    if mention is not None and (found is None or mention.name_key):
        return found
    toks = people.tokens
    # "Saat dikonfirmasi, Nama Orang, kuasa hukum X, menyatakan": after an opening phrase the
    # subject stands between commas.
    start = opener + 1 if mention is None else people.token_at(mention.end)
    closing = []
    for k in range(start, last_word + 1):
        named = people.mention_at(k)
        if named is None or not named.name_key or named.start != toks[k].start:
            continue
        last = people.token_at(named.end) - 1
        # The subject's name closes its apposition: "…, Nama Orang, saat dihubungi, mengatakan".
        if toks[last].breaks_after or last == last_word:
            closing.append(k)
    # Between commas first: "Pengajar di Universitas Rekaan, Nama Orang, menilai".
    between = [k for k in closing if toks[k - 1].breaks_after]
    if between:
        return _mention_attr(people, between[0], pos)
    if closing:  # also "Tanpa aturan Ketua X Nama, yang …, mengatakan": a glued subheading
        return _mention_attr(people, closing[0], pos)
    return found


def _mention_attr(people: People, index: int, pos: int) -> Attribution | None:
    mention = people.mention_at(index)
    if mention is None or not (mention.name_key or mention.role_key):
        return None
    speaker, role = people.resolve(mention, pos)
    return Attribution(True, False, speaker, role)
