"""A follow-up read with the question it answers: "Kalau soal X?" after "Apa kata Y tentang Z?".

A follow-up is a reply to an answer that leans on it: it opens with "kalau", "bagaimana
dengan", "what about", "and" …, points back ("katanya", "beliau", "he"), or asks for more ("apa
lagi", "what else"). What it names replaces that part of the previous question and the rest
carries over: a new person keeps the topic ("And the vice governor?"), a new topic keeps the
person ("Kalau soal inovasi?"), "Apa lagi katanya?" keeps the person alone. Anything else is a
question of its own and is searched as written.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection
from dataclasses import dataclass

from retrieval.search.ranking import MAX_QUESTION_CHARS
from retrieval.text.language import guess_language
from retrieval.text.titles import HONORIFICS
from retrieval.text.vocabulary import find_terms, fold_words
from retrieval.text.words import ROLE_HEADS, words

_TOPIC_MARK = r"(?:tentang|soal|mengenai|terkait|perihal|masalah|about|on|regarding|concerning)"
_TOPIC = re.compile(rf"\b{_TOPIC_MARK}\s+(?P<t>.+)$", re.IGNORECASE)
_SPEAKER = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bkata\s+(?P<s>.+?)(?=\s+" + _TOPIC_MARK + r"\b|$)",
        r"\b(?:menurut|pendapat|pernyataan|kutipan|tanggapan|komentar|arahan|pesan|ucapan)\s+"
        r"(?P<s>.+?)(?=\s+" + _TOPIC_MARK + r"\b|$)",
        r"\bapa\s+yang\s+(?:di\w+kan|dibilang)\s+(?:oleh\s+)?(?P<s>.+?)(?=\s+" + _TOPIC_MARK
        + r"\b|$)",
        r"^(?P<s>.+?)\s+(?:bilang|ngomong|berkata|bicara)\b",
        r"\bwhat\s+(?:did|does|has)\s+(?P<s>.+?)\s+(?:say|said|tell|announce)\b",
        r"\baccording\s+to\s+(?P<s>.+?)(?=\s+" + _TOPIC_MARK + r"\b|$)",
        r"^(?P<s>.+?)['’]s\s+(?:statement|quote|comment|view|words|remarks?)\b",
    )
)
# Words that open a follow-up and what it names after them ("kalau Wagub?", "what about …").
_LEAD_IN = re.compile(
    r"^(?:(?:lalu|terus|trus|dan|kemudian)\s+)?(?:kalau|kalo|klo|bagaimana(?:\s+dengan)?"
    r"|gimana(?:\s+dengan)?|bgmn|lalu|terus|trus|dan|and(?:\s+what\s+about)?|what\s+about"
    r"|how\s+about|also|juga)\b\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_POINTS_BACK = re.compile(
    r"\b(?:katanya|ucapnya|ujarnya|menurutnya|pendapatnya|pernyataannya|beliau|dia|ia"
    r"|he|she|him|her|they)\b",
    re.IGNORECASE,
)
_MORE = re.compile(
    r"\b(?:apa\s+lagi|ada\s+lagi|lagi|lainnya|selain\s+itu|what\s+else|anything\s+else|else"
    r"|more)\b",
    re.IGNORECASE,
)
# Forms of address no shared list holds; offices come from the vocabulary and ROLE_HEADS.
_ENGLISH_ADDRESS = words("mr mrs ms miss sir madam chairman chairwoman secretary")
_FILLER = re.compile(r"^(?:apa\s+yang|kata|yang|the|with|dengan|oleh|by)\s+", re.IGNORECASE)
# A follow-up is short; a long message opening with "bagaimana" is a question of its own.
_MAX_FOLLOWUP_WORDS = 6
_WHO = re.compile(r"(?:siapa|siapakah|who)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w’']+", re.UNICODE)


@dataclass(frozen=True)
class QuestionParts:
    """Who a question asks about and on what; None for what it does not say."""

    speaker: str | None
    topic: str | None


def _clean(text: str | None) -> str | None:
    text = " ".join((text or "").split()).strip(" ?!.,;:")
    while text and _FILLER.match(text):
        text = _FILLER.sub("", text, count=1)
    return text or None


def question_parts(question: str) -> QuestionParts:
    """The person and the topic a question names, from its usual phrasings."""
    text = " ".join(question.split()).strip(" ?!.")
    topic_match = _TOPIC.search(text)
    topic = _clean(topic_match.group("t")) if topic_match else None
    for pattern in _SPEAKER:
        m = pattern.search(text)
        if m:
            speaker = _clean(m.group("s"))
            if speaker and not _POINTS_BACK.fullmatch(speaker) and not _WHO.match(speaker):
                return QuestionParts(speaker, topic)
    return QuestionParts(None, topic)


def names_person(phrase: str, people: Collection[str] = ()) -> bool:
    """Whether a phrase names a person: an office, a known speaker's name, or a full name."""
    raw = _WORD.findall(phrase)
    if any(w.casefold().replace("’", "'") in people for w in raw):
        return True
    folded = fold_words(phrase)
    if any(f.term.kind == "role" for f in find_terms(folded)):
        return True
    if any(w in ROLE_HEADS or w in HONORIFICS or w in _ENGLISH_ADDRESS for w in folded):
        return True
    capitalised = [w[0].isupper() and not w.isupper() for w in raw]
    return any(a and b for a, b in itertools.pairwise(capitalised))


@dataclass(frozen=True)
class Seen:
    """What the user was shown, from the keys of the passages shown (`Passage.key`)."""

    chunks: frozenset[str]  # chunk keys, "article#ordinal"
    quotes: frozenset[tuple[str, int]]  # (article id, quote start) of the quotes shown

    @classmethod
    def of(cls, keys: Collection[str]) -> Seen:
        parts = [key.partition("@") for key in keys]
        return cls(
            frozenset(chunk for chunk, _, _ in parts),
            frozenset(
                (chunk.rpartition("#")[0], int(at)) for chunk, _, at in parts if at.isdigit()
            ),
        )


def asks_for_more(followup: str) -> bool:
    """Whether a follow-up asks for more of the same ("Apa lagi katanya?", "What else?")."""
    return _MORE.search(followup) is not None


def combine(previous: str, followup: str, people: Collection[str] = ()) -> str:
    """The question to search for `followup`, written as a reply to the answer to `previous`.

    `people`: casefolded name words of the index's speakers, to tell a person from a topic.
    The result carries one person and one topic, so a chain of replies (each `previous` the
    last result) never grows; one that would still pass the question limit (a long topic
    after a long question) is the follow-up as written.
    """
    combined = _combine(" ".join(previous.split()), followup, people)
    return combined if len(combined) <= MAX_QUESTION_CHARS else followup


def _combine(previous: str, followup: str, people: Collection[str]) -> str:
    text = " ".join(followup.split())
    lead_in = _LEAD_IN.match(text)
    if lead_in and len(lead_in.group("rest").split()) > _MAX_FOLLOWUP_WORDS:
        lead_in = None
    points_back = _POINTS_BACK.search(text) is not None
    more = _MORE.search(text) is not None
    if not (lead_in or points_back or more):
        return followup
    before = question_parts(previous)
    own = question_parts(lead_in.group("rest") if lead_in else text)
    speaker, topic = own.speaker, own.topic
    if lead_in and not (speaker or topic):
        rest = _clean(_MORE.sub(" ", lead_in.group("rest")))
        if rest and not _POINTS_BACK.fullmatch(rest):
            if names_person(rest, people):
                speaker = rest
            else:
                topic = rest
    if speaker is None and topic is None and not before.speaker:
        return previous if (more or points_back) else followup
    if speaker is None:
        speaker = before.speaker
        if topic is None and not more:
            topic = before.topic
    elif topic is None:
        topic = before.topic
    english = (guess_language(text) or guess_language(previous)) == "en"
    if speaker is None:
        # A new topic for a question about no one: the old question's frame, the new topic in
        # the old one's place. A frame without one gets the topic marked ("tentang X"), so the
        # next reply replaces it instead of adding a second.
        assert topic is not None
        at = previous.rfind(before.topic) if before.topic else -1
        if before.topic and at >= 0:
            return previous[:at] + topic + previous[at + len(before.topic):]
        return f"{previous.rstrip(' ?')} {'about' if english else 'tentang'} {topic}?"
    if english:
        return f"What did {speaker} say about {topic}?" if topic else f"What did {speaker} say?"
    return f"Apa kata {speaker} tentang {topic}?" if topic else f"Apa kata {speaker}?"
