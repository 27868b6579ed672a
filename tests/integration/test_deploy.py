"""deploy/: what the image, the compose file and the systemd unit run is real and runs here.

No Docker engine runs in CI, so the commands the Dockerfile runs are taken from it as written
and run against a test index, with the environment it sets (its /data and /opt folders moved
into a temporary folder).
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bot.cli.main import _parser
from retrieval.model.embedder import Embedder
from tests.support.bot_harness import TOKEN
from tests.support.fake_bot_api import FakeBotAPI
from tests.support.hashed_index import default_model_id, make_index
from tests.support.image import DEPLOY, ROOT, Instruction, dockerfile, image_env, image_env_under


def _one(keyword: str) -> str:
    [args] = [i.args for i in dockerfile() if i.keyword == keyword]
    return args


def health_command() -> list[str]:
    options, _, command = _one("HEALTHCHECK").partition(" CMD ")
    assert options.startswith("--"), "HEALTHCHECK options, then CMD in exec form"
    argv: list[str] = json.loads(command)
    return argv


def briefbot_runs() -> list[str]:
    """The RUN lines of the Dockerfile that call briefbot."""
    return [i.args for i in dockerfile() if i.keyword == "RUN" and i.args.startswith("briefbot")]


def _is_command(argv: list[str]) -> None:
    assert argv[0] == "briefbot", argv
    _parser().parse_args(argv[1:])  # exits (fails the test) for an unknown command or option


def test_the_image_runs_real_briefbot_commands() -> None:
    assert json.loads(_one("CMD")) == ["briefbot", "run"]
    _is_command(json.loads(_one("CMD")))
    _is_command(health_command())
    assert briefbot_runs() == ["briefbot model"]
    _is_command(shlex.split(briefbot_runs()[0]))


def test_the_image_is_cpu_torch_offline_non_root_with_data_on_a_volume() -> None:
    steps = dockerfile()
    assert steps[0] == Instruction("FROM", "python:3.11-slim")
    runs = [i.args for i in steps if i.keyword == "RUN"]
    torch = [n for n, r in enumerate(runs) if "torch==2.13.0 --index-url "
             "https://download.pytorch.org/whl/cpu" in r]
    project = [n for n, r in enumerate(runs) if re.search(r"pip install .*\"?\.(\[\w+\])?\"?$", r)]
    assert torch and project and torch[0] <= project[0], runs
    env = image_env()
    assert env["HF_HUB_OFFLINE"] == "1"
    volume = json.loads(_one("VOLUME"))
    assert volume == ["/data"]
    for name in ("BRIEFBOT_DATA_DIR", "BRIEFBOT_INDEX_DIR", "BRIEFBOT_STATE_DIR"):
        assert env[name].startswith("/data/"), name
    assert not env["BRIEFBOT_CACHE_DIR"].startswith("/data")  # the model lives in the image
    users = [i.args for i in steps if i.keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    model = steps.index(Instruction("RUN", "briefbot model"))
    assert model < steps.index(Instruction("USER", users[-1]))  # built as root, read-only
    assert model > max(n for n, i in enumerate(steps) if i.keyword == "ENV"
                       and "BRIEFBOT_CACHE_DIR" in i.args)


def test_every_file_the_image_copies_exists_and_is_in_the_build_context() -> None:
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
    allowed = [p[1:] for p in ignore if p.startswith("!")]
    assert ".env" not in allowed and ".venv" not in allowed
    for step in (i for i in dockerfile() if i.keyword == "COPY"):
        sources = [a for a in step.args.split() if not a.startswith("--")][:-1]
        for source in sources:
            matches = list(ROOT.glob(source))
            assert matches, f"COPY {source}: nothing in the repository"
            for path in matches:
                rel = path.relative_to(ROOT).as_posix()
                assert any(fnmatch.fnmatch(rel, p) or rel.startswith(p + "/") or rel == p
                           for p in allowed), f"{rel} is left out by Dockerfile.dockerignore"


def _install_index(tmp: Path, env: dict[str, str]) -> None:
    built = make_index(tmp / "built")
    shutil.copytree(built / "data", env["BRIEFBOT_DATA_DIR"])
    shutil.copytree(built / "index", env["BRIEFBOT_INDEX_DIR"], symlinks=True)


def test_the_healthcheck_runs_as_written(tmp_path: Path) -> None:
    env = image_env_under(tmp_path, tmp_path / "no-model-needed")
    argv = health_command()
    missing = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True,
                             timeout=60)
    assert missing.returncode == 1 and "no index in" in missing.stderr

    _install_index(tmp_path, env)
    with FakeBotAPI() as api:
        env |= {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": api.base_url}
        done = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert api.calls("getMe")
    assert "@BriefTestBot" in done.stdout and default_model_id() in done.stdout
    assert not (tmp_path / "no-model-needed").exists()  # the check never built or loaded it


@pytest.mark.integration
def test_the_model_step_runs_as_written(
    embedder: Embedder, model_cache_dir: Path, tmp_path: Path
) -> None:
    env = image_env_under(tmp_path, model_cache_dir)
    [line] = briefbot_runs()
    done = subprocess.run(["/bin/sh", "-c", line], env=env, cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"model ready: {embedder.model_id} ({embedder.dimension} dimensions)" in done.stdout


# ----- docker-compose.yml -----


def _interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's ${NAME:-default} (the only form the file uses)."""
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: env.get(m[1]) or m[2], text)


def _compose(env: dict[str, str] | None = None) -> dict[str, object]:
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    loaded: dict[str, object] = yaml.safe_load(_interpolate(text, env or {}))
    return loaded


def test_compose_references_only_files_that_exist() -> None:
    compose = _compose()
    services = compose["services"]
    assert isinstance(services, dict) and set(services) == {
        "bot", "caddy", "postgres", "replica-1", "replica-2", "replica-3", "caddy-replicas"}
    bot = services["bot"]
    context = (DEPLOY / bot["build"]["context"]).resolve()
    assert context == ROOT
    assert (context / bot["build"]["dockerfile"]).is_file()
    # The operator's own .env holds the token: made from the template beside the README.
    assert bot["env_file"] == ".env" and (ROOT / ".env.example").is_file()
    declared = set(compose["volumes"])  # type: ignore[arg-type]
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("."):
                assert (DEPLOY / source).is_file(), source
            else:
                assert source in declared, source


def test_compose_runs_the_image_paths_and_a_real_command() -> None:
    compose = _compose()
    bot = compose["services"]["bot"]  # type: ignore[index]
    for name in ("BRIEFBOT_DATA_DIR", "BRIEFBOT_INDEX_DIR", "BRIEFBOT_STATE_DIR",
                 "BRIEFBOT_CACHE_DIR"):
        assert bot["environment"][name] == image_env()[name], name
    assert bot["volumes"] == ["briefbot-data:/data"]
    assert shlex.split(bot["command"]) == ["briefbot", "run", "--listen", "0.0.0.0"]
    assert "profiles" not in bot
    assert compose["services"]["caddy"]["profiles"] == ["webhook"]  # type: ignore[index]
    seconds = int(str(bot["stop_grace_period"]).rstrip("s"))
    assert seconds >= _bot_stops_within() + 3  # a margin before Docker's SIGKILL

    # The webhook settings documented at the top of the file give a valid `briefbot run`.
    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    [args] = re.findall(r"^#\s*BRIEFBOT_RUN_ARGS=(.+)$", text, re.M)
    webhook = _compose({"BRIEFBOT_RUN_ARGS": args})
    argv = shlex.split(webhook["services"]["bot"]["command"])  # type: ignore[index]
    parsed = _parser().parse_args(argv[1:])
    assert parsed.command == "run" and parsed.webhook_url.endswith("/telegram")
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    assert "handle /telegram" in caddyfile and f"bot:{parsed.port}" in caddyfile
    from bot.telegram.webhook import MAX_BODY

    [limit] = re.findall(r"max_size\s+(\d+)KiB", caddyfile)
    assert int(limit) * 1024 == MAX_BODY  # Caddy and the bot refuse the same bodies


def test_the_replicas_profile_runs_replicas_behind_caddy_and_bot_as_the_indexer() -> None:
    from bot.settings import Settings
    from bot.telegram.webhook import HEALTH_PATH, MAX_BODY

    text = (DEPLOY / "docker-compose.yml").read_text(encoding="utf-8")
    header = dict(re.findall(r"^#\s*(BRIEFBOT_[A-Z_]+)=(\S+)$", text, re.M))
    compose = _compose(header)
    services: dict[str, dict[str, object]] = compose["services"]  # type: ignore[assignment]
    replicas = sorted(n for n in services if n.startswith("replica-"))
    assert len(replicas) == 3
    for name in replicas:
        replica = services[name]
        assert replica["profiles"] == ["replicas"] and replica["image"] == "briefbot:latest"
        env = replica["environment"]
        assert env["BRIEFBOT_ROLE"] == "replica"  # type: ignore[index]
        assert not str(env["BRIEFBOT_STATE_DIR"]).startswith("/data")  # type: ignore[index]
        assert replica["volumes"] == ["briefbot-data:/data:ro"]  # reads the indexer's builds
        argv = shlex.split(str(replica["command"]))
        parsed = _parser().parse_args(argv[1:])
        assert parsed.command == "run" and parsed.webhook_url == header["BRIEFBOT_WEBHOOK_URL"]
        assert parsed.listen == "0.0.0.0"
    assert services["postgres"]["profiles"] == ["replicas"]
    # The header's settings make the `bot` service a valid indexer on that database.
    indexer = Settings(_env_file=None, role=header["BRIEFBOT_ROLE"],  # type: ignore[call-arg]
                       database_url=header["BRIEFBOT_DATABASE_URL"])
    assert indexer.role == "indexer"
    assert f":{header['BRIEFBOT_DB_PASSWORD']}@postgres:5432/" in str(indexer.database)
    caddyfile = (DEPLOY / "Caddyfile.replicas").read_text(encoding="utf-8")
    [upstreams] = re.findall(r"reverse_proxy ([^{]+)\{", caddyfile)
    assert upstreams.split() == [f"{name}:{parsed.port}" for name in replicas]
    assert re.search(rf"health_uri {re.escape(HEALTH_PATH)}\n", caddyfile)
    assert "handle /telegram" in caddyfile and "lb_policy round_robin" in caddyfile
    [limit] = re.findall(r"max_size\s+(\d+)KiB", caddyfile)
    assert int(limit) * 1024 == MAX_BODY
    caddy = services["caddy-replicas"]
    assert "./Caddyfile.replicas:/etc/caddy/Caddyfile:ro" in caddy["volumes"]  # type: ignore[operator]


# ----- briefbot.service -----


def unit() -> dict[str, dict[str, list[str]]]:
    """Sections -> key -> values (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in (DEPLOY / "briefbot.service").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, sep, value = line.partition("=")
        assert sep, f"not a key=value line: {raw!r}"
        current.setdefault(key, []).append(value)
    return sections


def _bot_stops_within() -> float:
    """The bound `briefbot run` keeps after SIGTERM with its default settings."""
    from bot.settings import Settings
    from bot.telegram.serving import STOP_STEPS

    return Settings(_env_file=None).stop_timeout + STOP_STEPS  # type: ignore[call-arg]


def test_the_unit_runs_the_bot_as_its_own_user_hardened() -> None:
    sections = unit()
    assert set(sections) == {"Unit", "Service", "Install"}
    service = {k: v[-1] for k, v in sections["Service"].items()}
    argv = shlex.split(service["ExecStart"])
    assert argv[0].startswith("/opt/briefbot/") and Path(argv[0]).name == "briefbot"
    _is_command(["briefbot", *argv[1:]])
    assert argv[1:] == ["run"]
    assert service["User"] == "briefbot" and service["Restart"] == "on-failure"
    assert service["EnvironmentFile"].startswith("/etc/briefbot/")
    assert int(service["TimeoutStopSec"].rstrip("s")) >= _bot_stops_within() + 3
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict",
                       "ProtectHome": "yes", "PrivateTmp": "yes"}.items():
        assert service[key] == value, key
    writable = service["ReadWritePaths"].split()
    assert service["WorkingDirectory"] in writable
    environment = dict(
        pair.split("=", 1) for v in sections["Service"]["Environment"] for pair in v.split()
    )
    assert environment["BRIEFBOT_CACHE_DIR"] in writable
    assert sections["Install"]["WantedBy"] == ["multi-user.target"]


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
def test_the_unit_passes_systemd_analyze(tmp_path: Path) -> None:
    units = next(p for p in (Path("/usr/lib/systemd/system"), Path("/lib/systemd/system"))
                 if p.is_dir())
    root = tmp_path / "root"
    shutil.copytree(units, root / "usr/lib/systemd/system", symlinks=True)
    (root / "etc/systemd/system").mkdir(parents=True)
    shutil.copy(DEPLOY / "briefbot.service", root / "etc/systemd/system")
    # The unit's ExecStart, as the virtualenv install puts it there.
    exe = root / shlex.split(unit()["Service"]["ExecStart"][-1])[0].lstrip("/")
    exe.parent.mkdir(parents=True)
    exe.write_text("#!/bin/sh\n")
    exe.chmod(0o755)
    verify = subprocess.run(["systemd-analyze", "verify", f"--root={root}", "briefbot.service"],
                            capture_output=True, text=True, timeout=60)
    assert verify.returncode == 0 and not verify.stderr.strip(), verify.stderr
    security = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", "--threshold=20", f"--root={root}",
         "briefbot.service"], capture_output=True, text=True, timeout=60,
    )
    assert security.returncode == 0, security.stdout[-1500:]
