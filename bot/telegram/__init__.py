"""The Telegram face: the python-telegram-bot application, handlers, buttons, state and runtime.

May import `bot.present`, `bot.engine`, `bot.ingest`, `bot.settings`, `retrieval`; never `bot.cli`.
"""
