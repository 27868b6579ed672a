"""The words of /add, /feeds and refresh reports, Indonesian and English, HTML or plain."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.present.errors import describe_error
from bot.present.render import format_date
from bot.present.telegram_text import MESSAGE_UNITS, esc, link_html, utf16_len
from bot.present.texts import texts as bot_texts
from retrieval.web.feed_state import FeedStatus

if TYPE_CHECKING:
    from bot.ingest import AddReport, IndexOutcome, ItemReport, RefreshReport

ITEMS_PER_FEED = 8
_MORE_UNITS = 100  # kept free for the "and N more" line


@dataclass(frozen=True)
class IngestTexts:
    lang: str
    added: str
    updated: str
    unchanged: str
    duplicate: str
    known: str
    failed: str
    detail: str  # {chunks} {quotes}
    quoted: str  # {people}
    index_done: str  # {articles} {chunks} {quotes} {seconds}
    index_failed: str  # {reason}
    nothing_new: str
    feed_line: str  # {feed} {added} {known} {failed}
    feed_failed: str  # {feed} {reason}
    more: str  # {count}
    skipped: str  # {count} {limit} {next}: links of one /add beyond the limit
    add_usage: str
    adding: str  # {count}
    refreshing: str
    refresh_busy: str
    feeds_heading: str  # {count}
    feeds_none: str
    feed_never: str
    feed_success: str  # {when} {articles}
    feed_error: str  # {when} {reason}
    refresh_every: str  # {minutes}
    refresh_off: str
    menu: tuple[tuple[str, str], ...]  # the admins' command menu


ID = IngestTexts(
    lang="id",
    added="✅ Ditambahkan",
    updated="🔄 Diperbarui",
    unchanged="ℹ️ Sudah ada, tidak berubah",
    duplicate="ℹ️ Isi yang sama sudah tersimpan sebagai",
    known="ℹ️ Sudah ada",
    failed="❌ Tidak ditambahkan",
    detail="{chunks} potongan teks, {quotes} kutipan langsung",
    quoted="dari {people}",
    index_done="📚 Indeks diperbarui: {articles} artikel, {chunks} potongan, {quotes} kutipan "
    "({seconds} detik).",
    index_failed="⚠️ Artikel tersimpan, tetapi indeks gagal diperbarui: {reason}\n"
    "Jalankan /reindex setelah masalahnya diatasi.",
    nothing_new="Tidak ada artikel baru; indeks tidak berubah.",
    feed_line="📰 {feed}: {added} baru, {known} sudah ada, {failed} gagal",
    feed_failed="📰 {feed}: gagal dibaca — {reason}",
    more="… dan {count} lainnya",
    skipped="⚠️ {count} tautan lain tidak diambil: paling banyak {limit} tautan per /add. "
    "Kirim lagi mulai dari tautan ke-{next}.",
    add_usage="Tulis tautannya setelah perintah, misalnya: /add https://contoh.go.id/berita/123",
    adding="⏳ Mengambil {count} tautan…",
    refreshing="⏳ Memeriksa feed dan sumber berita…",
    refresh_busy="Pengindeksan sedang berjalan. Coba lagi setelah selesai.",
    feeds_heading="Feed berita ({count}):",
    feeds_none="Belum ada feed. Atur BRIEFBOT_FEEDS (URL dipisah koma).",
    feed_never="belum pernah diperiksa",
    feed_success="terakhir berhasil {when}; {articles} artikel ditambahkan",
    feed_error="galat terakhir {when}: {reason}",
    refresh_every="Penyegaran otomatis setiap {minutes} menit. /feeds segarkan memeriksa sekarang.",
    refresh_off="Penyegaran otomatis mati. /feeds segarkan memeriksa sekarang.",
    menu=(
        ("add", "Tambah artikel dari tautan (admin)"),
        ("follow", "Ikuti orang, topik, atau situs berita: /follow <alamat situs> (admin)"),
        ("feeds", "Sumber dan feed berita; /feeds segarkan (admin)"),
    ),
)

EN = IngestTexts(
    lang="en",
    added="✅ Added",
    updated="🔄 Updated",
    unchanged="ℹ️ Already stored, unchanged",
    duplicate="ℹ️ The same text is already stored as",
    known="ℹ️ Already stored",
    failed="❌ Not added",
    detail="{chunks} text chunks, {quotes} direct quotes",
    quoted="by {people}",
    index_done="📚 Index updated: {articles} articles, {chunks} chunks, {quotes} quotes "
    "({seconds} s).",
    index_failed="⚠️ The articles are stored, but the index update failed: {reason}\n"
    "Reindex once the problem is fixed.",
    nothing_new="No new articles; the index is unchanged.",
    feed_line="📰 {feed}: {added} new, {known} already stored, {failed} failed",
    feed_failed="📰 {feed}: could not be read — {reason}",
    more="… and {count} more",
    skipped="⚠️ {count} more link(s) not fetched: at most {limit} links per /add. "
    "Send them again, from link {next} on.",
    add_usage="Put the link after the command, for example: /add https://example.go.id/news/123",
    adding="⏳ Fetching {count} link(s)…",
    refreshing="⏳ Checking the feeds and sources…",
    refresh_busy="Indexing is running. Try again when it is done.",
    feeds_heading="News feeds ({count}):",
    feeds_none="No feeds yet. Set BRIEFBOT_FEEDS (comma-separated URLs).",
    feed_never="never checked yet",
    feed_success="last success {when}; {articles} articles added",
    feed_error="last error {when}: {reason}",
    refresh_every="Automatic refresh every {minutes} minutes. /feeds refresh checks now.",
    refresh_off="Automatic refresh is off. /feeds refresh checks now.",
    menu=(
        ("add", "Add an article by its link (admin)"),
        ("follow", "Follow a person, a topic or a news site: /follow <site address> (admin)"),
        ("feeds", "News sources and feeds; /feeds refresh (admin)"),
    ),
)


def ingest_texts(lang: str) -> IngestTexts:
    return EN if lang == "en" else ID


def format_add(report: AddReport, lang: str, html: bool, show_index: bool = True) -> str:
    """The links left out, one block per URL, then the index line (left out when someone else
    reports it)."""
    t = ingest_texts(lang)
    skipped = skipped_line(report.skipped, len(report.items), lang) if report.skipped else None
    blocks = [_e(skipped, html)] if skipped else []
    blocks += [_item(i, t, html) for i in report.items]
    tail = "\n\n" + _index_line(report.index, t, html) if show_index else ""
    return _cap(blocks, t, html, tail=tail)


def skipped_line(count: int, limit: int, lang: str) -> str:
    """Say that `count` links after the first `limit` of one /add were not fetched."""
    return ingest_texts(lang).skipped.format(count=count, limit=limit, next=limit + 1)


def format_refresh(report: RefreshReport, lang: str, html: bool, show_index: bool = True) -> str:
    """Per feed: counts, new articles and failures; then the index line."""
    t = ingest_texts(lang)
    blocks = []
    for feed in report.feeds:
        name = _e(feed.title or feed.feed_url, html)
        if feed.error is not None:
            reason = describe_error(feed.error, t.lang)
            blocks.append(t.feed_failed.format(feed=name, reason=_e(reason, html)))
            continue
        counts = {s: sum(1 for i in feed.items if i.status == s) for s in ("known", "failed")}
        added = sum(1 for i in feed.items if i.status in ("added", "updated"))
        known = counts["known"] + sum(
            1 for i in feed.items if i.status in ("unchanged", "duplicate")
        )
        lines = [t.feed_line.format(feed=name, added=added, known=known, failed=counts["failed"])]
        shown = [i for i in feed.items if i.status in ("added", "updated", "failed")]
        lines += ["  " + _item(i, t, html).replace("\n", "\n  ") for i in shown[:ITEMS_PER_FEED]]
        if len(shown) > ITEMS_PER_FEED:
            lines.append("  " + t.more.format(count=len(shown) - ITEMS_PER_FEED))
        blocks.append("\n".join(lines))
    tail = "\n\n" + _index_line(report.index, t, html) if show_index else ""
    return _cap(blocks, t, html, tail=tail)


def format_feeds(
    feeds: Sequence[str], statuses: Mapping[str, FeedStatus], minutes: int, lang: str
) -> str:
    """The /feeds listing (HTML): each configured feed with its last success and error."""
    t = ingest_texts(lang)
    if not feeds:
        return t.feeds_none
    blocks = [t.feeds_heading.format(count=len(feeds))]
    for number, url in enumerate(feeds, start=1):
        s = statuses.get(url)
        lines = [f"{number}. {esc(url)}"]
        if s is None or s.last_checked is None:
            lines.append("   " + t.feed_never)
        if s is not None and s.last_success:
            when = when_text(s.last_success, lang)
            lines.append("   " + t.feed_success.format(when=when, articles=s.articles))
        if s is not None and s.last_error:
            when = when_text(s.last_error_at, lang)
            lines.append("   " + t.feed_error.format(when=when, reason=esc(s.last_error)))
        blocks.append("\n".join(lines))
    blocks.append(t.refresh_every.format(minutes=minutes) if minutes else t.refresh_off)
    return _cap(blocks, t, html=True, sep="\n\n")


def _item(i: ItemReport, t: IngestTexts, html: bool) -> str:
    url, article = i.result.url, i.result.article
    if i.status == "failed":
        reason = describe_error(i.result.error, t.lang) if i.result.error else "?"
        return f"{t.failed}: {_e(url, html)}\n   {_e(reason, html)}"
    label = {"added": t.added, "updated": t.updated, "unchanged": t.unchanged,
             "duplicate": t.duplicate, "known": t.known}[i.status]  # fmt: skip
    link = (article.url if article else None) or url
    title = (article.title if article else None) or link
    shown = link_html(link, esc(title)) if html else title
    date = format_date(article.published if article else None, bot_texts(t.lang))
    head = f"{label}: {shown}" + (f" ({_e(date, html)})" if date else "")
    if not html:
        head += f"\n   {link}"
    if i.status not in ("added", "updated"):
        return head
    detail = t.detail.format(chunks=i.chunks, quotes=i.quotes)
    if i.speakers:
        detail += " " + t.quoted.format(people=", ".join(i.speakers))
    return f"{head}\n   {_e(detail, html)}"


def _index_line(index: IndexOutcome, t: IngestTexts, html: bool) -> str:
    if index.error is not None:
        reason = describe_error(index.error, t.lang)
        return t.index_failed.format(reason=_e(reason, html))
    s = index.summary
    if s is None:
        return t.nothing_new
    seconds = f"{s.seconds:.1f}" if t.lang == "en" else f"{s.seconds:.1f}".replace(".", ",")
    return t.index_done.format(
        articles=s.articles, chunks=s.chunks, quotes=s.quotes, seconds=seconds
    )


def _cap(blocks: Sequence[str], t: IngestTexts, html: bool, sep: str = "\n",
         tail: str = "") -> str:
    """Join blocks and `tail`; in a message, the blocks that would pass Telegram's limit are
    left out and counted instead. The HTML's length bounds the text a user sees."""
    if not html:
        return sep.join(blocks) + tail
    out: list[str] = []
    used = utf16_len(tail) + _MORE_UNITS
    for n, block in enumerate(blocks):
        used += utf16_len(block) + utf16_len(sep)
        if used > MESSAGE_UNITS:
            out.append(t.more.format(count=len(blocks) - n))
            break
        out.append(block)
    return sep.join(out) + tail


def when_text(iso: str | None, lang: str) -> str:
    """An ISO time as people read it: \"2 Juni 2025 09:00 UTC\"."""
    if not iso:
        return "?"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return esc(iso)
    day = format_date(iso, bot_texts(lang)) or iso[:10]
    return f"{day} {moment:%H:%M} UTC"


def _e(text: str, html: bool) -> str:
    return esc(text) if html else text
