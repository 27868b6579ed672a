"""Telegram's HTML parse mode, as strictly as the Bot API applies it, for checking replies."""

from __future__ import annotations

from html.parser import HTMLParser

_ALLOWED_ATTRS = {
    "a": {"href"}, "blockquote": {"expandable"}, "span": {"class"}, "code": {"class"},
    "tg-emoji": {"emoji-id"},
}
_ALLOWED_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
     "code", "pre", "blockquote", "tg-emoji"}
)
_ENTITY_NAMES = frozenset({"lt", "gt", "amp", "quot"})


class _TelegramHTML(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _ALLOWED_TAGS:
            self.errors.append(f"unsupported start tag {tag!r}")
        for name, _ in attrs:
            if name not in _ALLOWED_ATTRS.get(tag, set()):
                self.errors.append(f"unsupported attribute {name!r} on {tag!r}")
        if tag == "blockquote" and "blockquote" in self.stack:
            self.errors.append("nested blockquote")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unmatched end tag {tag!r}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for ch in "<>&":
            if ch in data:
                self.errors.append(f"unescaped {ch!r}")
        self.text.append(data)

    def handle_entityref(self, name: str) -> None:
        if name not in _ENTITY_NAMES:
            self.errors.append(f"unsupported entity &{name};")
        self.text.append({"lt": "<", "gt": ">", "amp": "&", "quot": '"'}.get(name, "?"))

    def handle_charref(self, name: str) -> None:
        self.text.append(chr(int(name[1:], 16) if name[:1] in "xX" else int(name)))


def parse_telegram_html(text: str) -> tuple[str, list[str]]:
    """Return (the text a user sees, problems Telegram would refuse the message for)."""
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.rawdata:
        parser.errors.append(f"unparsed tail {parser.rawdata[:20]!r}")
    errors = list(parser.errors) + [f"unclosed tag {t!r}" for t in parser.stack]
    plain = "".join(parser.text)
    if len(plain.encode("utf-16-le")) // 2 > 4096:
        errors.append("message is too long")
    if not plain.strip():
        errors.append("message text is empty")
    return plain, errors
