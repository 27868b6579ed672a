"""What kind of answer a question asks for, and whether a passage holds one of that kind.

"Berapa biaya …?" needs an amount of money, "berapa orang …?" a number, "kapan …?" or "tahun
berapa …?" a date. A passage about the right topic that holds none cannot answer, however close
its meaning: the archive covers the Mikrotrans cars but never says what they cost. Only what the
question's own words ask is checked; the numbers the question itself gives ("100 mobil") do not
count as found, and neither do dates, clock times, years or house numbers when a count is asked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection, Sequence
from typing import Literal

from retrieval.index.lexical import STOPWORDS_ID
from retrieval.text.phrasings import ASKING, SAID_WORDS, TOPIC_LINKS
from retrieval.text.vocabulary import fold_words, forms_of, term_ids
from retrieval.text.words import words

Kind = Literal["money", "number", "date", "code", "duration"]
# What the lead sentence should hold besides: a person's name (siapa), a place (di mana).
LeadKind = Literal[
    "money", "number", "date", "code", "duration", "person", "place", "reason", "named"
]

_HOW_MANY = words("berapa brp berapakah berapakah berapa-kah")
_MONEY_WORDS = words(
    "biaya anggaran dana harga nilai kerugian ongkos tarif gaji upah pagu belanja cost costs "
    "budget price worth losses loss spend spent paid salary fee rupiah rp uang duit dolar dollar "
    "money"
)
# Words after "berapa" that name nothing counted.
_NOT_COUNTED = words(
    "yang yg sih kah besar besarnya banyak banyaknya jumlah jumlahnya total totalnya nilai "
    "nilainya kali lama jauh luas tinggi ya aja saja"
)
_PERCENT = words("persen persenkah percent percentage")
_CODE_WORDS = words("nomor nomer no nmr number ke")
_HOW_MUCH = frozenset({("how", "many"), ("how", "much"), ("how", "old"), ("how", "far")})
_HOW_LONG = frozenset({
    ("how", "long"), ("berapa", "lama"), ("brp", "lama"), ("berapa", "lamakah"), ("brp", "lamakah")
})
_WHEN = words("kapan kapankah when")
_DATE_WORDS = words("tanggal tgl tahun bulan hari year date month day")
_MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
    "desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|nov|des"
)
_DAYS = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu"
_MONEY = re.compile(
    r"\b(?:rp\.?\s*\d|\d[\d.,]*\s*(?:juta|jt|miliar|milyar|triliun|ribu|rb)\b|rupiah|"
    r"us\$|\$\s*\d|dolar|dollar|usd|euro|yen|ringgit)",
    re.IGNORECASE,
)
_DATE = re.compile(
    rf"\b(?:\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*/\s*\d{{2,4}})?|\d{{1,4}}\s*(?:sm|m)\b|[12]\d{{3}}|"
    rf"abad|masehi|{_MONTHS}|{_DAYS}|pekan|besok|kemarin|lusa|pukul|hari ini)\b",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w/])\d+(?:[.,]\d+)*")
_CLOCK = r"\d{1,2}[.:]\d{2}\s*(?:wib|wita|wit)"
_DAY_MONTH = rf"\d{{1,2}}\s+(?:{_MONTHS})\b"
# Numbers that are no count: dates, clock times, years, house and decree numbers.
_NOT_A_COUNT = re.compile(
    rf"\d{{1,2}}\s*/\s*\d{{1,2}}|{_CLOCK}|{_DAY_MONTH}|(?:no|nomor|nomer|nmr)\.?\s*\d+|"
    r"\b[12]\d{3}\b",
    re.IGNORECASE,
)
# A dateline's day "(16/2/2024)", a clock time, "10 Februari 2024": no decree's number.
_DATED = re.compile(
    rf"\(\s*\d{{1,2}}\s*/\s*\d{{1,2}}(?:\s*/\s*\d{{2,4}})?\s*\)|{_CLOCK}|{_DAY_MONTH}(?:\s+\d{{4}})?",
    re.IGNORECASE,
)
# "12 jam", "tiga setengah abad", "seminggu": how long something takes or lasts.
_DURATION = re.compile(
    r"\b(?:(?:\d+(?:[.,]\d+)?|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|"
    r"sebelas|setengah|beberapa|belasan|puluhan|ratusan)\s*(?:jam|hari|menit|detik|pekan|minggu|"
    r"bulan|tahun|abad|dekade|windu|hours?|days?|minutes?|weeks?|months?|years?|decades?)|"
    r"se(?:jam|hari|malam|minggu|pekan|bulan|tahun|abad|windu))\b",
    re.IGNORECASE,
)
_PERIOD = re.compile(
    r"\b\d{3,4}(?:\s*(?:SM|M))?\s*(?:-|–|—|sampai|hingga|s\.?d\.?|to|until)\s*\d{1,4}\b",
    re.IGNORECASE,
)
_ROMAN = re.compile(r"\b[IVXL]{1,5}\b")
_NUMBER_WORDS = words(
    "seorang sebuah satu dua tiga empat lima enam tujuh delapan sembilan sepuluh sebelas "
    "seratus seribu puluhan ratusan ribuan jutaan belasan puluh ratus ribu juta miliar "
    "triliun separuh setengah persen"
)


def asked_kind(question: str) -> Kind | None:
    """The kind of answer the question's words ask for, or None when they ask for no figure."""
    w = fold_words(question)
    pairs = set(itertools.pairwise(w))
    how_many = any(x in _HOW_MANY for x in w)
    if any(x in _WHEN for x in w) or (how_many and any(
        (a in _DATE_WORDS and b in _HOW_MANY) for a, b in pairs
    )):
        return "date"
    if how_many and any(a in _CODE_WORDS and b in _HOW_MANY for a, b in pairs):
        return "code"  # "nomor berapa": a decree's or a house's number, any number at all
    if pairs & _HOW_LONG:
        return "duration"
    if how_many or pairs & _HOW_MUCH:
        if any(x in _PERCENT for x in w):
            return "number"
        # "berapa desa yang mendapat anggaran …" counts villages: the noun right after the
        # asking word is what is counted, unless it is money or says nothing ("berapa sih").
        counted = next((b for a, b in pairs if a in _HOW_MANY and b not in _NOT_COUNTED), None)
        if counted is not None and counted not in _MONEY_WORDS:
            return "number"
        return "money" if any(x in _MONEY_WORDS for x in w) else "number"
    return None


_WHO = words("siapa siapakah who whom")
_WHERE = words("dimana dimanakah where dmn")
_WHERE_PAIRS = frozenset(
    {("di", "mana"), ("ke", "mana"), ("mana", "saja"), ("mana", "aja"), ("which", "place")}
)
# "Kenapa …?" is answered by a sentence giving a cause or a purpose, not by one restating the
# event asked about ("… pasar ditutup sementara.").
_WHY = words("kenapa mengapa knp napa why alasan alasannya penyebab penyebabnya sebab")
_WHY_PAIRS = frozenset({
    ("apa", "sebab"), ("what", "caused"), ("buat", "apa"), ("untuk", "apa"), ("gara", "apa"),
    ("gara2", "apa"), ("karena", "apa"), ("krn", "apa"),
})
_REASONS = words(
    "karena karna krn sebab disebabkan penyebab lantaran akibat alasan dikarenakan mengingat "
    "pasalnya sehingga agar supaya demi guna bertujuan gara gara2 because due reason since"
)
# Nouns of a reason that give one with "-nya" ("alasannya", "sebabnya"); bare "tujuan" is also
# a destination, so only its "-nya" form counts.
_REASON_NOUNS = words("alasan penyebab sebab tujuan")
_BRACKETED = re.compile(r"\s*\([A-Za-z.]{1,10}\)")
# A name: capitalised words; a place: one after a word that places it.
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
_PLACE = re.compile(r"\b(?:di|ke|dari|in|at)\s+([A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*)")


# "Penghargaan apa …?", "TPS mana aja …?", "apa nama gunung …?", "which party …?" ask for the
# name of one thing of a kind. The sentence that gives it names it right after the asked noun
# ("mobil SUV Rekaan", "TPS 4 Desa Contoh") or after a word that introduces it ("adalah …",
# "yakni …", "berjudul …"); a name anywhere else in news is most often the place or the office
# the question already gave. bench/tune_lead.py measures it (docs/quality.md).
_NAME_NOUNS = words(
    "nama namanya judul jenis tipe sebutan julukan gelar merek merk name title kind type"
)
_WHICH = words("apa apakah mana manakah")
_NO_NOUN = (
    SAID_WORDS | ASKING | TOPIC_LINKS | STOPWORDS_ID | _WHICH
    | words("di ke dari untuk buat dengan karena itu ini adalah ialah merupakan yang yg")
    | words("is are was were did does do has have had will would can could should to of")
)
# What is asked about a thing the question gives, not the name of one: "kepanjangannya apa",
# "fungsinya apa", "arti … apa".
_NOT_NAMED = words(
    "arti makna maksud pengertian definisi kepanjangan singkatan fungsi tujuan isi bentuk ciri "
    "peran tugas dampak manfaat syarat alasan penyebab sebab akibat hasil kabar"
)
_VERB_PREFIXES = ("me", "ber", "ter")
_INTRODUCING = (
    r"adalah|ialah|yaitu|yakni|merupakan|berupa|bernama|bertajuk|berjudul|bergelar|dijuluki|"
    r"julukan|disebut|sebutan|sebagai|oleh|antara lain|di antaranya|meliputi|seperti|termasuk|"
    r"is|are|was|were|named|called|:"
)
_SPELLING_OUT = r"yaitu|yakni|berupa|adalah|ialah|antara lain|di antaranya|meliputi|:"
_NAMED = r"[\"“]?[A-Z][\w’'./-]*(?:\s+(?:[A-Z0-9][\w’'./-]*|dan|&|of|de|van|bin|binti))*"
_NUMBERED = r"\d[\w./-]*(?:\s+(?:[A-Z0-9][\w’'./-]*))*"  # "TPS 17 Kelurahan Contoh"


def _asked_noun(w: list[str]) -> str | None:
    """The noun whose instance is asked for: "mobil apa" -> mobil, "apa nama gunung" ->
    gunung, "which party" -> party; None when the question asks for no named thing."""
    pairs = list(itertools.pairwise(w))
    found = next((b for a, b in pairs if a in _NAME_NOUNS and _is_noun(b)), None)
    found = found or next((b for a, b in pairs if a in _WHICH and b in _NAME_NOUNS), None)
    found = found or next((a for a, b in pairs if b in _WHICH and _is_noun(a)), None)
    return found or next((b for a, b in pairs if a in ("which", "what") and _is_noun(b)), None)


def _is_noun(word: str) -> bool:
    if word in _NO_NOUN or word in _NOT_NAMED or word.startswith(_VERB_PREFIXES):
        return False
    return len(word) > 2 and not (word.endswith("nya") and word != "namanya")


def lead_kind(question: str) -> LeadKind | None:
    """What the answering sentence should hold: a figure, a person's name, a place, a reason
    or the name of the thing asked about."""
    kind = asked_kind(question)
    if kind is not None:
        return kind
    w = fold_words(question)
    if any(x in _WHO for x in w):
        return "person"
    pairs = set(itertools.pairwise(w))
    if any(x in _WHY for x in w) or pairs & _WHY_PAIRS:
        return "reason"  # "ditutup gara2 apa": no thing named "gara2"
    if _asked_noun(w) is not None:
        return "named"
    if any(x in _WHERE for x in w) or pairs & _WHERE_PAIRS:
        return "place"
    return None


# "X minta apa", "pesan X ke warga", "what must the governor do": a request, an instruction or a
# hope, which the words themselves mark ("harus …", "jangan …", "mohon …", "semoga …").
_REQUESTING = words(
    "minta meminta mintanya permintaan pesan pesannya berpesan pesen pesennya imbau mengimbau "
    "himbau imbauan himbauan instruksi instruksikan menginstruksikan arahan arahannya mengarahkan "
    "ajak mengajak ajakan desak mendesak harapan harapannya berharap mengharapkan urge urged urges "
    "must should"
)
_REQUESTING_PAIRS = frozenset({("has", "to"), ("have", "to"), ("had", "to"), ("ask", "to")})
_REQUEST_MARKS = words(
    "harus jangan agar supaya mohon tolong wajib perlu minta meminta diminta mengimbau imbau "
    "diharapkan berharap harap semoga mudah-mudahan hendaknya mari ayo segera must should"
)


def asks_request(question_words: Sequence[str]) -> bool:
    """Whether a question (its folded words) asks what someone requested, urged or hoped."""
    w = question_words
    return any(x in _REQUESTING for x in w) or bool(set(itertools.pairwise(w)) & _REQUESTING_PAIRS)


def holds_request(text: str) -> bool:
    """Whether a text says what someone should do or is hoped for ("harus", "jangan", "mohon")."""
    return any(x in _REQUEST_MARKS for x in fold_words(text))


def answer_holder(question: str, names: Collection[str]) -> Callable[[str], bool] | None:
    """Whether a sentence holds what the question asks for, if it asks for a kind of thing."""
    kind = lead_kind(question)
    if kind is None:
        return None
    return lambda sentence: holds_lead_kind(sentence, kind, question, names)


def holds_lead_kind(
    text: str, kind: LeadKind, question: str, names: Collection[str] = ()
) -> bool:
    """Whether a sentence holds what the question asks for that the question does not give.

    `names`: the folded words of the people the articles name; a person asked for ("siapa") is
    then one of them, not any capitalised words (an association's name is none).
    """
    if kind in ("person", "place"):
        given = set(fold_words(question))
    if kind == "person":
        found = [m for m in _NAME.findall(text) if _new(m, given)]
        if names:
            roles = term_ids(question, "role")
            if roles:  # "who is the vice governor": a name given that office in the sentence
                found = _after_office(text, roles) + _introduced_with_office(text, roles)
            return any(w in names and w not in given for m in found for w in fold_words(m))
        return bool(found)
    if kind == "place":
        return any(_new(m, given) for m in _PLACE.findall(text))
    if kind == "named":
        return _names_asked(text, question)
    if kind == "reason":
        return any(
            x in _REASONS or (x.endswith("nya") and x[:-3] in _REASON_NOUNS)
            for x in fold_words(text)
        )
    return holds_kind(text, kind, question)


def _names_asked(text: str, question: str) -> bool:
    """Whether a sentence names the thing asked about, with a word the question does not give."""
    w = fold_words(question)
    noun = _asked_noun(w)
    if noun is None:
        return False
    given = set(w)
    before = rf"(?i:\b{re.escape(noun)})\w*(?:\s+[a-z]+){{0,2}}[\s,]+"
    found = [m.group(1) for m in re.finditer(rf"{before}({_NAMED}|{_NUMBERED})", text)]
    where = r"|di|ke|dari|in|at" if any(x in ("mana", "manakah") for x in w) else ""
    introduced = rf"(?i:\b(?:{_INTRODUCING}{where}))[\s,]+({_NAMED})"
    found += [m.group(1) for m in re.finditer(introduced, text)]
    # "… mendapat sanksi disiplin, yaitu surat peringatan kedua": the asked noun, then what
    # it is, in any case.
    spelled = rf"(?i:\b{re.escape(noun)}\w*[^.!?]{{0,60}}?\b(?:{_SPELLING_OUT})[\s,:]+(\w[\w\s-]*))"
    found += [m.group(1) for m in re.finditer(spelled, text)]
    return any(_new(f, given) for f in found)


def _introduced_with_office(text: str, roles: set[str]) -> list[str]:
    """ "Gubernur pertama yang ditangkap adalah Nama Orang": the name a sentence naming the
    office introduces, when the office is not right before it."""
    if not any(re.search(rf"(?i:\b{re.escape(f)}\b)", text) for r in roles for f in forms_of(r)):
        return []
    return re.findall(rf"(?i:\b(?:adalah|ialah|yakni|yaitu)\s+)({_NAMED})", text)


def _after_office(text: str, roles: set[str]) -> list[str]:
    """The capitalised words right after an office of `roles` in a text: "Wakil Gubernur Seno
    Aji" -> ["Seno Aji"] (places and names alike; the caller keeps the names)."""
    out = []
    # "Penjabat (Pj) Gubernur Jakarta Nama": an abbreviation in brackets is no part of the form.
    text = _BRACKETED.sub("", text)
    for form in sorted({f for r in roles for f in forms_of(r)}, key=len, reverse=True):
        for m in re.finditer(rf"(?i:\b{re.escape(form)}\b)((?:\s+[A-Z][\w’'.-]*){{1,6}})", text):
            out.append(m.group(1))
    return out


def _new(found: str, given: Collection[str]) -> bool:
    """Whether what was found holds a word the question (its words: `given`) does not."""
    return any(w not in given for w in fold_words(found))


def holds_kind(text: str, kind: Kind, question: str) -> bool:
    """Whether a text holds an answer of that kind beyond what the question already says."""
    if kind == "money":
        return bool(_MONEY.search(text))
    if kind == "duration":  # "12 jam", or a reign "1967 sampai 1998"
        return bool(_DURATION.search(text) or _PERIOD.search(text))
    if kind == "date":  # "kapan … pemilihan 2026 …": the year the question gives is no answer
        given = set(fold_words(question))
        return any(_new(m.group(), given) for m in _DATE.finditer(text))
    given = set(_NUMBER.findall(question))
    if kind == "code":  # a decree's or a polling station's number, not the day in a dateline
        undated = _DATED.sub(" ", text)
        return any(n not in given for n in _NUMBER.findall(undated)) or bool(_ROMAN.search(text))
    masked = _NOT_A_COUNT.sub(" ", text)
    if any(n not in given for n in _NUMBER.findall(masked)):
        return True
    return any(x in _NUMBER_WORDS for x in fold_words(text))
