"""No password in logs, output, error messages, the outbox or the reports: the real CLI in a subprocess.

stderr is a pipe, so the logs are JSON (and `-v` lets every DEBUG line through). Each
test also checks that the thing it provokes happened (the connection was refused, the
login was refused, the report was written), so it cannot pass by doing nothing.

The local PostgreSQL trusts 127.0.0.1, so a wrong password alone is accepted: the
refusals come from a role or a database that does not exist, while the wrong password
is still the one the program holds and must not show.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.smtp import AuthResult, LoginPassword

from auditor.store import Store
from tests.httpserver import free_port  # not auditor.mail.sink's: see its docstring
from tests.mail_fixtures import RecordingHandler, SmtpServer, county_config, mail_table, seed_runs

SMTP_HOST = "127.0.0.171"
DB_ENV = "AUDITOR_TEST_DB_PASSWORD"
MAIL_ENV = "AUDITOR_TEST_SMTP_PASSWORD"
# each secret carries a word found nowhere else, so any leak shows, even a partly encoded one
DB_SECRET = 'Db-"q\\7Zephyr@2026/x'
MAIL_SECRET = "Ml-Quokka#58:p@ss"
URL_SECRET = "UrlPw-Narwhal-93"
MARKERS = {DB_SECRET: "Zephyr", MAIL_SECRET: "Quokka", URL_SECRET: "Narwhal"}
SECRET_ENV = {DB_ENV: DB_SECRET, MAIL_ENV: MAIL_SECRET}

pytestmark = pytest.mark.postgres


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "AUDITOR_LOG_FORMAT"} | SECRET_ENV
    return subprocess.run([sys.executable, "-m", "auditor.cli", "-v", *args], capture_output=True, text=True,
                          cwd=cwd, env=environment, timeout=120)


def assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret, marker in MARKERS.items():
            assert secret not in text and marker not in text, f"{marker} leaked: {text[:2000]}"


def log_events(stderr: str) -> list[dict]:
    """The JSON log lines (the error message main() prints is plain text)."""
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def site_config(tmp_path: Path, storage: str) -> Path:
    """One site; `storage` is the body of the [storage] table."""
    path = tmp_path / "auditor.toml"
    path.write_text(
        f'rulesets = ["mengjin-2011"]\n[storage]\n{storage}\n\n'
        '[[sites]]\nid = "portal"\nname = "县人民政府"\nurl = "http://127.0.0.172:9/"\nkind = "county"\n',
        encoding="utf-8",
    )
    return path


def pg_url(**parts: str) -> str:
    """The test server's URL with some parts replaced (username, database, password)."""
    base = sa.make_url(os.environ.get("AUDITOR_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    return base.set(**parts).render_as_string(hide_password=False)


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


# [storage] body -> what the error must say
REFUSED_DATABASES = {
    "wrong password from password_env, no such role": (
        f"url = {toml_string(pg_url(username='auditor_no_such_role'))}\npassword_env = \"{DB_ENV}\"",
        'role "auditor_no_such_role" does not exist',
    ),
    "password in the url, no such role": (
        f"url = {toml_string(pg_url(username='auditor_no_such_role', password=URL_SECRET))}",
        'role "auditor_no_such_role" does not exist',
    ),
    "password_env, no such database": (
        f"url = {toml_string(pg_url(database='auditor_no_such_db'))}\npassword_env = \"{DB_ENV}\"",
        'database "auditor_no_such_db" does not exist',
    ),
    "password in a url that does not parse": (
        f'url = "postgresql+psycopg//auditor:{URL_SECRET}@127.0.0.1/auditor"',
        "invalid database URL",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_DATABASES))
def test_a_refused_database_connection_never_shows_the_password(case, tmp_path, pg_schemas):  # pg_schemas: skip without PostgreSQL
    storage, expected = REFUSED_DATABASES[case]
    site_config(tmp_path, storage)
    done = run_cli("runs", "--config", "auditor.toml", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr and "Traceback" not in done.stderr
    assert_no_secret(done.stdout, done.stderr)


def test_a_working_connection_with_the_password_never_shows_it(tmp_path, pg_schemas):
    url = pg_schemas.new()
    site_config(tmp_path, f"url = {toml_string(url)}\npassword_env = \"{DB_ENV}\"")
    upgraded = run_cli("db", "upgrade", "--config", "auditor.toml", cwd=tmp_path)
    listed = run_cli("runs", "--config", "auditor.toml", "--format", "json", cwd=tmp_path)
    assert upgraded.returncode == 0 and listed.returncode == 0, upgraded.stderr + listed.stderr
    assert json.loads(listed.stdout) == []  # connected to the empty, migrated schema
    assert_no_secret(upgraded.stdout, upgraded.stderr, listed.stdout, listed.stderr)


def echoing_authenticator(server, session, envelope, mechanism, auth_data):
    """A server that refuses every login and, worse, repeats the password it was given."""
    echoed = auth_data.password.decode("utf-8", "replace") if isinstance(auth_data, LoginPassword) else "?"
    return AuthResult(success=False, handled=False, message=f"535 5.7.8 bad credentials: {echoed}")


@pytest.fixture
def county(tmp_path, pg_schemas):
    """Six sites on PostgreSQL (password from DB_ENV) with two audits; [mail] logs in with MAIL_ENV."""
    url = pg_schemas.new()
    port = free_port(SMTP_HOST)
    config_path = county_config(tmp_path, mail=mail_table(SMTP_HOST, port, username="auditor", password_env=MAIL_ENV))
    text = config_path.read_text(encoding="utf-8").replace(
        'url = "sqlite:///auditor.db"', f"url = {toml_string(url)}\npassword_env = \"{DB_ENV}\"",
    )
    config_path.write_text(text, encoding="utf-8")
    with Store.open(url) as store:
        runs = seed_runs(store)
    handler = RecordingHandler()
    server = SmtpServer(handler, SMTP_HOST, port, auth_require_tls=False,
                        authenticator=echoing_authenticator)
    with server:
        yield tmp_path, runs, handler


def test_a_refused_test_bulletin_never_shows_the_password(county):
    folder, _, handler = county
    done = run_cli("bulletin", "--test", "--config", "auditor.toml", cwd=folder)
    assert done.returncode == 2, done.stderr
    assert "登录邮件服务器失败" in done.stderr and "535" in done.stderr and "bad credentials: ***" in done.stderr
    [failed] = [e for e in log_events(done.stderr) if e.get("event") == "mail.failed"]
    assert failed["code"] == 535 and failed["test"] is True and failed["level"] == "warning"
    assert handler.received == []
    assert_no_secret(done.stdout, done.stderr)


def test_a_refused_login_while_sending_never_reaches_the_outbox_or_the_logs(county):
    folder, runs, handler = county
    sent = run_cli("bulletin", "--send", "--config", "auditor.toml", cwd=folder)
    listing = run_cli("outbox", "--config", "auditor.toml", "--format", "json", cwd=folder)
    table = run_cli("outbox", "--config", "auditor.toml", cwd=folder)
    assert sent.returncode == 2, sent.stderr
    assert "邮件设置有误" in sent.stderr and handler.received == []
    deferred = [e for e in log_events(sent.stderr) if e.get("event") == "mail.deferred"]
    assert len(deferred) == 4 and {e["recipient"] for e in deferred} == {"office", "unit:portal", "unit:chengguan", "unit:jyj"}
    assert all(e["code"] == 535 and e["attempt"] == 1 and e["run"] == runs.second and e["level"] == "error" for e in deferred)
    assert all(e["to"] and "bad credentials: ***" in e["message"] for e in deferred)
    rows = json.loads(listing.stdout)
    assert len(rows) == 4 and all(r["status"] == "pending" and "535" in r["error"] for r in rows)
    assert_no_secret(sent.stdout, sent.stderr, listing.stdout, listing.stderr, table.stdout, table.stderr)


def test_the_reports_never_carry_a_password(county):
    folder, _, _ = county
    run_cli("bulletin", "--send", "--config", "auditor.toml", cwd=folder)  # refused: the outbox holds its errors
    html = run_cli("report", "--config", "auditor.toml", "--format", "html", "--out", "report.html", cwd=folder)
    as_json = run_cli("report", "--config", "auditor.toml", "--format", "json", "--out", "-", cwd=folder)
    assert html.returncode == 0 and as_json.returncode == 0, html.stderr + as_json.stderr
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "县人民政府门户网站" in page
    violations = json.loads(as_json.stdout)  # the latest run's: one kept, five new, one resolved
    statuses = sorted(v["status"] for v in violations)
    assert statuses.count("new") == 5 and len(violations) == 7
    assert {v["site"] for v in violations} == {"portal", "chengguan", "jyj", "jyj-zx", "slj"}
    assert_no_secret(page, html.stdout, html.stderr, as_json.stdout, as_json.stderr)
