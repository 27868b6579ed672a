"""Indonesian word lists for sentence splitting and quote attribution (lowercase unless noted)."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a word-list literal."""
    return frozenset(text.split())


# Abbreviations as written (case kept, final dot dropped) that never end a sentence.
TITLE_ABBREVIATIONS = words(
    "Dr Drs Dra Hj H Ir Prof Plt Pj Pjs No Nos KH Kh R Jl Jln Kab Kec Kel Ds Dsn Prov Gub St "
    "Moh Muh Mhd Moch Mochd Abd Tn Ny Nn Sdr Sdri Bpk Yth Pol Inf Kav Pnb Laks Mr Mrs Ms Jr Sr "
    "Kol Ust Hlm Hal Tgl Telp Tlp Vol Apt Ak Bc Dt Pdt Rp Sp Ns Bid Ttd Pkl"
)
LOWER_ABBREVIATIONS = words(
    "dr drg hlm hal tgl no jl kab kec kel prov yth sdr bpk pkl tlp telp ttd"
)
MONTH_ABBREVIATIONS = words(
    "Jan Feb Mar Apr Jun Jul Agu Agt Ags Agst Aug Sep Sept Okt Oct Nov Des Dec"
)
ROMAN_NUMERALS = words("I II III IV V VI VII VIII IX X XI XII")
DOMAIN_ENDINGS = words("id com org net io info go co ac sch")

# First words of an office: "Gubernur", "Wakil Gubernur", "Kepala Dinas ...".
ROLE_HEADS = words(
    "gubernur wakil sekretaris sekda sekwan wagub asisten kepala kadis ketua anggota direktur "
    "dirut bupati wabup wali walikota wawali camat lurah menteri wamen presiden wapres kapolda "
    "kapolres kapolsek kajati kajari pangdam danrem dandim kabid kasubag kabag kasi kasat plt pj "
    "pjs staf juru jubir koordinator pimpinan rektor dekan inspektur deputi dirjen sekjen "
    "komisioner komandan pemimpin manajer ketum bendahara legislator senator panglima kadisdik "
    "kadinkes kadiskes kasatpol wakapolda kapuspen kabiro karo kepsek ustaz ustadz"
)
# Words of offices, bodies and places that sit between a role's head and a name.
ROLE_WORDS = ROLE_HEADS | words(
    "daerah dinas badan biro bagian bidang seksi sub subbagian unit balai upt uptd komisi fraksi "
    "dewan majelis lembaga kantor sekretariat pemerintah pemprov pemkot pemkab pemerintahan "
    "provinsi kabupaten kota kecamatan kelurahan desa umum utama pusat regional wilayah nasional "
    "republik negara pendidikan kebudayaan kesehatan perhubungan pariwisata sosial pekerjaan "
    "penataan ruang lingkungan hidup komunikasi informatika statistik persandian perekonomian "
    "kesejahteraan rakyat administrasi pembangunan keuangan pendapatan perencanaan penelitian "
    "pengembangan kependudukan pencatatan sipil tenaga kerja transmigrasi perindustrian "
    "perdagangan koperasi usaha kecil menengah pertanian perkebunan peternakan kelautan "
    "perikanan kehutanan energi sumber daya mineral pemuda olahraga perumahan kawasan "
    "permukiman pangan ketahanan pemberdayaan perempuan perlindungan anak masyarakat "
    "kepegawaian hukum humas protokol organisasi inspektorat satpol pamong praja rumah sakit "
    "perpustakaan kearsipan penanggulangan bencana lalu lintas bank polisi kepolisian "
    "kejaksaan tinggi negeri pengadilan tentara militer partai universitas fakultas sekolah "
    "ahli bicara harian bersama kaltim kaltara kalsel kalteng kalbar kalimantan timur barat "
    "utara selatan tengah samarinda balikpapan bontang tenggarong berau paser kutai kartanegara "
    "kukar kutim kubar mahulu mahakam ulu penajam sangatta tanjung redeb sendawar grogot "
    "nusantara indonesia jakarta jawa sumatera sulawesi papua bali dan perancis prancis amerika "
    "serikat inggris jepang china tiongkok malaysia singapura australia rusia jerman india korea "
    "arab saudi mesir iran irak belanda filipina thailand vietnam israel palestina turki"
)
# Capitalised words that start sentences or phrases and are never part of a name.
NOT_NAMES = words(
    "dalam di pada dengan menurut menurutnya selain sementara sedangkan namun tetapi adapun oleh "
    "untuk karena saat ketika setelah sebelum sebelumnya selanjutnya kemudian lebih bahkan hal "
    "salah seorang sebuah para warga pihak kepada bagi atas dari ke juga ia dia beliau mereka "
    "kami kita saya ini itu tersebut acara kegiatan agenda turut hadir tidak jika apabila "
    "seluruh semua setiap sejumlah kini hari tahun bulan senin selasa rabu kamis jumat jum'at "
    "sabtu minggu januari februari maret april mei juni juli agustus september oktober november "
    "desember wita wib wit"
)
DAYS = words("senin selasa rabu kamis jumat jum'at sabtu minggu")
# Honorifics dropped from names ("Hj. Ratna" is Ratna), with or without their dot.
HONORIFICS = words("pak bu bapak ibu sdr sdri h hj dr drs dra drg ir prof kh tn ny")
LOWER_HONORIFICS = words("dr drg")  # written in lowercase before a name: "dr Ilham Patu"
ROLE_ALIASES = {
    "wagub": "wakil gubernur",
    "sekda": "sekretaris daerah",
    "sekwan": "sekretaris dprd",
    "kadis": "kepala dinas",
    "wabup": "wakil bupati",
    "wawali": "wakil wali kota",
    "walikota": "wali kota",
}
PRONOUNS = words("ia dia beliau")

# Attribution verbs after a quote (`“…,” ujar Rudy`), as roots: "-nya" is matched separately.
AFTER_VERBS = words(
    "ujar kata tutur jelas tegas ungkap papar terang imbuh tambah sebut pungkas lanjut ucap "
    "tukas seru tanya jawab kilah timpal beber urai pesan ajak harap akui aku sambung tandas "
    "cetus ingat kisah nilai klaim tulis bilang sahut tutup menurut"
)
# Passive attributions `“…,” demikian disampaikan Rudy`, without their di- prefix.
PASSIVE_VERBS = words(
    "katakan sampaikan tegaskan ungkapkan jelaskan tuturkan ucapkan paparkan terangkan utarakan "
    "kemukakan nyatakan"
)
# Verbs whose subject is speaking: `Rudy mengatakan, “…”`, `Norhayati menegaskan bahwa …`.
SPEECH_VERBS = words(
    "mengatakan menyatakan menegaskan menjelaskan menyampaikan mengungkapkan menuturkan "
    "menambahkan menekankan memaparkan menerangkan mengimbau meminta mengajak mengingatkan "
    "berpesan berharap menilai menyebut menyebutkan mengakui menjawab bertanya menanyakan "
    "mengapresiasi menyoroti berkata bercerita mengucapkan menyerukan mengklaim membeberkan "
    "menguraikan mengutarakan menandaskan menimpali menutup mengaku menuding menuduh mengkritik "
    "mengecam membantah menampik menepis memastikan mengeluhkan mengusulkan"
)
# Words that may stand between a speaker and the verb: `Gubernur juga mengajak`.
ADVERBS = words("juga pun kembali lalu kemudian pula turut sempat lagi sekali")
LIST_WORDS = words("dan serta atau")
