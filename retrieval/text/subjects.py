"""The subject of a verb of saying: `Gubernur dalam sambutannya mengatakan`, `Rudy menambahkan`.

The speaker stands before the verb, across asides, appositions and phrases of time or place.
"""

from __future__ import annotations

import re

from retrieval.text.attribution import FOCUS, UNNAMED, Attribution
from retrieval.text.mentions import Mention
from retrieval.text.nametokens import DASHES, Token
from retrieval.text.people import People
from retrieval.text.speechwords import (
    ADVERBS,
    CONNECTIVES,
    DEMONSTRATIVES,
    PREPOSITIONS,
    PRONOUNS,
    SPEECH_VERBS,
)

_SUBJECT_REACH = 8  # words between a subject and its verb, e.g. "dalam sambutannya"
_CLAUSE_REACH = 30  # words from a sentence's subject to its verb across an apposition
_ADVERB_THEN_WORD = re.compile(r"[\s,]*(?:(?:juga|pun|kembali|lalu|pula)\s+)?(\w+)")


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
            if found.speaker is None:  # "Nama Orang yang juga Ketua Koperasi X mengatakan"
                return _holder_before(people, mention, pos) or found
            return found
        if tok.initial:
            break
        index -= 1
    return _subject_across_phrase(people, verb, pos) or UNNAMED


def _holder_before(people: People, office: Mention, pos: int) -> Attribution | None:
    """The named subject of "Nama Orang yang juga Ketua X", read from the office."""
    toks = people.tokens
    k = people.token_at(office.start) - 1
    if k >= 0 and toks[k].key in ADVERBS:
        k -= 1
    if k < 1 or toks[k].key != "yang":
        return None
    named = people.mention_at(k - 1)
    if named is None or not named.name_key or not _subject(people, named, k - 1):
        return None
    return _mention_attr(people, k - 1, pos)


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
