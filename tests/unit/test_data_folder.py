"""What of the data folder is an article, the same for `index`, `export` and `import`: links out
of the folder, file names that are not UTF-8 and articles over the size cap are left out, each
with one warning naming it, and the rest goes on."""

from __future__ import annotations

import io
import json
import os
import tarfile
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from retrieval.errors import ArticleError, TooLarge
from retrieval.index.articles import read_articles, save_article
from retrieval.index.datafiles import MAX_ARTICLE_FILE
from retrieval.records import MAX_ARTICLE_BYTES, Article
from retrieval.web.library import Library
from tests.support.hashed_index import make_index, use_hash_model

SECRET = "Kata sandi gudang arsip adalah merpati-biru-77."
BAD_NAME = os.fsdecode(b"catatan \xff rapat.md")  # a byte from a Latin-1 system
BIG = "Warga desa menanam padi di sawah baru. " * (MAX_ARTICLE_FILE // 39 + 1)  # over any cap


@pytest.fixture
def installed(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installation with the seed article, settings pointing at it, the hashing model."""
    make_index(clean_env)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(clean_env / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    monkeypatch.setenv("BRIEFBOT_STATE_DIR", str(clean_env / "data" / ".state"))
    use_hash_model(monkeypatch)
    yield clean_env


def _outside_links(root: Path) -> None:
    """data/passwd.txt and data/luar/ lead out of the folder; data/salinan.md stays inside."""
    outside = root / "outside"
    outside.mkdir()
    (outside / "rahasia.txt").write_text(SECRET, encoding="utf-8")
    (outside / "lain.md").write_text(SECRET, encoding="utf-8")
    data = root / "data"
    (data / "2025").mkdir()
    (data / "2025" / "asli.md").write_text("Camat meresmikan pasar baru di kecamatan.\n")
    os.symlink(outside / "rahasia.txt", data / "passwd.txt")
    os.symlink(outside, data / "luar")
    os.symlink(data / "2025" / "asli.md", data / "salinan.md")
    (data / ".state").mkdir(exist_ok=True)
    os.symlink(data / ".state", data / "keadaan")  # inside, but into a hidden folder


def _members(archive: Path) -> dict[str, bytes]:
    with tarfile.open(archive) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}  # type: ignore[union-attr]


def test_links_out_of_the_data_folder_are_not_indexed_and_the_summary_says_so(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _outside_links(installed)
    batch = read_articles(installed / "data")
    assert all(SECRET not in a.text for a in batch.articles)
    assert {a.id for a in batch.articles} >= {"asli", "salinan"}  # a link inside is followed
    assert main(["index"]) == 0
    out = capsys.readouterr()
    warned = [line for line in out.err.splitlines() if "outside the data folder" in line]
    assert sorted(Path(w.split(": ")[1]).name for w in warned) == ["keadaan", "luar", "passwd.txt"]
    assert "indexed 3 articles" in out.out and "2 added" in out.out  # asli, salinan, the seed


def test_export_never_follows_a_link_out_of_the_data_folder(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _outside_links(installed)
    state = installed / "data" / ".state"
    os.symlink(installed / "outside" / "rahasia.txt", state / "catatan.json")
    archive = installed / "backup.tar.gz"
    assert main(["export", str(archive)]) == 0
    members = _members(archive)
    assert all(SECRET.encode() not in content for content in members.values())
    assert members["articles/salinan.md"] == members["articles/2025/asli.md"]
    err = capsys.readouterr().err
    assert "passwd.txt: skipped" in err and "luar: skipped" in err
    assert "catatan.json: skipped, a link" in err


def test_a_file_name_that_is_not_utf8_is_skipped_with_one_warning_by_index_and_export(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = installed / "data"
    (data / BAD_NAME).write_text("Bupati membuka festival budaya.\n", encoding="utf-8")
    folder = data / os.fsdecode(b"arsip \xfe lama")
    folder.mkdir()
    (folder / "a.md").write_text("Isi arsip lama.\n", encoding="utf-8")
    assert main(["index"]) == 0  # a traceback after embedding, before
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if "not UTF-8" in line]
    assert len(lines) == 2 and all("\ufffd" in line for line in lines), err
    archive = installed / "backup.tar.gz"
    assert main(["export", str(archive)]) == 0
    assert all("\ufffd" not in name and "rapat" not in name for name in _members(archive))
    assert sum("not UTF-8" in line for line in capsys.readouterr().err.splitlines()) == 2


def test_import_skips_a_member_whose_name_is_not_utf8(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = installed / "lain.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in [("briefbot-backup.json", json.dumps({"format": 1}).encode()),
                              (f"articles/{BAD_NAME}", b"Teks berita lain.\n"),
                              ("articles/baik.md", b"Teks berita baik.\n")]:  # fmt: skip
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    assert main(["import", str(archive)]) == 0
    out = capsys.readouterr()
    assert "not UTF-8" in out.err and "1 new" in out.out
    assert sorted(p.name for p in (installed / "data").glob("*.md"))[-1] == "baik.md"
    assert not any("\udcff" in p.name for p in (installed / "data").iterdir())


def test_an_article_over_the_size_cap_is_skipped_without_being_read_whole(
    tmp_path: Path,
) -> None:
    (tmp_path / "kecil.md").write_text("Lurah membagikan bibit.\n", encoding="utf-8")
    with open(tmp_path / "raksasa.txt", "wb") as out:
        out.truncate(60 << 20)  # 60 MB of NUL bytes, without writing them
    (tmp_path / "besar.md").write_text(BIG, encoding="utf-8")
    lines = [{"id": "a", "text": "Satu."}, {"id": "b", "text": BIG}, {"id": "c", "text": "Tiga."}]
    (tmp_path / "kumpulan.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    tracemalloc.start()
    try:
        batch = read_articles(tmp_path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in batch.articles] == ["kecil", "a", "c"]
    assert peak < 4 * MAX_ARTICLE_FILE  # the 60 MB file was never read
    skipped = [w for w in batch.warnings if "larger than the 5 MB an article may hold" in w]
    assert sorted(Path(w.split(":")[0]).name for w in skipped) == [
        "besar.md", "kumpulan.jsonl", "raksasa.txt"]  # fmt: skip
    assert any("kumpulan.jsonl:2: skipped line" in w for w in skipped)


def test_the_cap_counts_the_text_in_utf8_bytes(tmp_path: Path) -> None:
    line = "Pasar “Segiri” dibuka lagi.\n"  # curly quotes: 3 bytes each in UTF-8
    text = line * (MAX_ARTICLE_BYTES // len(line.encode()))
    fill = MAX_ARTICLE_BYTES - len(text.encode())
    (tmp_path / "pas.txt").write_text(text + "a" * fill, encoding="utf-8")
    (tmp_path / "lewat.txt").write_text(text + "a" * (fill + 1), encoding="utf-8")
    batch = read_articles(tmp_path)
    assert [a.id for a in batch.articles] == ["pas"]
    assert batch.warnings == (f"{tmp_path / 'lewat.txt'}: skipped, larger than the 5 MB an "
                              "article may hold",)  # fmt: skip


def test_an_article_over_the_size_cap_is_never_stored(tmp_path: Path) -> None:
    big = Article(id="besar", text=BIG, url="https://contoh.go.id/besar")
    with pytest.raises(ArticleError):
        save_article(big, tmp_path)
    with pytest.raises(TooLarge) as refused:
        Library(tmp_path).store(big)  # `briefbot add`, /add and feeds store through this
    assert refused.value.limit == MAX_ARTICLE_BYTES
    assert list(tmp_path.iterdir()) == []


def test_import_skips_articles_over_the_size_cap(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = installed / "besar.tar.gz"
    lines = [{"id": "x", "text": "Pendek."}, {"id": "y", "text": BIG}]
    jsonl = "".join(json.dumps(line) + "\n" for line in lines).encode()
    with tarfile.open(archive, "w:gz", compresslevel=1) as tar:
        for name, content in [("briefbot-backup.json", json.dumps({"format": 1}).encode()),
                              ("articles/besar.md", BIG.encode()),
                              ("articles/banyak.jsonl", jsonl),
                              ("articles/baik.md", b"Teks berita baik.\n")]:  # fmt: skip
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    assert main(["import", str(archive)]) == 0
    err = capsys.readouterr().err
    assert "besar.md: skipped, larger than the 5 MB" in err
    assert "banyak.jsonl: skipped, a line is larger than the 5 MB" in err
    assert (installed / "data" / "baik.md").exists()
    assert not (installed / "data" / "besar.md").exists()
    assert not (installed / "data" / "banyak.jsonl").exists()


def test_import_never_writes_through_a_link_out_of_the_data_folder(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _outside_links(installed)
    archive = installed / "masuk.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, content in [("briefbot-backup.json", json.dumps({"format": 1}).encode()),
                              ("articles/passwd.txt", b"Teks pengganti.\n")]:  # fmt: skip
            info = tarfile.TarInfo(name)
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    assert main(["import", str(archive), "--force"]) == 1
    assert "would be written outside" in capsys.readouterr().err
    assert (installed / "outside" / "rahasia.txt").read_text(encoding="utf-8") == SECRET
