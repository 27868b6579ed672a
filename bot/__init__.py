"""The face of briefbot: the `briefbot` CLI and the Telegram bot; it only translates to retrieval.

`settings`, `engine` and `ingest` serve both faces, `present` words them; all may use `retrieval`.
"""
