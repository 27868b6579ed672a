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
