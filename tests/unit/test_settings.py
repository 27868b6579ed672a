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


# A row of a settings table: | `NAME` | `default` or – | meaning |
_ROW = re.compile(
    r"^\| `(?P<name>[A-Z][A-Z0-9_]*)` \| (?:`(?P<value>[^`]*)`|(?P<unset>–)) \|", re.M
)


def _rows_hold(doc: str, tmp_path: Path) -> list[str]:
    """The settings a document's tables name, each checked to exist with the default shown."""
    fields = {env: field for field, env in _env_names().items()}
    unset = Settings(_env_file=None)  # type: ignore[call-arg]
    names = []
    for m in _ROW.finditer((ROOT / doc).read_text(encoding="utf-8")):
        assert m["name"] in fields, f"{m['name']} in {doc}, unknown to Settings"
        field = fields[m["name"]]
        if m["unset"]:
            assert not _plain(getattr(unset, field)), f"{m['name']} has a default: show it in {doc}"
        else:
            line = f"{m['name']}={m['value']}"
            assert _is_default(field, line, tmp_path), f"{m['name']} default in {doc}"
        names.append(m["name"])
    return names


def test_docs_settings_names_every_setting_with_its_real_default(
    clean_env: Path, tmp_path: Path
) -> None:
    documented = _rows_hold("docs/settings.md", tmp_path)
    assert len(documented) == len(set(documented)), "a setting listed twice in docs/settings.md"
    missing = set(_env_names().values()) - set(documented)
    assert missing == set(), "settings missing from docs/settings.md"


@pytest.mark.parametrize("doc", ["README.md", "deploy/README.md"])
def test_the_shorter_settings_tables_show_real_settings_and_defaults(
    clean_env: Path, tmp_path: Path, doc: str
) -> None:
    assert _rows_hold(doc, tmp_path), f"no settings table in {doc}"


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
