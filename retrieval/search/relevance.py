"""Coverage: how much of what a question asks about one passage holds.

The cosine alone cannot tell a question the articles answer from a near-topic one they do not:
"how much is the minimum wage in the province?" scores as high against a briefing about the
province as a real question does, because it shares the place and the register. What the
unanswerable question lacks is a passage holding the thing asked about. Coverage is the share
of the question's content units one passage holds, each unit weighted by its idf (a word no
passage holds weighs most). A unit is a content word (stemmed as BM25 reads it), or one concept
of the government vocabulary, held in any of its Indonesian forms ("Sekda" is held by a passage
saying "Sekretaris Daerah"; the forms the query expansion adds do not count twice). Asking,
linking and chat words ("apa kata", "soal", "gimana") are no units. The coverage of all units
and of the rarer half (the names, places and numbers that make a question specific) are two
features of the answer decision (answerability.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from retrieval.index.lexical import STOPWORDS_ID, LexicalIndex, tokenize
from retrieval.model.embedder import Vectors
from retrieval.search.intent import detect_intent
from retrieval.text.colloquial import formal_candidates
from retrieval.text.vocabulary import find_terms, fold
from retrieval.text.words import words

# Chat words that carry no topic but are rare in news text, so they would weigh as the thing
# asked about (question words are BM25 stop words already).
CHAT_WORDS = words(
    "gimana gmn bgmn pengen pingin kepengen dong sih nih deh kok aja doang gak nggak ngga nga "
    "enggak udah udh sdh yg kalo klo emang memang banget bener tolong tau dgn utk ngapain"
)
# Short forms of function words typed for speed ("tp", "ato", "sm", "brp", "kmrn"). A topic
# someone is asked about is judged without them (judging.py): they are never what a person
# spoke on. A whole question keeps them as units, as the decision was fitted (answerability.py).
SHORT_FORMS = words(
    "ga gk ngak engga tdk tp ato sm tetep kmrn kmaren taun thn brp hrs krn karna jd dr bgt trus "
    "sampe blm bs lg sy gw gue lu lo kyk gt gitu gini knp napa dmn kpn sblm stlh sbg spt kl pd "
    "tsb dll dsb dst skrg td bbrp katanya kabarnya denger tuh kan kah lah toh ya yah loh lho "
    "emg mah btw plis pls"
)
_RAW_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)

Unit = frozenset[tuple[str, ...]]  # ways a passage holds it: each a tuple of stems, all needed


def _stems(text: str) -> tuple[str, ...]:
    # A stem can be a stop word again: "diadakan" and "adanya" are "ada", which says nothing.
    return tuple(t for t in tokenize(text) if "_" not in t and t not in STOPWORDS_ID)


def question_units(
    question: str, topic: bool = False, known: Callable[[str], bool] | None = None
) -> list[Unit]:
    """What a passage must hold to cover the question: its concepts and its content words.

    `topic`: the question is a topic someone is asked about, read without SHORT_FORMS. `known`:
    whether the articles hold a stem; a chat word they never use is also held by the standard
    words it stands for (colloquial.py)."""
    intent = detect_intent(question)
    # The index splits "mas'ud" at the apostrophe; the intent's folded words drop it.
    written = {w.replace("'", ""): w for w in _RAW_WORD.findall(fold(question))}
    units: list[Unit] = []
    taken: set[int] = set()
    for found in find_terms(list(intent.words)):
        taken.update(range(found.start, found.end))
        forms = [" ".join(intent.words[found.start : found.end])]
        forms += [found.term.id, *found.term.forms]
        unit = frozenset(s for s in map(_stems, forms) if s)
        if unit and unit not in units:
            units.append(unit)
    content = set(intent.topic) - CHAT_WORDS - (SHORT_FORMS if topic else frozenset())
    for i, w in enumerate(intent.words):
        if i in taken or w not in content:
            continue
        stems = _stems(written.get(w, w))
        formal = formal_ways(w, stems, known) if known is not None and len(stems) == 1 else []
        for stem in stems:
            unit = frozenset({(stem,), *formal})
            if unit not in units:
                units.append(unit)
    return units


def formal_ways(
    word: str, stems: tuple[str, ...], known: Callable[[str], bool]
) -> list[tuple[str, ...]]:
    """The stems of the standard words a chat word the articles never use stands for, as far as
    the articles use them ("ditawarin" is held by "ditawari", "tawaran")."""
    if all(known(s) for s in stems):
        return []
    ways = [_stems(c) for c in formal_candidates(word)]
    return [w for w in ways if w and all(known(s) for s in w)]


def coverage(
    lexical: LexicalIndex, question: str, rows: npt.NDArray[np.int64] | None = None
) -> Vectors:
    """Per text `rows` names (default: every text), the idf-weighted share of the question's
    units it holds."""
    return coverages(lexical, question, rows)[0]


def coverages(
    lexical: LexicalIndex,
    question: str,
    rows: npt.NDArray[np.int64] | None = None,
    topic: bool = False,
) -> tuple[Vectors, Vectors]:
    """Per text, the idf-weighted share of the question's units it holds, and the same of its
    rarer half: the names, places and numbers that make the question specific."""
    # Only the few passages being judged, not the whole index: at a million texts, masks of every
    # text per word would cost each question more than its search.
    ids = np.arange(lexical.documents) if rows is None else rows
    units = question_units(question, topic, lexical.knows)
    # A concept weighs as its most common form: "Kaltim" is no rarer for being abbreviated.
    weights = [min(float(np.mean([lexical.idf(s) for s in way])) for way in u) for u in units]
    rare = set(np.argsort(weights)[len(weights) // 2 :].tolist()) if weights else set()
    out: Vectors = np.zeros(len(ids), dtype=np.float32)
    out_rare: Vectors = np.zeros(len(ids), dtype=np.float32)
    for n, (unit, weight) in enumerate(zip(units, weights, strict=True)):
        held = np.zeros(len(ids), dtype=bool)
        for way in unit:
            has_all = np.ones(len(ids), dtype=bool)
            for stem in way:
                has_all &= lexical.holds(stem, ids)
            held |= has_all
        out += weight * held
        if n in rare:
            out_rare += weight * held
    total = sum(weights)
    total_rare = sum(w for n, w in enumerate(weights) if n in rare)
    covered: Vectors = out / total if total > 0 else out
    covered_rare: Vectors = out_rare / total_rare if total_rare > 0 else out_rare
    return covered, covered_rare
