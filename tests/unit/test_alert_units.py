"""Alerts without a model: the outbox's once-only rows, pacing, digest times, the messages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.present.alerts import DigestItem, alert_html, digest_pages, follows_html, most_quoted
from bot.present.inline import answer_cards
from bot.present.render import utf16_len
from bot.telegram.alert_plan import follow_key, next_digest
from bot.telegram.alert_store import AlertStore, Follow, Outgoing
from bot.telegram.follows import is_source_url
from bot.telegram.pacing import Pacer
from retrieval.records import Answer, Chunk, Lead, Passage, Quote, Source
from retrieval.search.within import answer_within
from tests.support.telegram_html import parse_telegram_html

WITA = ZoneInfo("Asia/Makassar")


def test_a_web_address_is_a_source_and_anything_else_a_person_or_topic() -> None:
    for url in (
        "https://kaltimprov.go.id/berita", "http://contoh.id", "diskominfo.kaltimprov.go.id/rss",
        "https://contoh.id/ 6",  # the newest six fetched first
    ):
        assert is_source_url(url)
    for words in ("Seno Aji", "banjir Samarinda", "Sekda Kaltim", "2.5 persen", "APBN",
                  "contoh.id Samarinda"):
        assert not is_source_url(words)


def test_follows_are_the_same_whatever_their_case_spaces_and_accents() -> None:
    assert follow_key("  SEKDA   Kaltim ") == follow_key("sekda kaltim")
    assert follow_key("Rudy Mas’ud") == follow_key("rudy mas'ud")


def test_the_outbox_sends_each_message_once_across_processes(tmp_path: Path) -> None:
    first = AlertStore.in_folder(tmp_path)
    assert first.unseen(["a", "b"]) is None  # the first look learns, alerts nobody
    first.record(["a", "b"], [], 1.0)
    assert first.unseen(["a", "b", "c"]) == ["c"]
    message = Outgoing(7, "a:c", "<b>x</b>")
    assert first.record(["c"], [message, message], 2.0) == 1
    assert first.record(["c"], [message], 3.0) == 0  # found again: not queued again
    [row] = first.pending(10.0, 10)
    assert first.claim(row.id, 10.0) and not first.claim(row.id, 10.0)
    assert first.pending(10.0, 10) == []
    # The process dies mid-send; the next one does not send the row again.
    second = AlertStore.in_folder(tmp_path)
    assert second.abandon_stale(20.0) == 1
    assert second.pending(30.0, 10) == [] and second.outcomes() == {"unknown": 1}
    second.record(["d"], [Outgoing(7, "a:d", "y"), Outgoing(8, "a:d", "y")], 40.0)
    second.add_follow(Follow(7, "k", "K", 0, "id"), 40.0, 20)
    assert second.forget_chat(7) == 1  # blocked: follows and unsent rows go, others stay
    assert [r.chat_id for r in second.pending(50.0, 10)] == [8]
    first.close()
    second.close()


def test_a_chat_follows_each_thing_once_and_within_its_limit(tmp_path: Path) -> None:
    store = AlertStore.in_folder(tmp_path)
    assert store.add_follow(Follow(1, "banjir", "banjir", 0, "id"), 1.0, 2) is True
    assert store.add_follow(Follow(1, "banjir", "Banjir", 0, "id"), 2.0, 2) is False
    assert store.add_follow(Follow(1, "beras", "beras", 0, "id"), 3.0, 2) is True
    assert store.add_follow(Follow(1, "ikn", "IKN", 0, "id"), 4.0, 2) is None
    assert [f.follow for f in store.follows(1)] == ["banjir", "beras"]
    assert store.remove_follow(1, None) == 2
    store.close()


def test_pacing_keeps_the_overall_chat_and_group_limits() -> None:
    pacer, now, sent = Pacer(25), 0.0, []
    for chat in range(100):
        now = pacer.ready_at(chat, now)
        pacer.spend(chat, now)
        sent.append(now)
    assert max(sum(1 for t in sent if s <= t < s + 1.0) for s in sent) == 25
    assert pacer.ready_at(99, now) == now + 1.0  # one a second in a chat
    group, at = -100, 1000.0
    for _ in range(20):
        at = pacer.ready_at(group, at)
        pacer.spend(group, at)
    assert pacer.ready_at(group, at) >= 1000.0 + 60.0  # 20 a minute in a group


def test_digest_times_are_local_and_always_ahead() -> None:
    seven = 7 * 60
    six_wita = datetime(2025, 6, 2, 6, 0, tzinfo=WITA).timestamp()
    assert datetime.fromtimestamp(next_digest(seven, six_wita, WITA), UTC).hour == 23  # 07 WITA
    at_seven = datetime(2025, 6, 2, 7, 0, tzinfo=WITA).timestamp()
    assert next_digest(seven, at_seven, WITA) == at_seven + 86400


def _passage(quote_text: str, lead: str = "Gubernur meresmikan jembatan.") -> Answer:
    text = f"{lead} “{quote_text},” kata Rudy."
    quote = Quote(quote_text, "Rudy Mas’ud", "Gubernur Kaltim", len(lead) + 2,
                  len(lead) + 2 + len(quote_text))
    chunk = Chunk("a1", 0, 0, len(text), text, (quote,))
    source = Source("a1", "Jembatan <Baru> & Lama", "https://contoh.id/a?x=1&y=2", "2025-06-02",
                    "Contoh")
    passage = Passage(1, 1.0, chunk, source, quote)
    return Answer("jembatan", True, (passage,), lead=Lead(lead, 0, len(lead)), shown=1)


def test_an_alert_holds_the_lead_the_attributed_quote_and_the_link_within_one_message() -> None:
    html = alert_html(_passage("Jembatan ini " * 2000), ["Rudy & Seno"], "id")
    text, errors = parse_telegram_html(html)
    assert errors == [] and utf16_len(html) <= 4096
    assert text.startswith("🔔 Artikel baru · Rudy & Seno")
    assert "— Gubernur Kaltim Rudy Mas’ud" in text and "Jembatan <Baru> & Lama" in text
    assert 'href="https://contoh.id/a?x=1&amp;y=2"' in html


def test_a_long_digest_is_paged_newest_first_each_page_within_the_limit() -> None:
    quote = Quote("Kami bekerja keras " * 40, "Sri Wahyuni", "Sekda", 0, 10)
    items = [DigestItem(Source(f"a{i}", f"Judul {i}", None, "2025-06-02", "Contoh"), quote)
             for i in range(40)]
    pages = digest_pages(items, "id")
    assert len(pages) > 1 and all(utf16_len(p) <= 3900 for p in pages)
    assert pages[0].startswith(f"📰 <b>Ringkasan: 40 artikel baru</b> (1/{len(pages)})")
    assert "Judul 0" in pages[0] and "Judul 39" in pages[-1]
    who = [Quote("a", "X", None, 0, 1), Quote("b", "Y", None, 2, 3), Quote("c", "Y", None, 4, 5)]
    assert most_quoted(who) == who[1]
    assert "banjir <i>(topik)</i>" in follows_html([("banjir", "topic")], "07:00", "id")


def test_inline_cards_lead_with_the_answer_then_each_quote() -> None:
    cards = answer_cards(_passage("Jembatan ini dibuka untuk umum"), "en")
    assert [c.id for c in cards] == ["lead", "q1"]
    assert cards[0].title == "Gubernur meresmikan jembatan."
    assert "“Jembatan ini dibuka untuk umum”" in cards[1].html
    assert parse_telegram_html(cards[1].html)[1] == []
    assert answer_cards(Answer("x", False), "id") == []


def test_an_article_answers_a_follow_as_it_answers_the_question(tmp_path: Path) -> None:
    """`answer_within` keeps the articles whose chunks `ask` itself finds relevant."""
    from retrieval.index.builder import build_index
    from retrieval.search.alerts import follow_kind, match_articles
    from retrieval.search.searcher import Searcher
    from tests.support.alert_articles import FLOOD, HARBOUR, SCHOLARSHIP
    from tests.support.fake_embedder import HashEmbedder

    data = tmp_path / "data"
    data.mkdir()
    for n, text in enumerate((FLOOD, SCHOLARSHIP, HARBOUR)):
        (data / f"{n}.md").write_text(text, encoding="utf-8")
    embedder = HashEmbedder()
    build_index(data, tmp_path / "index", embedder)
    searcher = Searcher.open(tmp_path / "index", embedder)
    ids = ["0", "1", "2"]
    for question in ("pompa air banjir Sungai Pinang", "kuota beasiswa mahasiswa", "derek"):
        text = " ".join(question.split())
        everywhere = searcher.relevant(text, 100, searcher.embed_question(searcher.plan(text)
                                                                          .query))
        assert set(answer_within(searcher, question, ids)) == {
            r.chunk.chunk.article_id for r in everywhere}
    assert follow_kind(searcher, "Seno Aji") == "person"
    assert follow_kind(searcher, "derek peti kemas") == "topic"
    [match] = match_articles(searcher, "Seno Aji", ids)
    assert match.article_id == "0" and match.answer.passages[0].quote is not None
    assert match_articles(searcher, "Sri Wahyuni", ["0", "2"]) == ()
