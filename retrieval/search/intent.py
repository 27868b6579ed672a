"""What a question asks for: someone's own words, who holds an office, or just a topic.

Read from the question's words alone (no index, no model): asking words ("apa kata", "bilang
apa", "menurut", "what did … say", "'s statement"), the offices and places it names (through
the vocabulary table), and the words left for the topic. Matching the speaker against the people
of the articles is the searcher's part (see speakers.py).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from retrieval.index.lexical import STOPWORDS_ID
from retrieval.text.vocabulary import find_terms, fold_words
from retrieval.text.words import words

# Words that ask for someone's words, folded; verb forms cover "disampaikan", "katanya" ...
_SAID_WORDS = words(
    "kata katanya bilang ngomong ngomongnya omong omongan kutipan kutip dikutip pernyataan "
    "pendapat pendapatnya menurut menurutnya tanggapan tanggapannya komentar komentarnya ucapan "
    "ucap diucapkan disampaikan dikatakan ditegaskan dijelaskan sampaikan katakan berkata "
    "mengatakan menyampaikan pesan pesannya arahan arahannya sambutan statement say said says "
    "saying statements quote quotes quoted remarks remark comment comments commented opinion "
    "opinions view views told"
)
_SAID_PAIRS = frozenset({("according", "to")})
# "the governor's statement": a possessive before a statement word.
_POSSESSIVE_OF = words("statement statements words quote quotes remarks view views")
_POSSESSIVE = re.compile(r"\w['’]s\s+(\w+)")
_POSSESSIVE_S = re.compile(r"(?<=\w)['’]s\b")  # English only: "Mas’ud" keeps its ’
_WHO_WORDS = words("siapa siapakah who whom namanya nama")
# Words that join the speaker to the topic: "kata Gubernur soal inovasi".
_TOPIC_LINKS = words("soal tentang mengenai terkait perihal masalah about on regarding concerning")
_ASKING = words("apa apakah gimana bagaimana yang what did does do is are the of a an")


@dataclass(frozen=True)
class Intent:
    """What the question asks for, from its words."""

    said: bool  # asks for someone's own words
    who: bool  # asks who someone is or who holds an office
    words: tuple[str, ...]  # folded words of the question, apostrophes dropped
    roles: frozenset[str]  # ids of the offices it names (vocabulary), e.g. "sekretaris daerah"
    places: frozenset[str]  # ids of the places it names, e.g. "kalimantan timur"
    topic: tuple[str, ...]  # words left once asking, office, place and link words are gone

    @property
    def name_words(self) -> frozenset[str]:
        """Words that may name someone: not the asking ones ("apa kata" is nobody's "Kata")."""
        return frozenset(self.words) - ASKING_WORDS


# Words that ask rather than name: never matched against people's names.
ASKING_WORDS = _SAID_WORDS | _WHO_WORDS | _TOPIC_LINKS | _ASKING


def detect_intent(question: str) -> Intent:
    """Read what the question asks for; words are folded so case, accents and ’ do not matter."""
    possessive = any(
        m.group(1).casefold() in _POSSESSIVE_OF for m in _POSSESSIVE.finditer(question)
    )
    said_words = tuple(fold_words(_POSSESSIVE_S.sub("", question)))
    said = possessive or any(w in _SAID_WORDS for w in said_words)
    said = said or any(pair in _SAID_PAIRS for pair in itertools.pairwise(said_words))
    found = find_terms(list(said_words))
    roles = frozenset(f.term.id for f in found if f.term.kind == "role")
    places = frozenset(f.term.id for f in found if f.term.kind == "place")
    taken = {i for f in found for i in range(f.start, f.end)}
    topic = tuple(
        w
        for i, w in enumerate(said_words)
        if i not in taken
        and w not in _SAID_WORDS
        and w not in _WHO_WORDS
        and w not in _TOPIC_LINKS
        and w not in _ASKING
        and w not in STOPWORDS_ID
    )
    return Intent(
        said=said,
        who=any(w in _WHO_WORDS for w in said_words),
        words=said_words,
        roles=roles,
        places=places,
        topic=topic,
    )
