"""How people ask for someone's words and how they join a person to a topic: one table.

Beside the vocabulary (vocabulary.py: offices, bodies, places), this is the other half of
reading a question. Users in Telegram ask for an official's words in many ways: "apa kata X",
"X bilang apa", "X ngomong apa", "kutipan X", and for an opinion or a request as much as a
statement: "pendapat / tanggapan / sikap / respons X", "X pesan apa", "X minta apa", "X ngusulin
apa", "what does X think about", "X's view on". Words are folded (lowercase, no accents or
apostrophes); verb forms are listed as written, since chat Indonesian (ngomong, ngusulin,
nanggepin) escapes any stemmer.
"""

from __future__ import annotations

from retrieval.text.words import words

# Words that ask what someone requested: a message, a request, a proposal, an instruction, a
# hope (search/requests.py prefers the quotes that request).
REQUEST_WORDS = words(
    "pesan pesannya berpesan pesen pesennya minta meminta mintanya permintaan usul usulan usulkan "
    "mengusulkan ngusulin ngusulkan arahan arahannya mengarahkan instruksi instruksikan "
    "menginstruksikan imbauan imbau mengimbau himbau himbauan harapan berharap mengharapkan"
)
# Single words that ask for someone's own words: saying, quoting, opinion, request, proposal.
SAID_WORDS = words(
    # saying and quoting
    "kata katanya bilang ngomong ngomongnya omong omongan kutipan kutip dikutip pernyataan ucapan "
    "ucap diucapkan disampaikan dikatakan ditegaskan dijelaskan sampaikan katakan berkata "
    "mengatakan menyampaikan nyampein nyampaikan statement ujar tutur "
    # chat verbs of telling ("cerita", "menyatakan", "bicara" also make "film cerita", "data yang
    # menyatakan …", "juru bicara": bench/plan_regression.py measured them costing facqa)
    "ceritain nyeritain jelasin ngejelasin ngomongin berjanji janjinya "
    # complaints, denials, admissions, warnings: a statement as much as "bilang"
    "mengeluh mengeluhkan ngeluh ngeluhin keluhkan membantah bantah ngaku mengaku mengakui "
    "menegaskan negesin mengingatkan ngingetin memperingatkan "
    # opinion and reaction
    "pendapat pendapatnya menurut menurutnya tanggapan tanggapannya tanggapi menanggapi nanggepin "
    "nanggapin tanggepin tanggapin tanggepan tanggepannya komentar komentarnya komen sikap "
    "sikapnya respons respon "
    "responnya merespons merespon pandangan pandangannya penilaian menilai sambutan "
    # English
    "say said says saying statement statements quote quotes quoted remarks remark comment comments "
    "commented opinion opinions view views tell tells told think thinks thought react reacted "
    "reaction respond responded response urge urged urges ask asked asks propose proposed proposes "
    "want wants wanted replied reply complain complains complained claim claims claimed admit "
    "admits admitted promise promises promised insist insists insisted deny denies denied stress "
    "stresses stressed"
) | REQUEST_WORDS
# Pairs of words that ask for someone's words only together.
SAID_PAIRS = frozenset({("according", "to"), ("stance", "on"), ("position", "on")})
# "X kasih alasan apa", "X memberi penjelasan soal Y": a giving word before one of these asks for
# the reason or account X gave, in X's words.
GIVING = words("kasih ngasih beri memberi memberikan")
GIVEN = words("alasan penjelasan keterangan")
# Words that ask for someone's words when an asking word follows: "X cerita apa", "X bicara
# gimana" (alone they are "film cerita", "juru bicara").
# "jawab" too: "X jawab apa" asks for X's answer, "bertanggung jawab" asks for no one's words.
SAID_BEFORE_ASKING = words(
    "cerita bercerita bicara berbicara menjelaskan menyatakan jawab menjawab jawabnya njawab"
)
ASKING_AFTER = words("apa gimana bagaimana")
# "the governor's statement": a possessive before one of these asks for the governor's words.
POSSESSIVE_OF = words("statement statements words quote quotes remarks view views stance response")
# Words that ask who someone is or who holds an office.
WHO_WORDS = words("siapa siapakah who whom namanya nama")
# Words that join the speaker to the topic: "kata Gubernur soal inovasi", and to the occasion,
# "X bilang apa pas Y", which says when as much as what: words before it are topic too.
ABOUT_LINKS = words(
    "soal tentang ttg mengenai terkait perihal masalah seputar atas "
    "about on regarding concerning over"
)
TOPIC_LINKS = ABOUT_LINKS | words(
    "pas saat ketika waktu sewaktu usai setelah sesudah abis habis after during when while"
)
# Words that name to whom someone spoke, not what about: "pesan Gubernur kepada para pejabat".
ADDRESSEES = words("kepada ke untuk bagi buat terhadap to for")
# Asking words, English function words and chat particles: never a speaker, never the topic.
ASKING = words(
    "apa apakah gimana bagaimana yang yg what did does do is are was were the of a an ya sih "
    "dong nih deh kah aja"
)
# Words that open a question asking why or how ("kenapa Budi kapok …? kata dia gimana"): never
# the start of a name.
OPENERS = ASKING | words("kenapa knp mengapa napa why how")
# The person asked about, named again: no topic ("… kata dia gimana").
PRONOUNS = words("dia ia beliau he she him her")
