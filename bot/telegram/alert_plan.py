"""What to send for new articles and digests: the messages, before they are queued.

Blocking (the searcher and the store): run in a thread. `collect` is the one step from "the
index now holds these articles" to rows in the outbox, in one transaction with marking them
seen, so a restart anywhere in between neither loses nor repeats an alert.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from bot.present.alerts import DigestItem, alert_html, digest_pages, most_quoted
from bot.telegram.alert_store import AlertStore, Digest, Follow, Outgoing
from retrieval.index.listing import listing_date
from retrieval.search.alerts import Match, match_articles
from retrieval.search.searcher import Searcher
from retrieval.text.vocabulary import fold_words

log = logging.getLogger(__name__)


def follow_key(words: str) -> str:
    """What makes two follows the same: their folded words ("WIRATNO" is "wiratno")."""
    return " ".join(fold_words(words))


@dataclass(frozen=True)
class _Hit:
    follow: Follow
    match: Match


def collect(searcher: Searcher, store: AlertStore, now: float) -> int:
    """Queue one alert per chat and new article its follows match; how many were queued.

    The first look at an index only learns its articles: they are not new to anyone.
    """
    new = store.unseen(searcher.listings.article_ids())
    if new is None:
        store.record(sorted(searcher.listings.article_ids()), [], now)
        return 0
    if not new:
        return 0
    messages = alerts_for(searcher, new, store.follows())
    queued = store.record(new, messages, now)
    log.info("%d new article(s): %d alert(s) queued", len(new), queued)
    return queued


def alerts_for(searcher: Searcher, new: Sequence[str], follows: Sequence[Follow]
               ) -> list[Outgoing]:
    """One message per (chat, new article) that any of the chat's follows matches."""
    by_key: dict[str, list[Follow]] = {}
    for f in follows:
        by_key.setdefault(f.key, []).append(f)
    hits: dict[tuple[int, str], list[_Hit]] = {}
    for followers in by_key.values():
        for match in match_articles(searcher, followers[0].follow, new):
            for f in followers:
                hits.setdefault((f.chat_id, match.article_id), []).append(_Hit(f, match))
    sources = searcher.listings.sources_of({aid for _, aid in hits})
    # Oldest first, so that the newest article is the last message a chat reads.
    order = sorted(sources, key=lambda a: (listing_date(sources[a].published), a))
    place = {aid: n for n, aid in enumerate(order)}
    out = []
    for (chat, aid), found in sorted(hits.items(), key=lambda h: (place.get(h[0][1], 0), h[0])):
        # A person's quote tells more than a topic's passage: it leads when both match.
        best = min(found, key=lambda h: h.match.kind != "person")
        labels = list(dict.fromkeys(h.follow.follow for h in found))
        first = found[0].follow
        text = alert_html(best.match.answer, labels, first.lang)
        out.append(Outgoing(chat, f"a:{aid}", text, first.thread_id))
    return out


def next_digest(minute: int, after: float, zone: ZoneInfo) -> float:
    """The first moment after `after` that is `minute` of a day in `zone`, as epoch seconds."""
    local = datetime.fromtimestamp(after, zone)
    at = clock_time(minute // 60, minute % 60)
    day = local.date()
    for _ in range(3):  # a day whose wall clock skips that minute goes on to the next
        moment = datetime.combine(day, at, tzinfo=zone)
        if moment.timestamp() > after:
            return moment.timestamp()
        day += timedelta(days=1)
    return after + 86400.0


def digest_messages(searcher: Searcher, store: AlertStore, digest: Digest, now: float
                    ) -> list[str]:
    """The pages of a chat's digest: articles first seen since its last one, newest first."""
    ids = [a for a in store.seen_since(digest.since, now)]
    listings = searcher.listings
    sources = listings.sources_of(ids)
    quotes = listings.quotes_of(sources)
    # Seen order breaks ties of the date (a newer article is seen later).
    seen = {aid: n for n, aid in enumerate(ids)}
    newest = sorted(sources, key=lambda a: seen[a])
    newest.sort(key=lambda a: listing_date(sources[a].published), reverse=True)
    items = [DigestItem(sources[a], most_quoted(quotes.get(a, []))) for a in newest]
    return digest_pages(items, digest.lang) if items else []


def run_digest(searcher: Searcher, store: AlertStore, digest: Digest, now: float,
               zone: ZoneInfo) -> int:
    """Queue a due digest (nothing when no article is new) and schedule the next; pages queued."""
    pages = digest_messages(searcher, store, digest, now)
    key = f"d:{int(digest.next_at)}"
    queued = [Outgoing(digest.chat_id, f"{key}:{n}", text, digest.thread_id)
              for n, text in enumerate(pages)]
    done = store.digest_done(digest, queued, now, next_digest(digest.minute, now, zone))
    return len(queued) if done else 0
