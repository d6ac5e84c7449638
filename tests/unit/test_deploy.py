"""The deployment files agree with the program: the compose stack, its config, the Dockerfile
and the systemd unit name commands that exist, point at each other, and hold no password.

No Docker here: docker-compose.yml is read as YAML, and its shell wrappers are run by /bin/sh
with the real `auditor` on a SQLite copy of the stack's config.
"""

from __future__ import annotations

import fnmatch
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from sqlalchemy import make_url

from auditor.cli import cli
from auditor.config import Config, load_config
from auditor.service.daemon import STOP_GRACE_SECONDS

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
UNIT_FILE = ROOT / "deploy" / "auditor.service"
ENV_EXAMPLE = ROOT / "deploy" / "auditor.env.example"
SECRET_EXAMPLE = ROOT / "deploy" / "secrets.example"
CONFIG_TARGET = "/etc/auditor/auditor.toml"
DATA_DIR = "/var/lib/auditor"
VENV_BIN = Path(sys.executable).parent  # where the tests' own `auditor` script is installed


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def auditor_service(compose: dict) -> dict:
    return compose["services"]["auditor"]


@pytest.fixture(scope="module")
def stack_config_path(auditor_service: dict) -> Path:
    return ROOT / mounted_source(auditor_service, CONFIG_TARGET)


@pytest.fixture(scope="module")
def stack_config(stack_config_path: Path) -> Config:
    return load_config(stack_config_path)


def mounted_source(service: dict, target: str) -> str:
    """The host side of the volume mounted at `target` (short syntax `source:target[:mode]`)."""
    for volume in service.get("volumes", []):
        source, mounted_at, *mode = volume.split(":")
        if mounted_at == target:
            return source
    raise AssertionError(f"nothing is mounted at {target}")


def command_path(words: list[str]) -> click.Command:
    """The click command that `auditor WORDS...` runs, walking groups as click does."""
    command: click.Command = cli
    for word in words:
        if word.startswith("-"):
            break
        assert isinstance(command, click.Group), f"{word!r} follows a command that takes no subcommand"
        assert word in command.commands, f"`auditor` has no command {word!r} (has {sorted(command.commands)})"
        command = command.commands[word]
    assert not isinstance(command, click.Group), f"{words} names a group, not a command"
    return command


def compose_seconds(value: str) -> float:
    """Compose durations such as '2m', '1m30s', '90s'."""
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)", value)
    assert parts and "".join(n + u for n, u in parts) == value, f"not a compose duration: {value!r}"
    scale = {"h": 3600, "m": 60, "s": 1, "ms": 0.001, "us": 0.000001}
    return sum(float(number) * scale[unit] for number, unit in parts)


# -- the compose stack -------------------------------------------------------------------------


def test_auditor_service_runs_the_daemon(auditor_service: dict) -> None:
    assert auditor_service["build"] == "."
    assert auditor_service["command"] == ["schedule"]
    command_path(auditor_service["command"])
    assert auditor_service["restart"] == "unless-stopped"
    assert auditor_service["stop_signal"] == "SIGTERM"
    # the daemon itself waits STOP_GRACE_SECONDS for cancelled audits: compose must wait longer
    assert compose_seconds(auditor_service["stop_grace_period"]) > STOP_GRACE_SECONDS


def test_auditor_waits_for_healthy_db_and_mail(compose: dict, auditor_service: dict) -> None:
    depends_on = auditor_service["depends_on"]
    assert set(depends_on) == {"db", "mail"}
    for name, condition in depends_on.items():
        assert condition == {"condition": "service_healthy"}
        assert compose["services"][name]["healthcheck"]["test"], f"{name} has no healthcheck to wait for"


def test_services_use_the_named_images(compose: dict) -> None:
    services = compose["services"]
    assert services["db"]["image"] == "postgres:16"
    assert services["mail"]["image"].startswith("axllent/mailpit")
    assert "127.0.0.1:8025:8025" in services["mail"]["ports"]


def test_config_is_mounted_read_only_where_the_image_looks(auditor_service: dict) -> None:
    assert any(v.endswith(f":{CONFIG_TARGET}:ro") for v in auditor_service["volumes"])
    assert auditor_service["environment"]["AUDITOR_CONFIG"] == CONFIG_TARGET
    assert f"AUDITOR_CONFIG={CONFIG_TARGET}" in DOCKERFILE.read_text(encoding="utf-8")


def test_reports_volume_is_the_images_data_folder(compose: dict, auditor_service: dict) -> None:
    volume = mounted_source(auditor_service, DATA_DIR)
    assert volume in compose["volumes"], "the data folder must be a named volume, not a host folder"
    assert re.search(rf"^WORKDIR {DATA_DIR}$", DOCKERFILE.read_text(encoding="utf-8"), re.M)


def test_stack_config_passes_validation(stack_config: Config) -> None:
    assert stack_config.schedule is not None and stack_config.schedule.full_audit
    assert stack_config.sites


def test_storage_points_at_the_db_service(compose: dict, stack_config: Config) -> None:
    url = make_url(stack_config.storage.url)
    db = compose["services"]["db"]["environment"]
    assert url.drivername == "postgresql+psycopg"
    assert url.host == "db"
    assert url.username == db["POSTGRES_USER"]
    assert url.database == db["POSTGRES_DB"]
    assert url.password is None
    assert stack_config.storage.password_env


def test_db_and_auditor_share_one_secret_file(compose: dict, auditor_service: dict) -> None:
    db = compose["services"]["db"]
    assert db["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/db_password"
    assert db["secrets"] == ["db_password"] and auditor_service["secrets"] == ["db_password"]
    assert compose["secrets"]["db_password"] == {"file": "./secrets/db_password.txt"}


def test_mail_points_at_the_mail_service(compose: dict, stack_config: Config) -> None:
    mail = stack_config.mail
    assert mail is not None
    assert mail.host == "mail" and mail.host in compose["services"]
    assert mail.port == 1025  # Mailpit's SMTP port
    assert not mail.starttls and not mail.ssl
    assert mail.office


def test_example_sites_are_not_local_addresses(stack_config: Config) -> None:
    # the stack audits the (example) sites named in its config, never a test server
    for site in stack_config.sites:
        assert site.url.startswith("http://") and site.url.split("/")[2].endswith(".example.gov.cn")


# -- the password wrapper, run for real --------------------------------------------------------


def wrapper_script(words: list[str]) -> str:
    """The `sh -c` script of an entrypoint or healthcheck, checked to be run by /bin/sh."""
    shell = [w for w in words if w != "CMD"]
    assert shell[:2] == ["/bin/sh", "-c"], f"not a shell wrapper: {words}"
    return shell[2]


def run_wrapper(script: str, args: list[str], secret: Path, config: Path) -> subprocess.CompletedProcess:
    # compose turns $$ into $ before the shell sees the script
    script = script.replace("$$", "$")
    assert "/run/secrets/db_password" in script
    script = script.replace("/run/secrets/db_password", shlex.quote(str(secret)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update(PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}", AUDITOR_CONFIG=str(config))
    return subprocess.run(
        ["/bin/sh", "-c", script, "auditor", *args], env=env, capture_output=True, text=True, timeout=60,
    )


@pytest.fixture
def sqlite_stack_config(tmp_path: Path, stack_config_path: Path, stack_config: Config) -> Path:
    """The stack's config on SQLite, password_env kept: auditor refuses to start without the variable."""
    text = stack_config_path.read_text(encoding="utf-8")
    assert stack_config.storage.url in text
    path = tmp_path / "auditor.toml"
    path.write_text(text.replace(stack_config.storage.url, f"sqlite:///{tmp_path / 'stack.db'}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["entrypoint", "healthcheck"])
def test_wrapper_hands_the_secret_to_auditor(
    which: str, auditor_service: dict, sqlite_stack_config: Path, tmp_path: Path,
) -> None:
    secret = tmp_path / "db_password"
    secret.write_text("s3cret-from-the-file\n", encoding="utf-8")
    if which == "entrypoint":
        script, args = wrapper_script(auditor_service["entrypoint"]), ["runs", "--limit", "1", "--format", "json"]
    else:
        script, args = wrapper_script(auditor_service["healthcheck"]["test"]), []
    done = run_wrapper(script, args, secret, sqlite_stack_config)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "stack.db").is_file()
    if which == "entrypoint":
        assert json.loads(done.stdout) == []


def test_wrapper_stops_before_auditor_without_the_secret(
    auditor_service: dict, sqlite_stack_config: Path, tmp_path: Path,
) -> None:
    script = wrapper_script(auditor_service["entrypoint"])
    done = run_wrapper(script, ["db", "upgrade"], tmp_path / "no-such-secret", sqlite_stack_config)
    assert done.returncode != 0
    assert not (tmp_path / "stack.db").exists(), "auditor ran although the secret file was missing"


def test_without_the_variable_auditor_refuses(auditor_service: dict, sqlite_stack_config: Path) -> None:
    # the other half of the wrapper test: the variable really is what lets auditor start
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    done = subprocess.run(
        [str(VENV_BIN / "auditor"), "runs", "--config", str(sqlite_stack_config)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "AUDITOR_DB_PASSWORD" in done.stderr


# -- the dashboard service -----------------------------------------------------------------------

DASHBOARD_SECRET = "/run/secrets/dashboard_password"


@pytest.fixture(scope="module")
def dashboard_service(compose: dict) -> dict:
    return compose["services"]["dashboard"]


def test_dashboard_runs_serve_on_the_hosts_loopback_only(compose: dict, dashboard_service: dict, auditor_service: dict) -> None:
    assert dashboard_service["command"] == ["serve", "--host", "0.0.0.0"]
    command_path(dashboard_service["command"])
    assert dashboard_service["build"] == auditor_service["build"] == "."
    assert dashboard_service["restart"] == "unless-stopped"
    assert dashboard_service["depends_on"] == {"db": {"condition": "service_healthy"}}
    ports = dashboard_service["ports"]
    assert ports and all(port.startswith("127.0.0.1:") for port in ports), ports
    assert ports == ["127.0.0.1:8080:8080"]
    assert mounted_source(dashboard_service, CONFIG_TARGET) == mounted_source(auditor_service, CONFIG_TARGET)
    assert dashboard_service["environment"] == {"AUDITOR_CONFIG": CONFIG_TARGET}


def test_dashboard_password_comes_from_a_secret(compose: dict, dashboard_service: dict, stack_config: Config) -> None:
    assert stack_config.serve.password_env == "AUDITOR_DASHBOARD_PASSWORD"
    assert dashboard_service["secrets"] == ["db_password", "dashboard_password"]
    assert compose["secrets"]["dashboard_password"] == {"file": "./secrets/dashboard_password.txt"}
    script = wrapper_script(dashboard_service["entrypoint"])
    assert f"{stack_config.serve.password_env}=\"$$(cat {DASHBOARD_SECRET})\"" in script
    assert "export" in script and stack_config.serve.password_env in script.split("export", 1)[1]
    assert ENV_EXAMPLE.read_text(encoding="utf-8").count(f"{stack_config.serve.password_env}=\n") == 1


def _dashboard_wrapper(dashboard_service: dict, db_secret: Path, dashboard_secret: Path) -> str:
    script = wrapper_script(dashboard_service["entrypoint"])
    assert DASHBOARD_SECRET in script
    return script.replace(DASHBOARD_SECRET, shlex.quote(str(dashboard_secret)))


def test_dashboard_wrapper_serves_behind_the_password(dashboard_service: dict, sqlite_stack_config: Path, tmp_path: Path) -> None:
    import time
    import urllib.error
    import urllib.request

    from tests.httpserver import free_port

    db_secret, dashboard_secret = tmp_path / "db_password", tmp_path / "dashboard_password"
    db_secret.write_text("s3cret-from-the-file\n", encoding="utf-8")
    dashboard_secret.write_text("dashboard-口令\n", encoding="utf-8")
    script = _dashboard_wrapper(dashboard_service, db_secret, dashboard_secret).replace("$$", "$")
    script = script.replace("/run/secrets/db_password", shlex.quote(str(db_secret)))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env.update(PATH=f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}", AUDITOR_CONFIG=str(sqlite_stack_config))
    server = subprocess.Popen(["/bin/sh", "-c", script, "auditor", "serve", "--host", "0.0.0.0", "--port", str(port)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.communicate()[1].decode()
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            except urllib.error.HTTPError as answer:
                assert answer.code == 401 and answer.headers["WWW-Authenticate"].startswith("Basic")
                break
            except OSError:
                assert time.monotonic() < deadline, "the dashboard did not start"
                time.sleep(0.2)
                continue
            raise AssertionError("the dashboard answered without the password")
        import base64

        token = base64.b64encode("office:dashboard-口令".encode()).decode()
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Authorization": f"Basic {token}"})
        try:
            urllib.request.urlopen(request, timeout=5)
        except urllib.error.HTTPError as answer:  # an empty database: 404, no run yet; past the password all the same
            assert answer.code == 404 and "还没有完成的全面检查" in answer.read().decode()
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert "dashboard-口令" not in errors.decode()


def test_dashboard_wrapper_stops_without_its_secret(dashboard_service: dict, sqlite_stack_config: Path, tmp_path: Path) -> None:
    db_secret = tmp_path / "db_password"
    db_secret.write_text("s3cret-from-the-file\n", encoding="utf-8")
    script = _dashboard_wrapper(dashboard_service, db_secret, tmp_path / "no-such-secret")
    done = run_wrapper(script, ["db", "upgrade"], db_secret, sqlite_stack_config)
    assert done.returncode != 0
    assert not (tmp_path / "stack.db").exists(), "auditor ran although the dashboard secret was missing"


# -- no password in the files ------------------------------------------------------------------

# `key: value` / `key = value` where the key says password and is not a reference (…_env, …_file)
_PASSWORD_ASSIGNMENT = re.compile(r"""(?P<key>[\w-]*passw(?:or)?d[\w-]*)["']?\s*[:=]\s*(?P<value>\S*)""", re.I)
_URL_WITH_PASSWORD = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s/@:]+:[^\s/@]+@", re.I)


def password_literals(text: str) -> list[str]:
    found = []
    for line in text.splitlines():
        # whole-line comments are prose ("the password: one secret file"); URLs are checked in them too
        assignments = [] if line.lstrip().startswith(("#", ";")) else _PASSWORD_ASSIGNMENT.finditer(line)
        for match in assignments:
            key, value = match["key"].lower(), match["value"].strip("\"'")
            if key.endswith(("_env", "_file")) or not value or value.startswith(("$", "#")):
                continue
            found.append(line.strip())
        found += [line.strip() for _ in _URL_WITH_PASSWORD.finditer(line)]
    return found


def test_password_finder_finds_planted_passwords() -> None:
    planted = (
        'POSTGRES_PASSWORD: hunter2\nurl = "postgresql+psycopg://auditor:hunter2@db/auditor"\n'
        'password = "x1"\n# try postgresql://auditor:hunter2@db/auditor\n'
    )
    assert len(password_literals(planted)) == 4
    fine = 'password_env = "AUDITOR_DB_PASSWORD"\nPOSTGRES_PASSWORD_FILE: /run/secrets/db_password\n'
    assert password_literals(fine) == []


@pytest.mark.parametrize("path", [COMPOSE_FILE, DOCKERFILE, UNIT_FILE, *sorted((ROOT / "deploy").glob("*.toml"))], ids=lambda p: p.name)
def test_no_password_literal(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert password_literals(text) == []
    assert SECRET_EXAMPLE.read_text(encoding="utf-8").strip() not in text


def test_compose_passes_no_password_through_the_environment(compose: dict) -> None:
    for name, service in compose["services"].items():
        for key in service.get("environment", {}):
            assert "PASSWORD" not in key.upper() or key.upper().endswith("_FILE"), f"{name}: {key}"


# -- the Dockerfile ----------------------------------------------------------------------------


def dockerfile_final_stage() -> list[str]:
    text = DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    last_from = max(i for i, line in enumerate(lines) if line.startswith("FROM "))
    return lines[last_from:]


def test_image_runs_the_daemon_as_a_plain_user() -> None:
    stage = dockerfile_final_stage()
    assert stage[0].startswith("FROM python:3.11-slim")
    instructions = {line.split(None, 1)[0]: line.split(None, 1)[1] for line in stage}
    assert json.loads(instructions["ENTRYPOINT"]) == ["auditor"]
    assert json.loads(instructions["CMD"]) == ["schedule"]
    assert instructions["STOPSIGNAL"] == "SIGTERM"
    assert instructions["USER"] not in ("root", "0")
    assert any(line.startswith("RUN ") and "[postgres]" in line for line in stage)
    healthcheck = instructions["HEALTHCHECK"].split("CMD", 1)[1].strip()
    command = json.loads(healthcheck)
    assert command[0] == "auditor"
    command_path(command[1:])



def build_context_copies() -> set[str]:
    """The top-level paths the Dockerfile COPYs from the build context (not from a stage)."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    copies = set()
    for line in text.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            copies |= {Path(source).parts[0] for source in words[1:-1] if not source.startswith("--")}
    return copies


def test_image_build_copies_what_the_package_links_to() -> None:
    # auditor/rulesets is a symlink to ../rules: a wheel built without rules/ has no built-in rulesets
    copies = build_context_copies()
    links = [path for path in (ROOT / "auditor").rglob("*") if path.is_symlink()]
    for link in links:
        target = link.resolve().relative_to(ROOT)
        assert target.parts[0] in copies, f"{link.relative_to(ROOT)} points to {target}, which the Dockerfile does not COPY"
    ignored = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    for source in copies:
        assert not any(fnmatch.fnmatch(source, pattern) for pattern in ignored), f"{source} is in .dockerignore"
    assert {"pyproject.toml", "README.md", "auditor"} <= copies

# -- the systemd unit --------------------------------------------------------------------------


def unit_entries() -> dict[str, dict[str, list[str]]]:
    """A unit file as section -> key -> values (keys such as ExecStartPre may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] = {}
    for raw in UNIT_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def test_unit_runs_commands_auditor_has() -> None:
    service = unit_entries()["Service"]
    for key in ("ExecStartPre", "ExecStart"):
        for line in service[key]:
            program, *words = shlex.split(line.lstrip("-+!@:"))
            assert Path(program).name == "auditor" and Path(program).is_absolute()
            command_path(words)
    assert [shlex.split(v)[1:] for v in service["ExecStartPre"]] == [["db", "upgrade"]]
    assert [shlex.split(v)[1:] for v in service["ExecStart"]] == [["schedule"]]


def test_unit_stops_cleanly_and_restarts_on_failure() -> None:
    service = unit_entries()["Service"]
    assert service["Type"] == ["simple"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert int(service["TimeoutStopSec"][0]) > STOP_GRACE_SECONDS
    assert service["Restart"] == ["on-failure"]


def test_unit_is_hardened_and_keeps_secrets_out_of_the_file() -> None:
    service = unit_entries()["Service"]
    assert service["User"][0] not in ("root", "0")
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"]
    assert service["ReadWritePaths"] == [DATA_DIR]
    assert service["PrivateTmp"] == ["yes"]
    assert service["EnvironmentFile"] == ["/etc/auditor/auditor.env"]


def test_env_example_names_every_password_env_without_a_value(stack_config: Config) -> None:
    entries = dict(
        line.split("=", 1) for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    example = load_config(ROOT / "config.example.toml")
    wanted = {stack_config.storage.password_env, example.mail.password_env if example.mail else None}
    assert {name for name in wanted if name} <= set(entries)
    assert all(value == "" for value in entries.values())


# -- the queue profile (issue 21): broker, workers, the daemon with [queue] -----------------------

QUEUE_SERVICES = {"broker", "ratelimits", "worker", "scheduler"}
QUEUE_CONFIG = ROOT / "deploy" / "auditor-queue.toml"
BROKER_SECRET = "/run/secrets/broker_password"


@pytest.fixture(scope="module")
def queue_config() -> Config:
    return load_config(QUEUE_CONFIG)


def test_queue_profile_holds_broker_workers_and_scheduler_only(compose: dict) -> None:
    profiled = {name for name, service in compose["services"].items() if service.get("profiles")}
    assert profiled == QUEUE_SERVICES
    for name in QUEUE_SERVICES:
        assert compose["services"][name]["profiles"] == ["queue"]


def test_workers_scale(compose: dict) -> None:
    # `--scale worker=N`: nothing in the service may be one of a kind (a name, a published port)
    worker = compose["services"]["worker"]
    assert "container_name" not in worker and "ports" not in worker
    assert worker["command"] == ["worker"]
    command_path(worker["command"])
    assert worker["build"] == "." and worker["restart"] == "unless-stopped"
    assert worker["depends_on"] == {"db": {"condition": "service_healthy"}, "broker": {"condition": "service_healthy"},
                                    "ratelimits": {"condition": "service_healthy"}}
    assert compose["services"]["broker"]["healthcheck"]["test"]
    assert compose_seconds(worker["stop_grace_period"]) > 0 and worker["stop_signal"] == "SIGTERM"


def test_scheduler_is_the_daemon_on_the_queue_config(compose: dict, auditor_service: dict) -> None:
    scheduler = compose["services"]["scheduler"]
    assert scheduler["command"] == ["schedule"] == auditor_service["command"]
    assert set(scheduler["depends_on"]) == {"db", "mail", "broker"}
    assert mounted_source(scheduler, DATA_DIR) == mounted_source(auditor_service, DATA_DIR)
    for name in ("worker", "scheduler"):
        service = compose["services"][name]
        assert mounted_source(service, CONFIG_TARGET) == "./deploy/auditor-queue.toml"
        assert any(v.endswith(f":{CONFIG_TARGET}:ro") for v in service["volumes"])
        assert service["environment"] == {"AUDITOR_CONFIG": CONFIG_TARGET}
    # one daemon schedules the audits: the header's command scales the in-process one to 0
    header = COMPOSE_FILE.read_text(encoding="utf-8").split("\nservices:", 1)[0]
    assert "docker compose --profile queue up -d --scale auditor=0 --scale worker=" in header


def test_queue_config_is_the_stack_config_and_a_queue_table(stack_config_path: Path, stack_config: Config,
                                                            queue_config: Config) -> None:
    # one place for the sites: the queue file starts with the stack's config, word for word
    assert QUEUE_CONFIG.read_text(encoding="utf-8").startswith(stack_config_path.read_text(encoding="utf-8"))
    assert queue_config.sites == stack_config.sites and queue_config.storage == stack_config.storage
    assert stack_config.queue is None and queue_config.queue is not None


def test_queue_config_points_at_the_broker_service(compose: dict, queue_config: Config) -> None:
    queue = queue_config.queue
    assert queue is not None
    url = make_url(queue.broker.replace("amqp://", "postgresql://", 1))  # the same URL grammar
    assert queue.broker.startswith("amqp://")
    assert url.host == "broker" and url.host in compose["services"] and url.port == 5672
    assert url.username == "auditor" and url.password is None
    assert queue.password_env == "AUDITOR_BROKER_PASSWORD"
    for name in ("worker", "scheduler"):
        service = compose["services"][name]
        assert service["secrets"] == ["db_password", "broker_password"]
        script = wrapper_script(service["entrypoint"])
        assert f'{queue.password_env}="$$(cat {BROKER_SECRET})"' in script
        assert queue.password_env in script.split("export", 1)[1]
    assert compose["secrets"]["broker_password"] == {"file": "./secrets/broker_password.txt"}
    assert compose["services"]["broker"]["secrets"] == ["broker_password"]
    assert "broker-data" in compose["volumes"]
    assert compose["services"]["broker"]["ports"] == ["127.0.0.1:15672:15672"]


def test_broker_wrapper_writes_the_secret_into_rabbitmqs_config(compose: dict, tmp_path: Path) -> None:
    script = wrapper_script(compose["services"]["broker"]["entrypoint"]).replace("$$", "$")
    assert script.endswith("&& exec docker-entrypoint.sh rabbitmq-server")
    secret, conf = tmp_path / "broker_password", tmp_path / "90-auditor.conf"
    secret.write_text("mq-s3cret\n", encoding="utf-8")
    script = script.replace(BROKER_SECRET, shlex.quote(str(secret))).replace(
        "/etc/rabbitmq/conf.d/90-auditor.conf", shlex.quote(str(conf)))
    script = script.replace("exec docker-entrypoint.sh rabbitmq-server", "true")
    done = subprocess.run(["/bin/sh", "-c", script], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert conf.read_text(encoding="utf-8") == "default_user = auditor\ndefault_pass = mq-s3cret\n"


@pytest.fixture
def sqlite_queue_config(tmp_path: Path, queue_config: Config) -> Path:
    text = QUEUE_CONFIG.read_text(encoding="utf-8")
    path = tmp_path / "auditor-queue.toml"
    path.write_text(text.replace(queue_config.storage.url, f"sqlite:///{tmp_path / 'stack.db'}"), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", ["worker", "scheduler"])
def test_queue_wrapper_needs_both_secrets(name: str, compose: dict, sqlite_queue_config: Path, tmp_path: Path) -> None:
    db_secret, broker_secret = tmp_path / "db_password", tmp_path / "broker_password"
    db_secret.write_text("s3cret-from-the-file\n", encoding="utf-8")
    script = wrapper_script(compose["services"][name]["entrypoint"])
    script = script.replace(BROKER_SECRET, shlex.quote(str(broker_secret)))
    done = run_wrapper(script, ["db", "upgrade"], db_secret, sqlite_queue_config)
    assert done.returncode != 0 and not (tmp_path / "stack.db").exists(), "auditor ran without the broker secret"
    broker_secret.write_text("mq-s3cret\n", encoding="utf-8")
    done = run_wrapper(script, ["runs", "--limit", "1", "--format", "json"], db_secret, sqlite_queue_config)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


def test_worker_refuses_without_the_broker_variable(sqlite_queue_config: Path) -> None:
    # what the wrapper's AUDITOR_BROKER_PASSWORD is for: the worker stops before any broker is dialled
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUDITOR_")}
    env["AUDITOR_DB_PASSWORD"] = "s3cret"
    done = subprocess.run(
        [str(VENV_BIN / "auditor"), "--config", str(sqlite_queue_config), "worker"],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2
    assert "AUDITOR_BROKER_PASSWORD" in done.stderr


def test_workers_share_their_per_host_rates_through_the_ratelimits_service(compose: dict, queue_config: Config) -> None:
    """Two pool processes auditing two sites of one host would each keep the host's rate: the
    stack's workers reserve their starts in the profile's Redis ([queue] rate_limits)."""
    from auditor.queue.app import rate_limits_url

    queue = queue_config.queue
    assert queue is not None and queue.rate_limits == "redis://ratelimits:6379/0"
    assert rate_limits_url(queue_config) == "redis://ratelimits:6379/0"
    service = compose["services"]["ratelimits"]
    assert service["profiles"] == ["queue"] and service["image"].startswith("redis:")
    assert "ports" not in service  # only the workers on the stack's network reach it

