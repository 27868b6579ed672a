"""What people read: every user-facing text (Indonesian and English), reply and report rendering.

May import `retrieval.records`, `retrieval.errors`, `bot.settings`; never `bot.telegram`/`bot.cli`.
"""
