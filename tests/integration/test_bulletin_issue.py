"""`auditor bulletin` with a real store: the 通报 number counted from the year's complete full audits,
the [bulletin] header, a partial run's office summary refused (exit 2) unless `--partial`, then labelled."""

from __future__ import annotations

from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default as default_policy

import pytest

from auditor import api
from auditor.models import Finding, RunKind
from tests.httpserver import free_port
from tests.mail_fixtures import (
    OFFICE,
    RecordingHandler,
    SmtpServer,
    county_config,
    mail_table,
    run_auditor,
    seed_runs,
)
from tests.untrusted import assert_escaped

HOST = "127.0.0.154"
RECHECK = datetime(2026, 12, 2, 1, 0, tzinfo=UTC)
BULLETIN = ('\n[bulletin]\nissuer = "孟津县人民政府办公室"\nnumber = "孟政办网〔{year}〕{seq}号"\ndate = 2026-12-01\n'
            'feedback_to = "县政府办公室信息公开科（xxgk@county.test）"\ndeadline_days = { critical = 2, major = 7, minor = 14 }\n')


@pytest.fixture
def county(tmp_path):
    """The county of mail_fixtures, two full audits and a re-audit of 城关镇 alone; [bulletin] set."""
    port = free_port(HOST)
    config_path = county_config(tmp_path, mail=mail_table(HOST, port))
    text = config_path.read_text(encoding="utf-8")
    config_path.write_text(text.replace("\n[[sites]]", BULLETIN + "\n[[sites]]", 1), encoding="utf-8")
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        runs = seed_runs(store)
        partial = store.start_run(RECHECK, ["chengguan"], kind=RunKind.SITE)
        finding = Finding(ruleset="mengjin-2011", rule="links-not-broken", check="link.broken", severity="major",
                          points=1.0, veto=False, site="chengguan", column=None, url="http://127.0.0.162/still.html",
                          message="链接失效：http://127.0.0.162/still.html （HTTP 404）")
        store.reconcile_violations(partial, RECHECK, ["chengguan"], ["mengjin-2011"], [finding])
        store.finish_run(partial, "complete", sites=1, pages=10, links=20)
    return config_path, port, runs, partial


def _read(path):
    return message_from_bytes(path.read_bytes(), policy=default_policy)


def _text(message) -> str:
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def test_the_number_is_the_runs_place_in_its_year_and_stays_the_same(county, tmp_path):
    config_path, _, runs, _ = county
    numbers = {}
    for attempt in ("first", "again"):
        for run in (runs.first, runs.second):
            out = tmp_path / f"{attempt}-{run}"
            done = run_auditor("bulletin", "--config", str(config_path), "--run", str(run), "--out", str(out))
            assert done.code == 0, done.output
            office = _read(out / f"{run}-office.eml")
            numbers[(attempt, run)] = office["Subject"]
            text = _text(office)
            assert text.startswith("孟津县人民政府办公室\n网站检查通报\n")  # the issuer heads it
            assert f"孟政办网〔2026〕{1 if run == runs.first else 2}号　　2026年12月1日" in text  # number, date
            assert "反馈至县政府办公室信息公开科（xxgk@county.test）" in text
    assert numbers[("first", runs.first)] == numbers[("again", runs.first)]  # same run, same number
    assert numbers[("first", runs.second)].endswith("（孟政办网〔2026〕2号）")

    unit = _text(_read(tmp_path / f"first-{runs.second}" / f"{runs.second}-unit-chengguan.eml"))
    assert unit.count("整改期限：2026年12月8日前（7 日内）") == 2  # both of 城关镇's problems are 较重: 7 days
    assert "请于2026年12月8日前将整改反馈" in unit


def test_a_partial_runs_office_summary_is_refused_unless_asked_for(county, tmp_path):
    config_path, port, _, partial = county
    refused = run_auditor("bulletin", "--config", str(config_path), "--run", str(partial), "--out", str(tmp_path / "a"))
    assert refused.code == 2
    assert "只检查了部分网站（城关镇" in refused.output and "--partial" in refused.output
    assert not (tmp_path / "a").exists()  # nothing written

    unit = run_auditor("bulletin", "--config", str(config_path), "--run", str(partial), "--unit", "chengguan",
                       "--out", str(tmp_path / "b"))
    assert unit.code == 0, unit.output
    (only,) = (tmp_path / "b").iterdir()
    assert "〔2026〕补1号" in _read(only)["Subject"]  # never a full audit's number

    unknown = run_auditor("bulletin", "--config", str(config_path), "--unit", "nowhere")
    assert unknown.code == 2 and "nowhere" in unknown.output and "chengguan（城关镇人民政府）" in unknown.output

    handler = RecordingHandler()
    with SmtpServer(handler, HOST, port):
        sent = run_auditor("bulletin", "--send", "--partial", "--config", str(config_path), "--run", str(partial))
    assert sent.code == 0, sent.output
    (office,) = [r.message for r in handler.received if OFFICE[0] in r.rcpt_tos]
    assert office["Subject"].startswith("【网站检查通报】部分网站（城关镇")
    assert "1个网站" in office["Subject"] and "补1号" in office["Subject"]
    for part in ("plain", "html"):
        body = office.get_body((part,)).get_content()
        assert "【部分网站】" in body and "本次只检查了以下 1 个网站：城关镇" in body
    assert_escaped(office.get_body(("html",)).get_content())  # the town's hostile name, escaped
