"""Engine errors in the words of a chat or report: one lookup by the error's code, id and en.

The engine's message (English, the fact only) is kept as `{detail}` where it names what the
reader needs, such as a file or folder; what to do next is said by the text around it.
"""

from __future__ import annotations

from bot.present.texts import texts
from retrieval.errors import BriefbotError, QuestionError

_ID = {
    "bad_scheme": "bukan alamat web (harus diawali http:// atau https://)",
    "blocked_address": "alamat itu menuju jaringan internal atau privat; demi keamanan tidak "
    "diambil",
    "too_many_redirects": "terlalu banyak pengalihan (redirect), atau pengalihannya berputar",
    "fetch_timeout": "situsnya tidak menjawab tepat waktu, juga setelah dicoba ulang",
    "http_status": "situsnya menjawab dengan kode HTTP {status}",
    "too_large": "halamannya terlalu besar (lebih dari {mb} MB)",
    "wrong_content_type": "bukan halaman HTML (jenis isinya: {type})",
    "no_article_text": "tidak ada teks artikel di halaman itu; tidak ada yang disimpan",
    "bad_feed": "bukan feed RSS/Atom yang bisa dibaca",
    "robots_disallowed": "robots.txt situs itu tidak mengizinkan halaman ini diambil",
    "no_source": "tidak ditemukan feed, API WordPress, sitemap, atau daftar artikel di situs itu",
    "document_error": "dokumen tidak bisa dibaca ({detail})",
    "no_document_text": "dokumen ini tidak berisi teks yang bisa dibaca (PDF hasil pindaian "
    "berupa gambar?); kirim versi teksnya, misalnya PDF asli atau DOCX",
    "unsupported_document": "jenis berkas ini tidak didukung; kirim PDF, DOCX, atau TXT",
    "fetch_error": "gagal mengambil halaman ({detail})",
    "index_busy": "pengindeksan lain sedang menulis indeks; coba lagi nanti",
    "index_missing": "indeks belum ada ({detail})",
    "index_corrupt": "berkas indeks rusak ({detail})",
    "index_mismatch": "indeks dibuat untuk model atau versi lain ({detail})",
    "index_store_error": "folder indeks tidak bisa ditulis ({detail})",
    "no_articles": "tidak ada artikel yang bisa dibaca di folder data ({detail})",
    "article_error": "artikel tidak bisa dibaca ({detail})",
    "model_error": "model embedding tidak bisa dimuat ({detail})",
    "state_error": "basis data status bot tidak bisa dibaca atau ditulis ({detail})",
}
_EN = {
    "bad_scheme": "not a web address (it must start with http:// or https://)",
    "blocked_address": "the address leads into an internal or private network; refused for "
    "safety",
    "too_many_redirects": "too many redirects, or a redirect loop",
    "fetch_timeout": "the site did not answer in time, also after retries",
    "http_status": "the site answered with HTTP status {status}",
    "too_large": "the page is too large (over {mb} MB)",
    "wrong_content_type": "not an HTML page (its content type: {type})",
    "no_article_text": "no article text on that page; nothing was stored",
    "bad_feed": "not a readable RSS/Atom feed",
    "robots_disallowed": "the site's robots.txt does not allow fetching this page",
    "no_source": "no feed, WordPress API, sitemap or article listing found on that site",
    "document_error": "the document cannot be read ({detail})",
    "no_document_text": "the document holds no readable text (a scanned PDF of images?); "
    "send a text version, such as the original PDF or a DOCX",
    "unsupported_document": "this kind of file is not supported; send a PDF, DOCX or TXT",
    "fetch_error": "could not fetch the page ({detail})",
    "index_busy": "another indexing run is writing the index; try again later",
    "index_missing": "there is no index yet ({detail})",
    "index_corrupt": "a file of the index is damaged ({detail})",
    "index_mismatch": "the index was built for another model or version ({detail})",
    "index_store_error": "the index folder cannot be written ({detail})",
    "no_articles": "no readable articles in the data folder ({detail})",
    "article_error": "an article cannot be read ({detail})",
    "model_error": "the embedding model cannot be loaded ({detail})",
    "state_error": "the bot's state database cannot be read or written ({detail})",
}


def describe_error(error: BriefbotError, lang: str) -> str:
    """Why something failed, in the reader's language; an unknown code shows the engine's fact."""
    words = (_EN if lang == "en" else _ID).get(error.code, "{detail}")
    limit = getattr(error, "limit", 0)  # TooLarge; status and type likewise on their errors
    return words.format(
        detail=str(error),
        status=getattr(error, "status", ""),
        mb=f"{limit / 1_000_000:g}",
        type=getattr(error, "content_type", "") or "-",
    )


def question_refused(code: str, lang: str) -> str:
    """What a chat or terminal answers to a question the engine refused (QuestionError.code)."""
    t = texts(lang)
    out = code == QuestionError.OUT_OF_CALENDAR
    return t.question_out_of_calendar if out else t.question_invalid
