"""Who is in focus along an article: the person a "-nya" credit ("ujarnya") points back to.

Each event is a place where a named person is said to speak or act ("Menurut Rudy",
"Norhayati menegaskan", "Bupati X meresmikan …"); a quote credited by "-nya" or a pronoun goes to
the person of the last event before it.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from retrieval.text.attribution import occupation, speaker_at
from retrieval.text.mentions import Mention
from retrieval.text.people import People
from retrieval.text.speechwords import (
    ADVERBS,
    AFTER_VERBS,
    AUXILIARIES,
    CONNECTIVES,
    DEMONSTRATIVES,
    MODALS,
    NEGATIONS,
    PASSIVE_VERBS,
    SPEECH_VERBS,
    STANCES,
)
from retrieval.text.subjects import subject_before
from retrieval.text.words import (
    NOT_NAMES,
    OCCUPATIONS,
    OFFICE_LINKS,
    ROLE_HEADS,
    ROLE_WORDS,
    alternation,
)


@dataclass(frozen=True)
class Focus:
    """A person coming into focus at a position of the article (speaker None: someone unnamed)."""

    at: int
    speaker: str | None
    role: str | None


_SPEECH_RE = re.compile(rf"\b(?:{alternation(SPEECH_VERBS)})\b")
_MENURUT = re.compile(r"\b[Mm]enurut\s+(?=[A-Z])")
# A person introduced as what the sentence is about: "Salah satunya adalah Rekaan Samaran.",
# "Bagi Rekaan Samaran, penjual buah, kenaikan itu berat.", "Kritik datang dari Rekaan.",
# "Lain halnya dengan Rekaan.", "Bagi pedagang seperti Rekaan, …".
_INTRODUCED = re.compile(
    r"\b(?:adalah|ialah|yakni|yaitu|datang\s+dari|(?:halnya|senada|serupa)\s+dengan)\s+"
    r"(?=[A-Za-z])|(?:^|(?<=\n))Bagi\s+(?:[a-z]+\s+){0,3}?(?:seperti\s+)?(?=[A-Z])"
)
# The agent of a passive verb: "Hal serupa dirasakan Rekaan Samaran (45), pedagang sayur."
_PASSIVE_AGENT = re.compile(r"\bdi[a-z]{3,}(?:kan|i)(?:\s+oleh)?\s+(?=[A-Z])")
# Reported speech outside quote marks: "…, kata Mayor X." and "Hal ini dibenarkan X".
_REPORTED = re.compile(
    rf"(?:,\s*(?:{alternation(AFTER_VERBS)})|\bdi(?:{alternation(PASSIVE_VERBS)}|benarkan|akui))"
    r"(?:\s+oleh)?\s+(?=[A-Z])"
)
# A passive whose agent is named by an office in words: "yang disampaikan prakirawan Stasiun
# Rekaan, Nama Orang, …", "Kebijakan itu dikritik anggota DPRD Nama Orang."
_PASSIVE_OFFICE = re.compile(r"\b(?P<verb>di[a-z]{3,})(?:\s+oleh)?\s+(?=[a-z])")
# An active verb after a subject, "(turut) hadir", or what the subject is ("Rekaan adalah
# petani", "Rekaan termasuk …", "Rekaan angkat bicara"); "bersama" and "beserta" join a second
# subject instead, and "Gubernur, menurut Rekaan, meminta …" credits Rekaan.
_ACTIVE_VERB = re.compile(
    r"(?!bersama$|beserta$|menurut)(?:me|ber)[a-z]{3,}|hadir|tiba|adalah|termasuk|angkat|bicara"
)
_SUBHEADING_WORDS = 3  # words of a subheading glued before a sentence: "Harga pangan"
# Verbs and derived words: a subheading is a noun phrase without them.
_VERB_LIKE = re.compile(r"(?:me|ber|di|ter|ke)[a-z]{3,}")
_OPENING_PHRASE = 8  # words of "Sementara itu," or "Dalam kesempatan itu," before a subject
_CLAUSE_WORDS = 30  # words from a sentence's start to a reported clause in it


def focus_events(text: str, people: People, marks: list[tuple[int, int]]) -> list[Focus]:
    """Where a named person is said to speak or act: "Menurut Rudy", "Norhayati menegaskan".

    marks: the (start, end) of every quote, marks included: words inside quotes are no events.
    """
    events: list[Focus] = []
    toks = people.tokens
    inside = _covered(marks)

    for m in (*_MENURUT.finditer(text), *_REPORTED.finditer(text)):
        index = people.token_at(m.end())
        mention = people.mention_at(index)
        if mention is not None and not inside(m.start()) and not _described(people, index):
            events.append(Focus(m.start(), *people.resolve(mention, m.start())))
    for m in _PASSIVE_OFFICE.finditer(text):
        index = people.token_at(m.end())
        if m.group("verb") in ROLE_WORDS or inside(m.start()):
            continue  # "dinas", "direktur": a noun, not a passive verb
        if index < len(toks) and occupation(toks[index].key):
            office = speaker_at(people, index, m.start())
            if office.speaker and not office.focus:
                events.append(Focus(m.start(), office.speaker, office.role))
    for m in _INTRODUCED.finditer(text):
        index = people.token_at(m.end())
        mention = people.mention_at(index)
        if mention is None and not inside(m.start()) and toks[index].word.islower():
            # "Kritik datang dari pengamat politik Universitas X, Rekaan Samaran.": the office
            # in words, then the name.
            office = speaker_at(people, index, m.start())
            if office.speaker and not office.focus:
                events.append(Focus(m.start(), office.speaker, office.role))
            continue
        if mention is None or not mention.name_key or inside(m.start()):
            continue
        last = people.token_at(mention.end) - 1
        if toks[last].breaks_after and people.person_like(mention, speaking=False):
            speaker, role = people.resolve(mention, m.start())
            events.append(Focus(m.start(), speaker, role))
    for m in _PASSIVE_AGENT.finditer(text):
        index = people.token_at(m.end())
        mention = people.mention_at(index)
        if mention is not None and not inside(m.start()) and _introduced(people, mention):
            speaker, role = people.resolve(mention, m.start())
            if speaker:
                events.append(Focus(m.start(), speaker, role))
    for mention in people.mentions:
        verb = _acting(people, mention)
        if verb is not None and not inside(verb) and people.person_like(mention, speaking=False):
            speaker, role = people.resolve(mention, verb)
            if speaker:
                events.append(Focus(verb, speaker, role))
    for m in _SPEECH_RE.finditer(text):
        before = people.token_at(m.start()) - 1
        if inside(m.start()) or (before >= 0 and people.tokens[before].key in MODALS):
            continue  # "tim akan mengungkapkan hasilnya": not said yet
        if _reported(people, before):
            continue  # "Rudy menambahkan, Presiden meminta …": Rudy's words, not a new speaker
        attr = subject_before(people, before, m.start())
        if attr.speaker or attr.role:
            events.append(Focus(m.start(), attr.speaker, attr.role))
    return events


def _covered(spans: list[tuple[int, int]]) -> Callable[[int], bool]:
    """Whether a position lies in one of the half-open spans, by bisection (a long article has
    thousands of quotes, and every event is checked)."""
    ordered = sorted(spans)
    starts = [a for a, _ in ordered]
    reach = list(accumulate((z for _, z in ordered), max))  # furthest end of the spans so far

    def inside(pos: int) -> bool:
        k = bisect_right(starts, pos)
        return k > 0 and reach[k - 1] > pos

    return inside


def _introduced(people: People, mention: Mention) -> bool:
    """Whether a name is followed by an age or a description, as a reporter introduces someone:
    "Rekaan Samaran (45), pedagang sayur," or "Rekaan Samaran, warga Desa X"."""
    toks = people.tokens
    k = people.token_at(mention.end)
    if k < len(toks) and toks[k].bracketed and toks[k].word.isdigit():
        k += 1
    if not 0 < k < len(toks) or people.text[toks[k - 1].end : toks[k].start].strip(" )") != ",":
        return False
    return toks[k].key in OCCUPATIONS or (toks[k].key in ROLE_HEADS and toks[k].word.islower())


def _reported(people: People, index: int) -> bool:
    """Whether the clause ending at token index is what someone earlier in its sentence said."""
    toks = people.tokens
    for k in range(index, max(-1, index - _CLAUSE_WORDS), -1):
        tok = toks[k]
        if tok.key in SPEECH_VERBS and k < index:
            nxt = toks[k + 1]
            if tok.breaks_after or nxt.key == "bahwa":
                return True
        if tok.initial:
            break
    return False


def _acting(people: People, mention: Mention) -> int | None:
    """Where a person does something: "Bupati X meresmikan pasar" puts X in focus."""
    toks = people.tokens
    first = people.token_at(mention.start)
    if not _opens_clause(people, first) or _reported(people, first):
        return None  # "Rudy meminta Kepala Dinas X memperbaiki jalan": X is no subject
    after = people.token_at(mention.end)
    for index in (after, _past_apposition(people, after)):
        while index < len(toks) and (
            toks[index].title
            or toks[index].key in ADVERBS
            or toks[index].key in AUXILIARIES
            or toks[index].key in NEGATIONS
        ):
            index += 1
        if index < len(toks) and (
            _ACTIVE_VERB.fullmatch(toks[index].word) or toks[index].key in STANCES
        ):
            if toks[index].key in SPEECH_VERBS and toks[index - 1].key in MODALS:
                return None  # "Menteri sudah mengumumkan …": said before, not saying now
            return toks[index].start
    return None


def _past_apposition(people: People, index: int) -> int:
    """The word after "(45), penjual buah di pasar itu," that follows a name, or index."""
    toks, text = people.tokens, people.text
    if index < len(toks) and toks[index].bracketed and toks[index].word.isdigit():
        index += 1  # an age: "Rekaan (45)"
    gap = text[toks[index - 1].end : toks[index].start] if 0 < index < len(toks) else ""
    if gap.strip(" )") != ",":
        return index
    for k in range(index, min(len(toks), index + _OPENING_PHRASE + 4)):
        if people.mention_at(k) is not None or toks[k].key == "menurut":
            return index  # "Gubernur, menurut Rekaan, …": another person's words
        if toks[k].breaks_after:
            if text[toks[k].end : toks[k].end + 1] != ",":
                return index  # the sentence ends: no verb after an apposition
            return k + 1
    return index


def _described(people: People, index: int) -> bool:
    """ "Menurut Wali Kota Rekaan dua periode ini, …": a description of the person in focus."""
    toks = people.tokens
    for k in range(index, min(len(toks), index + _OPENING_PHRASE)):
        if toks[k].breaks_after:
            return toks[k].key in DEMONSTRATIVES
    return False


def _opens_clause(people: People, index: int) -> bool:
    """Whether a sentence starts at index, or after an opening phrase: "Dalam kesempatan itu,"."""
    toks = people.tokens
    if toks[index].initial:
        return True
    if index and toks[index - 1].initial and toks[index - 1].key in CONNECTIVES:
        return True  # "Adapun Ketua X Nama berpandangan lain."
    office = _office_before(people, index)
    if office is not None:
        return _opens_clause(people, office)
    if _after_subheading(people, index):
        return True
    if index == 0 or people.text[toks[index - 1].end : toks[index].start].strip() != ",":
        return False
    for k in range(index - 1, max(-1, index - _OPENING_PHRASE), -1):
        if people.mention_at(k) is not None:
            return False  # "Rudy, Kepala Dinas X memperbaiki …": not an opening phrase
        if toks[k].initial:
            return True
    return False


def _office_before(people: People, index: int) -> int | None:
    """Where an office starts that goes on, across "di" or "dari", into the name at index:
    "Ketua Asosiasi Rekaan di Kota Contoh Nama Orang menilai"."""
    toks = people.tokens
    if index < 2 or toks[index - 1].key not in OFFICE_LINKS or toks[index - 2].breaks_after:
        return None
    office = people.mention_at(index - 2)
    if office is None or not office.whole_role or len(office.name_key) > 1:
        return None  # a lone last word may still be the body's: "… Angkutan Bermotor di …"
    if people.referred(office):
        return None
    return people.token_at(office.start)


def _after_subheading(people: People, index: int) -> bool:
    """Whether an office at index opens a sentence after a subheading glued before it:
    "Harga pangan Kepala Dinas X Nama menilai …" (print subheadings lose their line break)."""
    toks = people.tokens
    if toks[index].key not in ROLE_HEADS or not toks[index].word[:1].isupper():
        return False
    for k in range(index - 1, max(-1, index - _SUBHEADING_WORDS - 1), -1):
        tok = toks[k]
        if tok.breaks_after or tok.key in NOT_NAMES or _VERB_LIKE.fullmatch(tok.key):
            return False
        if tok.initial:
            return tok.word[:1].isupper() and k < index - 1 and toks[index - 1].word.islower()
    return False


def focus_at(events: list[Focus], pos: int) -> Focus:
    """The last event before pos in events sorted by position: who is in focus there."""
    k = bisect_left(events, pos, key=lambda e: e.at)
    return events[k - 1] if k else Focus(pos, None, None)
