"""Inline answers (@bot <question> in any chat) as result cards; what choosing one posts.

A card is the answer's lead sentence with its citation, or one quote with who said it, the
source and its date. The text posted is the same as the card, cited, within one message.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.present.alert_texts import alert_texts
from bot.present.render import attribution, citation_html, cite, esc, render_html, shorten
from bot.present.texts import texts
from retrieval.records import Answer, Quote, Source

MAX_RESULTS = 10  # what the issue asks; Telegram takes 50
_TITLE_CHARS = 100
_DESCRIPTION_CHARS = 200
_QUOTE_CHARS = 1500


@dataclass(frozen=True)
class Card:
    """One inline result: what the list shows, and the HTML that choosing it posts."""

    id: str
    title: str
    description: str
    html: str


def answer_cards(answer: Answer, lang: str) -> list[Card]:
    """The lead sentence first (posting the whole cited answer), then each quote shown."""
    if not answer.answered or not answer.passages:
        return []
    t, at = texts(lang), alert_texts(lang)
    cards = []
    first = answer.passages[0]
    if answer.lead is not None:
        title = shorten(" ".join(answer.lead.text.split()), _TITLE_CHARS)
        label = cite(1, first.source, t).label
        cards.append(Card("lead", title, shorten(at.inline_lead.format(source=label),
                                                 _DESCRIPTION_CHARS), render_html(answer, lang)))
    seen: set[tuple[str, int]] = set()
    for p in answer.passages:
        q = p.quote
        if q is None or (p.source.article_id, q.start) in seen:
            continue
        seen.add((p.source.article_id, q.start))
        cards.append(quote_card(f"q{len(cards)}", q, p.source, lang))
    return cards[:MAX_RESULTS]


def quote_card(card_id: str, quote: Quote, source: Source, lang: str) -> Card:
    """A quote with its speaker and role, the source and its date; posts the same, linked."""
    t = texts(lang)
    words = " ".join(quote.text.split())
    who = attribution(quote, t)
    c = cite(1, source, t)
    where = " · ".join(x for x in (c.label, c.publisher, c.date) if x)
    html = (f"<blockquote>“{esc(shorten(words, _QUOTE_CHARS, ' …'))}”\n— {esc(who)}</blockquote>"
            f"\n{citation_html(c, t)}")
    return Card(card_id, shorten(f"“{words}”", _TITLE_CHARS),
                shorten(f"{who} · {where}", _DESCRIPTION_CHARS), html)
