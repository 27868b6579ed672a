"""The Indonesian words of an English question's topic, for matching Indonesian text by its words.

The model matches an English question to Indonesian passages by meaning, but BM25 and the
topic-word shares that choose among one person's quotes see no shared word at all: "what did the
governor say about the flood victims" holds no "banjir" and no "korban". The table below gives
common words of government news (politics, law, money, works, disasters, health, schooling,
security) their usual Indonesian forms; the vocabulary (vocabulary.py) already gives offices,
bodies and places theirs. English words are matched by their Snowball stems, so "floods",
"flooded" and "flooding" are one entry; a phrase is matched before its words.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from retrieval.text.vocabulary import fold_words

# "english form; another = indonesian form; another". Only words whose Indonesian forms differ
# from the English one: "program" or "target" match as they are.
_TABLE = """
election; elect = pemilu; pemilihan; pilkada
vote; voting = suara; pemungutan suara
voter = pemilih
polling station; polling booth = tps; tempat pemungutan suara
ballot = surat suara
count; tally; recount = penghitungan; rekapitulasi; hitung
candidate; running mate = calon; kandidat; paslon
campaign = kampanye
political party; party = partai; parpol
coalition = koalisi
cabinet = kabinet
ministry = kementerian
lawmaker; legislator; member of parliament = anggota dewan; legislator
house of representatives; parliament = dpr
bill = rancangan undang-undang; ruu
law = undang-undang; hukum
regulation; rule = peraturan; aturan; regulasi
decree = keputusan; keppres
policy = kebijakan
inaugurate; inauguration; sworn = lantik; pelantikan
appoint; appointment = tunjuk; angkat
resign; resignation; step down = mundur; pengunduran diri
dismiss; remove from office = copot; berhentikan
replace; successor = ganti; pengganti
term of office; term = masa jabatan; periode
chairman; chairwoman; chair; leader = ketua; ketum; pimpinan
secretary general = sekjen; sekretaris jenderal
spokesperson; spokesman = juru bicara; jubir
official = pejabat
analyst; observer; expert; pundit = pengamat; analis; pakar
researcher = peneliti
lecturer = dosen
university = universitas
deputy = wakil
employee; staff = pegawai
head = kepala
member = anggota
government = pemerintah
state = negara
national = nasional
country = negara
corruption = korupsi
bribe; bribery = suap
arrest; catch; caught; sting operation = tangkap; ott; operasi tangkap tangan
suspect = tersangka
detain; detention = tahan; penahanan
prison; jail = penjara
sentence; verdict; ruling = vonis; putusan; hukuman
court; trial; hearing = pengadilan; sidang
judge = hakim
prosecutor = jaksa
police = polisi; kepolisian
investigation; investigate; probe = penyidikan; penyelidikan; periksa
evidence = bukti
witness = saksi
lawsuit; sue = gugatan; gugat
report = laporan; lapor
fine = denda
punishment; penalty; sanction = hukuman; sanksi; pidana
state losses = kerugian negara
wealth; assets = harta; kekayaan
budget = anggaran
state budget = apbn; anggaran negara
money; funds; fund; funding = dana; uang; pendanaan
cost = biaya
price = harga
tax = pajak
revenue; income = pendapatan; penerimaan
debt = utang
investment; invest = investasi
economy; economic = ekonomi
growth = pertumbuhan
inflation = inflasi
poverty; poor = kemiskinan; miskin
unemployment = pengangguran
job = lapangan kerja; pekerjaan
worker; labor; labour = pekerja; buruh
salary; wage = gaji; upah
minimum wage = upah minimum; ump; umk
subsidy = subsidi
aid; assistance; help = bantuan
social assistance = bansos; bantuan sosial
farmer = petani
rice; grain = beras; padi; gabah
harvest = panen
fertilizer = pupuk
food = pangan; makanan
meal = makan
free meal; free nutritious meal = makan bergizi gratis; mbg
fuel; gasoline = bbm; bahan bakar
electricity = listrik
market = pasar
trader; vendor = pedagang
export = ekspor
import = impor
mine; mining = tambang; pertambangan
oil = minyak
coal = batu bara
palm oil = sawit
road = jalan
toll road = tol
bridge = jembatan
port; harbor = pelabuhan
airport = bandara
train; railway = kereta
bus stop = halte
traffic = lalu lintas
traffic jam; congestion = macet; kemacetan
house; home; housing = rumah; hunian; perumahan
building = gedung; bangunan
office = kantor
construction; build = pembangunan; bangun; konstruksi
project = proyek
development; develop = pembangunan; pengembangan
water = air
clean water = air bersih
waste; garbage; trash = sampah
river = sungai
dam = bendungan
land = lahan; tanah
area; size = luas; kawasan; wilayah
square meter = meter persegi
flood = banjir
landslide = longsor
earthquake = gempa
fire = kebakaran
drought = kekeringan
disaster = bencana
victim; casualty = korban
dead; death; die; kill = tewas; meninggal; korban jiwa
injure; injury = luka
missing = hilang
evacuate; evacuation = evakuasi
refugee; displaced = pengungsi
rescue; search and rescue = penyelamatan; pencarian; sar
damage; damaged = kerusakan; rusak
emergency = darurat
weather = cuaca
rain = hujan
health = kesehatan
hospital = rumah sakit
doctor = dokter
patient = pasien
disease; illness = penyakit
nutrition = gizi
poisoning = keracunan
school = sekolah
student = siswa; pelajar; mahasiswa
teacher = guru
university; campus = universitas; kampus
education = pendidikan
scholarship = beasiswa
child; children = anak
woman; women = perempuan
village = desa
village head = kepala desa; kades
resident; citizen; people; public; community = warga; masyarakat; rakyat
population = penduduk
religion; religious = agama
mosque = masjid
troop; force = pasukan; prajurit
soldier = prajurit; tentara
military; armed forces = tni; militer
peacekeeping; peace = perdamaian
defense; defence = pertahanan
war = perang
attack = serangan
explosion; blast = ledakan
riot; unrest = kerusuhan
protest; demonstration; rally = demo; unjuk rasa
security = keamanan
safety; safe = keselamatan; aman
year = tahun
month = bulan
week = minggu; pekan
day = hari
percent = persen
thousand = ribu
million = juta
billion = miliar
trillion = triliun
number; amount = jumlah
plan = rencana
prepare; preparation = siapkan; persiapan
close; closure = tutup; penutupan
open; opening = buka; pembukaan
ban; prohibit = larang; larangan
permit; license; permission = izin
reject; refuse = tolak
approve; approval; agree = setuju; persetujuan
support = dukung; dukungan
propose; proposal; suggest = usul; usulan
ask; request; demand = minta; permintaan; tuntut
urge; call on = imbau; desak; minta
warn; warning = ingatkan; peringatan
promise; pledge = janji
explain; explanation = jelaskan; penjelasan
deny; denial = bantah; membantah
criticize; criticise; criticism = kritik
respond; response; reaction = tanggapan; respons
visit = kunjungan; kunjungi
meet; meeting = bertemu; pertemuan; rapat
cancel; cancellation = batal; pembatalan
postpone; delay = tunda; penundaan
increase; rise; raise = naik; kenaikan; tambah
decrease; fall; drop; cut = turun; penurunan; pangkas
distribute; distribution = salurkan; penyaluran; distribusi
send = kirim
receive = terima
pay; payment = bayar; pembayaran
win; winner = menang; pemenang; unggul
lose; loss = kalah
rank; ranking = peringkat; urutan
survey; poll = survei
evaluate; evaluation = evaluasi
training = pelatihan
certification; certify = sertifikasi
revitalize; revitalise; revitalization = revitalisasi
renovate; renovation = renovasi
relocate; relocation; move = relokasi; pindah
demolish; tear down; torn down = bongkar; robohkan
born; birth = lahir
honor; honour; title; award = gelar; penghargaan
hero = pahlawan
driver = sopir; pengemudi
passenger = penumpang
tourist = wisatawan; turis
tourism = pariwisata
reckless = ugal-ugalan; sembarangan
fake; counterfeit = palsu
website; site = situs; laman
hoax = hoaks
social media = media sosial; medsos
reason; cause = alasan; penyebab
problem; issue = masalah; persoalan; isu
goal; aim = tujuan; sasaran
result = hasil
success; successful = berhasil; sukses
failure; fail = gagal
new = baru
old = lama
young = muda
"""


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _stems(words: list[str]) -> tuple[str, ...]:
    return tuple(_stemmer().stemWords(words))


@lru_cache(maxsize=1)
def _table() -> tuple[dict[tuple[str, ...], tuple[str, ...]], int]:
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for line in _TABLE.strip().splitlines():
        english, indonesian = line.split("=")
        forms = tuple(f.strip() for f in indonesian.split(";"))
        for phrase in english.split(";"):
            key = _stems(fold_words(phrase))
            out[key] = tuple(dict.fromkeys(out.get(key, ()) + forms))
    return out, max(len(k) for k in out)


def indonesian_words(text: str) -> list[str]:
    """The Indonesian forms of the English words and phrases a text holds, in its order."""
    table, longest = _table()
    stems = _stems(fold_words(text))
    out: list[str] = []
    i = 0
    while i < len(stems):
        for n in range(min(longest, len(stems) - i), 0, -1):
            forms = table.get(stems[i : i + n])
            if forms is not None:
                out += [f for f in forms if f not in out]
                i += n
                break
        else:
            i += 1
    return out


def glossed(text: str) -> str:
    """An English text followed by the Indonesian forms of its words ("flood" -> "banjir").

    The forms are joined by "dan", a stop word: BM25 pairs neighbouring content words, and two
    forms of different words were never neighbours in any article.
    """
    words = indonesian_words(text)
    return f"{text} {' dan '.join(words)}" if words else text
