"""Words of Indonesian attribution grammar: verbs of saying, and the small words around them.

`“…,” ujar Rudy`, `Rudy dalam sambutannya juga mengatakan`, `kata mantan bupati itu`: what
stands between a quote, its verb and its speaker (lowercase, from standard Indonesian grammar
and the credits of Indonesian news).
"""

from __future__ import annotations

from retrieval.text.words import words

PRONOUNS = words("ia dia beliau")
# Before a person named by what they are: "kata salah seorang warga, Nama Orang".
DETERMINERS = words("seorang salah satu sang")
# Before the name a description gives: "pria yang akrab disapa Rudy itu".
CALLED = words("disapa dipanggil bernama")
# After a description they point back at the person just named: "pakar hukum ini menilai".
DEMONSTRATIVES = words("ini itu tersebut")

# Attribution verbs after a quote (`“…,” ujar Rudy`), as roots: "-nya" is matched separately.
AFTER_VERBS = words(
    "ujar kata tutur jelas tegas ungkap papar terang imbuh tambah sebut pungkas lanjut ucap "
    "tukas seru tanya jawab kilah timpal beber urai pesan ajak harap akui aku sambung tandas "
    "cetus ingat kisah nilai klaim tulis bilang sahut tutup menurut said says keluh sergah "
    "tepis bantah desak minta"
    # Typing slips seen in print: "ujanya" for "ujarnya".
    " uja"
)
# Passive attributions `“…,” demikian disampaikan Rudy`, without their di- prefix.
PASSIVE_VERBS = words(
    "katakan sampaikan tegaskan ungkapkan jelaskan tuturkan ucapkan paparkan terangkan utarakan "
    "kemukakan nyatakan amini sebutkan tambahkan ingatkan ceritakan kisahkan umumkan "
    "informasikan tanggapi jawab"
)
# Verbs whose subject is speaking: `Rudy mengatakan, “…”`, `Norhayati menegaskan bahwa …`.
SPEECH_VERBS = words(
    "mengatakan menyatakan menegaskan menjelaskan menyampaikan mengungkapkan menuturkan "
    "menambahkan menekankan memaparkan menerangkan mengimbau meminta mengajak mengingatkan "
    "berpesan berharap menilai menyebut menyebutkan mengakui menjawab bertanya menanyakan "
    "mengapresiasi menyoroti berkata bercerita mengucapkan menyerukan mengklaim membeberkan "
    "menguraikan mengutarakan menandaskan menimpali menutup mengaku menuding menuduh mengkritik "
    "mengecam membantah menampik menepis memastikan mengeluhkan mengusulkan berpendapat menduga "
    "menceritakan membenarkan memperkirakan memprediksi menganggap meyakini menanggapi "
    "mengemukakan menyarankan melanjutkan menyinggung berujar mengungkap mengisahkan"
)
# Connectives that open a sentence right before its subject, without a comma: "Adapun Ketua X
# menilai …", "Namun Rekaan menolak …" (from standard Indonesian grammar's list of
# inter-sentence conjunctions, kata penghubung antarkalimat).
CONNECTIVES = words("adapun sementara namun tetapi kemudian lalu selanjutnya sedangkan bahkan")
# Words that may stand between a speaker and the verb: `Gubernur juga mengajak`.
ADVERBS = words("juga pun kembali lalu kemudian pula turut sempat lagi sekali")
PREPOSITIONS = words("dalam di pada dengan saat ketika untuk kepada dari ke")
# Auxiliaries between a subject and its verb: "Bupati X sudah menerbitkan aturan".
AUXILIARIES = words("sudah telah pernah sedang masih segera terus lantas langsung")
# Negations between a subject and its verb: "Rekaan tak menyangka harga naik".
NEGATIONS = words("tak tidak belum enggan")
# Stances a subject takes, like a verb of saying: "Kepala Dinas X optimistis harga turun".
STANCES = words(
    "optimistis optimis pesimistis pesimis yakin khawatir cemas heran kecewa bangga prihatin "
    "sepakat setuju mengaku"
)
# Before a verb they make it no act of speaking yet: "tim akan mengungkapkan hasilnya".
# "sudah" and "pernah" make it something said before: "Menteri sudah mengumumkan …" is
# background to the words of the speaker in focus.
MODALS = words("akan ingin hendak harus mesti bisa dapat perlu mau untuk agar supaya sudah pernah")
