"""Someone asked for by another name than the one their office is written with: a body's
acronym ("ketum dprn" for "Ketua Umum Dewan Pimpinan Rekaan Nasional"), a short office
("waketum"), or the name they go by ("Kang Hendra" of "Hendra Wijaya atau Kang Hendra"). Every
text is made up."""

from retrieval.records import Article
from retrieval.search.plan import make_plan
from retrieval.search.speakers import Directory
from retrieval.text.acronyms import acronyms
from retrieval.text.nicknames import nickname_after
from tests.unit.test_speaker_offices import directory

ARTICLES = (
    Article(id="a1", text=(
        "Ketua Umum Dewan Pimpinan Rekaan Nasional Hendra Wijaya atau Kang Hendra meresmikan "
        "kantor baru di Sleman.\n"
        "“Kantor ini terbuka untuk semua anggota,” kata Kang Hendra.")),
    Article(id="a2", text=(
        "Wakil Ketua Umum Partai Contoh Rina Samaran menanggapi hasil survei terbaru.\n"
        "“Survei itu jadi cambuk bagi kami,” kata Rina.")),
    Article(id="a3", text=(
        "Warga Bantul masih menebak apakah Budi Santoso atau Andi Wirawan yang akan maju.\n"
        "“Saya belum memutuskan,” kata Andi Wirawan.\n"
        "Ketua Koperasi Rekaan Budi Santoso meninjau gudang beras.")),
)


def _people() -> Directory:
    return directory(ARTICLES)


def test_a_body_asked_by_its_acronym_finds_whoever_heads_it_written_out() -> None:
    plan = make_plan("ketum dprn bilang apa soal kantor baru?", _people())
    assert [p.name for p in plan.speakers] == ["Hendra Wijaya"]
    assert not plan.absent


def test_the_quotes_credited_to_the_name_someone_goes_by_are_theirs() -> None:
    plan = make_plan("kang hendra ngomong apa soal kantor baru?", _people())
    assert [p.name for p in plan.speakers] == ["Hendra Wijaya"]
    assert plan.speaks("Kang Hendra") and plan.lead


def test_a_deputy_chair_asked_by_the_short_form() -> None:
    plan = make_plan("waketum contoh komentar apa soal survei?", _people())
    assert [p.name for p in plan.speakers] == ["Rina Samaran"]


def test_or_between_two_names_makes_no_alias() -> None:
    plan = make_plan("andi wirawan bilang apa soal pencalonan?", _people())
    assert [p.name for p in plan.speakers] == ["Andi Wirawan"]
    assert not plan.speaks("Budi Santoso")


def test_acronyms_come_from_runs_of_three_or_more_capitalised_words() -> None:
    assert "pbr" in acronyms("Ketua Umum Pengurus Besar Rekaan")
    assert "dprd" not in acronyms("Ketua DPRD Sleman")  # capitals already: no run of words
    assert acronyms("Kepala Dinas") == set()


def test_a_nickname_after_or_only_when_it_looks_like_one() -> None:
    def after(text: str, full: str) -> str | None:
        return nickname_after(text, text.index(full) + len(full), full)

    assert after("Kata Joko Samaran alias Jack, kemarin", "Joko Samaran") == "Jack"
    assert after("Bupati Hendra Wijaya atau Hendrawi hadir", "Hendra Wijaya") == "Hendrawi"
    assert after("Menteri Budi Santoso atau Cak Budi hadir", "Budi Santoso") == "Cak Budi"
    assert after("apakah Budi Santoso atau Andi Wirawan", "Budi Santoso") is None


def test_an_office_written_without_its_province_is_where_its_articles_are() -> None:
    articles = (
        Article(id="p1", text=(
            "SEMARANG – Pemprov Jawa Tengah menggelar apel siaga banjir.\n"
            "“Semua posko harus siap malam ini,” kata Gubernur Sutrisno Rekaan.")),
        Article(id="p2", text=(
            "Gubernur Wahyu Contoh meninjau tanggul yang jebol.\n"
            "“Perbaikan selesai pekan depan,” kata Wahyu.")),
    )
    people = directory(ARTICLES + articles)
    # Governor Sutrisno's articles are in Central Java; Governor Wahyu's name no province.
    central = make_plan("gubernur jateng bilang apa soal banjir?", people)
    assert [p.name for p in central.speakers] == ["Sutrisno Rekaan", "Wahyu Contoh"]
    bali = make_plan("gubernur bali bilang apa soal banjir?", people)
    assert [p.name for p in bali.speakers] == ["Wahyu Contoh"]
