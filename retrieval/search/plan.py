"""How one question is searched: its expanded query, its speaker, and the chunks that lead.

- A question asking what someone said ("Apa kata Sekda soal …", "What did the governor say")
  puts that person's quotes first, closest to the topic first, past the relevance floor.
- When that person is named in the articles but never quoted, the chunks that name them lead
  instead, and the answer says the person has no direct quote.
- A question naming a quoted person otherwise lifts the chunks with their quotes; one asking
  who holds an office ("Sekda Kaltim siapa?") lifts the chunks naming the holder with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.index.people import Person
from retrieval.search.intent import Intent, detect_intent
from retrieval.search.speakers import Directory
from retrieval.text.vocabulary import expand, fold_words


@dataclass(frozen=True)
class Plan:
    query: str  # the question with the vocabulary's forms of its terms added
    intent: Intent
    speakers: tuple[Person, ...]  # whose words are asked for (empty when none)
    lead: frozenset[int]  # chunk ids that come first and are never dropped by the floor
    boosted: frozenset[int]  # chunk ids lifted in the fusion
    unquoted: Person | None  # asked for, named in the articles, but never quoted

    def speaks(self, speaker: str | None) -> bool:
        """Whether a quote's speaker is one of the people asked for."""
        key = " ".join(fold_words(speaker or ""))
        return bool(key) and any(" ".join(fold_words(p.name)) == key for p in self.speakers)


def make_plan(question: str, people: Directory) -> Plan:
    intent = detect_intent(question)
    query = expand(question)
    named = people.by_name(intent)
    holders = named or people.by_role(intent)
    if intent.said and holders:
        quoted = tuple(p for p in holders if p.quoted)
        if quoted:
            lead = frozenset().union(*(p.quoted for p in quoted))
            return Plan(query, intent, quoted, lead, frozenset(), None)
        lead = frozenset().union(*(p.mentioned for p in holders))
        return Plan(query, intent, (), lead, frozenset(), holders[0])
    boosted: frozenset[int] = frozenset().union(*(p.quoted for p in named))
    if intent.who:
        boosted |= frozenset().union(*(p.with_role for p in holders))
    return Plan(query, intent, (), frozenset(), boosted, None)
