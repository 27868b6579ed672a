"""Answer -> the reply a user reads: Telegram HTML (<= 4,096 UTF-16 units) or terminal text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bot.present.telegram_text import MESSAGE_UNITS, link_html, linkable
from bot.present.telegram_text import esc as esc  # re-exported: callers escape with render's
from bot.present.telegram_text import shorten as shorten
from bot.present.telegram_text import utf16_len as utf16_len
from bot.present.texts import Texts, texts
from retrieval.records import Answer, Passage, Quote, Source, TimeScope

TELEGRAM_LIMIT = MESSAGE_UNITS
# Tried in order until the HTML fits: (excerpt characters, quote characters).
_LEVELS = ((320, 700), (200, 400), (120, 200), (0, 120))
_MIN_EXCERPT = 120  # a passage without a quote always shows some of its text
_TITLE_CHARS = 200
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Citation:
    """One numbered source line; `titled` is False when the label is a stand-in."""

    number: int
    label: str
    titled: bool
    url: str | None
    date: str | None
    publisher: str | None


@dataclass(frozen=True)
class Item:
    """One passage as shown: its attributed quote (if any), an excerpt, and its citation number."""

    quote: str | None
    attribution: str | None
    excerpt: str
    cite: int


@dataclass(frozen=True)
class LeadItem:
    """The reply's first line: the answering sentence, and the first passage's quote (if any).

    `quote` is None when there is none or the sentence already holds it whole; the attribution
    is then said right after the sentence.
    """

    sentence: str
    cite: int
    quote: str | None
    attribution: str | None


@dataclass(frozen=True)
class Reply:
    """The content of an answer, before it is written as HTML or text."""

    items: tuple[Item, ...]
    citations: tuple[Citation, ...]
    lead: LeadItem | None = None
    note: str | None = None  # what the question's time words did, when the user must know


def render_html(answer: Answer, lang: str = "id", *, more: bool = False) -> str:
    """Return the exact Telegram HTML reply; `more` heads a follow-up page of passages."""
    t = texts(lang)
    note = _notes(answer, t)
    if not answer.answered and answer.off_topic is not None and answer.passages:
        return _off_topic_html(answer, t)
    if not answer.answered:
        extra = f"\n<i>{esc(note)}</i>" if note else ""
        return f"{esc(t.not_found)}{extra}\n{esc(t.not_found_hint_bot)}"
    if not answer.passages:
        return esc(t.no_more_sources)
    heading = t.more_heading if more else t.answer_heading
    passages = shown(answer)
    for count in range(len(passages), 0, -1):
        for excerpt_chars, quote_chars in _LEVELS:
            reply = compose(passages[:count], t, excerpt_chars, quote_chars, answer, note)
            out = _html(reply, heading, t, shortened=count < len(passages))
            if utf16_len(out) <= TELEGRAM_LIMIT:
                return out
    # Unreachable with the caps above; still never send something Telegram would refuse.
    return esc(t.not_found)


def render_text(answer: Answer, lang: str = "id", *, more: bool = False) -> str:
    """Return the same reply as plain text for a terminal."""
    t = texts(lang)
    note = _notes(answer, t)
    if not answer.answered and answer.off_topic is not None and answer.passages:
        head, nearest = off_topic_lines(answer, t)
        reply = compose(answer.passages, t, 0, _LEVELS[0][1])
        lines = [head, nearest, ""]
        for item in reply.items:
            lines += [f"  “{item.quote}”", f"  — {item.attribution} [{item.cite}]", ""]
        lines.append(t.sources_heading)
        lines += [f"[{c.number}] {citation_text(c, t)}" for c in reply.citations]
        return "\n".join(lines)
    if not answer.answered:
        return "\n".join(x for x in (t.not_found, note, t.not_found_hint_cli) if x)
    if not answer.passages:
        return t.no_more_sources
    excerpt_chars, quote_chars = _LEVELS[0]
    reply = compose(shown(answer), t, excerpt_chars, quote_chars, answer, note)
    lines = [] if reply.lead else [t.more_heading if more else t.answer_heading, ""]
    if reply.lead:
        lead = reply.lead
        lines.append(f"{lead.sentence} [{lead.cite}]")
        if lead.quote is not None:
            lines += [f"  “{lead.quote}”", f"  — {lead.attribution}"]
        elif lead.attribution:
            lines.append(f"— {lead.attribution}")
        lines.append("")
    for item in reply.items:
        if item.quote is not None:
            lines.append(f"  “{item.quote}”")
            lines.append(f"  — {item.attribution}")
        if item.excerpt:
            lines.append(f"  {item.excerpt}")
        lines[-1] += f" [{item.cite}]"
        lines.append("")
    if reply.note:
        lines += [reply.note, ""]
    lines.append(t.sources_heading)
    lines += [f"[{c.number}] {citation_text(c, t)}" for c in reply.citations]
    return "\n".join(lines)


def shown(answer: Answer) -> tuple[Passage, ...]:
    """The passages one message shows: those close to the best on a first page, else all."""
    return answer.visible()


def compose(
    passages: tuple[Passage, ...],
    t: Texts,
    excerpt_chars: int,
    quote_chars: int,
    answer: Answer | None = None,
    note: str | None = None,
) -> Reply:
    """Turn passages into items and numbered citations, one citation per article.

    With the answer's lead sentence, the first passage is shown as that sentence and its quote.
    """
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    items: list[Item] = []
    lead: LeadItem | None = None
    for n, p in enumerate(passages):
        aid = p.source.article_id
        if aid not in numbers:
            numbers[aid] = len(numbers) + 1
            citations.append(cite(numbers[aid], p.source, t))
        quote = p.quote
        if n == 0 and answer is not None and answer.lead is not None:
            lead = _lead_item(answer, p, numbers[aid], t, quote_chars)
            continue
        excerpt = _excerpt(p, max(excerpt_chars, 0 if quote else _MIN_EXCERPT))
        items.append(
            Item(
                quote=shorten(_flat(quote.text), quote_chars, " …") if quote else None,
                attribution=attribution(quote, t) if quote else None,
                excerpt=excerpt,
                cite=numbers[aid],
            )
        )
    return Reply(tuple(items), tuple(citations), lead, note)


def _lead_item(answer: Answer, p: Passage, number: int, t: Texts, quote_chars: int) -> LeadItem:
    assert answer.lead is not None
    lead, quote = answer.lead, p.quote
    if quote is None:
        return LeadItem(_flat(lead.text), number, None, None)
    whole = lead.start <= quote.start and quote.end <= lead.end and not lead.text.endswith("…")
    return LeadItem(
        _flat(lead.text),
        number,
        None if whole else shorten(_flat(quote.text), quote_chars, " …"),
        attribution(quote, t),
    )


def _notes(answer: Answer, t: Texts) -> str | None:
    """The lines the user must read besides the passages: no direct quote, time words."""
    shows = answer.answered and bool(answer.passages)
    lines = [x for x in (unquoted_line(answer, t), time_note(answer.time, t, shows)) if x]
    return "\n".join(lines) or None


def unquoted_line(answer: Answer, t: Texts) -> str | None:
    """One line saying the person asked about has no direct quote, or None."""
    who = answer.unquoted
    if who is None:
        return None
    name, role = _flat(who.name), _flat(who.role)
    label = f"{role} {name}" if role and role.casefold() not in name.casefold() else name
    return t.unquoted.format(who=label)


def off_topic_lines(answer: Answer, t: Texts) -> tuple[str, str]:
    """The two lines heading an answer whose person was never quoted on the topic asked."""
    off = answer.off_topic
    assert off is not None
    name, role = _flat(off.name), _flat(off.role)
    who = f"{role} {name}" if role and role.casefold() not in name.casefold() else name
    topic = shorten(_flat(off.topic), 120)
    return t.off_topic.format(who=who, topic=topic), t.off_topic_nearest.format(who=name)


def _off_topic_html(answer: Answer, t: Texts) -> str:
    """Say the person was not quoted on the topic, then their nearest quotes, labelled so."""
    head, nearest = off_topic_lines(answer, t)
    for quote_chars in (700, 400, 200, 120):
        reply = compose(answer.passages, t, 0, quote_chars)
        blocks = [f"<b>{esc(head)}</b>", f"<i>{esc(nearest)}</i>"]
        blocks += [
            f"<blockquote>“{esc(item.quote or '')}”\n— {esc(item.attribution or '')} "
            f"[{item.cite}]</blockquote>"
            for item in reply.items
        ]
        lines = [f"<b>{esc(t.sources_heading)}</b>"]
        lines += [f"[{c.number}] {citation_html(c, t)}" for c in reply.citations]
        out = "\n\n".join([*blocks, "\n".join(lines)])
        if utf16_len(out) <= TELEGRAM_LIMIT:
            return out
    return esc(t.not_found)


def time_note(scope: TimeScope | None, t: Texts, shows: bool = True) -> str | None:
    """Tell the user what the time words did when it is not plain from the answer; `shows`:
    the reply shows passages (else no "the passages above" to speak of)."""
    if scope is None:
        return None
    if scope.start is None or scope.end is None:
        return t.time_latest
    period = scope.words
    first, last = format_date(scope.start, t), format_date(scope.end, t)
    period += f" ({first})" if first == last else f" ({first} – {last})"
    if scope.undated_only:
        return t.time_undated.format(period=period)
    if scope.outside:
        return (t.time_outside if shows else t.time_none).format(period=period)
    return t.time_period.format(period=period)


def attribution(quote: Quote, t: Texts) -> str:
    """Say who spoke: role and name (e.g. "Gubernur Kaltim Rudy Mas’ud"), never a guess."""
    speaker = _flat(quote.speaker or "")
    role = _flat(quote.role or "")
    if speaker and role and role.casefold() not in speaker.casefold():
        return f"{role} {speaker}"
    return speaker or role or t.speaker_unknown


def format_date(published: str | None, t: Texts) -> str | None:
    """Write an ISO date as "12 Mei 2025"; anything else is shown as the source gave it."""
    if not published:
        return None
    try:
        d = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return shorten(_flat(published), 40)
    return f"{d.day} {t.months[d.month - 1]} {d.year}"


def cite(number: int, src: Source, t: Texts) -> Citation:
    """Describe one source; without a title use the article's opening words, else its id."""
    title = _flat(src.title or "")
    if title:
        label, titled = shorten(title, _TITLE_CHARS), True
    else:
        # Never invent a title: the article's own first words (its lead), else its id.
        lead = _flat(src.lead or "")
        label = (
            f"“{shorten(lead, _TITLE_CHARS)}”" if lead else shorten(src.article_id, _TITLE_CHARS)
        )
        titled = False
    url = (src.url or "").strip()
    return Citation(
        number=number,
        label=label,
        titled=titled,
        url=url if linkable(url) else None,
        date=format_date(src.published, t),
        publisher=shorten(_flat(src.source), 80) if src.source else None,
    )


def citation_html(c: Citation, t: Texts) -> str:
    """One source as HTML: linked label, publisher, date."""
    label = link_html(c.url, esc(c.label))
    if not c.titled:
        label += f" <i>({esc(t.untitled)})</i>"
    return " · ".join([label, *(esc(x) for x in (c.publisher, c.date) if x)])


def citation_text(c: Citation, t: Texts) -> str:
    """One source as plain text, the address on its own line."""
    label = c.label if c.titled else f"{c.label} ({t.untitled})"
    line = " · ".join(p for p in (label, c.publisher, c.date) if p)
    return f"{line}\n    {c.url}" if c.url else line


def _excerpt(p: Passage, limit: int) -> str:
    if limit <= 0:
        return ""
    text = p.chunk.text
    if p.quote is not None and p.quote.text and p.quote.text in text:
        # The quote is shown whole above; the excerpt gives its context, not a second copy.
        text = text.replace(p.quote.text, "…", 1)
    return shorten(_flat(text), limit)


def _html(reply: Reply, heading: str, t: Texts, shortened: bool) -> str:
    blocks = [] if reply.lead else [f"<b>{esc(heading)}</b>"]
    if reply.lead:
        lead = reply.lead
        first = f"<b>{esc(lead.sentence)}</b> [{lead.cite}]"
        if lead.quote is not None:
            quote = f"“{esc(lead.quote)}”\n— {esc(lead.attribution or '')}"
            first += f"\n<blockquote>{quote}</blockquote>"
        elif lead.attribution:
            first += f"\n— {esc(lead.attribution)}"
        blocks.append(first)
    for item in reply.items:
        tag = f"[{item.cite}]"
        if item.quote is not None:
            quote = f"“{esc(item.quote)}”\n— {esc(item.attribution or '')}"
            if item.excerpt:
                blocks.append(f"<blockquote>{quote}</blockquote>\n{esc(item.excerpt)} {tag}")
            else:
                blocks.append(f"<blockquote>{quote} {tag}</blockquote>")
        else:
            blocks.append(f"{esc(item.excerpt)} {tag}")
    if reply.note:
        blocks.append(f"<i>{esc(reply.note)}</i>")
    if shortened:
        blocks.append(f"<i>{esc(t.shortened)}</i>")
    lines = [f"<b>{esc(t.sources_heading)}</b>"]
    lines += [f"[{c.number}] {citation_html(c, t)}" for c in reply.citations]
    blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _flat(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()
