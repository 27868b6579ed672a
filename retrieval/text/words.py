"""Indonesian word lists for sentence splitting and quote attribution (lowercase unless noted).

Titles, ranks and degrees are in titles.py; regencies' and cities' names in regions.py; verbs of
saying and the small words of attribution grammar in speechwords.py.
"""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of a word-list literal."""
    return frozenset(text.split())


def alternation(listed: frozenset[str]) -> str:
    """A regular expression's alternation of the words, longest first: "akui" before "aku"."""
    return "|".join(sorted(listed, key=lambda w: (-len(w), w)))


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
    "gubernur wakil sekretaris sekda sekdaprov sekdakab sekdakot sekprov sekwan wagub asisten "
    "kepala kadis ketua anggota direktur "
    "dirut bupati wabup wali walikota wawali camat lurah menteri wamen presiden wapres kapolda "
    "kapolres kapolsek kajati kajari pangdam danrem dandim kabid kasubag kabag kasi kasat plt pj "
    "pjs staf juru jubir koordinator pimpinan rektor dekan inspektur deputi dirjen sekjen "
    "komisioner komandan pemimpin manajer ketum bendahara legislator senator panglima kadisdik "
    "kadinkes kadiskes kasatpol wakapolda kapuspen kabiro karo kepsek ustaz ustadz kapolri "
    "wakapolri kapolrestabes kasad kasal kasau kadispen kapendam"
) | words(
    # Occupations written before a name like an office: "Pengamat Politik Rekaan, Nama".
    "pengamat peneliti pengajar dosen guru sosiolog epidemiolog ekonom analis pakar aktivis "
    "kandidat mahasiswa pendiri pembina pengurus penasihat pelaksana pengacara advokat "
    "komisaris kasubdit kasubbag kanit kapolrestabes mendagri menkes mensos menkeu menhub "
    "menlu menag mendikbud menhan menaker mentan mendag menperin menpora menkominfo panitera "
    "jaksa ceo coo cfo cto founder co-founder chief head "
    "director manager president vice managing executive vokalis gitaris penyanyi musisi "
    "seniman budayawan sejarawan rohaniwan"
)
# What people do, written lowercase before a name like an office: "kata petani Desa X, Nama".
# Not offices: a capitalised "Petani" opens a sentence, never a role.
OCCUPATIONS = words(
    "petani nelayan pedagang warga buruh pekerja karyawan pegawai sopir pengemudi perawat bidan "
    "dokter relawan siswa pelajar pengusaha pemilik penjual pembeli penumpang pengunjung "
    "wisatawan pemudik korban saksi tokoh ulama kiai pendeta petugas penyidik pemandu "
    "atlet pelatih wartawan jurnalis penulis peternak pengrajin perajin ibu bapak"
)
# Words of offices, bodies and places that sit between a role's head and a name.
_OFFICE_WORDS = words(
    "daerah dinas badan biro bagian bidang seksi sub subbagian unit balai upt uptd komisi "
    "fraksi dewan majelis lembaga kantor sekretariat pemerintah pemprov pemkot pemkab "
    "pemerintahan provinsi kabupaten kota kecamatan kelurahan desa umum utama pusat regional "
    "wilayah nasional republik negara pendidikan kebudayaan kesehatan perhubungan pariwisata "
    "sosial pekerjaan penataan ruang lingkungan hidup komunikasi informatika statistik "
    "persandian perekonomian kesejahteraan rakyat administrasi pembangunan keuangan pendapatan "
    "perencanaan penelitian pengembangan kependudukan pencatatan sipil tenaga kerja "
    "transmigrasi perindustrian perdagangan koperasi usaha kecil menengah pertanian perkebunan "
    "peternakan kelautan perikanan kehutanan energi sumber daya mineral pemuda olahraga "
    "perumahan kawasan permukiman pangan ketahanan pemberdayaan perempuan perlindungan anak "
    "masyarakat kepegawaian hukum humas protokol organisasi inspektorat satpol pamong praja "
    "rumah sakit perpustakaan kearsipan penanggulangan bencana lalu lintas bank polisi "
    "kepolisian kejaksaan tinggi negeri pengadilan tentara militer partai universitas fakultas "
    "sekolah ahli bicara harian bersama kaltim kaltara kalsel kalteng kalbar kalimantan timur "
    "barat utara selatan tengah samarinda balikpapan bontang tenggarong berau paser kutai "
    "kartanegara kukar kutim kubar mahulu mahakam ulu penajam sangatta tanjung redeb sendawar "
    "grogot nusantara indonesia jakarta jawa sumatera sulawesi papua bali dan perancis prancis "
    "amerika serikat inggris jepang china tiongkok malaysia singapura australia rusia jerman "
    "india korea arab saudi mesir iran irak belanda filipina thailand vietnam israel palestina "
    "turki kuba venezuela brasil argentina meksiko kanada pakistan afganistan bangladesh "
    "myanmar kamboja laos brunei selandia italia spanyol portugal swedia norwegia belgia swiss "
    "austria polandia ukraina yunani afrika nigeria sudan libya suriah lebanon yordania kuwait "
    "qatar yaman eropa uni bangsa-bangsa perserikatan jenderal setda setdaprov setdakab "
    "setdakot setwan ilmu pengetahuan teknologi riset inovasi politik keamanan pertahanan luar "
    "agama agraria ekonomi informasi pangan kreatif digital reformasi birokrasi aparatur "
    "maritim investasi pertanahan pengawasan pelayanan pembinaan perizinan terpadu satu pintu "
    "penanaman modal demokrasi perjuangan golkar gerindra nasdem demokrat kebangkitan amanat "
    "keadilan sejahtera hanura perindo gelora periode"
)
# Words of bodies named for what they do, and of units: "Badan Pengawas Pemilu", "Komisi
# Pemberantasan Korupsi", "Satuan Tugas Penanganan Bencana", "Regu B Pos Pemadam".
_BODY_WORDS = words(
    "pengawas pemilu pemilihan pemberantasan korupsi pemeriksa pengelola penyelenggara "
    "pengendalian penanganan percepatan gugus tugas satuan satgas pemadam kebakaran darurat "
    "posko pos sektor regu peleton kompi batalyon resor metro operasi markas komando "
    "penerbangan pelayaran angkutan layanan puskesmas stasiun klinik"
)
# English words of offices and firms in Indonesian news: "Chief Executive Officer Rekaan".
_ENGLISH_OFFICE_WORDS = words(
    "eksekutif officer executive senior center centre institute foundation research global "
    "group corporation company international office partner lead analyst economist public "
    "relations marketing communications operating financial technology university college "
    "school academy hospital ministry agency council board committee commission association "
    "society museum airlines airport capital holdings ventures consulting securities "
    "investment investments asset management studies policy affairs development economics "
    "finance law strategic democracy governance justice rights human watch network initiative"
)
# Words that end the name of a place or a body after it, never a person's: "Jakarta Raya",
# "Kebayoran Baru", "Musi Hilir", "Ombudsman Perwakilan Rekaan".
_PLACE_TAILS = words("raya baru lama besar hulu hilir ilir perwakilan")
# Trades and goods that name the members or the field of an association: "Asosiasi Pedagang
# Pasar", "Gabungan Pengusaha Ekspor", "Ikatan Dokter" (with OCCUPATIONS, capitalised there).
_SECTOR_WORDS = words(
    "pasar industri perusahaan restoran angkutan transportasi logistik ekspor impor properti "
    "konsumen tani niaga dagang ritel"
)
# Provinces by their usual short names (Kemendagri's list of 38 provinces).
_PROVINCES = words(
    "aceh sumut sumbar riau kepri jambi sumsel bengkulu lampung babel bangka belitung banten "
    "dki jabar jateng diy jatim ntb ntt nusa tenggara sulut sulteng sulsel sultra sulbar "
    "gorontalo maluku malut pabar papbar"
)
# Ministries, agencies, police and firms by their usual abbreviations.
_AGENCIES = words(
    "kementerian kemenkeu kemenhub kemendagri kemenkes kemensos kemenkumham kemenag kemendikbud "
    "kemendikbudristek kemenristek kemenlu kemenhan kemenpanrb kemenperin kemendag kementan "
    "kemenaker kemnaker kemenpupr kemenparekraf kemenpora kemenkominfo kominfo kemenko "
    "kemenkopolhukam kemenkomarves kemenpppa kemendes kemendesa kemenlhk klhk kkp esdm bappenas "
    "bpom bnpb bpbd basarnas polri tni bumn bumd polda polres polresta polrestabes polsek mabes "
    "tbk persero dinkes dishub disdik perum perumda bulog pln pertamina pdam"
)
# First words of associations, foundations and other bodies, whose own name follows:
# "Ketua Perhimpunan Rekaan Nama Orang" (the kinds of organisation in UU 17/2013 on mass
# organisations and UU 16/2001 on foundations, and the usual words of schools).
ORG_HEADS = words(
    "asosiasi perhimpunan ikatan forum gerakan persatuan perkumpulan himpunan serikat aliansi "
    "konsorsium komunitas paguyuban federasi gabungan yayasan koperasi lembaga institut akademi "
    "politeknik cv"
)
# Legal forms written after a firm's name: "Rekaan Corp Nama Orang" (English and Malaysian or
# Singaporean company forms seen in Indonesian business news).
_ORG_SUFFIXES = words("corp inc ltd llc plc gmbh bhd pte")
ROLE_WORDS = (
    ROLE_HEADS
    | _OFFICE_WORDS
    | _BODY_WORDS
    | _ENGLISH_OFFICE_WORDS
    | _PLACE_TAILS
    | _SECTOR_WORDS
    | OCCUPATIONS
    | _PROVINCES
    | _AGENCIES
    | ORG_HEADS
    | _ORG_SUFFIXES
)
# Regencies' and cities' names are in regions.py (REGIONS), a list too long to keep here.
# A word that names a place by what follows it: "Sungai Rekaan", "Kabupaten Berau", "Loa Kulu".
# The word after it belongs to the place, never to a person's name.
PLACE_PREFIXES = words(
    "kabupaten kab kota kecamatan kec kelurahan kel desa kampung provinsi prov sungai loa muara "
    "teluk tanjung pulau gunung bukit danau tanah long rantau labuhan kuala pantai pulo rawa "
    "lembah ujung"
)
# Words whose next capitalised word names a place or body, not a person: "Bupati Rekaan",
# "Yayasan Rekaan". A name right after one is read from its second word unless the article
# refers to the person by the first.
NAMED_AFTER = (
    words(
        "kota kabupaten provinsi desa kecamatan kelurahan kampung dusun gubernur wagub bupati "
        "wabup walikota wawali camat lurah kapolda kapolres kapolresta kapolsek wakapolda "
        "wakapolres kajati kajari pangdam danrem dandim polda polres polresta polsek kodam korem "
        "kodim puskesmas rsud yayasan universitas institut dprd pt bank hotel pasar taman kejati "
        "kejari pengadilan stasiun bandara pelabuhan sakit rs rsu rsup klinik sma smp smk sd"
        # Regional agencies by their abbreviations, each followed by its region: "BPBD Rekaan".
        " bpbd dinkes dishub disdik dinsos disnaker bappeda kpu kpud bawaslu satpol pemkot pemkab "
        "pemprov setda setdakab setdakot kemenag kodam korem kodim koramil lanud lantamal"
    )
    | ORG_HEADS
)
# Those of NAMED_AFTER that are never written without their own name: the two words after one
# are that name ("Universitas Rekaan Jaya"), not a holder's, as after "Bupati" or "Koperasi".
BODIES_NAMED_AFTER = words("universitas institut pt bank hotel stasiun bandara pelabuhan")
# Offices of a firm, written before the firm's name: "CEO Rekaan Budi Contoh", "Pendiri
# Rekaan Budi Contoh". The word after one names the firm when a full name follows.
FIRM_OFFICES = words("ceo coo cfo cto founder co-founder cofounder pendiri")
# Lowercase words inside one office, between its body and the body's place: "Ketua Asosiasi
# Rekaan di Kota Contoh Nama Orang".
OFFICE_LINKS = words("di dari untuk")
# Lowercase words before a place: "di Rekaan", "warga Rekaan".
PLACE_MARKERS = words("di ke dari asal warga wilayah daerah kawasan kota kabupaten provinsi")
# Capitalised words of bodies and places after which the next capitalised word ends a place or
# body name ("Pemkot Rekaan", "Polres Rekaan"), never starts a person's name.
PLACE_CONTEXT = (
    PLACE_PREFIXES
    | NAMED_AFTER
    | words(
        "pemkot pemkab pemprov pemerintah dinas badan kantor balai lembaga komisi fraksi partai "
        "sekolah fakultas rumah sakit polda polres polresta polsek kodam korem kodim rsud "
        "puskesmas institut yayasan kampus bandara stasiun pelabuhan terminal pasar hotel masjid "
        "gereja pesantren kejari kejati pt cv dprd dpr mpr kpu bawaslu"
    )
)
# Documents an office issues, written before the office: "Peraturan Menteri Kesehatan",
# "Surat Edaran Gubernur" (the kinds of regulation in UU 12/2011 and of administrative acts).
# "menurut Peraturan Menteri …" cites a rule, not a person.
DOCUMENTS = words(
    "peraturan keputusan instruksi surat edaran maklumat undang-undang perda pergub perbup "
    "perwali perpres permen inpres keppres kepmen perppu"
)
# Capitalised words that start sentences or phrases and are never part of a name.
NOT_NAMES = words(
    "dalam di pada dengan menurut menurutnya selain sementara sedangkan namun tetapi adapun oleh "
    "untuk karena saat ketika setelah sebelum sebelumnya selanjutnya kemudian lebih bahkan hal "
    "salah seorang sebuah para warga pihak kepada bagi atas dari ke juga ia dia beliau mereka "
    "kami kita saya ini itu tersebut acara kegiatan agenda turut hadir tidak jika apabila "
    "seluruh semua setiap sejumlah kini hari tahun bulan senin selasa rabu kamis jumat jum'at "
    "sabtu minggu januari februari maret april mei juni juli agustus september oktober november "
    "desember wita wib wit kemarin besok lusa sekarang nanti tadi semalam"
) | words(
    # Discourse words that open sentences: "Apalagi, …", "Tak ada …", "Terkait hal itu, …".
    "apalagi tak kendati meski meskipun walau walaupun sebab akibat terkait melihat nomor "
    "padahal sehingga maka lalu sejak hingga sampai bila kalau agar supaya sedangkan sementara "
    "bagaimana mengapa kenapa apa siapa berdasarkan sesuai terhadap tentang mengenai soal "
    "termasuk yakni yaitu antara lain misalnya contohnya bahkan justru pun ternyata tentu "
    "semoga mungkin sudah belum masih akan telah harus bisa dapat perlu"
) | words(
    # Collective nouns for people, never one person: "Tim dari Dinas X menyatakan …".
    "tim rombongan utusan kelompok panitia delegasi kontingen pasukan jajaran kalangan"
) | words(
    # What someone says, opening a sentence about it ("Harapan Nama itu disambut …", "Ucapan
    # Nama ini …", "… ," Kata Nama."), and words that head a name without being one.
    "kata ucapan harapan pernyataan pesan usulan permintaan tanggapan keterangan penjelasan "
    "komentar pidato sambutan imbauan janji keluhan kritik pendapat pandangan terbaru mantan eks"
)
DAYS = words("senin selasa rabu kamis jumat jum'at sabtu minggu")
# Abbreviations whose dot does not end a name or role: "Plt. Kepala", "Kab. Berau".
DOTTED_WORDS = words("plt pj pjs kab kec kel prov")
ROLE_ALIASES = {
    # Offices by the name a reporter uses the second time: "kata Kepala Negara" is the President.
    "kepala negara": "presiden",
    "wagub": "wakil gubernur",
    "sekda": "sekretaris daerah",
    "sekdaprov": "sekretaris daerah",
    "sekdakab": "sekretaris daerah",
    "sekdakot": "sekretaris daerah",
    "sekprov": "sekretaris daerah",
    "sekwan": "sekretaris dprd",
    "kadis": "kepala dinas",
    "wabup": "wakil bupati",
    "wawali": "wakil wali kota",
    "walikota": "wali kota",
    # Ministers by their usual short titles, as Indonesian news writes them.
    "mendagri": "menteri dalam negeri",
    "menkes": "menteri kesehatan",
    "mensos": "menteri sosial",
    "menkeu": "menteri keuangan",
    "menhub": "menteri perhubungan",
    "menlu": "menteri luar negeri",
    "menag": "menteri agama",
    "mendikbud": "menteri pendidikan dan kebudayaan",
    "menhan": "menteri pertahanan",
    "menaker": "menteri ketenagakerjaan",
    "mentan": "menteri pertanian",
    "mendag": "menteri perdagangan",
    "menperin": "menteri perindustrian",
    "menpora": "menteri pemuda dan olahraga",
    "menkominfo": "menteri komunikasi dan informatika",
}
# Offices of two words whose second is often written in lowercase: "Juru bicara PSI, Nama".
LOWERCASE_OFFICE_PAIRS = frozenset(
    tuple(pair.split())
    for pair in (
        "juru bicara", "ketua umum", "wakil ketua", "sekretaris jenderal", "wali kota",
        "wakil menteri", "wakil gubernur", "wakil bupati", "kepala dinas", "kepala biro",
        "kepala badan", "kepala bagian", "kepala bidang", "wakil presiden",
    )
)
LIST_WORDS = words("dan serta atau")
# English words that join the words of one English name of a body or an office: "Head of
# Research at Rekaan Capital", "Center for Law and Policy". Indonesian prose never uses them.
ENGLISH_LINKS = words("of and for at on in the &")
# First words of Indonesian names that never belong to an office or place: "Muhammad Rizal".
NAME_OPENERS = words(
    "muhammad muh moh mohammad mohamad mochammad ahmad achmad abdul abd andi siti nur sri dewi "
    "i ni made wayan putu ketut nyoman gusti raden teuku cut tengku daeng aji awang dayang"
)
