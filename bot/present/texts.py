"""Every user-facing string of briefbot, in Bahasa Indonesia and English, and language detection."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from retrieval.text.language import guess_language


@dataclass(frozen=True)
class Texts:
    """The bot's own words in one language; `{}` fields are filled with str.format by the caller."""

    # Answers
    answer_heading: str
    more_heading: str
    sources_heading: str
    not_found: str
    not_found_hint_bot: str
    not_found_hint_cli: str
    untitled: str
    speaker_unknown: str
    unquoted: str  # {who}: the person asked about, named in the articles but never quoted
    # {who} is quoted in the articles, never on {topic}; their nearest quotes follow, labelled
    off_topic: str
    off_topic_nearest: str
    shortened: str
    no_more_sources: str
    more_sent: str  # "Sumber lain" pressed again: that page is already in the chat
    months: tuple[str, ...]
    # What time words did: "{period}" is the words and the dates, e.g. "bulan lalu (1 – 31 Mei)"
    time_period: str
    time_undated: str
    time_outside: str
    time_none: str
    time_latest: str
    # Buttons and their notices
    button_more: str
    button_up: str
    button_down: str
    feedback_thanks: str
    stale_button: str
    # Conversation
    start: str
    help_private: str
    help_group: str
    ask_usage: str
    non_text: str
    rate_limited: str
    question_invalid: str
    question_out_of_calendar: str
    not_ready: str
    index_missing: str
    apology: str
    # Listings
    sources_list_heading: str
    sources_none: str
    sources_page: str
    quotes_heading: str
    quotes_by_heading: str
    quotes_none: str
    quotes_usage: str
    # Admin
    admin_refused: str
    reindex_started: str
    reindex_progress: str
    reindex_done: str
    reindex_busy: str
    reindex_failed: str
    reindex_skipped: str
    internal_error: str
    stats: str
    age_units: tuple[str, str, str, str]  # seconds, minutes, hours, days
    # Command menus: (command, description)
    menu_private: tuple[tuple[str, str], ...]
    menu_group: tuple[tuple[str, str], ...]
    menu_admin: tuple[tuple[str, str], ...]


ID = Texts(
    answer_heading="Yang saya temukan di artikel:",
    more_heading="Sumber lain:",
    sources_heading="Sumber",
    not_found="Maaf, saya tidak menemukan jawaban di artikel yang ada.",
    not_found_hint_bot=(
        "Coba tanyakan dengan kata lain, sebut nama pejabat atau topiknya, "
        "atau lihat daftar artikel dengan /sources."
    ),
    not_found_hint_cli=(
        "Coba tanyakan dengan kata lain, sebut nama pejabat atau topiknya, "
        "atau lihat kutipan yang ada dengan `briefbot quotes`."
    ),
    untitled="tanpa judul",
    speaker_unknown="pembicara tidak disebutkan",
    unquoted="{who} tidak dikutip langsung di artikel; berikut bagian yang menyebutnya.",
    off_topic="{who} tidak dikutip soal “{topic}” di artikel yang ada.",
    off_topic_nearest="Yang pernah dikatakan {who} (bukan jawaban atas pertanyaan ini):",
    shortened="(jawaban dipersingkat)",
    no_more_sources="Tidak ada sumber lain untuk pertanyaan ini.",
    more_sent="Sumber lain itu sudah dikirim di atas.",
    months=(
        "Januari", "Februari", "Maret", "April", "Mei", "Juni",
        "Juli", "Agustus", "September", "Oktober", "November", "Desember",
    ),
    time_period="Disaring menurut tanggal terbit: {period}.",
    time_undated=(
        "Tidak ada artikel bertanggal {period} yang menjawab; "
        "yang di atas dari artikel tanpa tanggal."
    ),
    time_outside=(
        "Tidak ada artikel terbit {period}; yang di atas dari tanggal lain, "
        "periksa tanggal terbitnya."
    ),
    time_none="Tidak ada artikel terbit {period}.",
    time_latest="Artikel terbaru lebih dulu.",
    button_more="Sumber lain",
    button_up="👍",
    button_down="👎",
    feedback_thanks="Terima kasih atas masukannya!",
    stale_button="Tombol ini sudah kedaluwarsa. Silakan ajukan pertanyaannya lagi.",
    start=(
        "Halo! Saya menjawab pertanyaan tentang briefing Pemerintah Provinsi Kalimantan Timur, "
        "dengan kutipan langsung dan sumber yang bisa dicek.\n\n"
        "Tulis saja pertanyaan Anda, misalnya: <i>Apa kata Gubernur tentang koordinasi?</i>\n\n"
        "/ikuti &lt;nama atau topik&gt; mengabari Anda setiap ada artikel baru yang cocok; "
        "/help menampilkan semua perintah."
    ),
    help_private=(
        "Tulis pertanyaan apa saja tentang briefing Pemprov Kaltim; saya jawab dari artikel "
        "yang ada, dengan kutipan dan sumbernya.\n\n"
        "/sources — daftar artikel\n"
        "/quotes [nama] — kutipan langsung, bisa per pembicara\n"
        "/ikuti &lt;nama atau topik&gt; — kabar setiap ada artikel baru yang cocok\n"
        "/berhenti &lt;…&gt; · /diikuti — berhenti mengikuti · daftar yang diikuti\n"
        "/ringkasan [JJ:MM|off] — ringkasan harian artikel baru\n"
        "/help — bantuan ini\n\n"
        "Di grup: /ask &lt;pertanyaan&gt;, sebut saya, atau balas pesan saya. "
        "Di chat mana pun: ketik @{bot} &lt;pertanyaan&gt; untuk membagikan kutipan."
    ),
    help_group=(
        "Tanya dengan /ask &lt;pertanyaan&gt; (atau /tanya), sebut saya, atau balas pesan saya.\n"
        "Admin grup: /ikuti &lt;nama atau topik&gt;, /berhenti, /diikuti, /ringkasan [JJ:MM|off]."
    ),
    ask_usage=(
        "Tulis pertanyaannya setelah perintah, misalnya: "
        "/ask Apa kata Gubernur tentang koordinasi?"
    ),
    non_text="Saya hanya bisa menjawab pertanyaan berupa teks. Silakan ketik pertanyaan Anda.",
    rate_limited=(
        "Pelan-pelan ya 🙂 Anda sudah bertanya {limit} kali dalam semenit. "
        "Coba lagi dalam {seconds} detik."
    ),
    question_invalid=(
        "Pertanyaan itu tidak bisa saya proses. Tulis pertanyaan dengan kata-kata "
        "(paling banyak beberapa kalimat)."
    ),
    question_out_of_calendar=(
        "Kata waktu dalam pertanyaan itu, dihitung dari tanggal hari ini, jatuh di luar "
        "kalender (tahun 1 sampai 9999)."
    ),
    not_ready="Saya masih bersiap. Coba lagi sebentar lagi.",
    index_missing="Indeks artikel belum siap. Admin bot dapat menjalankan /reindex.",
    apology="Maaf, terjadi kesalahan saat memproses pesan Anda. Silakan coba lagi nanti.",
    sources_list_heading="Artikel di indeks ({count}):",
    sources_none="Belum ada artikel di indeks.",
    sources_page="Halaman {page}/{pages}",
    quotes_heading="Kutipan langsung ({count}):",
    quotes_by_heading="Kutipan langsung dari {speaker} ({count}):",
    quotes_none="Tidak ada kutipan langsung yang cocok.",
    quotes_usage="Tulis nama pembicara setelah perintah, misalnya: /quotes Rudy (atau /quotes "
    "saja untuk semua kutipan).",
    admin_refused="Maaf, perintah ini hanya untuk admin bot.",
    reindex_started="⏳ Mengindeks ulang artikel…",
    reindex_progress="⏳ Mengindeks ulang: {done}/{total} potongan teks…",
    reindex_done=(
        "✅ Indeks diperbarui dalam {seconds:.1f} detik.\n"
        "Artikel: {added} baru, {updated} diubah, {removed} dihapus, {unchanged} tetap.\n"
        "Total: {articles} artikel, {chunks} potongan, {quotes} kutipan."
    ),
    reindex_busy="Pengindeksan ulang sedang berjalan. Tunggu sampai selesai, ya.",
    reindex_failed="❌ Pengindeksan ulang gagal: {reason}\nIndeks lama tetap dipakai.",
    reindex_skipped="Dilewati:",
    internal_error="kesalahan internal (lihat log bot)",
    stats=(
        "<b>Statistik</b>\n"
        "Artikel: {articles}\nPotongan: {chunks}\nKutipan: {quotes}\n"
        "Indeks dibuat: {built_at} ({age} lalu)\nModel: {model}\n"
        "Pertanyaan dijawab: {answered} dari {asked}\nMasukan: 👍 {up} · 👎 {down}"
    ),
    age_units=("detik", "menit", "jam", "hari"),
    menu_private=(
        ("sources", "Daftar artikel"),
        ("quotes", "Kutipan langsung [nama]"),
        ("help", "Bantuan"),
    ),
    menu_group=(
        ("ask", "Ajukan pertanyaan"),
        ("tanya", "Ajukan pertanyaan"),
        ("sources", "Daftar artikel"),
        ("quotes", "Kutipan langsung [nama]"),
        ("help", "Bantuan"),
    ),
    menu_admin=(
        ("reindex", "Indeks ulang artikel (admin)"),
        ("stats", "Statistik (admin)"),
    ),
)

EN = Texts(
    answer_heading="What I found in the articles:",
    more_heading="More sources:",
    sources_heading="Sources",
    not_found="Sorry, I could not find an answer in the available articles.",
    not_found_hint_bot=(
        "Try other words, name the official or the topic, or see the list of articles "
        "with /sources."
    ),
    not_found_hint_cli=(
        "Try other words, name the official or the topic, or list the quotes with "
        "`briefbot quotes`."
    ),
    untitled="untitled",
    speaker_unknown="speaker not named",
    unquoted="{who} is not quoted directly in the articles; here is where they are mentioned.",
    off_topic="{who} is not quoted on “{topic}” in the available articles.",
    off_topic_nearest="What {who} has said (not an answer to this question):",
    shortened="(answer shortened)",
    no_more_sources="There are no more sources for this question.",
    more_sent="Those sources were already sent above.",
    months=(
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
    time_period="Filtered by publication date: {period}.",
    time_undated=(
        "No dated article from {period} answers this; the passages above are from undated "
        "articles."
    ),
    time_outside=(
        "No article was published {period}; the passages above are from other days, check "
        "their dates."
    ),
    time_none="No article was published {period}.",
    time_latest="Newest articles first.",
    button_more="More sources",
    button_up="👍",
    button_down="👎",
    feedback_thanks="Thanks for the feedback!",
    stale_button="This button has expired. Please ask your question again.",
    start=(
        "Hello! I answer questions about the briefings of the East Kalimantan provincial "
        "government, with direct quotes and sources you can check.\n\n"
        "Just write your question, for example: <i>What did the Governor say about "
        "coordination?</i>\n\n/follow &lt;name or topic&gt; tells you about every new "
        "article that matches; /help shows all commands."
    ),
    help_private=(
        "Ask anything about the East Kalimantan government briefings; I answer from the "
        "articles I have, with quotes and their sources.\n\n"
        "/sources — list of articles\n"
        "/quotes [name] — direct quotes, optionally by speaker\n"
        "/follow &lt;name or topic&gt; — news whenever a new article matches\n"
        "/unfollow &lt;…&gt; · /following — stop following · what is followed\n"
        "/digest [HH:MM|off] — a daily digest of new articles\n"
        "/help — this help\n\n"
        "In groups: /ask &lt;question&gt;, mention me, or reply to my message. "
        "In any chat: type @{bot} &lt;question&gt; to share a quote."
    ),
    help_group=(
        "Ask with /ask &lt;question&gt;, mention me, or reply to my message.\n"
        "Group admins: /follow &lt;name or topic&gt;, /unfollow, /following, /digest [HH:MM|off]."
    ),
    ask_usage=(
        "Write the question after the command, e.g.: "
        "/ask What did the Governor say about coordination?"
    ),
    non_text="I can only answer text questions. Please type your question.",
    rate_limited=(
        "Easy there 🙂 You asked {limit} questions in a minute. "
        "Try again in {seconds} seconds."
    ),
    question_invalid=(
        "I cannot process that question. Please write it in words (a few sentences at most)."
    ),
    question_out_of_calendar=(
        "The question's time words, counted from today's date, fall outside the calendar "
        "(years 1 to 9999)."
    ),
    not_ready="I am still getting ready. Please try again in a moment.",
    index_missing="The article index is not ready. A bot admin can run /reindex.",
    apology="Sorry, something went wrong while handling your message. Please try again later.",
    sources_list_heading="Articles in the index ({count}):",
    sources_none="There are no articles in the index yet.",
    sources_page="Page {page}/{pages}",
    quotes_heading="Direct quotes ({count}):",
    quotes_by_heading="Direct quotes by {speaker} ({count}):",
    quotes_none="No direct quotes match.",
    quotes_usage="Put a speaker's name after the command, for example: /quotes Rudy (or just "
    "/quotes for every quote).",
    admin_refused="Sorry, this command is for bot admins only.",
    reindex_started="⏳ Reindexing the articles…",
    reindex_progress="⏳ Reindexing: {done}/{total} text chunks…",
    reindex_done=(
        "✅ Index updated in {seconds:.1f} s.\n"
        "Articles: {added} added, {updated} updated, {removed} removed, {unchanged} unchanged.\n"
        "Total: {articles} articles, {chunks} chunks, {quotes} quotes."
    ),
    reindex_busy="A reindex is already running. Please wait until it finishes.",
    reindex_failed="❌ Reindexing failed: {reason}\nThe old index keeps serving.",
    reindex_skipped="Skipped:",
    internal_error="internal error (see the bot's log)",
    stats=(
        "<b>Statistics</b>\n"
        "Articles: {articles}\nChunks: {chunks}\nQuotes: {quotes}\n"
        "Index built: {built_at} ({age} ago)\nModel: {model}\n"
        "Questions answered: {answered} of {asked}\nFeedback: 👍 {up} · 👎 {down}"
    ),
    age_units=("s", "min", "h", "days"),
    menu_private=(
        ("sources", "List of articles"),
        ("quotes", "Direct quotes [name]"),
        ("help", "Help"),
    ),
    menu_group=(
        ("ask", "Ask a question"),
        ("tanya", "Ask a question (Indonesian alias)"),
        ("sources", "List of articles"),
        ("quotes", "Direct quotes [name]"),
        ("help", "Help"),
    ),
    menu_admin=(
        ("reindex", "Rebuild the index (admin)"),
        ("stats", "Statistics (admin)"),
    ),
)

_BY_LANG = {"id": ID, "en": EN}

# Printed by `briefbot run` (a terminal, so English like the rest of the CLI).
NO_TOKEN = (
    "briefbot: no Telegram bot token. Create a bot with @BotFather in Telegram and set "
    "TELEGRAM_BOT_TOKEN (environment or .env); meanwhile try the bot locally with `briefbot chat`."
)


def texts(lang: str) -> Texts:
    """Return the strings for `lang`, Indonesian for anything unknown."""
    return _BY_LANG.get(lang, ID)


def detect_lang(question: str, user_language_code: str | None = None) -> str:
    """Guess "en" or "id" from the question; the user's Telegram language breaks ties."""
    guess = guess_language(question)
    if guess:
        return guess
    if user_language_code and user_language_code.lower().startswith("en"):
        return "en"
    return "id"


def humanize_age(built_at: str, lang: str, now: datetime | None = None) -> str:
    """How long ago an ISO time was, in the largest whole unit ("5 menit")."""
    try:
        then = datetime.fromisoformat(built_at)
    except ValueError:
        return "?"
    if then.tzinfo is None:
        then = then.replace(tzinfo=UTC)
    seconds = max(0, int(((now or datetime.now(UTC)) - then).total_seconds()))
    units = texts(lang).age_units
    for size, unit in ((86400, units[3]), (3600, units[2]), (60, units[1])):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return f"{seconds} {units[0]}"
