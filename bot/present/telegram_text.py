"""Telegram's HTML and its length limits, counted the way Telegram counts them.

Telegram measures text in UTF-16 code units: an emoji or a mathematical letter ("𝐀") is two.
Every text cut for length (messages, button notices, entries of a listing) is cut here, and
every link is written by `link_html`, so no limit is counted in Python characters and no
address reaches an attribute unescaped.
"""

from __future__ import annotations

import html

MESSAGE_UNITS = 4096  # a message's text as the user sees it, after the HTML is parsed
NOTICE_UNITS = 200  # the notice shown on a pressed button (answerCallbackQuery)
CALLBACK_DATA_BYTES = 64  # what a button carries back
URL_CHARS = 1000  # longer addresses are not linked; they would crowd out the message


def utf16_len(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def cut_utf16(text: str, units: int) -> str:
    """The longest start of `text` within `units` UTF-16 units; never half a character."""
    if len(text) * 2 <= units or utf16_len(text) <= units:
        return text
    used = 0
    for i, ch in enumerate(text):
        used += 2 if ord(ch) > 0xFFFF else 1
        if used > units:
            return text[:i]
    return text


def shorten(text: str, limit: int, ellipsis: str = "…") -> str:
    """Cut `text` to at most `limit` UTF-16 units at a word boundary, marking the cut."""
    if utf16_len(text) <= limit:
        return text
    room = limit - utf16_len(ellipsis)
    if room <= 0:
        return ""
    cut = cut_utf16(text, room + 1)  # one unit more: a word ending at the limit stays whole
    space = cut.rfind(" ")
    cut = cut[:space] if utf16_len(cut[:space]) > limit // 2 else cut_utf16(text, room)
    return cut.rstrip(" ,;:—-") + ellipsis


def esc(text: str) -> str:
    """Escape text for a Telegram HTML text node."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """Escape text for a double-quoted HTML attribute."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def linkable(url: str | None) -> bool:
    """Whether an address may become a link: a web address of a sensible length."""
    url = (url or "").strip()
    return url.lower().startswith(("http://", "https://")) and len(attr(url)) <= URL_CHARS


def link_html(url: str | None, label_html: str) -> str:
    """`label_html` linked to `url`, or left as it is when `url` may not be linked."""
    if url is None or not linkable(url):
        return label_html
    return f'<a href="{attr(url.strip())}">{label_html}</a>'


def plain_html(text: str, limit: int = MESSAGE_UNITS) -> str:
    """Plain text as one message's HTML: cut to the limit first, then escaped."""
    return esc(shorten(text, limit, " …"))
