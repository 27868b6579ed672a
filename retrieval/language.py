"""Tell English questions from Indonesian ones by their function words."""

from __future__ import annotations

import re

# Function words only: content words (gubernur, governor) say nothing about the language asked in.
_EN_WORDS = frozenset(
    {
        "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "about", "from", "by", "and",
        "or", "but", "is", "are", "was", "were", "be", "been", "what", "who", "whom", "whose",
        "which", "when", "where", "why", "how", "did", "does", "do", "say", "says", "said", "tell",
        "me", "my", "your", "this", "that", "these", "those", "it", "its", "there", "their", "they",
        "he", "she", "his", "her", "any", "some", "all", "has", "have", "had", "can", "could",
        "would", "should", "will", "not", "no", "please"
    }
)
_ID_WORDS = frozenset(
    {
        "yang", "dan", "di", "ke", "dari", "untuk", "dengan", "tentang", "pada", "oleh", "dalam",
        "atau", "tetapi", "adalah", "ialah", "apa", "siapa", "mana", "kapan", "dimana", "mengapa",
        "kenapa", "bagaimana", "berapa", "apakah", "kah", "ini", "itu", "tersebut", "saya", "aku",
        "kamu", "anda", "dia", "ia", "mereka", "kami", "kita", "nya", "tidak", "bukan", "belum",
        "sudah", "akan", "bisa", "dapat", "juga", "saja", "hanya", "ada", "kata", "bilang",
        "mengatakan", "menyampaikan", "soal", "mohon", "tolong"
    }
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)




def guess_language(text: str) -> str | None:
    """Return "en" or "id" when the function words say so, None when they tie."""
    words = [w.lower() for w in _WORD.findall(text)]
    english = sum(w in _EN_WORDS for w in words)
    indonesian = sum(w in _ID_WORDS for w in words)
    if english == indonesian:
        return None
    return "en" if english > indonesian else "id"
