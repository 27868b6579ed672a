"""The name of one thing of a kind, asked for and given: "penghargaan apa …?", "pos mana aja
…?", "apa nama gunung …?", "which party …?".

The sentence that gives it names it right after the asked noun ("perahu motor Rekaan Jaya",
"Pos 4 Desa Contoh"), or names the noun and then introduces the name ("Penghargaan itu adalah
Anugerah Contoh") or spells out what it is in any case ("… sanksi disiplin, yaitu teguran
tertulis"). A capitalised name anywhere else in news is most often the place or the office the
question already gave. `bench/tune_lead.py` measures it (docs/quality.md).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Sequence

from retrieval.index.lexical import STOPWORDS_ID
from retrieval.text.phrasings import ASKING, SAID_WORDS, TOPIC_LINKS
from retrieval.text.vocabulary import fold_words
from retrieval.text.words import words

_NAME_NOUNS = words(
    "nama namanya judul jenis tipe sebutan julukan gelar merek merk name title kind type"
)
_WHICH = words("apa apakah mana manakah")
_WHERE = words("mana manakah")
_NO_NOUN = (
    SAID_WORDS | ASKING | TOPIC_LINKS | STOPWORDS_ID | _WHICH
    | words("di ke dari untuk buat dengan karena itu ini adalah ialah merupakan yang yg")
    # verbs chat asks with "apa": "bupati kasih apa", "warga bawa apa"
    | words("kasih bikin dapat dapet punya pakai pake bawa beli jual lihat liat tanya jadi ada")
    | words("is are was were did does do has have had will would can could should to of time")
)
# What is asked about a thing the question gives, not the name of another: "kepanjangannya
# apa", "fungsinya apa", "arti … apa".
_NOT_NAMED = words(
    "arti makna maksud pengertian definisi kepanjangan singkatan fungsi tujuan isi bentuk ciri "
    "peran tugas dampak manfaat syarat alasan penyebab sebab akibat hasil kabar"
)
_VERB_PREFIXES = ("me", "ber", "ter")
# Words that introduce a name in a sentence naming the asked noun: "… adalah Nama", "berjudul".
INTRODUCING = (
    r"adalah|ialah|yaitu|yakni|merupakan|berupa|bernama|bertajuk|berjudul|bergelar|dijuluki|"
    r"julukan|disebut|sebutan|antara lain|di antaranya|meliputi|is|are|was|were|named|called|:"
)
# Words that spell out what a thing is, in any case: "sanksi disiplin, yaitu teguran tertulis".
_SPELLING_OUT = r"yaitu|yakni|berupa|antara lain|di antaranya|meliputi|:"
NAMED = r"[\"“]?[A-Z][\w’'./-]*(?:\s+(?:[A-Z0-9][\w’'./-]*|dan|&|of|de|van|bin|binti))*"
_NUMBERED = r"\d[\w./-]*(?:\s+(?:[A-Z0-9][\w’'./-]*))*"  # "Pos 4 Desa Contoh"


def asked_noun(question_words: Sequence[str]) -> str | None:
    """The noun whose instance is asked for: "perahu apa" -> perahu, "apa nama gunung" ->
    gunung, "which party" -> party; None when the question asks for no named thing."""
    pairs = list(itertools.pairwise(question_words))
    found = next((b for a, b in pairs if a in _NAME_NOUNS and _is_noun(b)), None)
    found = found or next((b for a, b in pairs if a in _WHICH and b in _NAME_NOUNS), None)
    found = found or next((a for a, b in pairs if b in _WHICH and _is_noun(a)), None)
    return found or next((b for a, b in pairs if a in ("which", "what") and _is_noun(b)), None)


def _is_noun(word: str) -> bool:
    if word in _NO_NOUN or word in _NOT_NAMED or word.startswith(_VERB_PREFIXES):
        return False
    if word.startswith("di") and (word.endswith("kan") or (word.endswith("i") and len(word) > 7)):
        return False  # "diberikan apa", "dikunjungi": a verb, where "dinas", "diskusi" are not
    if word.endswith("kan") and not word.startswith(("pe", "ke")):
        return False  # "siapkan apa"; "kebijakan", "pendidikan" are nouns
    if word.endswith("ed"):
        return False  # "what happened"
    return len(word) > 2 and not (word.endswith("nya") and word != "namanya")


def names_asked(text: str, question: str) -> bool:
    """Whether a sentence names the thing asked about, with a word the question does not give."""
    w = fold_words(question)
    noun = asked_noun(w)
    if noun is None:
        return False
    given = set(w)
    at_noun = re.search(rf"(?i:\b{re.escape(noun)})", text) is not None
    found = []
    if at_noun:
        after = rf"(?i:\b{re.escape(noun)})\w*(?:\s+[a-z]+){{0,2}}[\s,]+({NAMED}|{_NUMBERED})"
        found += [m.group(1) for m in re.finditer(after, text)]
        introduced = rf"(?i:\b(?:{INTRODUCING}))[\s,]+({NAMED})"
        found += [m.group(1) for m in re.finditer(introduced, text)]
        spelled = (
            rf"(?i:\b{re.escape(noun)}\w*[^.!?]{{0,60}}?(?:\b|(?=:))(?:{_SPELLING_OUT})"
            r"[\s,:]+(\w[\w\s-]*))"
        )
        found += [m.group(1) for m in re.finditer(spelled, text)]
    if any(x in _WHERE for x in w):  # "negara mana": "… berasal dari Contoh" need not say it
        found += re.findall(rf"\b(?:di|ke|dari|in|at)\s+({NAMED})", text)
    return any(has_new(f, given) for f in found)


def has_new(found: str, given: Collection[str]) -> bool:
    """Whether what was found holds a word the question (its words: `given`) does not."""
    return any(w not in given for w in fold_words(found))
