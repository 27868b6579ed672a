"""The words of follows, alerts, digests and inline answers, in Bahasa Indonesia and English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AlertTexts:
    alert_heading: str  # {follows}
    digest_heading: str  # {count}
    follows_heading: str
    follows_none: str
    kind_person: str
    kind_topic: str
    digest_at: str  # {time}
    digest_none: str
    follow_usage: str
    followed_person: str  # {follow} {who}
    followed_topic: str  # {follow}
    already_following: str  # {follow}
    follow_limit: str  # {limit}
    unfollow_usage: str
    unfollowed: str  # {follow}
    unfollowed_all: str  # {count}
    not_following: str  # {follow}
    digest_usage: str
    digest_set: str  # {time} {zone}
    digest_off: str
    group_admins_only: str
    alerts_off: str
    source_follow: str  # a web address given to /ikuti
    share: str  # the button that opens the question inline
    inline_not_found: str
    inline_rate_limited: str  # {seconds}
    inline_not_ready: str
    inline_newest: str
    inline_lead: str  # {source}
    all_words: frozenset[str]  # what "/berhenti semua" says
    off_words: frozenset[str]  # what "/ringkasan off" says
    menu: tuple[tuple[str, str], ...]


ID = AlertTexts(
    alert_heading="Artikel baru · {follows}",
    digest_heading="Ringkasan: {count} artikel baru",
    follows_heading="Yang diikuti di chat ini:",
    follows_none="Chat ini belum mengikuti siapa pun atau topik apa pun.",
    kind_person="orang",
    kind_topic="topik",
    digest_at="Ringkasan harian pukul {time}.",
    digest_none="Ringkasan harian: mati (/ringkasan 07:00 untuk menyalakan).",
    follow_usage=(
        "Tulis nama atau topik setelah perintah, misalnya: /ikuti Sekda Kaltim atau "
        "/ikuti banjir Samarinda. Saya kabari setiap ada artikel baru yang cocok."
    ),
    followed_person=(
        "✅ Mengikuti {follow} ({who}). Saya kirim kutipannya setiap ada artikel baru."
    ),
    followed_topic=(
        "✅ Mengikuti topik “{follow}”. Saya kabari artikel baru yang menjawab topik ini."
    ),
    already_following="Chat ini sudah mengikuti “{follow}”.",
    follow_limit="Chat ini sudah mengikuti {limit} hal. Hentikan satu dulu dengan /berhenti.",
    unfollow_usage="Tulis yang ingin dihentikan, misalnya: /berhenti banjir, atau /berhenti semua.",
    unfollowed="Berhenti mengikuti “{follow}”.",
    unfollowed_all="Berhenti mengikuti {count} hal.",
    not_following="Chat ini tidak mengikuti “{follow}”. Lihat daftarnya dengan /diikuti.",
    digest_usage=(
        "Tulis jamnya, misalnya /ringkasan 07:00, atau /ringkasan off untuk mematikan."
    ),
    digest_set="✅ Ringkasan harian pukul {time} ({zone}): artikel baru sejak ringkasan terakhir.",
    digest_off="Ringkasan harian dimatikan.",
    group_admins_only="Di grup, perintah ini hanya untuk admin grup.",
    alerts_off="Pemberitahuan artikel baru dimatikan oleh admin bot.",
    source_follow="Mengikuti situs web hanya untuk admin bot (/follow <alamat>).",
    share="Bagikan",
    inline_not_found="Tidak ditemukan di artikel",
    inline_rate_limited="Terlalu cepat; coba lagi dalam {seconds} detik",
    inline_not_ready="Indeks artikel belum siap",
    inline_newest="Kutipan terbaru",
    inline_lead="Jawaban · {source}",
    all_words=frozenset({"semua", "all"}),
    off_words=frozenset({"off", "mati", "matikan", "stop", "berhenti"}),
    menu=(
        ("ikuti", "Ikuti orang atau topik"),
        ("berhenti", "Berhenti mengikuti"),
        ("diikuti", "Yang diikuti"),
        ("ringkasan", "Ringkasan harian [HH:MM|off]"),
    ),
)

EN = AlertTexts(
    alert_heading="New article · {follows}",
    digest_heading="Digest: {count} new articles",
    follows_heading="Followed in this chat:",
    follows_none="This chat follows no one and no topic yet.",
    kind_person="person",
    kind_topic="topic",
    digest_at="Daily digest at {time}.",
    digest_none="Daily digest: off (/digest 07:00 turns it on).",
    follow_usage=(
        "Write a name or a topic after the command, e.g. /follow regional secretary or "
        "/follow Samarinda floods. I will tell you about every new article that matches."
    ),
    followed_person="✅ Following {follow} ({who}). I will send their quotes from new articles.",
    followed_topic="✅ Following the topic “{follow}”. I will tell you about new articles on it.",
    already_following="This chat already follows “{follow}”.",
    follow_limit="This chat follows {limit} things already. Stop one first with /unfollow.",
    unfollow_usage="Write what to stop, e.g. /unfollow floods, or /unfollow all.",
    unfollowed="Stopped following “{follow}”.",
    unfollowed_all="Stopped following {count} things.",
    not_following="This chat does not follow “{follow}”. See the list with /following.",
    digest_usage="Write the time, e.g. /digest 07:00, or /digest off to stop it.",
    digest_set="✅ Daily digest at {time} ({zone}): new articles since the last digest.",
    digest_off="The daily digest is off.",
    group_admins_only="In groups this command is for group admins only.",
    alerts_off="New-article alerts are turned off by the bot's admin.",
    source_follow="Following a web site is for bot admins only (/follow <address>).",
    share="Share",
    inline_not_found="Not found in the articles",
    inline_rate_limited="Too fast; try again in {seconds} seconds",
    inline_not_ready="The article index is not ready",
    inline_newest="Newest quotes",
    inline_lead="Answer · {source}",
    all_words=frozenset({"all", "semua"}),
    off_words=frozenset({"off", "stop", "mati"}),
    menu=(
        ("follow", "Follow a person or a topic"),
        ("unfollow", "Stop following"),
        ("following", "What this chat follows"),
        ("digest", "Daily digest [HH:MM|off]"),
    ),
)


def alert_texts(lang: str) -> AlertTexts:
    return EN if lang == "en" else ID
