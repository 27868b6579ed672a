"""Titles around a person's name: honorifics, police and military ranks, academic degrees.

A reporter writes them before or after the name ("Irjen Pol X", "Hj. X", "X, S.H., M.Si.");
reading names skips them, and the credit keeps a rank as the article gives it.
"""

from __future__ import annotations

from retrieval.text.words import words

# Honorifics dropped from names ("Hj. Ratna" is Ratna), with or without their dot.
HONORIFICS = words("pak bu bapak ibu sdr sdri h hj dr drs dra drg ir prof kh tn ny")
# Police and military ranks stand before a name like a title: "Kapolda Kaltim Irjen Pol X".
RANKS = words(
    "irjen brigjen kombes akbp akp iptu ipda aiptu aipda bripka brigpol briptu bripda komjen "
    "pol letjen mayjen kolonel kol letkol mayor kapten lettu letda laksma laksda laksdya marsma "
    "marsda marsdya serma serka sertu serda pelda peltu kopda kopka koptu praka pratu prada "
    "kompol tni inf kav"
)
# Ranks written out in words (Polri and TNI rank tables, as in Perkap 3/2016 and UU 34/2004).
# Each counts as a rank only when a name follows it: "Inspektur Jenderal Kementerian X" is an
# office, "Inspektur Jenderal Nama Orang" a rank. The speaker keeps the rank, like a reporter.
RANK_PHRASES = tuple(
    tuple(p.split())
    for p in (
        "ajun komisaris besar polisi",
        "ajun komisaris besar",
        "ajun komisaris polisi",
        "ajun komisaris",
        "komisaris besar polisi",
        "komisaris besar",
        "komisaris jenderal polisi",
        "komisaris jenderal",
        "komisaris polisi",
        "inspektur jenderal polisi",
        "inspektur jenderal",
        "ajun inspektur polisi satu",
        "ajun inspektur polisi dua",
        "ajun inspektur satu",
        "ajun inspektur dua",
        "inspektur polisi satu",
        "inspektur polisi dua",
        "inspektur satu",
        "inspektur dua",
        "brigadir jenderal polisi",
        "brigadir jenderal",
        "brigadir polisi kepala",
        "brigadir polisi satu",
        "brigadir polisi dua",
        "brigadir polisi",
        "brigadir kepala",
        "brigadir satu",
        "brigadir dua",
        "jenderal polisi",
        "letnan jenderal",
        "mayor jenderal",
        "letnan kolonel",
        "letnan satu",
        "letnan dua",
        "sersan mayor",
        "sersan kepala",
        "sersan satu",
        "sersan dua",
        "kopral kepala",
        "kopral satu",
        "kopral dua",
        "pembantu letnan satu",
        "pembantu letnan dua",
        "laksamana pertama",
        "laksamana muda",
        "laksamana madya",
        "marsekal pertama",
        "marsekal muda",
        "marsekal madya",
        "jenderal",
        "laksamana",
        "marsekal",
        "kolonel",
        "kapten",
        "mayor",
        "brigadir",
        "bripda",
    )
)
# Words that may follow a rank before the name: "Kolonel Inf", "Letnan Kolonel Laut (K)".
RANK_TAILS = words("tni pol polisi inf kav arh czi cpl laut udara purn purnawirawan dokter gigi")
RANK_WORDS = RANKS | RANK_TAILS | frozenset(w for p in RANK_PHRASES for w in p)
# Degrees written without dots after a name ("Ratna Dewi SE MSi"), as written.
DEGREE_CODES = words(
    "SH MH SE MM MSi SSos MPd SPd ST MT SKM MKes MAP SIP SIKom PhD Lc MA APU SHut SPt SKep "
    "MHum MAg SAg SHI SIK SSTP MSc BSc MBA SKom MKom SAP SPsi MPsi SFarm SKed SPdI MKM"
)
LOWER_HONORIFICS = words("dr drg")  # written in lowercase before a name: "dr Ilham Patu"
