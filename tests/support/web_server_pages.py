"""Pages and feeds of the test site; all content is invented ("Kabupaten Sungai Rekaan")."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class FakeArticle:
    slug: str
    title: str
    date: str  # YYYY-MM-DD
    paragraphs: tuple[str, ...]
    site: str = "Warta Sungai Rekaan"
    author: str = "Redaksi Warta Rekaan"


NOTE = "Artikel fiktif untuk pengujian briefbot; semua nama dan tempat rekaan."

ARTICLES = {
    a.slug: a
    for a in (
        FakeArticle(
            "jembatan",
            "Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh",
            "2024-03-14",
            (
                "Bupati Sungai Rekaan, Rahmat Fiktifiansyah, meresmikan Jembatan Hulu Contoh di "
                "Kecamatan Hilir Rekaan pada Jumat pagi. Jembatan sepanjang 120 meter itu "
                "menghubungkan dua desa yang selama ini hanya bisa dijangkau dengan perahu.",
                "“Jembatan ini kami bangun agar anak-anak tidak lagi menyeberang sungai dengan "
                "perahu kecil setiap pagi,” ujar Rahmat dalam sambutannya.",
                "Baca juga: Dinas Rekaan Tambah Anggaran Jalan Desa",
                "Kepala Dinas Pekerjaan Umum Sungai Rekaan, Siti Contohwati, menjelaskan bahwa "
                "pembangunan jembatan memakan waktu delapan bulan dan melibatkan tenaga kerja "
                "lokal dari kedua desa.",
                "“Kami memastikan kualitas konstruksi sesuai standar, sehingga jembatan aman "
                "dilalui kendaraan roda empat,” katanya.",
                "Warga menyambut baik peresmian tersebut. Mereka berharap akses ke pasar "
                "kecamatan menjadi lebih mudah dan biaya angkut hasil kebun turun.",
            ),
        ),
        FakeArticle(
            "festival",
            "Wakil Bupati Buka Festival Perahu Hias Sungai Rekaan",
            "2024-05-02",
            (
                "Wakil Bupati Sungai Rekaan, Dewi Contohsari, membuka Festival Perahu Hias di "
                "tepian Sungai Rekaan pada Sabtu sore. Sebanyak 42 perahu dari 12 desa ikut "
                "serta dalam festival tahunan tersebut.",
                "“Festival ini bukan hanya hiburan, tetapi juga cara kita menjaga sungai sebagai "
                "halaman depan rumah kita bersama,” kata Dewi di hadapan ribuan penonton.",
                "BACA JUGA: Bupati Sungai Rekaan Resmikan Jembatan Desa Hulu Contoh",
                "Panitia mencatat jumlah pengunjung naik dibanding tahun lalu. Pedagang kuliner "
                "di sepanjang tepian sungai mengaku dagangannya habis sebelum malam.",
                "Dewi juga meminta dinas terkait menambah tempat sampah di sepanjang tepian agar "
                "sungai tetap bersih setelah festival berakhir.",
            ),
        ),
        FakeArticle(
            "anggaran",
            "DPRD Sungai Rekaan Setujui Anggaran Air Bersih Desa",
            "2024-06-20",
            (
                "Dewan Perwakilan Rakyat Daerah (DPRD) Sungai Rekaan menyetujui tambahan anggaran "
                "air bersih untuk 15 desa dalam rapat paripurna pada Kamis. Anggaran tersebut akan "
                "dipakai untuk membangun sumur bor dan jaringan pipa.",
                "“Air bersih adalah kebutuhan dasar. Kami tidak ingin ada desa yang tertinggal,” "
                "ujar Ketua DPRD Sungai Rekaan, Bambang Ujicoba, usai rapat.",
                "Simak juga: Festival Perahu Hias Sungai Rekaan",
                "Sekretaris Daerah Sungai Rekaan, Lestari Percontohan, menyatakan pemerintah "
                "kabupaten siap melaksanakan program itu mulai triwulan ketiga.",
                "Menurut Lestari, pembangunan dilakukan bertahap, dimulai dari desa yang paling "
                "jauh dari sumber air dan paling sering dilanda kekeringan.",
            ),
        ),
    )
}

_NAV = (
    '<header><nav><a href="/">Beranda</a> <a href="/politik">Politik</a> '
    '<a href="/ekonomi">Ekonomi</a> <a href="/olahraga">Olahraga</a></nav></header>'
    '<div class="iklan advert">IKLAN: Pulsa murah hanya hari ini! Klik di sini.</div>'
)
_ASIDE = (
    "<aside><h3>Terpopuler</h3><ol><li><a href='/1'>Harga cabai turun</a></li>"
    "<li><a href='/2'>Jadwal pemadaman listrik</a></li></ol></aside>"
    f"<footer><p>© 2024 Warta Sungai Rekaan. {NOTE}</p><a href='/kontak'>Kontak</a></footer>"
)


def article_html(
    article: FakeArticle, base: str, charset: str = "utf-8", meta: bool = True, heavy: bool = False
) -> str:
    """A news page with navigation, ads, a "baca juga" box and the article.

    `heavy` adds the bulk of a real portal page (menus, scripts, link lists; ~100 KB).
    """
    body = "\n".join(f"<p>{escape(p, quote=False)}</p>" for p in article.paragraphs)
    related = (
        '<div class="baca-juga"><h4>Baca Juga</h4><ul>'
        f"<li><a href='{base}/berita/festival.html'>Festival perahu hias</a></li>"
        f"<li><a href='{base}/berita/anggaran.html'>Anggaran air bersih</a></li></ul></div>"
    )
    head_meta = f'<meta charset="{charset}">' if meta else ""
    return (
        f"<!DOCTYPE html><html lang='id'><head>{head_meta}"
        f"<title>{escape(article.title)} | {escape(article.site)}</title>"
        f'<meta property="og:site_name" content="{escape(article.site)}">'
        f'<meta property="og:title" content="{escape(article.title)}">'
        f'<meta property="article:published_time" content="{article.date}T09:00:00+08:00">'
        f'<meta name="author" content="{escape(article.author)}">'
        f'<link rel="canonical" href="{base}/berita/{article.slug}.html">'
        f"</head><body>{_NAV}<main><article><h1>{escape(article.title)}</h1>"
        f"<p class='byline'>Oleh {escape(article.author)} · "
        f"<time datetime='{article.date}'>{article.date}</time></p>"
        f"{body}{related}</article></main>{_ASIDE}{_HEAVY if heavy else ''}</body></html>"
    )


_HEAVY = (
    "<script>var tracking = {"
    + ",".join(f'"k{i}": "{"x" * 40}"' for i in range(600))
    + "};</script><div class='menu-besar'><ul>"
    + "".join(f"<li><a href='/kanal/{i}'>Kanal berita nomor {i}</a></li>" for i in range(400))
    + "</ul></div><aside class='terkait'><ol>"
    + "".join(
        f"<li><a href='/berita/lain-{i}.html'>Judul berita lain yang cukup panjang nomor {i}</a>"
        f"<span class='waktu'>{i} menit lalu</span></li>"
        for i in range(300)
    )
    + "</ol></aside>"
)


def mirror_html(article: FakeArticle) -> str:
    """The same article on another site: other layout, straight quotes, sloppier spacing."""
    straight = (p.replace("“", '"').replace("”", '"') for p in article.paragraphs)
    copied = (p.replace(". ", ".  ") for p in straight)
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in copied)
    return (
        "<html><head><meta charset='utf-8'><title>Cermin Berita</title></head><body>"
        "<div id='menu'><a href='/'>Cermin</a></div><div class='konten'>"
        f"<h2>{escape(article.title)}</h2>{body}</div><div id='kaki'>{NOTE}</div></body></html>"
    )


KAFE = FakeArticle(
    "kafe",
    "Kafe André di Desa Rekaan Jadi Tujuan Wisata Baru",
    "2024-07-09",
    (
        "Kafe milik André Contohsaputra di Desa Rekaan kini ramai dikunjungi wisatawan. Kafe "
        "yang menyajikan kopi lokal dan crème brûlée itu berdiri di tepi Sungai Rekaan.",
        "“Kami ingin tamu merasakan kopi dari kebun warga sendiri,” kata André, Sabtu.",
        "Kepala Desa Rekaan, Rina Fiktifani, menyebut kafe itu membuka lapangan kerja bagi "
        "dua belas pemuda desa. “Ini contoh usaha kecil yang tumbuh dari potensi desa,” ujarnya.",
        "Pengunjung juga dapat membeli kerajinan anyaman rotan buatan ibu-ibu desa di "
        "etalase kafe, dengan harga mulai dari Rp25.000 per buah.",
    ),
)


def _encoded() -> dict[str, tuple[bytes, str]]:
    def page(meta_charset: str | None) -> bytes:
        html = article_html(KAFE, "", charset=meta_charset or "", meta=meta_charset is not None)
        return html.encode("cp1252")

    return {
        "kafe-cp1252": (page(None), "text/html; charset=windows-1252"),
        "kafe-latin1-meta": (page("iso-8859-1"), "text/html"),
        "kafe-tanpa-label": (page(None), "text/html"),
        # Labels that name Python codecs but no text encoding: read as if undeclared.
        "kafe-rot13": (page(None), "text/html; charset=rot13"),
        "kafe-base64-meta": (page("base64"), "text/html"),
        "kafe-idna": (page(None), "text/html; charset=idna"),
    }


ENCODED = _encoded()

EMPTY_PAGE = (
    f"<html><head><meta charset='utf-8'><title>Perbaikan</title></head><body>{_NAV}"
    "<main><p>Halaman ini sedang dalam perbaikan.</p></main>"
    f"{_ASIDE}</body></html>"
)

WRONG_TYPES: dict[str, tuple[str | None, bytes]] = {
    "/gambar.png": ("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
    "/data.json": ("application/json", b'{"judul": "bukan halaman"}'),
    "/dokumen.pdf": ("application/pdf", b"%PDF-1.4\n%fiktif\n"),
    "/tanpa-tipe": (None, b"<html><body><p>tanpa tipe</p></body></html>"),
}


def _item(url: str, title: str, date: str) -> str:
    return (
        f"<item><title>{escape(title)}</title><link>{escape(url)}</link>"
        f"<pubDate>{date}</pubDate><guid isPermaLink='false'>{escape(url)}</guid></item>"
    )


def rss(base: str) -> bytes:
    """RSS 2.0: two good articles (one with tracking parameters), an empty page and a 404."""
    items = [
        _item(f"{base}/berita/jembatan.html?utm_source=rss&utm_medium=feed", "Jembatan",
              "Thu, 14 Mar 2024 01:00:00 GMT"),
        _item(f"{base}/berita/festival.html", "Festival", "Thu, 02 May 2024 09:00:00 +0800"),
        _item(f"{base}/kosong.html", "Perbaikan", "Fri, 03 May 2024 09:00:00 +0800"),
        _item(f"{base}/hilang.html", "Hilang", "Sat, 04 May 2024 09:00:00 +0800"),
    ]  # fmt: skip
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Warta Sungai Rekaan</title><link>{base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def atom(base: str) -> bytes:
    """Atom: a new article, one already in the RSS feed, and a copy under another URL."""
    entries = [
        ("/berita/anggaran.html", "Anggaran air bersih", "2024-06-20T10:00:00+08:00"),
        ("/berita/jembatan.html#komentar", "Jembatan", "2024-03-14T09:00:00+08:00"),
        ("/cermin/festival.html", "Festival (cermin)", "2024-05-03T09:00:00+08:00"),
    ]
    body = "".join(
        f"<entry><title>{t}</title><link rel='alternate' href='{escape(base + p)}'/>"
        f"<id>urn:rekaan:{i}</id><updated>{d}</updated></entry>"
        for i, (p, t, d) in enumerate(entries)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><feed xmlns='http://www.w3.org/2005/Atom'>"
        f"<title>DPRD Sungai Rekaan</title><id>urn:rekaan</id>{body}</feed>"
    ).encode()


ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""

_PEOPLE = (
    ("Kepala Dinas Pendidikan", "Agus Rekaputra"), ("Kepala Dinas Kesehatan", "Maya Ujiani"),
    ("Camat Hilir Rekaan", "Yusuf Contohadi"), ("Kepala Bappeda", "Ratna Fiktiwati"),
    ("Kepala Dinas Pertanian", "Hendra Sampelan"), ("Kepala Dinas Sosial", "Wulan Percobaan"),
)  # fmt: skip
_VILLAGES = ("Hulu Contoh", "Teluk Rekaan", "Tanjung Fiktif", "Muara Uji", "Batu Sampel")
_TOPICS = (
    ("perbaikan sekolah dasar", "ruang kelas"), ("posyandu keliling", "kunjungan balita"),
    ("irigasi sawah", "saluran air"), ("bantuan bibit", "petani penerima"),
    ("jalan usaha tani", "ruas jalan"), ("pelatihan kader", "peserta pelatihan"),
)  # fmt: skip


def bench_article(number: int) -> FakeArticle:
    """A generated briefing-like article; each number gives different text."""
    role, name = _PEOPLE[number % len(_PEOPLE)]
    village = _VILLAGES[number % len(_VILLAGES)]
    topic, unit = _TOPICS[(number // 2) % len(_TOPICS)]
    count = 7 + number * 3
    month = 1 + number % 12
    paragraphs = (
        f"Pemerintah Kabupaten Sungai Rekaan menggelar rapat koordinasi ke-{number} tentang "
        f"program {topic} di Desa {village}. Rapat dipimpin oleh {role} {name} dan dihadiri "
        f"perwakilan {count} desa serta unsur kecamatan.",
        f"“Program {topic} harus tepat sasaran. Setiap {unit} yang kita bangun wajib tercatat "
        f"dan bisa diperiksa warga,” ujar {name} dalam rapat tersebut.",
        f"Menurut {name}, hingga bulan ke-{month} tahun ini sudah {count * 2} {unit} yang "
        f"selesai dikerjakan, sementara {count} lainnya masih dalam tahap perencanaan.",
        f"Perwakilan warga Desa {village} meminta agar jadwal pekerjaan diumumkan di balai desa "
        f"sehingga masyarakat dapat ikut mengawasi. Usulan itu diterima dan akan dimasukkan ke "
        f"dalam berita acara rapat nomor {number:03d}.",
        f"“Kami terbuka terhadap masukan. Laporan kemajuan akan kami sampaikan setiap bulan,” "
        f"kata {name} menutup rapat koordinasi ke-{number}.",
        f"Rapat berikutnya dijadwalkan berlangsung di Kecamatan Hilir Rekaan dengan agenda "
        f"evaluasi {unit} tahap pertama dan penyusunan rencana anggaran tahun depan.",
    )
    title = f"Rapat Koordinasi ke-{number}: {topic.capitalize()} di Desa {village}"
    return FakeArticle(
        f"bench-{number}", title, f"2024-{month:02d}-{1 + number % 28:02d}", paragraphs
    )


def bench_rss(base: str, count: int) -> bytes:
    """An RSS feed of `count` generated articles."""
    items = "".join(
        _item(f"{base}/bench/{n}.html", f"Rapat {n}", "Mon, 01 Jul 2024 09:00:00 +0800")
        for n in range(1, count + 1)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>Bench Rekaan</title>{items}</channel></rss>"
    ).encode()
