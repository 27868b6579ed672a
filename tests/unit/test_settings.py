"""Settings as an operator writes them: `.env.example` says what the code does, and admin ids
are read as the list the operator meant or refused."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import AliasChoices, SecretStr, ValidationError

from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
# "NAME=value" sets a default; "# NAME=value" shows an example of a setting left unset.
_LINE = re.compile(r"^(?P<example># ?)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$", re.MULTILINE)


def _env_names() -> dict[str, str]:
    """Settings field -> the environment variable that sets it."""
    names = {}
    for field, info in Settings.model_fields.items():
        alias = info.validation_alias
        names[field] = str(alias.choices[0]) if isinstance(alias, AliasChoices) else (
            f"BRIEFBOT_{field.upper()}")  # fmt: skip
    return names


def _plain(value: object) -> object:
    return (value.get_secret_value() or None) if isinstance(value, SecretStr) else value


def test_env_example_documents_every_setting_with_its_real_default(
    clean_env: Path, tmp_path: Path
) -> None:
    lines = list(_LINE.finditer((ROOT / ".env.example").read_text(encoding="utf-8")))
    fields = {env: field for field, env in _env_names().items()}
    documented = {m["name"] for m in lines}
    assert documented - fields.keys() == set(), "named in .env.example, unknown to Settings"
    assert fields.keys() - documented == set(), "settings missing from .env.example"
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    for m in lines:
        if m["example"]:
            continue
        one = tmp_path / f"{m['name']}.env"
        one.write_text(m.group(0) + "\n", encoding="utf-8")
        field = fields[m["name"]]
        shown = getattr(Settings(_env_file=one), field)  # type: ignore[call-arg]
        assert _plain(shown) == _plain(getattr(defaults, field)), f"{m['name']} in .env.example"


@pytest.mark.parametrize(
    "ids", ["1001 1002", "1001,1002", " 1001 ,\t1002 ", "1001\n1002", "1001, 1002,"]
)
def test_admin_ids_split_on_commas_and_white_space(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, ids: str
) -> None:
    monkeypatch.setenv("BRIEFBOT_ADMIN_IDS", ids)
    assert Settings().admin_ids == frozenset({1001, 1002})


@pytest.mark.parametrize(
    ("ids", "bad"),
    [("1001;1002", "'1001;1002'"), ("1001 budi", "'budi'"), ("1001,-5", "'-5'"),
     ("1_002", "'1_002'"), ("١٢٣", "'١٢٣'")],
)  # fmt: skip
def test_admin_ids_that_are_not_numbers_are_refused_naming_the_bad_part(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, ids: str, bad: str
) -> None:
    monkeypatch.setenv("BRIEFBOT_ADMIN_IDS", ids)
    with pytest.raises(ValidationError) as refused:
        Settings()
    assert f"{bad} is not a numeric Telegram user id" in str(refused.value)
