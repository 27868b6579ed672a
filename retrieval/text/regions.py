"""Names of Indonesia's regencies and cities, as words: a word of one is a place, not a name.

Source: the 514 kabupaten and kota of the areaid package 1.1.2 (MIT licence; the Ministry of Home
Affairs' list), one word each, without "Kabupaten"/"Kota". Left out: compass and landform words
("Barat", "Gunung", "Tanjung": ROLE_WORDS and PLACE_PREFIXES have them), and words that are also
common given names or surnames ("Bima", "Intan", "Raja", "Bintang", "Alam", "Samosir", "Lingga").
"""

from __future__ import annotations

from retrieval.text.words import words

_REGENCIES = words(
    "abab aceh agam alor ambon ampat anambas arfak aru asahan asmat badung balangan balikpapan "
    "banda bandar bandung banggai bangka bangkalan bangli banjar banjarbaru banjarmasin "
    "banjarnegara bantaeng bantul banyuasin banyumas banyuwangi barito barru batam batang "
    "batanghari baubau bedagai bekasi belitung belu bener bengkalis bengkayang bengkulu berau "
    "bharat biak biaro binjai bintan bintuni bireuen bitung blitar blora boalemo bogor bojonegoro "
    "bolaang bolango bombana bondowoso bone bontang boven boyolali brebes bukittinggi buleleng "
    "bulukumba bulungan bumbu bungo buol buru buton ciamis cianjur cilacap cilegon cimahi cirebon "
    "dairi deiyai deli demak denpasar depok dharmasraya digoel dogiyai dompu donggala dumai ende "
    "enim enrekang fakfak flores garut gayo gianyar gorontalo gowa gresik grobogan gunungsitoli "
    "halmahera hasundutan humbang indragiri indramayu jabung jakarta jambi jayapura jayawijaya "
    "jember jembrana jeneponto jepara jombang kaimana kampar kapuas karanganyar karangasem "
    "karawang karimun karo kartanegara katingan kaur kayong kebumen kediri keerom kendal kendari "
    "kepahiang kerinci ketapang klaten klungkung kolaka komering konawe kotabaru kotamobagu "
    "kotawaringin kuantan kubu kudus kulon kuningan kupang kutai labuhanbatu lahat lamandau "
    "lamongan lampung landak langkat langsa lanny lawang lawas lebak lebong lematang lembata "
    "lhokseumawe linggau lombok lues lumajang luwu madiun magelang magetan mahakam majalengka "
    "majene makassar malaka malang malinau maluku mamasa mamberamo mamuju manado mandailing "
    "mandar manggarai manokwari mappi maros mataram maybrat medan melawi mempawah mentawai "
    "merangin meranti merauke meriah mesuji metro mimika minahasa mojokerto mongondow morotai "
    "morowali moutong muaro muko muna murung musi nabire nagan nagekeo natuna ndao nduga ngada "
    "nganjuk ngawi nias numfor nunukan ogan pacitan padang pagar pakpak palangka palembang palopo "
    "palu pamekasan pandeglang pangandaran pangkajene pangkal paniai parepare pariaman parigi "
    "pasaman paser pasuruan pati payakumbuh pegunungan pekalongan pekanbaru pelalawan pemalang "
    "pematangsiantar penajam penukal pesawaran pidie pinrang pisau pohuwato polewali ponorogo "
    "pontianak poso prabumulih pringsewu probolinggo progo purbalingga purwakarta purworejo "
    "raijua rappang rawas rejang rembang rokan rote sabang sabu salatiga samarinda sambas sampang "
    "sanggau sangihe sarmi sarolangun sawahlunto sekadau selayar seluma semarang seram serang "
    "serdang seribu seruyan siak siau sibolga sidempuan sidenreng sidoarjo sigi sijunjung sikka "
    "simalungun simeulue singingi singkawang singkil sinjai sintang situbondo sleman solok "
    "soppeng sorong sragen subang subulussalam sukabumi sukamara sukoharjo sula sumba sumbawa "
    "sumedang sumenep supiori surabaya surakarta tabalong tabanan tagulandang takalar talaud "
    "taliabu tambrauw tamiang tana tangerang tanggamus tapanuli tapin tarakan tasikmalaya tebing "
    "tebo tegal temanggung ternate tidore tidung timor toba tojo toli-toli tolikara tomohon "
    "toraja trenggalek tual tuban tulang tulungagung ulu una-una wajo wakatobi waropen way "
    "wondama wonogiri wonosobo yahukimo yalimo yapen yogyakarta"
)

# Jakarta's districts and wards (the same source), those of one word that is no common noun
# or name: national news is written from Jakarta and names them as often as regencies.
_JAKARTA = words(
    "ancol angke bidaracina bintaro cakung cawang cengkareng cibubur cideng ciganjur cijantung "
    "cikini cilandak cilangkap cililitan cilincing cipayung cipete cipinang cipulir ciracas "
    "gambir gandaria gebang glodok gondangdia grogol jagakarsa jatinegara jelambar kalibata "
    "kalideres kalisari kebayoran kedoya kemanggisan kemayoran kembangan klender kwitang mampang "
    "marunda matraman menteng meruya palmerah pancoran pademangan pegangsaan pejaten penjaringan "
    "pesanggrahan petamburan pluit priok pulogadung ragunan rawamangun rorotan senayan senen "
    "setiabudi slipi srengseng sunter tambora tamansari tebet tomang"
)

REGIONS = _REGENCIES | _JAKARTA
# Jakarta's districts of two words (the same source), but "Setia Budi", which is also a name.
REGION_PAIRS = frozenset(
    tuple(p.split())
    for p in (
        "cempaka putih",
        "duren sawit",
        "johar baru",
        "kebon jeruk",
        "kelapa gading",
        "kramat jati",
        "pasar minggu",
        "pasar rebo",
        "pulo gadung",
        "sawah besar",
        "taman sari",
        "tanah abang",
    )
)
