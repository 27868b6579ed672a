"""Answers a reader can trust on an archive of several officials: the real model and FAISS.

The articles are our own: one regent quoted on the roads and on the market, in two articles,
and a release that two sites carry word for word on different days.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from bot.present.render import render_html
from retrieval.index.builder import build_index_from
from retrieval.model.embedder import Embedder, Vectors, WrappedEmbedder
from retrieval.records import Article
from retrieval.search.searcher import Searcher

pytestmark = pytest.mark.integration

JALAN = Article(
    "jalan",
    "SANGATTA – Bupati Kutai Rekaan Ardiansyah Contoh meninjau perbaikan jalan poros kecamatan "
    "yang rusak berat, Senin. Perbaikan sepanjang dua belas kilometer itu ditargetkan rampung "
    "sebelum musim hujan.\n"
    "“Jalan ini urat nadi ekonomi warga. Kontraktor harus bekerja siang dan malam agar truk hasil "
    "kebun bisa lewat lagi,” kata Ardiansyah di lokasi.",
    title="Bupati Tinjau Perbaikan Jalan Poros",
    published="2025-03-10",
)
PASAR = Article(
    "pasar",
    "SANGATTA – Pemerintah Kabupaten Kutai Rekaan membuka pasar induk baru di pusat kota. "
    "Sebanyak tiga ratus pedagang menempati los yang dibangun tahun lalu.\n"
    "“Pedagang tidak boleh lagi berjualan di bahu jalan. Pasar ini kami bangun supaya harga "
    "sayur dan ikan tetap terjangkau,” ujar Bupati Ardiansyah Contoh saat peresmian.",
    title="Pasar Induk Baru Dibuka",
    published="2025-04-02",
)
PANEN = Article(
    "panen",
    "SANGATTA – Bupati Ardiansyah Contoh membuka panen raya padi di Desa Rekaan Makmur, Kamis.\n"
    "“Panen raya tahun ini hasilnya naik, satu hektare sawah bisa menghasilkan enam ton gabah "
    "kering panen,” kata Ardiansyah.\n"
    "Usai panen raya, ia menyinggung harga gabah yang kerap dimainkan pembeli dari luar daerah.\n"
    "“Petani jangan menjual gabah hasil panen ke tengkulak. Bawa ke koperasi desa supaya "
    "harganya terjaga,” ujarnya.",
    title="Panen Raya di Rekaan Makmur",
    published="2025-04-20",
)
SAR = Article(
    "sar",
    "TANJUNG REKAAN – Kepala Kantor SAR Rekaan Budi Hartono melepas tim penyelam ke Sungai "
    "Contoh, Rabu.\n"
    "“Tim penyelam kami sudah turun di tiga titik sungai sejak pagi,” kata Budi.\n"
    "“Utamakan keselamatan. Jangan masuk air saat arus deras,” tegasnya.",
    title="Tim Penyelam Diturunkan ke Sungai Contoh",
    published="2025-06-01",
)
LANTIK = Article(
    "lantik",
    "SAMARINDA – Gubernur Rekaan Sarwono Adi melantik Hendra Kusuma sebagai sekretaris daerah "
    "di aula kantor gubernur, Kamis.\n"
    "“Tugas berat menanti Hendra Kusuma di kantor sekretariat daerah,” kata Sarwono.\n"
    "“Beliau sosok pekerja keras yang jujur dan dekat dengan pegawai,” tambahnya.\n"
    "“Saya siap bekerja sejak hari pertama,” kata Hendra Kusuma seusai dilantik.",
    title="Sekda Baru Dilantik",
    published="2025-06-10",
)
RILIS = (
    "Dinas Kesehatan Kabupaten Kutai Rekaan menggelar vaksinasi gratis untuk balita di seluruh "
    "puskesmas. Kepala Dinas Kesehatan Wulan Sari meminta orang tua membawa buku kesehatan anak "
    "dan datang sebelum pukul sepuluh pagi agar antrean tidak menumpuk di puskesmas."
)
COPY_A = Article("rilis-a", RILIS, title="Vaksinasi Balita Gratis", published="2025-05-05")
# The second site adds its own line: the same release, not the same text.
COPY_B = Article("rilis-b", RILIS + " (Humas Diskominfo)", title="Vaksinasi Gratis untuk Balita",
                 published="2025-05-06")


@pytest.fixture(scope="module")
def searcher(embedder: Embedder, tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    index = tmp_path_factory.mktemp("archive") / "index"
    build_index_from([JALAN, PASAR, PANEN, SAR, LANTIK, COPY_A, COPY_B], index, embedder)
    return Searcher.open(index, embedder)


def test_the_quote_on_the_topic_asked_comes_first(searcher: Searcher) -> None:
    answer = searcher.ask("apa kata bupati kutai rekaan soal pasar?")
    assert answer.answered and answer.passages[0].chunk.article_id == "pasar"
    first = answer.passages[0].quote
    assert first is not None and first.speaker == "Ardiansyah Contoh"
    assert answer.lead is not None and "Pedagang tidak boleh" in answer.lead.text


def test_a_topic_the_person_never_spoke_on_is_said_so_not_answered(searcher: Searcher) -> None:
    answer = searcher.ask("Ardiansyah bilang apa soal banjir rob di pesisir?")
    assert not answer.answered and answer.off_topic is not None
    assert answer.off_topic.name == "Ardiansyah Contoh"
    shown = render_html(answer, "id")
    assert "tidak dikutip soal “banjir rob di pesisir”" in shown
    assert "bukan jawaban" in shown and answer.passages[0].quote is not None


def test_a_release_on_two_sites_is_shown_once(searcher: Searcher) -> None:
    answer = searcher.ask("Kapan orang tua harus datang ke puskesmas untuk vaksinasi balita?")
    assert answer.answered
    assert sum(RILIS[:60] in p.chunk.text for p in answer.passages) == 1


def test_a_day_named_finds_the_copy_of_that_day(searcher: Searcher) -> None:
    answer = searcher.ask("vaksinasi balita tanggal 6 Mei 2025 di mana?")
    assert answer.answered and answer.passages[0].chunk.article_id == "rilis-b"


def test_an_amount_the_articles_never_give_is_not_found(searcher: Searcher) -> None:
    # The market's opening is covered, its cost never; the count of traders is.
    assert not searcher.ask("berapa biaya pembangunan pasar induk kutai rekaan?").answered
    answer = searcher.ask("berapa pedagang yang menempati pasar induk baru?")
    assert answer.answered and answer.passages[0].chunk.article_id == "pasar"


def test_an_english_topic_finds_the_quote_it_shares_no_words_with(searcher: Searcher) -> None:
    answer = searcher.ask("What did regent Ardiansyah say about street vendors at the new market?")
    assert answer.answered and answer.unquoted is None
    first = answer.passages[0]
    assert first.chunk.article_id == "pasar" and first.quote is not None
    assert first.quote.speaker == "Ardiansyah Contoh"


def test_an_english_topic_chooses_among_one_persons_quotes_by_its_words(
    searcher: Searcher,
) -> None:
    # Both of his quotes in the article are on the harvest; only the second is on its price.
    answer = searcher.ask("What did Ardiansyah say about the price farmers get for their rice?")
    assert answer.answered and answer.passages[0].chunk.article_id == "panen"
    assert answer.lead is not None and "jangan menjual gabah" in answer.lead.text
    safety = searcher.ask("what did Budi Hartono tell the divers about safety?")
    assert safety.lead is not None and "Utamakan keselamatan" in safety.lead.text


def test_asked_what_someone_requested_the_quote_that_requests_leads(searcher: Searcher) -> None:
    answer = searcher.ask("ardiansyah minta apa soal panen raya?")
    assert answer.answered and answer.passages[0].chunk.article_id == "panen"
    assert answer.lead is not None and "jangan menjual gabah" in answer.lead.text
    # Asked what he said, the quote on the harvest itself may lead; asked what he asked for, not.
    said = searcher.ask("ardiansyah bilang apa soal hasil panen raya?")
    assert said.lead is not None and "enam ton" in said.lead.text


def test_asked_for_someones_message_to_people_their_request_leads(searcher: Searcher) -> None:
    answer = searcher.ask("budi hartono pesen apa ke tim penyelam?")
    assert answer.answered and answer.lead is not None
    assert "Utamakan keselamatan" in answer.lead.text


def test_asked_about_another_person_the_quote_on_them_not_naming_them_leads(
    searcher: Searcher,
) -> None:
    answer = searcher.ask("apa kata sarwono soal sosok hendra kusuma?")
    assert answer.answered and answer.lead is not None
    assert "sosok pekerja keras" in answer.lead.text


class _Counting(WrappedEmbedder):
    """The real model, counting the question texts it embeds."""

    def __init__(self, inner: Embedder) -> None:
        super().__init__(inner)
        self.questions = 0

    def embed_queries(self, texts: Sequence[str]) -> Vectors:
        self.questions += len(texts)
        return self.inner.embed_queries(texts)


def test_a_who_said_question_embeds_one_text_unless_it_asks_for_a_request(
    embedder: Embedder, tmp_path: Path
) -> None:
    counting = _Counting(embedder)
    build_index_from([PASAR, PANEN], tmp_path / "index", embedder)
    searcher = Searcher.open(tmp_path / "index", counting)
    answer = searcher.ask("apa kata ardiansyah soal pedagang di bahu jalan?")
    assert answer.answered and counting.questions == 1
    assert answer.lead is not None and "Pedagang tidak boleh" in answer.lead.text
    searcher.ask("ardiansyah minta apa soal panen raya?")
    assert counting.questions == 3  # the question and its topic: its asking words count
