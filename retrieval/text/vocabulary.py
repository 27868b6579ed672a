"""Indonesian government vocabulary: abbreviations, full forms and English equivalents.

Users write "Sekda", "Wagub", "Sekwan" or "the governor" where articles write "Sekretaris
Daerah Sri Wahyuni" or "Wakil Gubernur Seno Aji", and the other way round. Each entry below is
one concept with every form it is written in. The table serves three purposes:

- query expansion: a question gets the Indonesian forms it lacks, for BM25 and the dense query;
- role resolution: "Sekda", "Sekretaris Daerah" and "regional secretary" are one role id, so a
  question naming a role finds the person the articles give that role;
- places: "Kaltim" and "East Kalimantan" are one place id, to tell two governors apart.

Forms are matched on folded words (lowercase, accents and apostrophes dropped), longest first,
so "wakil gubernur" is read as the vice governor and never also as the governor.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Kind = Literal["role", "body", "place", "term"]


@dataclass(frozen=True)
class Term:
    """One concept: its id (the canonical Indonesian form), other Indonesian forms, English."""

    id: str
    kind: Kind
    forms: tuple[str, ...]  # Indonesian forms besides the id: abbreviations, variants
    english: tuple[str, ...] = ()


def _split(forms: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in forms.split(";") if x.strip())


def _t(kind: Kind, id_: str, forms: str = "", english: str = "") -> Term:
    return Term(id_, kind, _split(forms), _split(english))


# Offices. An id is the form articles most often use; forms are separated by ";".
ROLES = (
    _t("role", "gubernur", "gub", "governor"),
    _t("role", "wakil gubernur", "wagub; wagubernur", "vice governor; deputy governor"),
    _t(
        "role",
        "sekretaris daerah",
        "sekda; sekdaprov; sekdakab; sekdakot; sekretaris daerah provinsi; sekprov",
        "regional secretary; provincial secretary; secretary of the province",
    ),
    _t(
        "role",
        "sekretaris dprd",
        "sekwan; sekretaris dewan; sekretaris dewan perwakilan rakyat daerah",
        "dprd secretary; secretary of the dprd; council secretary; secretary of the council; "
        "legislative secretary",
    ),
    _t(
        "role",
        "asisten i",
        "asisten pemerintahan dan kesejahteraan rakyat; asisten 1; asisten pemerintahan",
        "assistant i; first assistant; assistant for governance",
    ),
    _t(
        "role",
        "asisten ii",
        "asisten perekonomian dan administrasi pembangunan; asisten 2; asisten perekonomian",
        "assistant ii; second assistant; assistant for economy",
    ),
    _t(
        "role",
        "asisten iii",
        "asisten administrasi umum; asisten 3",
        "assistant iii; third assistant; assistant for general administration",
    ),
    _t("role", "kepala dinas", "kadis", "head of the agency; head of department; agency head"),
    _t("role", "kepala badan", "kaban", "head of the board; board head"),
    _t("role", "bupati", "", "regent"),
    _t("role", "wakil bupati", "wabup", "vice regent; deputy regent"),
    _t("role", "wali kota", "walikota; walkot", "mayor"),
    _t("role", "wakil wali kota", "wawali; wakil walikota; wawalkot", "deputy mayor; vice mayor"),
    _t("role", "ketua dprd", "", "dprd speaker; speaker of the dprd; council speaker"),
    _t("role", "wakil ketua dprd", "", "dprd deputy speaker; deputy speaker of the dprd"),
    _t("role", "presiden", "", "president"),
    _t("role", "wakil presiden", "wapres", "vice president"),
    _t("role", "menteri", "", "minister"),
    _t("role", "camat", "", "district head"),
    _t("role", "kapolda", "kepala kepolisian daerah", "regional police chief"),
    _t("role", "kapolres", "kepala kepolisian resor", "police chief; district police chief"),
    _t("role", "kapolri", "kepala kepolisian negara", "national police chief"),
    _t(
        "role",
        "menteri dalam negeri",
        "mendagri",
        "home affairs minister; minister of home affairs",
    ),
    _t("role", "menteri keuangan", "menkeu", "finance minister; minister of finance"),
    *(
        _t("role", f"menteri {field}", short, english)
        for field, short, english in (
            ("kesehatan", "menkes", "health minister; minister of health"),
            ("sosial", "mensos", "social affairs minister; minister of social affairs"),
            ("luar negeri", "menlu", "foreign minister; minister of foreign affairs"),
            ("agama", "menag", "religious affairs minister; minister of religious affairs"),
            ("pertahanan", "menhan", "defence minister; defense minister"),
            ("ketenagakerjaan", "menaker", "manpower minister; labour minister"),
            ("pertanian", "mentan", "agriculture minister; minister of agriculture"),
            ("perdagangan", "mendag", "trade minister; minister of trade"),
            ("perhubungan", "menhub", "transport minister; transportation minister"),
            ("sekretaris negara", "mensesneg", "state secretary; minister of state secretariat"),
            ("pemuda dan olahraga", "menpora", "youth and sports minister"),
        )
    ),
    _t("role", "wakil menteri", "wamen", "deputy minister; vice minister"),
    _t("role", "juru bicara", "jubir", "spokesperson; spokesman; spokeswoman"),
    _t("role", "kepala biro", "karo; kabiro", "bureau chief; head of the bureau"),
    _t("role", "sekretaris jenderal", "sekjen", "secretary general"),
    _t("role", "direktur jenderal", "dirjen", "director general; director-general"),
    _t("role", "direktur utama", "dirut", "president director; chief executive"),
    _t("role", "ketua umum", "ketum", "party chairman; general chairman"),
    _t("role", "wakil ketua umum", "waketum; wakil ketum",
       "deputy chairman; vice chairman; deputy party chairman"),
    _t("role", "wakil sekretaris jenderal", "wasekjen; wakil sekjen", "deputy secretary general"),
    _t("role", "ketua fraksi", "", "faction leader; faction chairman"),
    _t("role", "anggota dprd", "legislator", "dprd member; council member"),
    _t("role", "kepala desa", "kades", "village head"),
    _t(
        "role",
        "kepala dinas pendidikan",
        "kadisdik; kadis pendidikan; kadindik; kepala disdik",
        "head of the education office; education office head",
    ),
    _t(
        "role",
        "kepala dinas kesehatan",
        "kadinkes; kadis kesehatan",
        "head of the health office; health office head",
    ),
    _t(
        "role",
        "kepala dinas pekerjaan umum",
        "kadis pu; kepala dinas pu",
        "head of the public works office; public works head",
    ),
    _t(
        "role",
        "kepala bpbd",
        "kepala badan penanggulangan bencana daerah; kalaksa bpbd",
        "head of the disaster management agency",
    ),
)
# Acting offices (Pj = penjabat, Plt = pelaksana tugas, Plh = pelaksana harian) and the offices
# they stand in for.
_ACTING_OF = (("gubernur", "gub", "governor"), ("bupati", "", "regent"),
              ("wali kota", "walikota", "mayor"))
ACTING_ROLES = tuple(
    _t(
        "role",
        f"{kind} {base}",
        f"{long} {base}" + (f"; {kind} {short}" if short else ""),
        f"acting {english}" if kind == "pj" else "",
    )
    for base, short, english in _ACTING_OF
    for kind, long in (("pj", "penjabat"), ("plt", "pelaksana tugas"), ("plh", "pelaksana harian"))
)
# An office that is a kind of another: "Kadisdik" is also a "Kadis", an acting governor is asked
# about as "the governor".
BROADER = {
    **{t.id: t.id.split(" ", 1)[1] for t in ACTING_ROLES},
    "kepala dinas pendidikan": "kepala dinas",
    "kepala dinas kesehatan": "kepala dinas",
    "kepala dinas pekerjaan umum": "kepala dinas",
    "kepala bpbd": "kepala badan",
    **{t.id: "menteri" for t in ROLES if t.id.startswith("menteri ")},
}

BODIES = (
    _t(
        "body",
        "pemerintah provinsi",
        "pemprov; pemerintah daerah provinsi",
        "provincial government; province government",
    ),
    _t("body", "pemerintah kabupaten", "pemkab", "regency government"),
    _t("body", "pemerintah kota", "pemkot", "city government; municipal government"),
    _t("body", "pemerintah daerah", "pemda", "regional government; local government"),
    _t(
        "body",
        "organisasi perangkat daerah",
        "opd; perangkat daerah; satuan kerja perangkat daerah; skpd",
        "regional agencies; government agencies; regional government agencies",
    ),
    _t("body", "aparatur sipil negara", "asn", "civil servants; civil servant; state apparatus"),
    _t("body", "pegawai negeri sipil", "pns", "civil servants; civil servant"),
    _t("body", "pendidikan tinggi", "dikti", "higher education"),
    _t(
        "body",
        "dprd",
        "dewan perwakilan rakyat daerah",
        "regional legislature; regional parliament; regional house of representatives",
    ),
    _t("body", "sekretariat daerah", "setda; setdaprov", "regional secretariat"),
    _t("body", "sekretariat dprd", "setwan; sekretariat dewan", "dprd secretariat"),
    _t(
        "body",
        "apbd",
        "anggaran pendapatan dan belanja daerah",
        "regional budget; provincial budget",
    ),
    _t(
        "body",
        "bappeda",
        "badan perencanaan pembangunan daerah",
        "regional development planning agency",
    ),
    _t("place", "ibu kota nusantara", "ikn", "new capital; nusantara capital"),
    _t("body", "kpu", "komisi pemilihan umum", "election commission"),
    _t("body", "bawaslu", "badan pengawas pemilu; badan pengawas pemilihan umum",
       "election supervisory agency; election watchdog"),
    _t("body", "kpk", "komisi pemberantasan korupsi", "corruption eradication commission"),
    _t("body", "bpbd", "badan penanggulangan bencana daerah", "disaster management agency"),
    _t("body", "badan kehormatan", "bk dprd", "ethics council; ethics board; honorary council"),
    _t("body", "pengadilan negeri", "pn", "district court"),
    _t("body", "alat peraga kampanye", "apk", "campaign banners; campaign props"),
    _t("body", "mahkamah konstitusi", "mk", "constitutional court"),
    _t("body", "mahkamah agung", "", "supreme court"),
    _t("body", "badan pemeriksa keuangan", "bpk", "audit board; supreme audit agency"),
    *(
        _t("place", f"jakarta {part}", short, f"{english} jakarta")
        for part, short, english in (
            ("pusat", "jakpus", "central"), ("selatan", "jaksel", "south"),
            ("timur", "jaktim", "east"), ("barat", "jakbar", "west"), ("utara", "jakut", "north"),
        )
    ),
)

# Provinces: the short names the press uses, and the English names.
PROVINCES = (
    _t("place", "kalimantan timur", "kaltim", "east kalimantan"),
    _t("place", "kalimantan utara", "kaltara", "north kalimantan"),
    _t("place", "kalimantan selatan", "kalsel", "south kalimantan"),
    _t("place", "kalimantan tengah", "kalteng", "central kalimantan"),
    _t("place", "kalimantan barat", "kalbar", "west kalimantan"),
    _t("place", "aceh", "nad; nanggroe aceh darussalam", "aceh"),
    _t("place", "sumatera utara", "sumut", "north sumatra"),
    _t("place", "sumatera barat", "sumbar", "west sumatra"),
    _t("place", "sumatera selatan", "sumsel", "south sumatra"),
    _t("place", "riau", "", "riau"),
    _t("place", "kepulauan riau", "kepri", "riau islands"),
    _t("place", "jambi", "", "jambi"),
    _t("place", "bengkulu", "", "bengkulu"),
    _t("place", "lampung", "", "lampung"),
    _t("place", "kepulauan bangka belitung", "babel; bangka belitung", "bangka belitung islands"),
    _t("place", "dki jakarta", "dki; daerah khusus ibukota jakarta", "jakarta"),
    _t("place", "jawa barat", "jabar", "west java"),
    _t("place", "jawa tengah", "jateng", "central java"),
    _t("place", "jawa timur", "jatim", "east java"),
    _t("place", "daerah istimewa yogyakarta", "diy; yogyakarta; jogja", "yogyakarta"),
    _t("place", "banten", "", "banten"),
    _t("place", "bali", "", "bali"),
    _t("place", "nusa tenggara barat", "ntb", "west nusa tenggara"),
    _t("place", "nusa tenggara timur", "ntt", "east nusa tenggara"),
    _t("place", "sulawesi utara", "sulut", "north sulawesi"),
    _t("place", "sulawesi tengah", "sulteng", "central sulawesi"),
    _t("place", "sulawesi selatan", "sulsel", "south sulawesi"),
    _t("place", "sulawesi tenggara", "sultra", "southeast sulawesi"),
    _t("place", "sulawesi barat", "sulbar", "west sulawesi"),
    _t("place", "gorontalo", "", "gorontalo"),
    _t("place", "maluku", "", "maluku; moluccas"),
    _t("place", "maluku utara", "malut", "north maluku"),
    _t("place", "papua", "", "papua"),
    _t("place", "papua barat", "pabar", "west papua"),
    _t("place", "papua barat daya", "pbd", "southwest papua"),
    _t("place", "papua selatan", "", "south papua"),
    _t("place", "papua tengah", "", "central papua"),
    _t("place", "papua pegunungan", "", "highland papua"),
)

TERMS: tuple[Term, ...] = ROLES + ACTING_ROLES + BODIES + PROVINCES

_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?", re.UNICODE)
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


def fold(text: str) -> str:
    """Lowercase without accents; curly apostrophes become straight ones."""
    text = unicodedata.normalize("NFKD", text).translate(_APOSTROPHES)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def word_spans(text: str) -> list[tuple[int, int]]:
    """Where in the text, unfolded, lie the words fold_words reads: (start, end) offsets."""
    return [m.span() for m in _WORD.finditer(text.translate(_APOSTROPHES))]


def fold_words(text: str) -> list[str]:
    """Folded words of a text, apostrophes dropped: "Mas’ud" and "Masud" are one word."""
    return [w.replace("'", "") for w in _WORD.findall(fold(text))]


def one_letter_off(a: str, b: str) -> bool:
    """Whether two different words are one edit (insert, delete or replace a letter) apart."""
    if a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]


def names_match(query: str, name: str) -> bool:
    """Whether a search for a person finds a name: any of its parts, in any order.

    Each word asked for opens a word of the name ("Mas" finds "Rudy Mas’ud"); case, accents and
    apostrophes aside.
    """
    have = fold_words(name)
    return all(any(h.startswith(w) for h in have) for w in fold_words(query))


@dataclass(frozen=True)
class Found:
    """A form of a term found in a text, at word positions [start, end)."""

    term: Term
    start: int
    end: int
    english: bool


@lru_cache(maxsize=1)
def _forms() -> dict[tuple[str, ...], tuple[Term, bool]]:
    out: dict[tuple[str, ...], tuple[Term, bool]] = {}
    for term in TERMS:
        for form in (term.id, *term.forms):
            out.setdefault(tuple(fold_words(form)), (term, False))
        for form in term.english:
            out.setdefault(tuple(fold_words(form)), (term, True))
    return out


@lru_cache(maxsize=1)
def _longest() -> int:
    return max(len(k) for k in _forms())


def find_terms(words: list[str]) -> list[Found]:
    """Terms in a list of folded words, longest form first at each position, left to right."""
    forms, longest = _forms(), _longest()
    out: list[Found] = []
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            hit = forms.get(tuple(words[i : i + n]))
            if hit is not None:
                out.append(Found(hit[0], i, i + n, hit[1]))
                i += n
                break
        else:
            i += 1
    return out


def forms_of(term_id: str) -> tuple[str, ...]:
    """The Indonesian forms of a term (its id first), as articles write it."""
    term = next((t for t in TERMS if t.id == term_id), None)
    return (term.id, *term.forms) if term else (term_id,)


def term_ids(text: str, kind: Kind | None = None) -> set[str]:
    """Ids of the terms a text names, optionally of one kind."""
    return {f.term.id for f in find_terms(fold_words(text)) if kind is None or f.term.kind == kind}


def expand(question: str) -> str:
    """The question followed by the Indonesian forms of its terms that it does not already use.

    "Sekda Kaltim siapa?" -> "Sekda Kaltim siapa? sekretaris daerah kalimantan timur". English
    terms get their Indonesian forms too, so "the governor" also searches for "gubernur".
    """
    words = fold_words(question)
    present = " ".join(words)
    extra: list[str] = []
    for found in find_terms(words):
        # The full form and the usual abbreviation; rarer variants would only blur the query.
        for form in (found.term.id, *found.term.forms[:1]):
            folded = " ".join(fold_words(form))
            if len(folded) < 3 or f" {folded} " in f" {present} " or folded in extra:
                continue
            # "gub" adds nothing that "gubernur" lacks
            if folded != found.term.id and found.term.id.startswith(folded):
                continue
            extra.append(folded)
    return f"{question} {' '.join(extra)}" if extra else question
