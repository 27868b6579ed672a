"""Alerts, digests and follow lists as Telegram HTML (each within one message); their words.

The words are in alert_texts.py; here they become messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.present.alert_texts import alert_texts
from bot.present.render import (
    TELEGRAM_LIMIT,
    attribution,
    citation_html,
    cite,
    esc,
    shorten,
    utf16_len,
)
from bot.present.texts import texts
from retrieval.records import Answer, Quote, Source

_LEAD_CHARS = 400
_QUOTE_CHARS = (700, 300)
_DIGEST_QUOTE_CHARS = 280
_FOLLOW_CHARS = 60


@dataclass(frozen=True)
class DigestItem:
    """One new article of a digest: its source and its most-quoted official's quote."""

    source: Source
    quote: Quote | None


def alert_html(answer: Answer, follows: Sequence[str], lang: str) -> str:
    """One new article for a chat: what it follows, the lead sentence, the quote, the link."""
    t, at = texts(lang), alert_texts(lang)
    passage = answer.passages[0]
    head = "🔔 " + esc(at.alert_heading.format(
        follows=", ".join(shorten(f, _FOLLOW_CHARS) for f in follows)))
    lead = answer.lead.text if answer.lead else passage.chunk.text
    quote = passage.quote
    # A lead sentence that holds the whole quote is not followed by it again, only by who spoke.
    held = quote is not None and answer.lead is not None and not lead.endswith("…") and (
        answer.lead.start <= quote.start and quote.end <= answer.lead.end)
    for quote_chars in (*_QUOTE_CHARS, 0):
        parts = [head, f"<b>{esc(shorten(' '.join(lead.split()), _LEAD_CHARS))}</b>"]
        if quote is not None and held:
            parts[-1] += f"\n— {esc(attribution(quote, t))}"
        elif quote is not None and quote_chars:
            words = shorten(" ".join(quote.text.split()), quote_chars, " …")
            parts.append(f"<blockquote>“{esc(words)}”\n— {esc(attribution(quote, t))}"
                         "</blockquote>")
        parts.append(citation_html(cite(1, passage.source, t), t))
        out = "\n\n".join(parts)
        if utf16_len(out) <= TELEGRAM_LIMIT:
            return out
    raise AssertionError("an alert is always cut to fit")  # lead and title are bounded


def most_quoted(quotes: Sequence[Quote]) -> Quote | None:
    """The first quote of the speaker quoted most often (the first such speaker on a tie)."""
    counts: dict[str, int] = {}
    for q in quotes:
        if q.speaker:
            counts[q.speaker] = counts.get(q.speaker, 0) + 1
    if not counts:
        return quotes[0] if quotes else None
    top = max(counts.values())
    who = next(s for s, n in counts.items() if n == top)
    return next(q for q in quotes if q.speaker == who)


def digest_pages(items: Sequence[DigestItem], lang: str, limit: int = 3900) -> list[str]:
    """The digest, newest first, cut into messages of at most `limit` UTF-16 units."""
    t, at = texts(lang), alert_texts(lang)
    entries = []
    for n, item in enumerate(items, 1):
        entry = f"{n}. {citation_html(cite(n, item.source, t), t)}"
        if item.quote is not None:
            words = shorten(" ".join(item.quote.text.split()), _DIGEST_QUOTE_CHARS, " …")
            entry += f"\n<blockquote>“{esc(words)}”\n— {esc(attribution(item.quote, t))}" \
                     "</blockquote>"
        entries.append(entry)
    head = f"📰 <b>{esc(at.digest_heading.format(count=len(items)))}</b>"
    pages: list[list[str]] = [[]]
    size = utf16_len(head) + 20  # room for "(2/3)"
    for entry in entries:
        grow = utf16_len(entry) + 2
        if pages[-1] and size + grow > limit:
            pages.append([])
            size = utf16_len(head) + 20
        pages[-1].append(entry)
        size += grow
    total = len(pages)
    out = []
    for i, page in enumerate(pages, 1):
        counter = f" ({i}/{total})" if total > 1 else ""
        out.append(f"{head}{counter}\n\n" + "\n\n".join(page))
    return out


def follows_html(follows: Sequence[tuple[str, str]], digest_at: str | None, lang: str) -> str:
    """What a chat follows ((words, "person"|"topic")) and when its digest comes."""
    at = alert_texts(lang)
    lines = [f"<b>{esc(at.follows_heading)}</b>"] if follows else [esc(at.follows_none)]
    for words, kind in follows:
        label = at.kind_person if kind == "person" else at.kind_topic
        lines.append(f"• {esc(shorten(words, 100))} <i>({esc(label)})</i>")
    lines.append("")
    lines.append(esc(at.digest_at.format(time=digest_at) if digest_at else at.digest_none))
    return "\n".join(lines)
