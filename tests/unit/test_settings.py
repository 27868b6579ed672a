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
    for m in lines:
        if not m["example"]:
            field = fields[m["name"]]
            assert _is_default(field, m.group(0), tmp_path), f"{m['name']} in .env.example"


def _is_default(field: str, line: str, tmp_path: Path) -> bool:
    """Whether the `.env` line NAME=value sets `field` to the value it has when unset."""
    one = tmp_path / "one.env"
    one.write_text(line + "\n", encoding="utf-8")
    shown = getattr(Settings(_env_file=one), field)  # type: ignore[call-arg]
    default = getattr(Settings(_env_file=None), field)  # type: ignore[call-arg]
    if isinstance(default, Path):  # "~/.cache/briefbot" is how a reader knows their home
        shown = shown.expanduser()
    return bool(_plain(shown) == _plain(default))


# A row of docs/settings.md: | `NAME` | `default` or – | meaning |
_ROW = re.compile(
    r"^\| `(?P<name>[A-Z][A-Z0-9_]*)` \| (?:`(?P<value>[^`]*)`|(?P<unset>–)) \|", re.M
)


def test_docs_settings_names_every_setting_with_its_real_default(
    clean_env: Path, tmp_path: Path
) -> None:
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    rows = list(_ROW.finditer(doc))
    fields = {env: field for field, env in _env_names().items()}
    documented = [m["name"] for m in rows]
    assert len(documented) == len(set(documented)), "a setting listed twice in docs/settings.md"
    assert set(documented) - fields.keys() == set(), "in docs/settings.md, unknown to Settings"
    assert fields.keys() - set(documented) == set(), "settings missing from docs/settings.md"
    unset = Settings(_env_file=None)  # type: ignore[call-arg]
    for m in rows:
        field = fields[m["name"]]
        if m["unset"]:
            assert not _plain(getattr(unset, field)), f"{m['name']} has a default: show it"
        else:
            line = f"{m['name']}={m['value']}"
            assert _is_default(field, line, tmp_path), f"{m['name']} default in docs/settings.md"


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
