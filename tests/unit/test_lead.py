"""The answer's first line: the answering sentence; how many passages are close to the best."""

from __future__ import annotations

from retrieval.index.lexical import LexicalIndex
from retrieval.records import Chunk, Quote, Span
from retrieval.search.lead import LEAD_CHARS, close_count, pick_lead, sentence_spans

TEXT = (
    "Rapat koordinasi digelar di aula kantor bupati pada Senin pagi. "
    "Bupati Andi Saputra meminta semua dinas mempercepat perbaikan jalan desa. "
    "“Jalan desa adalah urat nadi ekonomi warga, jangan ditunda lagi,” kata Andi. "
    "Anggaran perbaikan jalan tahun ini mencapai Rp 40 miliar."
)
QUOTE_TEXT = "Jalan desa adalah urat nadi ekonomi warga, jangan ditunda lagi"
START = 1000


def chunk() -> Chunk:
    at = TEXT.index(QUOTE_TEXT)
    quote = Quote(QUOTE_TEXT, "Andi Saputra", "Bupati", START + at, START + at + len(QUOTE_TEXT))
    return Chunk("a1", 0, START, START + len(TEXT), TEXT, (quote,))


IDF = LexicalIndex([TEXT, "Teks lain tentang pasar dan harga beras.", "Cuaca cerah."]).idf


def test_the_sentence_sharing_the_rarest_words_with_the_question_leads() -> None:
    lead = pick_lead(chunk(), "Berapa anggaran perbaikan jalan?", IDF)
    assert lead.text == "Anggaran perbaikan jalan tahun ini mencapai Rp 40 miliar."
    assert TEXT[lead.start - START : lead.end - START] == lead.text


def test_a_quote_and_its_attribution_lead_as_one_sentence() -> None:
    lead = pick_lead(chunk(), "Apa kata bupati soal urat nadi ekonomi?", IDF)
    assert lead.text.startswith("“Jalan desa") and lead.text.endswith("kata Andi.")


def test_without_shared_words_the_sentence_of_the_relevant_quote_leads() -> None:
    c = chunk()
    lead = pick_lead(c, "What did the regent say about village roads?", IDF, c.quotes[0])
    assert QUOTE_TEXT in lead.text
    assert pick_lead(c, "What did the regent say?", IDF).text.startswith("Rapat koordinasi")


def test_a_very_long_sentence_is_cut_at_a_word() -> None:
    long = "Pembangunan " + "jembatan baru di desa " * 60 + "selesai."
    c = Chunk("a2", 0, 0, len(long), long)
    lead = pick_lead(c, "jembatan", IDF)
    assert len(lead.text) <= LEAD_CHARS and lead.text.endswith("…")


def test_only_passages_close_to_the_best_are_shown() -> None:
    assert close_count([2.0, 1.8, 0.5], gap=1.0) == 2
    assert close_count([2.0, 1.9, 1.5], gap=1.0) == 3
    assert close_count([2.0, -1.0, -1.2], gap=1.0) == 1
    assert close_count([], gap=1.0) == 0
    # Raw BM25 has no fixed scale: the gap is a fraction of the best.
    assert close_count([10.0, 8.0, 6.0], gap=0.3, relative=True) == 2
    # Newest-first answers are not sorted by score: the run stops at the first one too low.
    assert close_count([1.0, 2.0, 0.1, 1.9], gap=0.5) == 2


def test_asking_for_someones_words_leads_with_their_quote() -> None:
    c = chunk()
    question = "Apa kata Bupati soal dinas mempercepat perbaikan?"  # the second sentence
    assert not pick_lead(c, question, IDF).text.startswith("“Jalan desa")
    lead = pick_lead(c, question, IDF, c.quotes[0], quote_first=True)
    assert lead.text.startswith("“Jalan desa") and lead.text.endswith("kata Andi.")


def _meaning(cosines: list[float]) -> list[tuple[Span, float]]:
    spans = sentence_spans(chunk())
    assert len(spans) == len(cosines)
    return [(Span(START + s.start, START + s.end), c) for s, c in zip(spans, cosines, strict=True)]


def test_the_next_sentence_nearly_as_close_is_read_with_the_lead() -> None:
    question = "Apa isi rapat koordinasi?"
    lead = pick_lead(chunk(), question, IDF, meaning=_meaning([0.85, 0.84, 0.5, 0.5]))
    assert lead.text.startswith("Rapat koordinasi") and lead.text.endswith("jalan desa.")
    assert TEXT[lead.start - START : lead.end - START] == lead.text
    alone = pick_lead(chunk(), question, IDF, meaning=_meaning([0.85, 0.7, 0.5, 0.5]))
    assert alone.text == "Rapat koordinasi digelar di aula kantor bupati pada Senin pagi."


def test_a_who_said_lead_is_the_quote_sentence_alone() -> None:
    c = chunk()
    lead = pick_lead(c, "Apa kata Bupati?", IDF, c.quotes[0], quote_first=True,
                     meaning=_meaning([0.5, 0.5, 0.85, 0.84]))
    assert lead.text.startswith("“Jalan desa") and lead.text.endswith("kata Andi.")


def test_a_long_quote_leads_from_its_sentence_on_the_topic_asked() -> None:
    said = (
        "Kami bersyukur pembangunan berjalan sesuai rencana dan warga ikut mengawasi setiap tahap "
        "pekerjaan di lapangan sejak awal tahun. Semua pihak bekerja keras siang dan malam agar "
        "target tidak meleset, termasuk para mandor dan pengawas dari dinas terkait. Kami juga "
        "berterima kasih kepada pemerintah pusat atas dukungan yang diberikan selama ini kepada "
        "daerah kami. Untuk bendungan irigasi, airnya akan mengairi dua ribu hektare sawah "
        "petani mulai musim tanam depan."
    )
    text = f"Bupati Andi Saputra meninjau proyek. “{said}” kata Andi."
    at = text.index(said)
    quote = Quote(said, "Andi Saputra", "Bupati", at, at + len(said))
    c = Chunk("a3", 0, 0, len(text), text, (quote,))
    lead = pick_lead(c, "apa kata bupati soal bendungan irigasi?", IDF, quote, quote_first=True)
    assert lead.text.startswith("… Untuk bendungan irigasi") and len(lead.text) <= LEAD_CHARS
    assert quote.start < lead.start and lead.text.endswith("kata Andi.")


def test_a_question_the_article_asks_is_not_the_answer() -> None:
    text = (
        "Mengapa pasar induk ditutup pekan ini? "
        "Pengelola menutupnya karena atap los ikan runtuh diterjang angin."
    )
    c = Chunk("a4", 0, 0, len(text), text)
    lead = pick_lead(c, "kenapa pasar induk ditutup pekan ini?", IDF)
    assert lead.text.startswith("Pengelola menutupnya")


def test_asked_which_things_the_lead_reads_on_from_announcing_them_to_naming_them() -> None:
    text = (
        "Kepala dinas menyebut ada tiga desa yang paling parah terdampak banjir. "
        "“Kami sudah kirim bantuan sejak kemarin,” kata Budi. "
        "Ketiga desa itu ialah Desa Rekaan, Desa Contoh, serta Desa Samaran. "
        "Warga mengungsi ke balai desa."
    )
    passage = Chunk("a2", 0, 0, len(text), text, ())
    spans = sentence_spans(passage)
    meaning = [(s, c) for s, c in zip(spans, [0.9, 0.8, 0.78, 0.7], strict=True)]
    lead = pick_lead(passage, "desa mana aja yg paling parah kena banjir", IDF, meaning=meaning)
    assert "Desa Rekaan, Desa Contoh, serta Desa Samaran" in lead.text
    # Asked how many, the announcing sentence is the answer.
    count = pick_lead(passage, "berapa desa yg paling parah kena banjir", IDF, meaning=meaning)
    assert count.text.startswith("Kepala dinas menyebut ada tiga desa")
    assert "Desa Rekaan" not in count.text


def test_a_sentence_holding_the_asked_kind_does_not_outscore_the_one_naming_them() -> None:
    text = (
        "Dinas menyebut ada dua kota tujuan utama pengiriman bibit tahun ini. "
        "Menurut Budi, kuota di Sleman lebih besar daripada tahun lalu. "
        "Kedua kota yang dimaksud adalah Bantul dan Sleman."
    )
    passage = Chunk("a3", 0, 0, len(text), text, ())
    spans = sentence_spans(passage)
    meaning = [(s, c) for s, c in zip(spans, [0.88, 0.86, 0.80], strict=True)]

    def holds_place(sentence: str) -> bool:
        return "Sleman" in sentence or "Bantul" in sentence

    lead = pick_lead(
        passage, "bibit dikirim ke kota mana aja", IDF, meaning=meaning, holds_answer=holds_place
    )
    assert "Bantul dan Sleman" in lead.text
    assert "kuota" not in lead.text
