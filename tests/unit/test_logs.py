"""auditor.logs: JSON lines with their fields, plain text on demand, and no secret in any line."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime, timedelta

import pytest

from auditor import logs
from auditor.logs import event, redact, register_secret, setup_logging

# distinctive, and with a quote and a backslash: JSON escapes them, the mask must not miss them
SECRET = 'Zq7"kX\\secret-4711'
log = logging.getLogger("auditor.test_logs")


@pytest.fixture(autouse=True)
def clean_logging(monkeypatch):
    """Each test starts with no registered secret and gets the root logger back as it was."""
    monkeypatch.setattr(logs, "_secrets", ())
    monkeypatch.delenv(logs.FORMAT_ENV, raising=False)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    quiet = {name: logging.getLogger(name).level for name in logs.QUIET_LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, previous in quiet.items():
        logging.getLogger(name).setLevel(previous)


def json_lines(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().err.splitlines()]


def test_an_event_is_one_json_line_with_its_fields_at_the_top_level(capsys):
    setup_logging(fmt="json")
    started = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    event(log, "run.finish", "审计完成 run 12", run=12, pages=3400, seconds=16.5, ok=True, due=None,
          started=started, sites=["portal", "jyj"])
    [line] = json_lines(capsys)
    assert line["event"] == "run.finish" and line["message"] == "审计完成 run 12"
    assert line["level"] == "info" and line["logger"] == "auditor.test_logs"
    assert line["run"] == 12 and line["pages"] == 3400 and line["seconds"] == 16.5
    assert line["ok"] is True and line["due"] is None
    assert line["started"] == "2026-11-28T09:00:00+00:00" and line["sites"] == ["portal", "jyj"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", line["ts"])
    stamped = datetime.fromisoformat(line["ts"].replace("Z", "+00:00"))
    assert abs(datetime.now(UTC) - stamped) < timedelta(minutes=1)


def test_a_field_cannot_overwrite_the_line_s_own_keys(capsys):
    setup_logging(fmt="json")
    # positional-only parameters: a field may be called `name`, `message` or `logger`
    event(log, "page.seen", "real message", level=logging.WARNING, logger="forged", ts="forged", message="forged", name="县政府")
    [line] = json_lines(capsys)
    assert line["message"] == "real message" and line["logger"] == "auditor.test_logs" and line["level"] == "warning"
    assert line["ts"] != "forged" and line["name"] == "县政府"


def test_an_exception_becomes_error_and_traceback(capsys):
    setup_logging(fmt="json")
    try:
        raise ValueError("页面编码无法识别")
    except ValueError:
        log.exception("site failed")
    [line] = json_lines(capsys)
    assert line["level"] == "error" and line["error"] == "ValueError: 页面编码无法识别"
    assert line["traceback"].startswith("Traceback (most recent call last):")
    assert "test_an_exception_becomes_error_and_traceback" in line["traceback"]


def test_verbose_lets_debug_through_and_the_noisy_loggers_stay_quiet(capsys):
    setup_logging(verbose=False, fmt="json")
    log.debug("hidden detail")
    setup_logging(verbose=True, fmt="json")
    log.debug("shown detail")
    logging.getLogger("httpx").info("HTTP Request: GET http://127.0.0.1/")
    logging.getLogger("apscheduler.scheduler").info("Added job")
    logging.getLogger("apscheduler.scheduler").warning("Run time of job was missed")
    messages = [line["message"] for line in json_lines(capsys)]
    assert messages == ["shown detail", "Run time of job was missed"]


def test_calling_setup_twice_keeps_one_handler(capsys):
    setup_logging(fmt="json")
    setup_logging(fmt="text")
    setup_logging(fmt="json")
    ours = [h for h in logging.getLogger().handlers if isinstance(h, logs._StderrHandler)]
    assert len(ours) == 1
    log.info("once")
    assert capsys.readouterr().err.count("once") == 1


def test_a_registered_secret_is_masked_in_message_args_fields_and_traceback(capsys):
    register_secret(SECRET)
    setup_logging(fmt="json")
    log.info(f"connecting with {SECRET}")
    log.info("login as %s with %s", "auditor", SECRET)
    event(log, "mail.sent", "sent", password=SECRET, tried=[SECRET, "ok"])
    logging.getLogger("sqlalchemy.pool").warning("reset %r", {"password": SECRET})  # a library's own line
    try:
        raise RuntimeError(f"server said: bad password {SECRET}")
    except RuntimeError:
        log.exception("login failed")
    err = capsys.readouterr().err
    assert SECRET not in err and json.dumps(SECRET)[1:-1] not in err and "secret-4711" not in err
    lines = [json.loads(line) for line in err.splitlines()]
    assert [line["message"] for line in lines[:2]] == ["connecting with ***", "login as auditor with ***"]
    assert lines[2]["password"] == "***" and lines[2]["tried"] == ["***", "ok"]
    assert lines[3]["logger"] == "sqlalchemy.pool" and "***" in lines[3]["message"]
    assert lines[4]["error"] == "RuntimeError: server said: bad password ***"
    assert "bad password ***" in lines[4]["traceback"]


def test_the_secret_is_masked_in_text_lines_and_tracebacks_too(capsys):
    register_secret(SECRET)
    setup_logging(fmt="text")
    try:
        raise RuntimeError(f"echoed {SECRET}")
    except RuntimeError:
        log.exception("failed with %s", SECRET)
    err = capsys.readouterr().err
    assert "failed with ***" in err and "RuntimeError: echoed ***" in err
    assert "secret-4711" not in err


def test_the_url_encoded_form_of_a_secret_is_masked(capsys):
    register_secret(SECRET)
    setup_logging(fmt="json")
    log.info("dsn host=db password=%s", 'Zq7%22kX%5Csecret-4711')
    assert "secret-4711" not in capsys.readouterr().err


def test_short_values_are_not_registered():
    register_secret("abc")
    register_secret("")
    register_secret(None)
    assert redact("abc abcd") == "abc abcd"


@pytest.mark.parametrize(("text", "expected"), [
    ("postgresql+psycopg://user:pw@host/db", "postgresql+psycopg://user:***@host/db"),
    ("smtp://u:p@h", "smtp://u:***@h"),
    ("to smtps://mail:S3cr@t@mail.county.gov.cn:465 failed", "to smtps://mail:***@mail.county.gov.cn:465 failed"),
    ("a postgresql://auditor@db/auditor b", "a postgresql://auditor@db/auditor b"),
    ("https://www.county.gov.cn:8080/xxgk/index.html", "https://www.county.gov.cn:8080/xxgk/index.html"),
    ("mailto:office@county.gov.cn", "mailto:office@county.gov.cn"),
])
def test_url_passwords_are_masked_without_registering(text, expected):
    assert redact(text) == expected


def test_a_url_password_in_a_line_is_masked(capsys):
    setup_logging(fmt="json")
    logging.getLogger("alembic.runtime").warning("cannot reach %s", "postgresql+psycopg://auditor:Hq2-url-pw@db/auditor")
    [line] = json_lines(capsys)
    assert line["message"] == "cannot reach postgresql+psycopg://auditor:***@db/auditor"


def test_text_format_on_demand_with_key_value_fields(capsys):
    setup_logging(fmt="text")
    event(log, "site.done", "网站抓取完成 portal", site="portal", pages=12, title="县 政府", missing=None)
    [line] = capsys.readouterr().err.splitlines()
    assert re.fullmatch(
        r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO auditor\.test_logs: 网站抓取完成 portal "
        r'site=portal pages=12 title="县 政府" missing=null', line,
    ), line


def test_the_environment_chooses_the_format_and_a_pipe_gets_json(capsys, monkeypatch):
    monkeypatch.setenv(logs.FORMAT_ENV, "text")
    setup_logging()
    log.info("as text")
    monkeypatch.delenv(logs.FORMAT_ENV)
    setup_logging()  # capsys' stderr is not a terminal
    log.info("as json")
    first, second = capsys.readouterr().err.splitlines()
    assert first.endswith("INFO auditor.test_logs: as text")
    assert json.loads(second)["message"] == "as json"


def test_hostile_text_cannot_forge_a_text_line(capsys):
    setup_logging(fmt="text")
    title = 'x\n2026-11-28 09:00:00,000 ERROR auditor: forged\x1b[2J'
    event(log, "page.title", f"标题 {title}", title=title)
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and "\x1b" not in lines[0]
    assert "\\n2026-11-28 09:00:00,000 ERROR" in lines[0]


@pytest.mark.timeout(60)  # a hang guard: a scheme pattern tried at every word boundary took minutes here
@pytest.mark.parametrize("unit", ["a.", "a-", "a:", "ab://:", "a://b:c"])
def test_a_megabyte_of_hostile_text_is_redacted_in_one_pass(unit):
    text = unit * (1_000_000 // len(unit))
    assert redact(text) == text  # nothing that looks like user:password@


def test_many_url_passwords_in_one_long_line_are_all_masked():
    line = " ".join(f"http://u{i}:pw{i}@h{i}/" for i in range(20_000))
    masked = redact(line)
    assert masked.count(":***@") == 20_000 and "pw19999" not in masked
