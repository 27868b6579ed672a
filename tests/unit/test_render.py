"""Reply rendering: attributed quotes, citations, escaping, Telegram's limits, languages."""

from __future__ import annotations

import re

from bot.present.render import TELEGRAM_LIMIT, render_html, render_text, utf16_len
from bot.present.texts import detect_lang
from retrieval.records import Answer, Chunk, Passage, Quote, Source, lead_of
from tests.support.fake_bot_api import parse_telegram_html

GOV_QUOTE = (
    "Setiap kebijakan harus berada dalam jalur koordinasi yang baik dengan Gubernur dan Wakil "
    "Gubernur. Saya ingin mengetahui dan memantau prosesnya dari awal hingga akhir, bukan hanya "
    "menerima laporan hasil akhirnya"
)
GOV_CHUNK = (
    "Dalam forum tersebut, Gubernur Rudy Mas’ud menyampaikan arahan tegas kepada seluruh kepala "
    f"perangkat daerah. “{GOV_QUOTE},” ujar Rudy dengan tegas."
)


def passage(
    rank: int = 1,
    text: str = GOV_CHUNK,
    quote: Quote | None = None,
    article_id: str = "a1",
    title: str | None = "Gubernur Minta OPD Berkoordinasi",
    url: str | None = "https://kaltimprov.go.id/berita/1",
    published: str | None = "2025-05-12",
    start: int = 500,
    lead: str | None = None,
) -> Passage:
    chunk = Chunk(article_id, rank, start, start + len(text), text, (quote,) if quote else ())
    return Passage(rank, 0.9, chunk, Source(article_id, title, url, published, None, lead), quote)


def gov_quote(speaker: str | None = "Rudy Mas’ud", role: str | None = "Gubernur Kaltim") -> Quote:
    return Quote(GOV_QUOTE, speaker, role, 600, 600 + len(GOV_QUOTE))


def visible(html_text: str) -> str:
    plain, errors = parse_telegram_html(html_text)
    assert errors == [], errors
    return plain


def test_answer_shows_attributed_quote_excerpt_and_citation() -> None:
    reply = render_html(Answer("Apa kata Gubernur?", True, (passage(quote=gov_quote()),)))
    text = visible(reply)
    assert f"“{GOV_QUOTE}”" in text
    assert "— Gubernur Kaltim Rudy Mas’ud" in text
    assert "Dalam forum tersebut" in text
    assert "[1] Gubernur Minta OPD Berkoordinasi · 12 Mei 2025" in text
    assert '<a href="https://kaltimprov.go.id/berita/1">' in reply
    assert text.count(GOV_QUOTE) == 1  # the excerpt does not repeat the quote


def test_passages_of_one_article_share_one_citation() -> None:
    answer = Answer("q", True, (passage(1, quote=gov_quote()), passage(2, text="Teks kedua.")))
    text = visible(render_html(answer))
    assert text.count("Gubernur Minta OPD Berkoordinasi") == 1
    assert "[2]" not in text


def test_html_in_titles_urls_quotes_and_text_is_escaped() -> None:
    title = 'Judul <b>tebal</b> & "kutip" <script>'
    url = 'https://example.go.id/a?x=1&y="2"<z>'
    quote = Quote('Kita <i>harus</i> & "bersama"', "Rudy", None, 0, 10)
    text = 'Kita <i>harus</i> & "bersama" lalu *_[tanda]_* <a href="x">'
    reply = render_html(Answer("q", True, (passage(text=text, quote=quote, title=title, url=url),)))
    plain = visible(reply)
    assert title in plain
    assert '*_[tanda]_* <a href="x">' in plain
    assert '“Kita <i>harus</i> & "bersama"”' in plain
    assert 'href="https://example.go.id/a?x=1&amp;y=&quot;2&quot;&lt;z&gt;"' in reply


def test_only_web_addresses_become_links() -> None:
    reply = render_html(Answer("q", True, (passage(url="javascript:alert(1)"),)))
    assert "<a " not in reply
    assert "javascript" not in visible(reply)


def test_huge_answer_is_cut_to_telegram_limit_with_balanced_tags() -> None:
    long_quote = Quote("kata " * 900 + "akhir", "Rudy Mas’ud", "Gubernur Kaltim", 0, 4500)
    passages = tuple(
        passage(
            i,
            text="🙂 Paragraf panjang " * 300,
            quote=long_quote,
            article_id=f"a{i}",
            title="Judul sangat panjang " * 60,
            url="https://e.id/" + "x" * 900,
        )
        for i in range(1, 21)
    )
    reply = render_html(Answer("q", True, passages))
    assert utf16_len(reply) <= TELEGRAM_LIMIT
    text = visible(reply)
    assert "— Gubernur Kaltim Rudy Mas’ud" in text
    assert "(jawaban dipersingkat)" in text
    assert text.count("[1]") >= 2  # the first passage and its citation survive the cut
    assert reply.count("<blockquote>") == reply.count("</blockquote>") >= 1


def test_long_quote_is_shortened_with_an_ellipsis_only_when_very_long() -> None:
    short = render_html(Answer("q", True, (passage(quote=gov_quote()),)))
    assert "…”" not in visible(short).split("\n—")[0]
    long_quote = Quote("kata " * 400, "Rudy", None, 0, 2000)
    text = visible(render_html(Answer("q", True, (passage(quote=long_quote),))))
    assert re.search(r"kata …”", text)


def test_untitled_article_is_cited_by_its_first_words_never_an_invented_title() -> None:
    lead = lead_of(
        "Sekretaris DPRD Provinsi Kalimantan Timur, Norhayati Usman, menunjukkan komitmen kuat"
    )
    expected = "[1] “Sekretaris DPRD Provinsi Kalimantan Timur, Norhayati Usman, menunjukkan…” "
    for start in (0, 500):  # the same label whichever passage of the article is shown
        answer = Answer(
            "q",
            True,
            (
                passage(
                    title=None,
                    url=None,
                    published=None,
                    start=start,
                    article_id="000_seed",
                    lead=lead,
                ),
            ),
        )
        assert expected + "(tanpa judul)" in visible(render_html(answer))
    unknown = Answer("q", True, (passage(title=None, url=None, article_id="000_seed"),))
    assert "[1] 000_seed (tanpa judul)" in visible(render_html(unknown))


def test_quote_without_a_resolved_speaker_says_so() -> None:
    text = visible(render_html(Answer("q", True, (passage(quote=gov_quote(None, None)),))))
    assert "— pembicara tidak disebutkan" in text


def test_not_found_is_honest_and_offers_a_hint() -> None:
    reply = render_html(Answer("Berapa harga beras?", False))
    text = visible(reply)
    assert text.startswith("Maaf, saya tidak menemukan jawaban di artikel yang ada.")
    assert "/sources" in text
    english = visible(render_html(Answer("How much is rice?", False), "en"))
    assert english.startswith("Sorry, I could not find an answer")


def test_english_reply_keeps_quotes_verbatim() -> None:
    text = visible(render_html(Answer("q", True, (passage(quote=gov_quote()),)), "en"))
    assert text.startswith("What I found in the articles:")
    assert GOV_QUOTE in text
    assert "12 May 2025" in text


def test_terminal_text_has_the_same_content_without_tags() -> None:
    answer = Answer("q", True, (passage(quote=gov_quote(), title="A & <B>"),))
    text = render_text(answer)
    assert "<" not in text.replace("<B>", "")
    assert "&amp;" not in text
    assert f"“{GOV_QUOTE}”" in text
    assert "— Gubernur Kaltim Rudy Mas’ud" in text
    assert "[1] A & <B> · 12 Mei 2025" in text
    assert "https://kaltimprov.go.id/berita/1" in text
    assert render_text(Answer("q", False)).startswith("Maaf, saya tidak menemukan jawaban")


def test_language_follows_the_question_then_the_user_setting() -> None:
    assert detect_lang("What did the Governor say about coordination?", None) == "en"
    assert detect_lang("Apa kata Gubernur tentang koordinasi?", "en") == "id"
    assert detect_lang("Rudy Mas’ud", "en-US") == "en"
    assert detect_lang("Rudy Mas’ud", "id") == "id"
    assert detect_lang("🙂🙂", None) == "id"


def _lead_answer(lang_question: str = "q", **extra: object) -> Answer:
    from retrieval.records import Lead

    first = passage(1, quote=gov_quote())
    sentence = "Dalam forum tersebut, Gubernur Rudy Mas’ud menyampaikan arahan tegas kepada seluruh"
    lead = Lead(sentence + " kepala perangkat daerah.", 500, 500 + 100)
    others = (passage(2, text="Teks kedua yang dekat.", article_id="a2"),
              passage(3, text="Teks ketiga yang jauh.", article_id="a3"))
    values: dict[str, object] = {"lead": lead, "shown": 2, **extra}
    return Answer(lang_question, True, (first, *others), **values)  # type: ignore[arg-type]


def test_reply_leads_with_the_answer_sentence_then_the_quote_then_close_passages() -> None:
    reply = render_html(_lead_answer())
    assert reply.startswith("<b>Dalam forum tersebut, Gubernur Rudy Mas’ud menyampaikan")
    lines = visible(reply).split("\n")
    assert lines[0].endswith("kepala perangkat daerah. [1]")
    assert lines[1] == f"“{GOV_QUOTE}”"
    assert lines[2] == "— Gubernur Kaltim Rudy Mas’ud"
    text = visible(reply)
    assert "Teks kedua yang dekat. [2]" in text
    assert "Teks ketiga" not in text  # not close to the best: left for "Sumber lain"
    assert "Yang saya temukan" not in text
    assert text.split("Sumber\n")[1].count("\n") == 1  # two sources, numbered


def test_a_lead_sentence_holding_the_quote_is_followed_by_its_speaker_only() -> None:
    from retrieval.records import Lead

    sentence = f"“{GOV_QUOTE},” ujar Rudy dengan tegas."
    lead = Lead(sentence, 599, 600 + len(GOV_QUOTE) + 30)
    reply = render_html(Answer("q", True, (passage(quote=gov_quote()),), lead=lead, shown=1))
    text = visible(reply)
    assert text.split("\n")[:2] == [f"{sentence} [1]", "— Gubernur Kaltim Rudy Mas’ud"]
    assert text.count(GOV_QUOTE) == 1


def test_time_notes_in_both_languages_and_with_not_found() -> None:
    from retrieval.records import TimeScope

    undated = TimeScope("minggu lalu", "2026-02-23", "2026-03-01", undated_only=True)
    text = visible(render_html(_lead_answer(time=undated)))
    assert ("Tidak ada artikel bertanggal minggu lalu (23 Februari 2026 – 1 Maret 2026) yang "
            "menjawab; yang di atas dari artikel tanpa tanggal.") in text
    english = visible(render_html(_lead_answer(time=TimeScope("today", "2026-03-04",
                                                               "2026-03-04")), "en"))
    assert "Filtered by publication date: today (4 March 2026)." in english
    assert "Sources\n[1]" in english
    other_days = TimeScope("kemarin", "2026-03-03", "2026-03-03", outside=True)
    text = visible(render_html(_lead_answer(time=other_days)))
    assert ("Tidak ada artikel terbit kemarin (3 Maret 2026); yang di atas dari tanggal lain, "
            "periksa tanggal terbitnya.") in text
    none = Answer("q", False, time=other_days)
    assert "Tidak ada artikel terbit kemarin (3 Maret 2026)." in visible(render_html(none))
    assert "yang di atas" not in render_text(none)
    latest = visible(render_html(_lead_answer(time=TimeScope("terbaru"))))
    assert "Artikel terbaru lebih dulu." in latest
    nothing = Answer("q", False, time=TimeScope("kemarin", "2026-03-03", "2026-03-03"))
    text = visible(render_html(nothing))
    assert text.startswith("Maaf, saya tidak menemukan jawaban")
    assert "kemarin (3 Maret 2026)" in text
    assert "kemarin (3 Maret 2026)" in render_text(nothing)


def test_answer_first_reply_stays_valid_and_within_the_limit_when_huge() -> None:
    from retrieval.records import Lead

    long_quote = Quote("kata & <b> " * 900, "Rudy Mas’ud", "Gubernur Kaltim", 0, 4500)
    passages = tuple(
        passage(i, text="🙂 Paragraf <panjang> & " * 300, quote=long_quote, article_id=f"a{i}",
                title="Judul & <i>panjang</i> " * 60)
        for i in range(1, 11)
    )
    lead = Lead("Kalimat <jawaban> & " * 30, 0, 10)
    for lang in ("id", "en"):
        reply = render_html(Answer("q", True, passages, lead=lead, shown=10), lang)
        assert utf16_len(reply) <= TELEGRAM_LIMIT
        text = visible(reply)
        assert text.startswith("Kalimat <jawaban> &")
        assert reply.count("<blockquote>") == reply.count("</blockquote>") >= 1


def test_terminal_text_leads_with_the_answer_too() -> None:
    text = render_text(_lead_answer())
    assert text.startswith("Dalam forum tersebut")
    assert "Teks ketiga" not in text and "Teks kedua yang dekat." in text


def test_someone_not_quoted_on_the_topic_is_said_so_above_their_nearest_quote() -> None:
    from retrieval.records import OffTopic

    off = OffTopic("Rudy Mas’ud", "Gubernur Kaltim", "harga cabai")
    answer = Answer("Apa kata Gubernur soal harga cabai?", False, (passage(quote=gov_quote()),),
                    off_topic=off)
    html = render_html(answer, "id")
    plain, errors = parse_telegram_html(html)
    assert not errors and utf16_len(html) <= TELEGRAM_LIMIT
    first, second = plain.splitlines()[:3:2]
    said = "Gubernur Kaltim Rudy Mas’ud tidak dikutip soal “harga cabai” di artikel yang ada."
    assert first == said
    assert second.startswith("Yang pernah dikatakan Rudy Mas’ud (bukan jawaban")
    assert "memantau prosesnya" in plain and "Gubernur Minta OPD Berkoordinasi" in plain
    assert "tidak dikutip soal" in render_text(answer, "id")
    assert "is not quoted on “harga cabai”" in render_html(answer, "en")
