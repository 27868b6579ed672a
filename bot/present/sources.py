"""The words of following sites, of the sources listing, and of documents and channel posts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.present.errors import describe_error
from bot.present.render import esc
from bot.present.reports import ingest_texts, when_text
from bot.present.telegram_text import MESSAGE_UNITS, cut_utf16, utf16_len
from retrieval.errors import BriefbotError
from retrieval.web.follow import PollResult
from retrieval.web.source_state import SourceStatus


@dataclass(frozen=True)
class SourceTexts:
    kinds: dict[str, str]
    follow_usage: str
    looking: str  # {url}
    found: str  # {name} {kind} {count}
    progress: str  # {done} {total}
    followed: str  # {name} {kind} {added} {known} {failed}
    poll_every: str  # {minutes}
    poll_off: str
    follow_failed: str  # {url} {reason}
    heading: str  # {count}
    feeds_heading: str  # {count}
    none: str
    line_kind: str  # {kind} {found} {indexed}
    not_yet: str
    success: str  # {when}
    error: str  # {reason}
    next_poll: str  # {when}
    poll_line: str  # {name} {added} {known} {failed}
    poll_failed: str  # {name} {reason}
    failing: str  # {name} {count} {reason}
    reading: str  # {name}
    too_big: str  # {mb}
    no_text_post: str


ID = SourceTexts(
    kinds={"feed": "feed RSS/Atom", "wordpress": "WordPress (REST API)", "sitemap": "sitemap",
           "listing": "halaman daftar berita"},
    follow_usage="Tulis alamat situsnya setelah perintah, misalnya: "
    "/follow https://diskominfo.kaltimprov.go.id",
    looking="🔎 Mencari sumber berita di {url}…",
    found="🔎 {name}: ditemukan {kind}.\n⏳ Mengambil hingga {count} artikel terbaru…",
    progress="⏳ {done} dari {total} artikel diambil…",
    followed="✅ Mengikuti {name} ({kind}): {added} artikel baru, {known} sudah ada, "
    "{failed} gagal.",
    poll_every="Diperiksa lagi setiap {minutes} menit. Daftar sumber: /feeds",
    poll_off="Pemeriksaan otomatis mati; /feeds segarkan memeriksa sekarang.",
    follow_failed="❌ Tidak bisa mengikuti {url}: {reason}",
    heading="Sumber berita yang diikuti ({count}):",
    feeds_heading="Feed dari BRIEFBOT_FEEDS ({count}):",
    none="Belum ada sumber. Ikuti situs dengan /follow <alamat situs>.",
    line_kind="jenis: {kind}; {found} artikel ditemukan, {indexed} diindeks",
    not_yet="belum pernah diperiksa",
    success="terakhir berhasil {when}",
    error="galat terakhir: {reason}",
    next_poll="pemeriksaan berikutnya {when}",
    poll_line="🌐 {name}: {added} baru, {known} sudah ada, {failed} gagal",
    poll_failed="🌐 {name}: gagal dibaca — {reason}",
    failing="⚠️ Sumber {name} gagal dibaca {count} kali berturut-turut: {reason}\n"
    "Peringatan ini tidak diulang sampai sumbernya pulih. Lihat /feeds.",
    reading="⏳ Membaca {name}…",
    too_big="❌ Berkas terlalu besar (lebih dari {mb} MB); tidak ada yang disimpan.",
    no_text_post="❌ Pesan yang diteruskan tidak berisi teks; tidak ada yang disimpan.",
)

EN = SourceTexts(
    kinds={"feed": "RSS/Atom feed", "wordpress": "WordPress (REST API)", "sitemap": "sitemap",
           "listing": "news listing pages"},
    follow_usage="Put the site's address after the command, for example: "
    "/follow https://diskominfo.kaltimprov.go.id",
    looking="🔎 Looking for news at {url}…",
    found="🔎 {name}: found its {kind}.\n⏳ Fetching up to {count} newest articles…",
    progress="⏳ {done} of {total} articles fetched…",
    followed="✅ Following {name} ({kind}): {added} new articles, {known} already stored, "
    "{failed} failed.",
    poll_every="Checked again every {minutes} minutes. Sources: /feeds",
    poll_off="Automatic checks are off; /feeds refresh checks now.",
    follow_failed="❌ Cannot follow {url}: {reason}",
    heading="Followed news sources ({count}):",
    feeds_heading="Feeds from BRIEFBOT_FEEDS ({count}):",
    none="No sources yet. Follow a site with /follow <site address>.",
    line_kind="kind: {kind}; {found} articles found, {indexed} indexed",
    not_yet="never checked yet",
    success="last success {when}",
    error="last error: {reason}",
    next_poll="next check {when}",
    poll_line="🌐 {name}: {added} new, {known} already stored, {failed} failed",
    poll_failed="🌐 {name}: could not be read — {reason}",
    failing="⚠️ The source {name} failed {count} times in a row: {reason}\n"
    "This warning is not repeated until it recovers. See /feeds.",
    reading="⏳ Reading {name}…",
    too_big="❌ The file is too large (over {mb} MB); nothing was stored.",
    no_text_post="❌ The forwarded message holds no text; nothing was stored.",
)


def source_texts(lang: str) -> SourceTexts:
    return EN if lang == "en" else ID


def kind_words(kind: str | None, lang: str) -> str:
    return source_texts(lang).kinds.get(kind or "", kind or "?")


def _name(status: SourceStatus) -> str:
    return status.title or status.url


def format_followed(result: PollResult, lang: str, html: bool, minutes: int) -> str:
    """The end of a follow: what was found and stored, or why the site cannot be followed."""
    t = source_texts(lang)
    e = esc if html else str
    if result.error is not None and not result.items:
        reason = describe_error(result.error, lang)
        return t.follow_failed.format(url=e(result.source.url), reason=e(reason))
    added, known, failed = _counts(result)
    head = t.followed.format(
        name=e(_name(result.source)), kind=e(kind_words(result.source.kind, lang)),
        added=added, known=known, failed=failed,
    )  # fmt: skip
    if not html:  # the terminal: `briefbot sources` and `refresh` say the rest
        return head
    return head + "\n" + (t.poll_every.format(minutes=minutes) if minutes else t.poll_off)


def _counts(result: PollResult) -> tuple[int, int, int]:
    """(added, already stored, failed) among a poll's articles."""
    failed = sum(1 for i in result.items if i.status == "failed")
    added = len(result.written)
    return added, len(result.items) - added - failed, failed


def format_polls(results: Sequence[PollResult], lang: str, html: bool = True) -> str:
    """One line per polled source: its new articles, or why it could not be read."""
    t = source_texts(lang)
    e = esc if html else str
    lines = []
    for r in results:
        name = e(_name(r.source))
        if r.error is not None and not r.items:
            reason = describe_error(r.error, lang)
            lines.append(t.poll_failed.format(name=name, reason=e(reason)))
            continue
        added, known, failed = _counts(r)
        lines.append(t.poll_line.format(name=name, added=added, known=known, failed=failed))
    return "\n".join(lines)


def failing_alert(status: SourceStatus, lang: str) -> str:
    """What the admins are told once when a source keeps failing (HTML)."""
    t = source_texts(lang)
    return t.failing.format(
        name=esc(_name(status)), count=status.failures, reason=esc(error_words(status, lang))
    )


def error_words(status: SourceStatus, lang: str) -> str:
    error = BriefbotError(status.last_error or "?", status.error_code or "fetch_error")
    error.status = status.error_status  # type: ignore[attr-defined]
    return describe_error(error, lang)


def format_sources(
    sources: Sequence[SourceStatus], feed_block: str | None, minutes: int, lang: str
) -> str:
    """/feeds (HTML): each followed site's kind, counts, last success and error, next check."""
    t = source_texts(lang)
    blocks = [t.heading.format(count=len(sources)) if sources else esc(t.none)]
    for number, s in enumerate(sources, start=1):
        lines = [f"{number}. {esc(_name(s))}" + (f" — {esc(s.url)}" if s.title else "")]
        if s.kind:
            kind = kind_words(s.kind, lang)
            lines.append("   " + t.line_kind.format(kind=esc(kind), found=s.found,
                                                    indexed=s.indexed))  # fmt: skip
        if s.last_poll is None and s.last_error is None:
            lines.append("   " + t.not_yet)
        if s.last_success:
            lines.append("   " + t.success.format(when=when_text(s.last_success, lang)))
        if s.last_error:
            lines.append("   " + t.error.format(reason=esc(error_words(s, lang))))
        if s.next_poll and minutes:
            lines.append("   " + t.next_poll.format(when=when_text(s.next_poll, lang)))
        blocks.append("\n".join(lines))
    if feed_block:
        blocks.append(feed_block)
    else:
        words = ingest_texts(lang)
        blocks.append(words.refresh_every.format(minutes=minutes) if minutes else words.refresh_off)
    text = "\n\n".join(blocks)
    if utf16_len(text) <= MESSAGE_UNITS:
        return text
    cut = cut_utf16(text, MESSAGE_UNITS - 2)
    return cut[: cut.rfind("\n")] + "\n…"  # whole lines: no entity cut in two
