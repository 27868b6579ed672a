"""The data folder: front-matter .md, .txt and JSONL articles; bad files are skipped loudly."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from retrieval.errors import ArticleError
from retrieval.index.articles import read_articles, save_article
from retrieval.records import Article

ROOT = Path(__file__).resolve().parents[2]
SEED_ID = "000_0e95df7f11f7d9a8"
SHARED_SEED = ROOT.parent / "shared" / "seed" / f"{SEED_ID}.txt"


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def test_front_matter_fields_and_text(tmp_path: Path) -> None:
    write(
        tmp_path / "rapat.md",
        "---\ntitle: Rapat koordinasi OPD\npublished: 2025-06-02\n"
        "url: https://kaltimprov.go.id/berita/rapat\nsource: Diskominfo Kaltim\n---\n"
        "Paragraf pertama.\nParagraf kedua.\n\n",
    )
    batch = read_articles(tmp_path)
    assert batch.warnings == ()
    (article,) = batch.articles
    assert article.id == "rapat"
    assert article.title == "Rapat koordinasi OPD"
    assert article.published == "2025-06-02"
    assert article.url == "https://kaltimprov.go.id/berita/rapat"
    assert article.source == "Diskominfo Kaltim"
    assert article.text == "Paragraf pertama.\nParagraf kedua."
    assert article.origin.endswith("rapat.md")


def test_missing_metadata_stays_none_and_txt_is_all_text(tmp_path: Path) -> None:
    write(tmp_path / "a.md", "---\ntitle: Hanya judul\n---\nIsi berita.")
    write(tmp_path / "b.txt", "---\nBukan front matter di file teks.\r\nBaris dua.\r\n")
    write(tmp_path / "c.md", "Berita tanpa front matter.")
    a, b, c = read_articles(tmp_path).articles
    assert (a.title, a.url, a.published, a.source) == ("Hanya judul", None, None, None)
    assert b.text == "---\nBukan front matter di file teks.\nBaris dua."
    assert b.title is None
    assert c.text == "Berita tanpa front matter."


def test_jsonl_one_article_per_line_with_bad_lines_reported(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "p1", "title": "", "text": "Teks satu.", "url": "https://x.id/1"}),
        "{broken json",
        json.dumps({"id": "p2", "title": "Judul"}),
        json.dumps({"id": "p1", "text": "Duplikat."}),
        "",
        json.dumps({"id": "p3", "text": "Teks tiga.", "published": "2026-01-05"}),
    ]
    raw = "\n".join(lines).encode() + b"\n" + b'{"id": "p4", "text": "caf\xe9"}\n'
    write(tmp_path / "corpus.jsonl", raw)
    batch = read_articles(tmp_path)
    assert [a.id for a in batch.articles] == ["p1", "p3"]
    p1, p3 = batch.articles
    assert p1.title is None  # an empty title is unknown, not ""
    assert p1.url == "https://x.id/1"
    assert p3.published == "2026-01-05"
    assert p1.origin.endswith("corpus.jsonl:1")
    joined = "\n".join(batch.warnings)
    assert len(batch.warnings) == 4
    assert "corpus.jsonl:2" in joined and "bad JSON" in joined
    assert "corpus.jsonl:3" in joined and 'missing "text"' in joined
    assert "corpus.jsonl:4" in joined and "duplicate" in joined
    assert "corpus.jsonl:7" in joined and "not UTF-8" in joined


def test_bad_files_are_skipped_with_a_warning_naming_each(tmp_path: Path) -> None:
    write(tmp_path / "good.md", "---\ntitle: Baik\n---\nBerita yang baik.")
    write(tmp_path / "latin1.md", "Berita dengan é".encode("latin-1"))
    write(tmp_path / "empty.txt", "  \n\n")
    write(tmp_path / "junk.txt", bytes(range(256)) * 4)
    write(tmp_path / "only_meta.md", "---\ntitle: Tanpa isi\n---\n\n")
    write(tmp_path / "unclosed.md", "---\ntitle: Lupa penutup\nIsi berita.")
    write(tmp_path / "empty.jsonl", "")
    os.symlink(tmp_path / "nowhere.md", tmp_path / "dangling.md")
    batch = read_articles(tmp_path)
    assert [a.id for a in batch.articles] == ["good"]
    reasons = {Path(w.split(":")[0]).name: w for w in batch.warnings}
    assert set(reasons) == {
        "latin1.md",
        "empty.txt",
        "junk.txt",
        "only_meta.md",
        "unclosed.md",
        "empty.jsonl",
        "dangling.md",
    }
    assert "not UTF-8" in reasons["latin1.md"]
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["junk.txt"]
    assert "no article text" in reasons["only_meta.md"]
    assert "closing '---'" in reasons["unclosed.md"]
    assert "cannot be read" in reasons["dangling.md"]


def test_recursive_sorted_and_hidden_or_foreign_files_skipped(tmp_path: Path) -> None:
    write(tmp_path / "z.md", "Zeta.")
    write(tmp_path / "2025" / "06" / "b.txt", "Beta.")
    write(tmp_path / "a.md", "Alfa.")
    write(tmp_path / ".index" / "chunks.md", "Bukan artikel.")
    write(tmp_path / ".draft.md", "Draf tersembunyi.")
    write(tmp_path / "notes.pdf", "%PDF")
    write(tmp_path / "README", "Bukan artikel.")
    batch = read_articles(tmp_path)
    assert [a.id for a in batch.articles] == ["b", "a", "z"]  # by path: 2025/06/b.txt < a.md
    assert batch.warnings == ()
    assert read_articles(tmp_path) == batch


def test_duplicate_ids_across_files_first_wins(tmp_path: Path) -> None:
    write(tmp_path / "berita.md", "Yang pertama.")
    write(tmp_path / "lama" / "berita.md", "Yang kedua.")
    batch = read_articles(tmp_path)
    assert [a.text for a in batch.articles] == ["Yang pertama."]
    assert len(batch.warnings) == 1
    assert "duplicate" in batch.warnings[0] and "lama" in batch.warnings[0]


def test_missing_data_folder_is_an_article_error(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="not found"):
        read_articles(tmp_path / "nope")


@pytest.mark.parametrize(
    "article",
    [
        Article(id="sederhana", text="Satu paragraf."),
        Article(
            id="berita-2025-06-02",
            text="Paragraf satu.\nParagraf “dua”: kutipan.",
            title='Rapat: "Sinergi" #1 – Pemprov Kaltim',
            url="https://kaltimprov.go.id/berita?id=7&x=a: b",
            published="2025-06-02T08:30:00+08:00",
            source="Diskominfo Kaltim",
        ),
        Article(
            id="judul-aneh",
            text="Isi.",
            title="- [mulai] dengan tanda\nbaris dua",
            source="'kutip'",
        ),
        Article(id="berita/2025 06: Rapat Gubernur", text="Isi berita.", title="Judul: Rapat"),
    ],
)
def test_save_then_read_returns_an_equal_article(tmp_path: Path, article: Article) -> None:
    path = save_article(article, tmp_path)
    assert path.parent == tmp_path
    assert path.suffix == ".md"
    assert not path.name.startswith(".")
    assert all(c.isalnum() or c in "._-" for c in path.stem)
    batch = read_articles(tmp_path)
    assert batch.warnings == ()
    assert batch.articles == (replace(article, origin=str(path)),)


def test_save_replaces_the_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    save_article(Article(id="a", text="Versi satu.", title="Lama"), tmp_path)
    path = save_article(Article(id="a", text="Versi dua."), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md"]
    (article,) = read_articles(tmp_path).articles
    assert (article.text, article.title) == ("Versi dua.", None)
    assert path.stat().st_mode & 0o044  # readable by others, unlike mkstemp's default


def test_save_refuses_an_article_without_text(tmp_path: Path) -> None:
    with pytest.raises(ArticleError):
        save_article(Article(id="kosong", text=" \n"), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_seed_article_is_in_data_with_nothing_invented() -> None:
    batch = read_articles(ROOT / "data")
    assert batch.warnings == ()
    seed = next(a for a in batch.articles if a.id == SEED_ID)
    assert (seed.title, seed.url, seed.published) == (None, None, None)
    assert seed.text.startswith("Sekretaris DPRD Provinsi Kalimantan Timur, Norhayati Usman,")
    assert seed.text.endswith("ke depan. (adv)")
    if SHARED_SEED.exists():
        assert seed.text == SHARED_SEED.read_text(encoding="utf-8").rstrip()
