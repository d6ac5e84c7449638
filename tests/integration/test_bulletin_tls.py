"""STARTTLS, implicit TLS and login against aiosmtpd with a trustme certificate; the password never shows."""

from __future__ import annotations

import json
import logging
import ssl

import pytest
import trustme

from auditor import api
from tests.httpserver import free_port
from tests.mail_fixtures import (
    OFFICE,
    PASSWORD_ENV,
    RecordingHandler,
    SmtpServer,
    county_config,
    mail_table,
    password_authenticator,
    run_auditor,
    seed_runs,
)

HOST = "127.0.0.152"
PASSWORD = "Sm7p-s3cret-PaSS"


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def server_tls(ca) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(HOST).configure_cert(context)
    return context


@pytest.fixture
def ca_file(ca, tmp_path) -> str:
    path = tmp_path / "office-ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return str(path)


def _county(tmp_path, port: int, **mail) -> str:
    path = county_config(tmp_path, mail=mail_table(HOST, port, username="auditor", password_env=PASSWORD_ENV, **mail))
    config, _ = api.load(path)
    with api.open_store(config) as store:
        seed_runs(store)
    return str(path)


def _starttls_server(handler, port, context, password=PASSWORD) -> SmtpServer:
    return SmtpServer(handler, HOST, port, tls_context=context, require_starttls=True, auth_required=True,
                      authenticator=password_authenticator(password))


def test_starttls_and_login_with_the_office_ca(tmp_path, monkeypatch, caplog, server_tls, ca_file):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    port = free_port(HOST)
    config_path = _county(tmp_path, port, starttls=True, ca_bundle=ca_file)
    handler = RecordingHandler()
    with _starttls_server(handler, port, server_tls):
        done = run_auditor("bulletin", "--send", "--config", config_path)
        listing = run_auditor("outbox", "--config", config_path, "--format", "json")
    assert done.code == 0, done.output
    assert len(handler.received) == 4 and handler.per_recipient()[OFFICE[0]] == 1
    assert "outbox #1 (office) sent" in caplog.text  # the log was captured ...
    for text in (caplog.text, done.output, listing.output):
        assert PASSWORD not in text  # ... and the password is in none of it
    assert {row["status"] for row in json.loads(listing.stdout)} == {"sent"}


def test_implicit_tls_and_login(tmp_path, monkeypatch, server_tls, ca_file):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    port = free_port(HOST)
    config_path = _county(tmp_path, port, starttls=False, ssl=True, ca_bundle=ca_file)
    handler = RecordingHandler()
    server = SmtpServer(handler, HOST, port, ssl_context=server_tls, auth_require_tls=False,
                        authenticator=password_authenticator(PASSWORD))
    with server:
        done = run_auditor("bulletin", "--send", "--config", config_path)
        test = run_auditor("bulletin", "--test", "--config", config_path)
    assert done.code == 0, done.output
    assert test.code == 0 and "250" in test.output
    assert len(handler.received) == 5


def test_a_wrong_password_stops_sending_and_is_never_shown(tmp_path, monkeypatch, caplog, server_tls, ca_file):
    caplog.set_level(logging.DEBUG)
    wrong = "Wr0ng-PaSSw0rd-xyz"
    monkeypatch.setenv(PASSWORD_ENV, wrong)
    port = free_port(HOST)
    config_path = _county(tmp_path, port, starttls=True, ca_bundle=ca_file)
    handler = RecordingHandler()
    with _starttls_server(handler, port, server_tls):
        done = run_auditor("bulletin", "--send", "--config", config_path)
        listing = run_auditor("outbox", "--config", config_path, "--format", "json")
        table = run_auditor("outbox", "--config", config_path)
    assert done.code == 2, done.output
    assert "登录邮件服务器失败" in done.output and PASSWORD_ENV in done.output
    rows = json.loads(listing.stdout)
    assert {row["status"] for row in rows} == {"pending"} and all(row["attempts"] == 1 for row in rows)
    assert all("535" in row["error"] for row in rows)
    for text in (caplog.text, done.output, listing.output, table.output):
        assert wrong not in text
    assert handler.received == []


def test_a_certificate_nobody_vouched_for_is_refused_with_the_fix(tmp_path, monkeypatch, server_tls):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    port = free_port(HOST)
    config_path = _county(tmp_path, port, starttls=True)  # no ca_bundle: the system CAs do not know trustme's
    handler = RecordingHandler()
    with _starttls_server(handler, port, server_tls):
        done = run_auditor("bulletin", "--send", "--config", config_path)
    assert done.code == 2
    assert "证书校验失败" in done.output and "ca_bundle" in done.output
    assert handler.received == []


def test_a_missing_password_variable_is_named_and_nothing_is_sent(tmp_path, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    port = free_port(HOST)
    config_path = _county(tmp_path, port)
    done = run_auditor("bulletin", "--send", "--config", config_path)
    assert done.code == 2 and f"环境变量 {PASSWORD_ENV} 未设置" in done.output
