"""The `briefbot` command: index, ask, chat, eval, quotes, add, refresh, health, model, backups.

May import `bot.present`, `bot.engine`, `bot.ingest`, `bot.settings`, `retrieval`; `bot.telegram`
only lazily, for `run`.
"""
