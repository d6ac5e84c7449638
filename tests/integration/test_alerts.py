"""Alerts with real parts: webhook receivers on 127.0.0.1, real probes of a local site, aiosmtpd, the CLI.

Each alert reaches each channel once: detected again, it finds its outbox row; failing,
it is retried with backoff and still arrives once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from alert_fixtures import DINGTALK_SECRET, DINGTALK_TOKEN, WECOM_KEY, Receiver
from daemon_fixtures import wait_for
from httpserver import free_port
from mail_fixtures import RecordingHandler, SmtpServer, mail_table, run_auditor

from auditor.alerts.events import Alert
from auditor.alerts.notifier import Notifier
from auditor.alerts.outbox import Deliverer, queue
from auditor.config import Config, parse_config
from auditor.logs import setup_logging
from auditor.models import Finding, Problem
from auditor.probe import probe_sites
from auditor.rules import load_rulesets
from auditor.store import Store

pytestmark = pytest.mark.timeout(60)
AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


class Site:
    """A home page on 127.0.0.1 answering `status` (set it to 500 and back), robots.txt always 404."""

    def __init__(self) -> None:
        self.status = 200
        self.port = free_port()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                status = 404 if self.path == "/robots.txt" else site.status
                body = "<html><head><title>首页</title></head><body>清河县</body></html>".encode()
                self.send_response(status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _config(tmp_path: Path, channels: str, *, site_url: str = "http://127.0.0.1:9/", alerts: str = "", mail: str = "",
            schedule: str = "") -> Config:
    text = (
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///auditor.db"\n'
        "[crawl]\nallow_private_addresses = true\nper_host_delay = 0\ntimeout = 3\nretries = 0\n"
        + (f"[mail]\n{mail}\n" if mail else "") + (f"[schedule]\n{schedule}\n" if schedule else "")
        + f"[alerts]\nretry_seconds = 0.05\n{alerts}\n{channels}\n"
        f'[[sites]]\nid = "portal"\nname = "清河县人民政府"\nurl = "{site_url}"\nkind = "county"\nunit = "县政府办公室"\n'
        '[[sites.columns]]\nid = "news"\nname = "清河要闻"\nurl = "' + site_url + 'xwzx/"\nkind = "news"\n'
        '[[sites]]\nid = "town"\nname = "城关镇人民政府"\nurl = "http://127.0.0.1:10/"\nkind = "town"\nunit = "城关镇"\n'
    )
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    return parse_config(text, path)


def _channel(kind: str, env: str = "", **extra: object) -> str:
    lines = ["[[alerts.channels]]", f'kind = "{kind}"']
    if env:
        lines.append(f'url_env = "{env}"')
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in extra.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def robots(monkeypatch):
    """A WeCom-style and a DingTalk-style (signed) receiver, their URLs and the secret in the environment."""
    with Receiver("wecom") as wecom, Receiver("dingtalk", secret=DINGTALK_SECRET) as dingtalk:
        monkeypatch.setenv("T_WECOM", wecom.url)
        monkeypatch.setenv("T_DING", dingtalk.url)
        monkeypatch.setenv("T_DING_SECRET", DINGTALK_SECRET)
        yield wecom, dingtalk


ROBOT_CHANNELS = _channel("wecom", "T_WECOM") + _channel("dingtalk", "T_DING", secret_env="T_DING_SECRET")


def _alert(n: int, site: str = "portal", event: str = "site.down") -> Alert:
    return Alert(event, f"{event}:{site}:{n}", f"网站无法访问：清河县人民政府 {n}", f"清河县人民政府首页无法打开 {n}。", AS_OF, site,
                 "清河县人民政府", "http://127.0.0.1:9/")


def _deliver_until_settled(deliverer: Deliverer, timeout: float = 20) -> None:
    def settled() -> bool:
        delivery = deliverer.deliver()
        return delivery.next_due is None

    wait_for(settled, timeout, "every alert sent or given up", interval=0.05)


def test_each_robot_gets_one_message_per_event_in_its_documented_json(tmp_path, robots) -> None:
    wecom, dingtalk = robots
    config = _config(tmp_path, ROBOT_CHANNELS)
    with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
        assert queue(store, config, [_alert(1), _alert(2)]) == 4  # two events, two channels
        assert queue(store, config, [_alert(1), _alert(2)]) == 0  # detected again: nothing new
        deliverer = Deliverer(config, store)
        _deliver_until_settled(deliverer)
        deliverer.deliver()
        assert {row.status.value for row in store.alerts()} == {"sent"}
    assert len(wecom.accepted) == 2 and len(dingtalk.accepted) == 2
    for request in wecom.accepted:
        assert request.path == "/cgi-bin/webhook/send" and request.query["key"] == WECOM_KEY
        assert request.body["msgtype"] == "markdown" and set(request.body["markdown"]) == {"content"}
        assert "清河县人民政府" in request.body["markdown"]["content"] and "portal" not in request.body["markdown"]["content"]
    for request in dingtalk.accepted:
        assert request.path == "/robot/send" and request.query["access_token"] == DINGTALK_TOKEN
        assert {"timestamp", "sign"} <= set(request.query)
        assert request.body["msgtype"] == "markdown" and set(request.body["markdown"]) == {"title", "text"}
        assert request.body["markdown"]["title"].startswith("网站无法访问：清河县人民政府")
    assert dingtalk.rejected_signatures == 0
    assert sorted(r.body["markdown"]["content"].count("无法打开 1") for r in wecom.accepted) == [0, 1]


def test_a_wrong_dingtalk_secret_is_rejected_by_the_receiver_and_the_alert_waits(tmp_path, robots, monkeypatch) -> None:
    _, dingtalk = robots
    monkeypatch.setenv("T_DING_SECRET", "SECnot-the-robots-secret")
    config = _config(tmp_path, _channel("dingtalk", "T_DING", secret_env="T_DING_SECRET"), alerts="max_attempts = 2")
    with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
        queue(store, config, [_alert(1)])
        _deliver_until_settled(Deliverer(config, store))
        (row,) = store.alerts()
    assert dingtalk.rejected_signatures == 2 and dingtalk.accepted == []
    assert row.status.value == "failed" and "310000" in row.last_error


@pytest.mark.parametrize("fail_with", ["http", "errcode"])
def test_a_receiver_failing_three_times_then_answering_gets_the_message_once(tmp_path, monkeypatch, fail_with) -> None:
    with Receiver("wecom", fail_first=3, fail_with=fail_with) as wecom:
        monkeypatch.setenv("T_WECOM", wecom.url)
        config = _config(tmp_path, _channel("wecom", "T_WECOM"))
        with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
            queue(store, config, [_alert(1)])
            _deliver_until_settled(Deliverer(config, store))
            (row,) = store.alerts()
    assert len(wecom.requests) == 4 and len(wecom.accepted) == 1
    assert (row.status.value, row.attempts) == ("sent", 4)


def test_many_events_at_once_go_as_one_digest_per_channel(tmp_path, robots) -> None:
    wecom, dingtalk = robots
    config = _config(tmp_path, ROBOT_CHANNELS, alerts="digest_over = 5")
    with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
        queue(store, config, [_alert(n) for n in range(8)])
        _deliver_until_settled(Deliverer(config, store))
        assert len(store.alerts(("sent",))) == 16
    assert len(wecom.accepted) == 1 and len(dingtalk.accepted) == 1
    content = wecom.accepted[0].body["markdown"]["content"]
    assert "网站监测提醒（8 条）" in content and all(f"无法打开 {n}" in content for n in range(8))


def test_routing_gives_a_unit_its_own_sites_and_the_office_everything(tmp_path, robots) -> None:
    wecom, dingtalk = robots
    channels = _channel("wecom", "T_WECOM") + _channel("dingtalk", "T_DING", secret_env="T_DING_SECRET",
                                                         units=["城关镇"], events=["site.down"])
    config = _config(tmp_path, channels)
    run_failed = Alert("run.failed", "run.failed:7", "检查未完成：第 7 次全面检查（失败）", "失败", AS_OF)
    with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
        queue(store, config, [_alert(1, "portal"), _alert(2, "town"), _alert(3, "town", "site.up"), run_failed])
        _deliver_until_settled(Deliverer(config, store))
    assert len(wecom.accepted) == 4
    assert [r.body["markdown"]["title"] for r in dingtalk.accepted] == ["网站无法访问：清河县人民政府 2"]


async def test_an_outage_and_its_recovery_make_one_down_and_one_up_message(tmp_path, robots) -> None:
    wecom, dingtalk = robots
    site = Site()
    try:
        config = _config(tmp_path, ROBOT_CHANNELS, site_url=site.url, alerts="down_after = 2")
        store = Store.open("sqlite:///" + str(tmp_path / "auditor.db"))
        store.sync_sites(config)
        rounds = [500, 500, 500, 200, 200]
        for index, status in enumerate(rounds):
            site.status = status
            if index == 2:  # the daemon restarts mid-outage: the outage is remembered, "down" not repeated
                store.close()
                store = Store.open("sqlite:///" + str(tmp_path / "auditor.db"))
            notifier = Notifier(config, store)
            await notifier.probed(await probe_sites(config, store, ["portal"]))
            await asyncio.to_thread(_deliver_until_settled, notifier.deliverer)
            if index == 0:
                assert wecom.accepted == []  # one failure is no outage
            await asyncio.sleep(0.3)
        store.close()
    finally:
        site.close()
    for robot, text in ((wecom, lambda r: r.body["markdown"]["content"]), (dingtalk, lambda r: r.body["markdown"]["text"])):
        messages = [text(r) for r in robot.accepted]
        assert len(messages) == 2, messages
        assert "网站无法访问：清河县人民政府" in messages[0] and "连续 2 次" in messages[0] and "HTTP 500" in messages[0]
        assert "网站恢复访问：清河县人民政府" in messages[1] and "中断时长" in messages[1] and "秒" in messages[1]


@dataclass
class _Audit:
    violations: list[Problem]


def _stale(newest: str) -> Finding:
    return Finding(ruleset="mengjin-2011", rule="news-daily", check="column.cadence", severity="major", points=1.0, veto=False,
                   site="portal", column="news", url="http://127.0.0.1:9/xwzx/", key=f"stale:{newest}",
                   message=f"清河要闻 最新信息发布于{newest}，已多日未更新（规定每天更新）", evidence={"newest": newest})


async def test_a_cadence_breach_seen_by_several_daily_checks_alerts_once_and_a_new_breach_again(tmp_path, robots) -> None:
    wecom, _ = robots
    config = _config(tmp_path, _channel("wecom", "T_WECOM"))
    with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
        notifier = Notifier(config, store)

        async def daily_check(day: int, newest: str) -> None:
            as_of = AS_OF + timedelta(days=day)
            run = store.start_run(as_of, ["portal"], "cadence")
            problems = store.reconcile_violations(run, as_of, ["portal"], ["mengjin-2011"], [_stale(newest)])
            store.finish_run(run, "complete", sites=1, pages=1, links=0)

            async def audit() -> _Audit:
                return _Audit(problems)

            await notifier.watch(audit())
            await asyncio.to_thread(_deliver_until_settled, notifier.deliverer)

        for day in range(3):  # the same breach, seen on three mornings
            await daily_check(day, "2026-11-20")
        assert len(wecom.accepted) == 1
        for day in range(3, 5):  # updated on the 30th, silent again: a new breach
            await daily_check(day, "2026-11-30")
    contents = [r.body["markdown"]["content"] for r in wecom.accepted]
    assert len(contents) == 2
    assert all("栏目更新超期：清河县人民政府 清河要闻" in c for c in contents)
    assert "2026-11-20" in contents[0] and "2026-11-30" in contents[1]



async def test_a_new_critical_problem_and_a_failed_audit_alert_once_each(tmp_path, robots) -> None:
    wecom, _ = robots
    config = _config(tmp_path, _channel("wecom", "T_WECOM"))
    critical = Finding(ruleset="mengjin-2011", rule="mailbox-in-time", check="mailbox.overdue", severity="critical",
                       points=0.0, veto=True, site="portal", column=None, url="http://127.0.0.1:9/xx/1.html",
                       message="县长信箱 来信已 120 天未答复", key="", evidence={})
    rulesets = load_rulesets(config.ruleset_paths())
    with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
        notifier = Notifier(config, store, rulesets)  # as the daemon makes it: rules named as the ruleset names them
        for day in range(2):  # new in the first audit, open in the second: one alert
            as_of = datetime.now(UTC) + timedelta(days=day)
            run = store.start_run(as_of, ["portal"])
            problems = store.reconcile_violations(run, as_of, ["portal"], ["mengjin-2011"], [critical])
            store.finish_run(run, "complete", sites=1, pages=1, links=0)

            async def audit(found: list[Problem] = problems) -> _Audit:
                return _Audit(found)

            await notifier.watch(audit())
        failed = store.start_run(datetime.now(UTC), ["portal", "town"])
        store.finish_run(failed, "failed", sites=2, pages=3, links=0)

        async def crash() -> _Audit:
            raise RuntimeError("the audit broke")

        for _ in range(2):
            with pytest.raises(RuntimeError):
                await notifier.watch(crash())
        await notifier.runs_ended()
        await asyncio.to_thread(_deliver_until_settled, notifier.deliverer)
    contents = [r.body["markdown"]["content"] for r in wecom.accepted]
    assert len(contents) == 2, contents
    assert "发现严重问题：清河县人民政府" in contents[0] and "县长信箱 来信已 120 天未答复" in contents[0]
    assert "严重" in contents[0] and "mailbox" not in contents[0]
    assert f"检查未完成：第 {failed} 次全面检查（失败）" in contents[1] and "2 个网站" in contents[1]


def test_email_alerts_arrive_once(tmp_path) -> None:
    handler = RecordingHandler()
    port = free_port()
    with SmtpServer(handler, "127.0.0.1", port):
        config = _config(tmp_path, _channel("email", to=["xxgk@county.test"]), mail=mail_table("127.0.0.1", port))
        with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
            for _ in range(2):
                queue(store, config, [_alert(1)])
                _deliver_until_settled(Deliverer(config, store))
    assert len(handler.received) == 1
    message = handler.received[0].message
    assert handler.received[0].rcpt_tos == ["xxgk@county.test"]
    assert "网站无法访问：清河县人民政府 1" in message["Subject"]
    assert "清河县人民政府首页无法打开 1" in message.get_body().get_content()


def test_secrets_never_reach_the_logs_or_alerts_status(tmp_path, monkeypatch, capsys) -> None:
    with Receiver("wecom", fail_first=100, fail_with="errcode", echo_key_in_error=True) as wecom, \
            Receiver("dingtalk", secret=DINGTALK_SECRET, fail_first=100) as dingtalk:
        monkeypatch.setenv("T_WECOM", wecom.url)
        monkeypatch.setenv("T_DING", dingtalk.url)
        monkeypatch.setenv("T_DING_SECRET", DINGTALK_SECRET)
        setup_logging(verbose=True, fmt="json")
        monkeypatch.setattr(logging.getLogger("httpx"), "level", logging.DEBUG)  # even httpx's own request lines
        config = _config(tmp_path, ROBOT_CHANNELS, alerts="max_attempts = 4")
        with Store.open("sqlite:///" + str(tmp_path / "auditor.db")) as store:
            queue(store, config, [_alert(1)])
            _deliver_until_settled(Deliverer(config, store))
            errors = [row.last_error for row in store.alerts()]
        status = run_auditor("alerts", "status", "--config", str(tmp_path / "auditor.toml"))
        status_json = run_auditor("alerts", "status", "--config", str(tmp_path / "auditor.toml"), "--format", "json")
        test = run_auditor("alerts", "test", "--config", str(tmp_path / "auditor.toml"))
    logs = capsys.readouterr().err
    assert '"alert.channel_failing"' in logs and '"alert.deferred"' in logs
    assert len(wecom.requests) == 5  # four attempts, one test
    for secret in (WECOM_KEY, DINGTALK_TOKEN, DINGTALK_SECRET):
        for text in (logs, status.output, status_json.output, test.output, *errors):
            assert secret not in text
    assert "持续发送失败" in status.output and "失败" in status.output
    assert test.code == 3 and "失败" in test.output


def test_alerts_test_reaches_each_channel(tmp_path, robots, monkeypatch) -> None:
    wecom, dingtalk = robots
    handler = RecordingHandler()
    port = free_port()
    with Receiver("webhook") as hook, SmtpServer(handler, "127.0.0.1", port):
        monkeypatch.setenv("T_HOOK", hook.url)
        channels = ROBOT_CHANNELS + _channel("webhook", "T_HOOK") + _channel("email", to=["xxgk@county.test"])
        _config(tmp_path, channels, mail=mail_table("127.0.0.1", port))
        result = run_auditor("alerts", "test", "--config", str(tmp_path / "auditor.toml"))
    assert result.code == 0, result.output
    assert result.output.count("成功") == 4
    assert len(wecom.accepted) == len(dingtalk.accepted) == len(hook.accepted) == len(handler.received) == 1
    assert "测试" in wecom.accepted[0].body["markdown"]["content"]
    assert "测试" in dingtalk.accepted[0].body["markdown"]["title"]
    assert hook.accepted[0].body["test"] is True and hook.accepted[0].body["events"][0]["event"] == "test"
    assert "测试" in handler.received[0].message["Subject"]


def test_alerts_test_exits_2_when_a_variable_is_missing(tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("T_NOT_SET", raising=False)
    _config(tmp_path, _channel("wecom", "T_NOT_SET"))
    result = run_auditor("alerts", "test", "--config", str(tmp_path / "auditor.toml"))
    assert result.code == 2
    assert "wecom-1（企业微信）：失败" in result.output and "T_NOT_SET" in result.output


@pytest.mark.parametrize(("channel", "expected"), [
    (_channel("wecom", "T_X", events=["site.dwn"]), "alerts.channels[0].events[0]"),
    (_channel("wecom"), "needs url_env"),
    (_channel("email", to=["a@county.test"]), "needs the [mail] table"),
    (_channel("wecom", "T_X", sites=["nowhere"]), "unknown site id"),
    (_channel("dingtalk", "T_X", units=["县财政局"]), "no site has unit"),
    (_channel("webhook", "T_X", secret_env="T_Y"), "only a dingtalk channel signs"),
])
def test_a_wrong_alerts_table_is_refused_with_its_key(tmp_path, channel, expected) -> None:
    from auditor.errors import ConfigError

    with pytest.raises(ConfigError) as refused:
        _config(tmp_path, channel)
    assert expected in str(refused.value)


def test_the_daemon_announces_an_outage_and_the_recovery_once_each(tmp_path) -> None:
    """`auditor schedule` as a real process, probing every 2 seconds (a 6-field cron)."""
    from daemon_fixtures import AuditorProcess

    site = Site()
    try:
        with Receiver("wecom") as wecom:
            channel = _channel("wecom", "T_WECOM", sites=["portal"])
            _config(tmp_path, channel, site_url=site.url, alerts="down_after = 2",
                    schedule='full_audit = ""\ncadence_check = ""\navailability_probe = "*/2 * * * * *"\nbulletin = false')
            site.status = 500
            env = {"T_WECOM": wecom.url}
            with AuditorProcess("schedule", "--config", str(tmp_path / "auditor.toml"), log_path=tmp_path / "daemon.log",
                                env=env) as daemon:
                wait_for(lambda: wecom.accepted, 40, "the down message")
                site.status = 200
                wait_for(lambda: len(wecom.accepted) >= 2, 20, "the up message")
                probes = len([e for e in daemon.events() if e.get("event") == "job.finish"])
                wait_for(lambda: len([e for e in daemon.events() if e.get("event") == "job.finish"]) >= probes + 2, 20,
                         "two more probe rounds")
                assert daemon.stop() == 0
                events = daemon.events()
    finally:
        site.close()
    contents = [r.body["markdown"]["content"] for r in wecom.accepted]
    assert len(contents) == 2, contents
    assert "网站无法访问：清河县人民政府" in contents[0]
    assert "网站恢复访问：清河县人民政府" in contents[1] and "中断时长" in contents[1]
    assert len([e for e in events if e.get("event") == "alert.sent"]) == 2
    assert WECOM_KEY not in (tmp_path / "daemon.log").read_text(encoding="utf-8")
