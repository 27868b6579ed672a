"""Pages of the local test sites of each kind: article, listing, tag, about, search, feeds, JSON.

All content is invented (or, in bench/, a benchmark's articles read at run time). An article is
a `FakeArticle`; a site lays its articles out under `prefix` (`/berita/<slug>`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from html import escape

from tests.support.web_server_pages import NOTE, FakeArticle

ABOUT_TEXT = (
    "Dinas Komunikasi dan Informatika Kabupaten Sungai Rekaan bertugas menyebarkan informasi "
    "pemerintahan kepada masyarakat. Kantor kami buka setiap hari kerja pukul delapan pagi "
    "hingga pukul empat sore. Masyarakat dapat menyampaikan pertanyaan, saran, dan pengaduan "
    "melalui loket pelayanan atau surat elektronik. Kami berkomitmen memberikan pelayanan "
    "informasi yang cepat, tepat, dan terbuka sesuai peraturan yang berlaku di daerah."
)


def _nav(site: str) -> str:
    return (
        f"<header class='site-header'><a href='/' class='logo'>{escape(site)}</a>"
        "<nav class='menu'><a href='/'>Beranda</a> <a href='/kategori/pemerintahan'>Pemerintahan"
        "</a> <a href='/kategori/ekonomi'>Ekonomi</a> <a href='/tentang-kami'>Tentang Kami</a> "
        "<a href='/profil/visi-dan-misi-daerah'>Visi dan Misi Daerah</a> "
        "<a href='/cari?q=jalan'>Cari</a></nav></header>"
    )


def _foot(site: str) -> str:
    return (
        f"<footer class='site-footer'><p>© 2024 {escape(site)}. {NOTE}</p>"
        "<a href='/kontak'>Kontak</a> <a href='/tentang-kami'>Tentang Kami</a></footer>"
    )


def _head(title: str, site: str, extra: str = "") -> str:
    return (
        f"<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'><title>{escape(title)} | "
        f"{escape(site)}</title><meta property='og:site_name' content='{escape(site)}'>{extra}"
        "</head><body>"
    )


def article_page(a: FakeArticle, url: str, site: str, extra_head: str = "") -> str:
    """An article with menus, a tag box, a "baca juga" box and a footer around it."""
    meta = (
        f"<meta property='og:type' content='article'>"
        f"<meta property='article:published_time' content='{a.date}T09:00:00+08:00'>"
        f"<link rel='canonical' href='{escape(url)}'>{extra_head}"
    )
    body = "".join(f"<p>{escape(p, quote=False)}</p>" for p in a.paragraphs)
    tags = (
        "<div class='tags'>Tag: <a href='/tag/pembangunan-desa'>pembangunan desa</a> "
        "<a href='/tag/rapat-koordinasi'>rapat koordinasi</a></div>"
    )
    return (
        _head(a.title, site, meta) + _nav(site) + "<main><article>"
        f"<h1>{escape(a.title)}</h1><p class='meta'><time datetime='{a.date}'>{a.date}</time>"
        f"</p>{body}{tags}</article></main>" + _foot(site) + "</body></html>"
    )


def listing_page(
    items: Sequence[tuple[str, FakeArticle]],
    site: str,
    next_url: str | None,
    popular: Sequence[tuple[str, FakeArticle]] = (),
    title: str = "Berita",
) -> str:
    """A listing: menu, one block per article (with its category link), a side box, paging."""
    blocks = "".join(
        f"<div class='item'><h2><a href='{escape(u)}'>{escape(a.title)}</a></h2>"
        f"<span class='kat'><a href='/kategori/pemerintahan'>Pemerintahan</a></span>"
        f"<p>{escape(a.paragraphs[0][:120])}…</p></div>"
        for u, a in items
    )
    side = "".join(f"<li><a href='{escape(u)}'>{escape(a.title)}</a></li>" for u, a in popular)
    paging = (
        f"<div class='pagination'><a href='{escape(next_url)}'>Selanjutnya</a></div>"
        if (next_url)
        else ""
    )
    return (
        _head(title, site) + _nav(site) + f"<main><h1>{escape(title)}</h1>"
        f"<div class='daftar-berita'>{blocks}</div>{paging}</main>"
        f"<div class='sidebar'><h3>Terpopuler</h3><ol>{side}</ol></div>"
        + _foot(site) + "</body></html>"
    )  # fmt: skip


def about_page(site: str, title: str = "Tentang Kami") -> str:
    """A page with enough text to pass for an article, but no date: not news."""
    return (
        _head(title, site) + _nav(site) + f"<main><article><h1>{escape(title)}</h1>"
        f"<p>{ABOUT_TEXT}</p><p>{ABOUT_TEXT}</p></article></main>" + _foot(site) + "</body></html>"
    )


def home_page(site: str, head: str = "", body: str = "") -> str:
    return (
        _head(site, site, head)
        + _nav(site)
        + f"<main>{body}</main>"
        + _foot(site)
        + ("</body></html>")
    )


def _rfc822(day: str) -> str:
    return format_datetime(datetime.fromisoformat(f"{day}T09:00:00+08:00"))


def rss(site: str, base: str, items: Sequence[tuple[str, FakeArticle]]) -> bytes:
    body = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(u)}</link>"
        f"<pubDate>{_rfc822(a.date)}</pubDate><description>{escape(a.paragraphs[0])}"
        "</description></item>"
        for u, a in items
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel>"
        f"<title>{escape(site)}</title><link>{escape(base)}/</link>"
        f"<generator>https://wordpress.org/?v=6.5</generator>{body}</channel></rss>"
    ).encode()


def wp_posts(items: Sequence[tuple[str, FakeArticle]]) -> bytes:
    posts = [
        {
            "link": u,
            "date": f"{a.date}T09:00:00",
            "date_gmt": f"{a.date}T01:00:00",
            "title": {"rendered": escape(a.title)},
            "content": {
                "rendered": "".join(f"<p>{escape(p, quote=False)}</p>\n" for p in a.paragraphs)
            },
        }
        for u, a in items
    ]
    return json.dumps(posts).encode()


def urlset(entries: Sequence[tuple[str, str | None]], news: Sequence[FakeArticle] = ()) -> bytes:
    """A URL set; with `news` (one per entry) a news sitemap with titles and dates."""
    rows = []
    for n, (url, lastmod) in enumerate(entries):
        extra = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        if news:
            a = news[n]
            extra += (
                "<news:news><news:publication><news:name>Rekaan</news:name><news:language>id"
                f"</news:language></news:publication><news:publication_date>{a.date}"
                f"</news:publication_date><news:title>{escape(a.title)}</news:title></news:news>"
            )
        rows.append(f"<url><loc>{escape(url)}</loc>{extra}</url>")
    return (
        "<?xml version='1.0' encoding='UTF-8'?><urlset "
        "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9' "
        "xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'>"
        + "".join(rows) + "</urlset>"
    ).encode()  # fmt: skip


def sitemap_index(children: Sequence[tuple[str, str | None]]) -> bytes:
    rows = "".join(
        f"<sitemap><loc>{escape(u)}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + "</sitemap>"
        for u, m in children
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><sitemapindex "
        f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>{rows}</sitemapindex>"
    ).encode()
