"""The engine: articles in, cited and attributed answers out. Knows nothing of Telegram or printing.

Imports nothing from `bot`; `records` and `errors` are shared by every package below.
"""
