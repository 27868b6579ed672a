"""What kind of answer a question asks for, and whether a passage holds one of that kind.

"Berapa biaya …?" needs an amount of money, "berapa orang …?" a number, "kapan …?" or "tahun
berapa …?" a date, "berapa lama …?" a span of time. A passage about the right topic that holds
none cannot answer, however close its meaning: an archive may cover the new ferry but never say
what it cost. Only what the question's own words ask is checked; the numbers the question
itself gives ("100 kapal") do not count as found, and neither do dates, clock times, years or
house numbers when a count is asked.

The lead sentence is also read for what a question asks besides a figure (`lead_kind`): a
person's name for "siapa", a place for "di mana", a cause for "kenapa", the name of the thing
asked about for "penghargaan apa" (named.py).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Collection
from typing import Literal

from retrieval.search.named import NAMED, asked_noun, has_new, names_asked
from retrieval.text.people import People
from retrieval.text.phrasings import SAID_BEFORE_ASKING, SAID_WORDS
from retrieval.text.speechwords import AFTER_VERBS
from retrieval.text.vocabulary import fold_words, forms_of, term_ids
from retrieval.text.words import ROLE_WORDS, alternation, words

Kind = Literal["money", "number", "date", "code", "duration"]
# What the lead sentence should hold besides: a person's name (siapa), a place (di mana).
LeadKind = Literal[
    "money", "number", "date", "code", "duration", "measure", "person", "place", "reason",
    "named"
]

_HOW_MANY = words("berapa brp berapakah berapakah berapa-kah")
# Nouns of money, in a question ("berapa gaji …") and before an amount ("gajinya 5 juta").
_MONEY_NOUNS = words(
    "biaya anggaran dana harga nilai kerugian ongkos tarif gaji upah pagu belanja honor "
    "tunjangan insentif denda uang"
)
_MONEY_WORDS = _MONEY_NOUNS | words(
    "honorarium biayanya anggarannya dananya harganya gajinya upahnya "
    "cost costs budget price worth losses loss spend spent paid salary salaries wage wages fee "
    "fine rupiah rp duit dolar dollar money"
)
# Words after "berapa" that name nothing counted.
_NOT_COUNTED = words(
    "yang yg sih kah besar besarnya banyak banyaknya jumlah jumlahnya total totalnya nilai "
    "nilainya kali lama jauh luas tinggi ya aja saja per sebulan setahun sehari"
)
_PERCENT = words("persen persenkah percent percentage")
# Sizes of a sum, after "berapa": what follows them, if anything, is what is counted.
_MAGNITUDES = words("ribu rb juta jt miliar milyar triliun thousand million billion trillion")
_CODE_WORDS = words("nomor nomer no nmr number ke")
_HOW_MUCH = frozenset({("how", "many"), ("how", "much")})
_WHAT = words("what which")
_HOW_LONG = frozenset({
    ("how", "long"), ("berapa", "lama"), ("brp", "lama"), ("berapa", "lamakah"), ("brp", "lamakah")
})
_WHEN = words("kapan kapankah kpn when")
_DATE_WORDS = words("tanggal tgl tahun bulan hari year date month day")
_MONTHS = (
    "januari|februari|pebruari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
    "desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|nov|des"
)
_DAYS = "senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu"
# "Rp 5 juta", "5 juta rupiah" are money; "300 ribu peserta", "mencapai 200 ribu" count
# people or things. A bare "5 juta" is money after a word of money: "gajinya 5 juta".
_MONEY_BEFORE = alternation(_MONEY_NOUNS | words(
    "senilai sebesar seharga bernilai modal investasi utang hutang kas kekayaan harta pendapatan "
    "penghasilan iuran subsidi bantuan hibah suap"
))
_MONEY = re.compile(
    r"\b(?:rp\.?\s*\d|rupiah|us\$|\$\s*\d|dolar|dollar|usd|euro|yen|ringgit|"
    rf"(?:{_MONEY_BEFORE})\w*(?:\s+\S+){{0,3}}?\s+\d[\d.,]*\s*"
    r"(?:juta|jt|miliar|milyar|triliun|ribu|rb)\b)",
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
# "enam jam", "dua puluh tahun", "sebulan", "bertahun-tahun": how long something takes or
# lasts; a decree's "Nomor 3 Tahun 2024" and the day of a dateline are no span of time.
_NUMERALS = (
    r"\d+(?:[.,]\d+)?|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|"
    r"belas|puluh|ratus|seratus|setengah|beberapa|belasan|puluhan|ratusan"
)
_UNITS = r"jam|hari|menit|detik|pekan|minggu|bulan|tahun|abad|dekade|windu"
# A count asked in units of time ("berapa tahun penjara", "usianya berapa") is answered by a
# span of them; any other count is not ("berapa orang" by "lima bulan"). English asks it
# anywhere ("how many years"), Indonesian beside "berapa" ("berapa orang … tahun ini" counts
# people).
_TIME_ASKED = words(_UNITS.replace("|", " ") + " usia umur lama waktu")
_ENGLISH_TIME = words(
    "hour hours minute minutes day days week weeks month months year years decade decades age "
    "old long"
)
_DURATION = re.compile(
    rf"\b(?:(?:{_NUMERALS})(?:\s+(?:{_NUMERALS}))*\s*(?:{_UNITS}|hours?|days?|minutes?|"
    rf"weeks?|months?|years?|decades?)|se(?:jam|hari|minggu|pekan|bulan|tahun|abad|windu)|"
    r"ber(?:jam|hari|minggu|bulan|tahun)-(?:jam|hari|minggu|bulan|tahun))\b",
    re.IGNORECASE,
)
# A span between two years: "memerintah 1950 sampai 1960", "1950-1960".
_PERIOD = re.compile(
    r"\b(?:1\d{3}|20\d{2})(?:\s*(?:SM|M))?\s*(?:-|–|—|sampai|hingga|s\.?d\.?|to|until)\s*"
    r"(?:1\d{3}|20\d{2}|kini|sekarang)\b",
    re.IGNORECASE,
)
_DECREE = re.compile(r"(?i:\b(?:nomor|nomer|no)\.?\s*\d+[^.]{0,20}?\btahun\s+\d{4})")
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
    if "number" in w and any(x in _WHAT for x in w) and not pairs & _HOW_MUCH:
        # "what is the decree number", "the number of the decree"; "the number of traders"
        # counts them.
        at = w.index("number")
        after = w[at + 1 : at + 3]
        counts = after[:1] == ["of"] and after[1:] != ["the"]
        return "number" if counts else "code"
    if pairs & _HOW_LONG:
        return "duration"
    if how_many or pairs & _HOW_MUCH:
        if any(x in _PERCENT for x in w):
            return "number"
        # "berapa desa yang mendapat anggaran …" counts villages: the noun right after the
        # asking word is what is counted, unless it is money or says nothing ("berapa sih").
        counted = next((b for a, b in pairs if a in _HOW_MANY and b not in _NOT_COUNTED), None)
        if counted in _MAGNITUDES:
            # "berapa triliun?" asks for money, "berapa juta orang" counts people.
            after = w[w.index(counted) + 1 :]
            if not after or after[0] in _NOT_COUNTED or after[0] in _MONEY_WORDS:
                return "money"
            return "number"
        if counted is not None and counted not in _MONEY_WORDS:
            return "number"
        return "money" if any(x in _MONEY_WORDS for x in w) else "number"
    return None


_WHO = words("siapa siapakah who whom")
_WHERE = words("dimana dimanakah where dmn kmn kemana")
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


def lead_kind(question: str) -> LeadKind | None:
    """What the answering sentence should hold: a figure, a measure, a person's name, a place, a
    reason or the name of the thing asked about."""
    kind = asked_kind(question)
    w = fold_words(question)
    pairs = set(itertools.pairwise(w))
    if kind in (None, "number") and _asks_measure(w, pairs):
        return "measure"
    if kind is not None:
        return kind
    if pairs & _HOW_MEASURE and not _MONEY_WORDS.intersection(w):
        return "measure"
    if any(x in _WHO for x in w):
        return "person"
    if any(x in _WHY for x in w) or pairs & _WHY_PAIRS:
        return "reason"  # "ditutup gara2 apa": no thing named "gara2"
    if asked_noun(w) is not None:
        return "named"
    if any(x in _WHERE for x in w) or pairs & _WHERE_PAIRS:
        return "place"
    return None


# What a measure is asked by ("berapa luas lahannya", "ukurannya brp", "how far") and written
# with: a number and its unit ("1,17 hektare", "5 x 6 meter", "125 km").
_MEASURE_WORDS = words(
    "tinggi panjang luas lebar jarak jauh ukuran berat kedalaman volume kapasitas kecepatan"
)
_MEASURE_LIKE = words("seluas sepanjang setinggi selebar sejauh seberat")  # "… seluas apa"
_MEASURE = re.compile(
    r"(?<![\w/])\d[\d.,]*\s*(?:x\s*\d[\d.,]*\s*)?(?:meter|km|kilometer|cm|sentimeter|mm|milimeter|"
    r"hektare|hektar|ha|m2|m²|km2|km²|mil|kaki|kg|kilogram|ton|gram|liter|knot|mdpl|inci|"
    r"feet|foot|miles?|meters?|kilometers?|hectares?|tons?|kilograms?)\b",
    re.IGNORECASE,
)
_HOW_MEASURE = frozenset({
    ("how", "far"), ("how", "tall"), ("how", "wide"), ("how", "deep"), ("how", "high"),
    ("how", "large"), ("how", "big"), ("how", "heavy"),
})


def _asks_measure(w: list[str], pairs: set[tuple[str, str]]) -> bool:
    """Whether folded question words ask for a measure in Indonesian ("berapa luas", "seluas
    apa")."""
    like = any(a in _MEASURE_LIKE and b == "apa" for a, b in pairs)
    return like or bool(_MEASURE_WORDS & _beside_asking(w))


def _beside_asking(w: list[str]) -> set[str]:
    """The words right before and after "berapa" (without "-nya", "-kah"): what is counted or
    measured ("berapa tahun", "usianya berapa", "ukurannya brp"), not any word of the question."""
    near = [
        x for i, x in enumerate(w)
        if (i + 1 < len(w) and w[i + 1] in _HOW_MANY) or (i and w[i - 1] in _HOW_MANY)
    ]
    return {x.removesuffix("kah").removesuffix("nya") for x in near}


def answer_holder(question: str, names: Collection[str]) -> Callable[[str], bool] | None:
    """Whether a sentence holds what the question asks for, if it asks for a kind of thing."""
    kind = lead_kind(question)
    if kind is None:
        return None
    return lambda sentence: holds_lead_kind(sentence, kind, question, names)


# A credit's date says when the reporter heard the words, not when what is asked happens:
# "“…,” kata Rina saat dihubungi, Jumat (4/7/2025).", "…, dikutip dari Contoh, Rabu (6/8)." From
# the credit verb after a quote or a comma, or from the reporter's meeting, to the sentence's
# end (a quote opening after it says something again).
_CREDIT = re.compile(
    rf"(?i:(?:[\"”’]\s*,?|,)\s*(?:{alternation(AFTER_VERBS - {'menurut'})})(?:nya)?\b"
    r"|\b(?:saat|ketika|waktu|usai|seusai)\s+(?:di)?(?:hubungi|temui|konfirmasi|jumpai|"
    r"wawancarai)\b|\bdikutip\s+dari\b)[^\"“”]*$"
)


_ACCOUNT_WORDS = words("menurut menurutnya kata katanya")


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
        found = [m for m in _NAME.findall(text) if has_new(m, given)]
        if names:
            roles = term_ids(question, "role")
            if roles:  # "who is the vice governor": a name given that office in the sentence
                found = _after_office(text, roles) + _introduced_with_office(text, roles)
            # An office's words are no name ("Sekretariat Jenderal"), though some person's
            # name in the index holds them.
            known = any(
                w in names and w not in given and w not in ROLE_WORDS
                for m in found for w in fold_words(m)
            )
            return known or (not roles and bool(found) and _names_someone_new(text, given))
        return bool(found)
    if kind == "place":
        return any(has_new(m, given) for m in _PLACE.findall(text))
    if kind == "named":
        return names_asked(text, question)
    if kind == "reason":
        return any(
            x in _REASONS or (x.endswith("nya") and x[:-3] in _REASON_NOUNS)
            for x in fold_words(text)
        )
    if kind == "date" and not _asks_saying(question):
        text = _CREDIT.sub(" ", text)
    if kind == "measure":
        given = set(_NUMBER.findall(question))
        return any(
            n not in given for m in _MEASURE.finditer(text) for n in _NUMBER.findall(m.group())
        )
    return holds_kind(text, kind, question)


def _asks_saying(question: str) -> bool:
    """Whether a question asks about someone's words ("kapan Budi bilang …"): then the day they
    said them is the answer. "menurut Budi" and "katanya" say whose account, not what is asked."""
    return any(
        (w in SAID_WORDS or w in SAID_BEFORE_ASKING) and w not in _ACCOUNT_WORDS
        for w in fold_words(question)
    )


def _names_someone_new(text: str, given: set[str]) -> bool:
    """Whether a sentence names a person the question does not, whom the index may not know
    (named, never quoted: "… melantik Nama Orang sebagai camat")."""
    return any(
        len(m.name_key) > 1 and not ROLE_WORDS.intersection(m.name_key)
        and not given.issuperset(m.name_key)
        for m in People(text).mentions
    )


_NAMING = r"adalah|ialah|yakni|yaitu"


def _introduced_with_office(text: str, roles: set[str]) -> list[str]:
    """ "Gubernur pertama yang ditangkap adalah Nama Orang": the name introduced in the clause
    that names the office, where the office is not right before it."""
    listed = sorted({f for r in roles for f in forms_of(r)}, key=len, reverse=True)
    forms = "|".join(map(re.escape, listed))
    clause = rf"(?i:\b(?:{forms})\b)[^,.;:!?]{{0,60}}?(?i:\b(?:{_NAMING}))\s+({NAMED})"
    return re.findall(clause, text)


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


def holds_kind(text: str, kind: Kind, question: str) -> bool:
    """Whether a text holds an answer of that kind beyond what the question already says."""
    if kind == "money":
        return bool(_MONEY.search(text))
    if kind == "duration":
        plain = _DATED.sub(" ", _DECREE.sub(" ", text))
        return bool(_DURATION.search(plain) or _PERIOD.search(plain))
    if kind == "date":  # "kapan … pemilihan 2026 …": the year the question gives is no answer
        given = set(fold_words(question))
        return any(has_new(m.group(), given) for m in _DATE.finditer(text))
    given = set(_NUMBER.findall(question))
    if kind == "code":  # a decree's or a polling station's number, not the day in a dateline
        undated = _DATED.sub(" ", text)
        return any(n not in given for n in _NUMBER.findall(undated)) or bool(_ROMAN.search(text))
    masked = _NOT_A_COUNT.sub(" ", text)
    w = fold_words(question)
    if not _TIME_ASKED.intersection(_beside_asking(w)) and not set(w) & _ENGLISH_TIME:
        masked = _DURATION.sub(" ", masked)
    if any(n not in given for n in _NUMBER.findall(masked)):
        return True
    return any(x in _NUMBER_WORDS for x in fold_words(masked))
