"""How one question is searched: its expanded query, its speaker, its topic, the chunks that lead.

- A question asking for someone's words ("Apa kata Sekda soal …", "Gubernur bilang apa soal
  …", "What did the governor say about …") names its speaker before the asking word or after
  it; the part that names someone is the speaker, the rest is the topic. That person's quotes
  come first, closest to the topic first, past the relevance floor.
- When that person is named in the articles but never quoted, the chunks that name them lead
  instead, and the answer says the person has no direct quote.
- A question asking who holds an office ("Sekda Kaltim siapa?") lifts the chunks naming the
  holder with it. A name alone lifts nothing: "budi santoso punya kapal apa" asks about a boat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from retrieval.index.descriptors import descriptor_tokens
from retrieval.index.people import MIN_NAME_WORD, Person
from retrieval.search.intent import Intent, detect_intent
from retrieval.search.speakers import Directory, Match
from retrieval.text.glossary import glossed
from retrieval.text.language import guess_language
from retrieval.text.phrasings import (
    ABOUT_LINKS,
    ADDRESSEES,
    ASKING,
    OPENERS,
    PRONOUNS,
    SAID_BEFORE_ASKING,
    SAID_WORDS,
    TOPIC_LINKS,
    WHO_WORDS,
)
from retrieval.text.vocabulary import expand, fold_words


@dataclass(frozen=True)
class Plan:
    query: str  # the question with the vocabulary's forms of its terms added
    intent: Intent
    speakers: tuple[Person, ...]  # whose words are asked for (empty when none)
    lead: frozenset[int]  # chunk ids that come first and are never dropped by the floor
    boosted: frozenset[int]  # chunk ids lifted in the fusion
    unquoted: Person | None  # asked for, named in the articles, but never quoted
    topic: str = ""  # a who-said question's words once its speaker and asking words are gone
    # Set when a who-said question names an office no one in the articles holds ("apa kata
    # Wali Kota Medan …" in an archive without him): the honest answer is "not found".
    absent: str = ""
    # Where the people asked about are named without being quoted: what they said in reported
    # speech ("Gubernur juga mengajak seluruh ASN …") may answer a who-said topic too.
    mentioned: frozenset[int] = frozenset()
    # Asked in English: its words are matched by their Indonesian forms too (glossary.py).
    english: bool = False

    @property
    def topic_words(self) -> str:
        """The topic as its words are matched: an English one with its Indonesian forms."""
        return glossed(self.topic) if self.english else self.topic

    def speaks(self, speaker: str | None) -> bool:
        """Whether a quote's speaker is one of the people asked for: by their name, or by words
        of the names they go by ("Kang Hendra" of "Hendra Wijaya atau Kang Hendra")."""
        key = _folded(speaker or "")
        if not key:
            return False
        said = frozenset(w for w in key.split() if len(w) >= MIN_NAME_WORD)
        return any(
            _folded(p.name) == key or (said and said <= p.name_words) for p in self.speakers
        )


_NAME_ENDS = ADDRESSEES | TOPIC_LINKS
_AUXILIARIES = frozenset({"did", "does", "do", "will", "would", "has", "have", "had"})
# Words after which the speaker is named: "menurut Budi", "kata Budi", "according to Budi".
_CREDITING = frozenset({"menurut", "kata", "to"})
_WHY_OPENERS = OPENERS - ASKING  # "kenapa", "knp", "why": the name follows, the topic after it
_TOPIC_RUN = 2  # more words than this after the words naming someone are no part of the name


@lru_cache(maxsize=4096)
def _folded(name: str) -> str:
    return " ".join(fold_words(name))


def _known_prefix(words: Sequence[str], people: Directory) -> int:
    """How many of the words after "apa kata" still name someone: "gub dki ledakan …" -> 2."""
    end = 0
    for n in range(1, len(words) + 1):
        if words[n - 1] in _NAME_ENDS:  # "gubernur kepada …": the name ended
            break
        tokens = descriptor_tokens(list(words[:n]))
        if tokens and all(people.known(people.spelt(t)) for t in tokens):
            end = n
    return end


def _runs_on(part: Sequence[str], known: int, people: Directory) -> bool:
    """Whether a speaker part runs on past the words naming someone: several words follow
    them, most of which no one is named with ("mantan ketua dpd rekaan jatim nama" is one
    office)."""
    rest = descriptor_tokens(list(part[known:]))
    if not known or len(part) - known <= _TOPIC_RUN or not rest:
        return False
    return sum(people.known(people.spelt(t)) for t in rest) < len(rest) / 2


def _speaker(intent: Intent, people: Directory) -> tuple[Match, range] | None:
    """Who a who-said question asks for, and the words that name them."""
    spans = intent.speaker_spans
    # "persiapan budi apa aja menurut rina": the name after "menurut" or "kata" is who spoke,
    # whatever names come before it.
    credited = [s for s in spans if s[0] and intent.words[s[0] - 1] in _CREDITING]
    for n, (start, end) in enumerate(credited + [s for s in spans if s not in credited]):
        if n and _asked_between(intent, spans[0], start):
            break  # "what did X say about Y": Y is what was said about, never who said it
        while start < end and intent.words[start] in OPENERS:
            start += 1
        if start == end:
            continue
        part = intent.words[start:end]
        ends_asking = end < len(intent.words) and intent.words[end] in SAID_WORDS | ABOUT_LINKS
        before = intent.words[start - 1] if start else ""
        known = _known_prefix(part, people)
        if (before in SAID_WORDS | ASKING and not ends_asking) or before in _WHY_OPENERS:
            # After the asking word the speaker runs on into the topic when no "soal" ends it
            # ("what did X say about …" ends it: X is all the words between); after "kenapa"
            # always ("kenapa X kapok? katanya gimana").
            end = start + (known or len(part))
            part = intent.words[start:end]
        elif _runs_on(part, known, people):
            # "budi rekaan kok pasar dibuka malam … apa katanya": asked last, the speaker
            # runs on into the topic.
            end = start + known
            part = intent.words[start:end]
        found = people.match(part)
        known = _known_prefix(part, people) if found is None else 0
        if 0 < known < len(part) and part[known] in _NAME_ENDS:
            # "gubernur pas meninjau pasar …": the name ends at a link word where its words
            # stop naming anyone the articles know ("ketua dpd pedagang" is all one office).
            end = start + known
            found = people.match(intent.words[start:end])
        if found is not None:
            return found, range(start, end)
    return None


def _asked_between(intent: Intent, first: tuple[int, int], start: int) -> bool:
    """Whether the first speaker part sits between an English auxiliary and the saying word
    that opens the part at `start`: "what did X say …", "what does X think …"."""
    a, z = first
    return any(w in _AUXILIARIES for w in intent.words[:a]) and z == start - 1


def _office(intent: Intent) -> str:
    """The words of a speaker part that names an office (a who-said question), else ""."""
    for start, end in intent.speaker_spans:
        part = list(intent.words[start:end])
        if any(t.startswith("role:") for t in descriptor_tokens(part)):
            return " ".join(part)
    return ""


def _topic(intent: Intent, named: range) -> str:
    """What the person is asked about: the words after "soal", "tentang" … when the question
    has them, else all it says besides the speaker, an occasion ("pas …") among them; to whom
    they spoke is no topic ("pesan Gubernur kepada para pejabat" asks for the governor's
    message, on whatever it was)."""
    skip = SAID_WORDS | SAID_BEFORE_ASKING | ASKING | TOPIC_LINKS | WHO_WORDS | PRONOUNS
    rest = [i for i in range(len(intent.words)) if i not in named]
    linked = [i for i in rest if intent.words[i] in TOPIC_LINKS and i > named.start]
    about = [i for i in linked if intent.words[i] in ABOUT_LINKS]
    if about:
        rest = [i for i in rest if i > about[0]]
    elif not linked:
        after = [i for i in rest if i >= named.stop and intent.words[i] not in skip]
        if after and intent.words[after[0]] in ADDRESSEES:
            return ""
    return " ".join(intent.words[i] for i in rest if intent.words[i] not in skip | ADDRESSEES)


def make_plan(question: str, people: Directory) -> Plan:
    intent = detect_intent(question)
    english = guess_language(question) == "en"
    query = glossed(expand(question)) if english else expand(question)
    if intent.said:
        found = _speaker(intent, people)
        if found is not None:
            match, named = found
            topic = _topic(intent, named)
            quoted = tuple(p for p in match.people if p.quoted)
            if quoted:
                lead = frozenset().union(*(p.quoted for p in quoted))
                named_in = frozenset().union(*(p.mentioned for p in quoted)) - lead
                return Plan(query, intent, quoted, lead, frozenset(), None, topic,
                            mentioned=named_in, english=english)
            lead = frozenset().union(*(p.mentioned for p in match.people))
            return Plan(query, intent, (), lead, frozenset(), match.people[0], topic,
                        english=english)
        absent = _office(intent)
        if absent:
            return Plan(query, intent, (), frozenset(), frozenset(), None, absent=absent,
                        english=english)
    boosted: frozenset[int] = frozenset()
    if intent.who and intent.roles:
        holders = people.match([w for w in intent.words if w not in WHO_WORDS])
        if holders is not None and not holders.by_name:
            boosted = frozenset().union(*(p.with_role for p in holders.people))
    return Plan(query, intent, (), frozenset(), boosted, None, english=english)
