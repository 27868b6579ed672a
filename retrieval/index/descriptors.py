"""What a person is called by, as tokens a question's words can be matched against.

A person is found by any form of their name and by any office the articles give them
("Kepala Dinas Pendidikan Jawa Barat" is found by "kadisdik jabar"). Both the question's speaker
part and the person's name and offices become sets of tokens: an office, body or place of the
vocabulary is one token in all its forms ("role:gubernur" for "Gubernur", "gub", "the
governor"), every other word is itself. An acting office (Pj, Plt, Plh) also gives the office it
stands in for, so "gubernur jatim" finds the acting governor too, and "pj gub jatim" finds him
first.
"""

from __future__ import annotations

from retrieval.index.lexical import STOPWORDS_ID
from retrieval.text.phrasings import ASKING, TOPIC_LINKS, WHO_WORDS
from retrieval.text.vocabulary import BROADER, find_terms, fold_words

# Words that never tell one person from another.
_NOISE = STOPWORDS_ID | ASKING | TOPIC_LINKS | WHO_WORDS | frozenset({"bapak", "ibu", "pak", "bu"})


def term_token(kind: str, term_id: str) -> str:
    return f"{kind}:{term_id}"


def descriptor_tokens(words: list[str]) -> list[str]:
    """Tokens of folded words, in order: vocabulary terms as one token, other words as they are."""
    out: list[str] = []
    found = {f.start: f for f in find_terms(words)}
    i = 0
    while i < len(words):
        f = found.get(i)
        if f is not None:
            out.append(term_token(f.term.kind, f.term.id))
            base = BROADER.get(f.term.id)
            if base is not None:
                out.append(term_token(f.term.kind, base))
            i = f.end
            continue
        if words[i] not in _NOISE and len(words[i]) >= 2:
            out.append(words[i])
        i += 1
    return out


def text_tokens(text: str) -> list[str]:
    return descriptor_tokens(fold_words(text))
