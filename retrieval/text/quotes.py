"""Direct quotes in an Indonesian article, each with its speaker's full name and role."""

from __future__ import annotations

import re

from retrieval.records import Quote
from retrieval.text.attribution import (
    FOCUS,
    NONE,
    Attribution,
    before_titles,
    menurut,
    occupation,
    speaker_after,
    speaker_at,
    subject_after,
    subject_before,
)
from retrieval.text.people import Mention, People
from retrieval.text.sentences import QuoteRegion, find_quote_regions, split_sentences
from retrieval.text.words import (
    ADVERBS,
    AFTER_VERBS,
    AUXILIARIES,
    CONNECTIVES,
    DEMONSTRATIVES,
    MODALS,
    NEGATIONS,
    NOT_NAMES,
    OCCUPATIONS,
    OFFICE_LINKS,
    PASSIVE_VERBS,
    ROLE_HEADS,
    SPEECH_VERBS,
    STANCES,
)


def _alternation(words: frozenset[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))  # longest first: "akui" before "aku"


_AFTER = re.compile(
    r"\s*,?\s*(?:(?:[Dd]emikian|[Bb]egitu)\s+)?"
    rf"(?P<verb>di(?:{_alternation(PASSIVE_VERBS)})|{_alternation(AFTER_VERBS)})"
    r"(?P<nya>nya)?\b(?:\s+oleh)?"
)
_SO_SAID = re.compile(r"\s*,?\s*(?:[Dd]emikian|[Bb]egitu)\s+(?=[A-Z])")
_SPEECH = _alternation(SPEECH_VERBS)
_SPEECH_RE = re.compile(rf"\b(?:{_SPEECH})\b")
_BEFORE_SPEECH = re.compile(
    rf"\b(?:{_SPEECH})(?:(?:\s+[a-z][\w-]*){{0,4}}\s*[,:]|\s+bahwa|\s*[,:])?\s*$"
)
# "Menurut Asisten II Setdaprov Kaltim Ir. Rahmat Percobaan, M.M., “…”": degrees may follow.
_BEFORE_MENURUT = re.compile(r"\b[Mm]enurut(?P<nya>nya)?\b(?:\s+[^\s“”\"]+){0,14}?\s*[,:]\s*$")
# "kata Rudy: “…”" and, opening a sentence, "Kata Rudy: “…”".
_BEFORE_AFTERVERB = re.compile(
    rf"\b(?i:{_alternation(AFTER_VERBS)})(?P<nya>nya)?(?:\s+[^\s,:]+){{0,6}}?\s*[,:]\s*$"
)
_MENURUT = re.compile(r"\b[Mm]enurut\s+(?=[A-Z])")
# A person introduced as what the sentence is about: "Salah satunya adalah Rekaan Samaran.",
# "Bagi Rekaan Samaran, penjual buah, kenaikan itu berat.", "Kritik datang dari Rekaan."
_INTRODUCED = re.compile(
    r"\b(?:adalah|ialah|yakni|yaitu|datang\s+dari)\s+(?=[A-Za-z])|(?:^|(?<=\n))Bagi\s+(?=[A-Z])"
)
# The agent of a passive verb: "Hal serupa dirasakan Rekaan Samaran (45), pedagang sayur."
_PASSIVE_AGENT = re.compile(r"\bdi[a-z]{3,}(?:kan|i)(?:\s+oleh)?\s+(?=[A-Z])")
# Reported speech outside quote marks: "…, kata Mayor X." and "Hal ini dibenarkan X".
# A passive credit to a person named by an office in words: "yang disampaikan prakirawan
# Stasiun Rekaan, Nama Orang, …".
_REPORTED_OFFICE = re.compile(rf"\bdi(?:{_alternation(PASSIVE_VERBS)})(?:\s+oleh)?\s+(?=[a-z])")
_REPORTED = re.compile(
    rf"(?:,\s*(?:{_alternation(AFTER_VERBS)})|\bdi(?:{_alternation(PASSIVE_VERBS)}|benarkan|akui))"
    r"(?:\s+oleh)?\s+(?=[A-Z])"
)
# An active verb after a subject, "(turut) hadir", or what the subject is ("Rekaan adalah
# petani"); "bersama" and "beserta" join a second subject instead, and "Gubernur, menurut
# Rekaan, meminta …" credits Rekaan.
_ACTIVE_VERB = re.compile(r"(?!bersama$|beserta$|menurut)(?:me|ber)[a-z]{3,}|hadir|tiba|adalah")
_SUBHEADING_WORDS = 3  # words of a subheading glued before a sentence: "Harga pangan"
# Verbs and derived words: a subheading is a noun phrase without them.
_VERB_LIKE = re.compile(r"(?:me|ber|di|ter|ke)[a-z]{3,}")
_OPENING_PHRASE = 8  # words of "Sementara itu," or "Dalam kesempatan itu," before a subject
_CLAUSE_WORDS = 30  # words from a sentence's start to a reported clause in it
_PREFIX_WINDOW = 160  # characters before a quote searched for `Rudy mengatakan, “`
_SPEECHLIKE = re.compile(r"[.!?,]\s*$|[.!?]")


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
    resolved: list[Attribution] = []
    for attr, pos in zip(attributions, positions, strict=True):
        if attr.focus:
            speaker, role = _focus_at(events, pos)
            attr = Attribution(True, False, speaker, role)
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


def _focus_events(
    text: str, people: People, marks: list[tuple[int, int]]
) -> list[tuple[int, str | None, str | None]]:
    """Where a named person is said to speak: "Menurut Rudy", "Norhayati menegaskan"."""
    events: list[tuple[int, str | None, str | None]] = []
    toks = people.tokens

    def inside(pos: int) -> bool:
        return any(a <= pos < z for a, z in marks)

    for m in (*_MENURUT.finditer(text), *_REPORTED.finditer(text)):
        index = people.token_at(m.end())
        mention = people.mention_at(index)
        if mention is not None and not inside(m.start()) and not _described(people, index):
            events.append((m.start(), *people.resolve(mention, m.start())))
    for m in _REPORTED_OFFICE.finditer(text):
        index = people.token_at(m.end())
        if index < len(toks) and occupation(toks[index].key) and not inside(m.start()):
            office = speaker_at(people, index, m.start())
            if office.speaker and not office.focus:
                events.append((m.start(), office.speaker, office.role))
    for m in _INTRODUCED.finditer(text):
        index = people.token_at(m.end())
        mention = people.mention_at(index)
        if mention is None and not inside(m.start()) and toks[index].word.islower():
            # "Kritik datang dari pengamat politik Universitas X, Rekaan Samaran.": the office
            # in words, then the name.
            office = speaker_at(people, index, m.start())
            if office.speaker and not office.focus:
                events.append((m.start(), office.speaker, office.role))
            continue
        if mention is None or not mention.name_key or inside(m.start()):
            continue
        last = people.token_at(mention.end) - 1
        if toks[last].breaks_after and people.person_like(mention, speaking=False):
            speaker, role = people.resolve(mention, m.start())
            events.append((m.start(), speaker, role))
    for m in _PASSIVE_AGENT.finditer(text):
        index = people.token_at(m.end())
        mention = people.mention_at(index)
        if mention is not None and not inside(m.start()) and _introduced(people, mention):
            speaker, role = people.resolve(mention, m.start())
            if speaker:
                events.append((m.start(), speaker, role))
    for mention in people.mentions:
        verb = _acting(people, mention)
        if verb is not None and not inside(verb) and people.person_like(mention, speaking=False):
            speaker, role = people.resolve(mention, verb)
            if speaker:
                events.append((verb, speaker, role))
    for m in _SPEECH_RE.finditer(text):
        before = people.token_at(m.start()) - 1
        if inside(m.start()) or (before >= 0 and people.tokens[before].key in MODALS):
            continue  # "tim akan mengungkapkan hasilnya": not said yet
        if _reported(people, before):
            continue  # "Rudy menambahkan, Presiden meminta …": Rudy's words, not a new speaker
        attr = subject_before(people, before, m.start())
        if attr.speaker or attr.role:
            events.append((m.start(), attr.speaker, attr.role))
    return events


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


def _focus_at(
    events: list[tuple[int, str | None, str | None]], pos: int
) -> tuple[str | None, str | None]:
    last: tuple[str | None, str | None] = (None, None)
    for at, speaker, role in events:
        if at >= pos:
            break
        last = (speaker, role)
    return last
