"""The face of briefbot: the `briefbot` CLI and the Telegram bot; it only translates."""
