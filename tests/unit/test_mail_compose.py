"""Composing messages: headers that cannot be injected, stable Message-IDs, safe file names, escaped HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import default as default_policy

from auditor.config import Config, MailConfig, SiteConfig
from auditor.mail.compose import compose_bulletins, compose_test_bulletin, write_previews
from auditor.models import Score, Violation
from auditor.report.data import RunReport, units_of
from auditor.store import RunRecord

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
HOSTILE_TITLE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


def _config(unit_name: str) -> Config:
    site = SiteConfig(id="town-a", name=HOSTILE_TITLE, url="http://127.0.0.9/", kind="town", unit=unit_name,
                      contacts=["town@example.gov.cn"])
    mail = MailConfig(host="127.0.0.1", sender="auditor@mengjin.gov.cn", office=["xxgk@mengjin.gov.cn"])
    return Config(rulesets=["mengjin-2011"], sites=[site], mail=mail)


def _report(config: Config) -> RunReport:
    run = RunRecord(9, AS_OF, AS_OF, AS_OF, "complete", "full", ("town-a",), 1, 10, 20)
    violation = Violation(
        id="v1", ruleset="mengjin-2011", rule="links-not-broken", check="link.broken", severity="major", points=1.0,
        veto=False, site="town-a", column=None, url="javascript:alert(1)", message=f"链接失效「{HOSTILE_TITLE}」",
        evidence={}, status="new", first_seen=AS_OF, last_seen=AS_OF,
    )
    return RunReport(run=run, previous_run=None, sites=tuple(config.sites), units=units_of(config.sites),
                     violations=(violation,), scores=(Score("town-a", "mengjin-2011", 99.0, False, 1),))


def test_a_newline_in_a_unit_name_cannot_add_a_header():
    config = _config("城关镇\nBcc: everyone@example.com")
    composition = compose_bulletins(_report(config), config, now=AS_OF)
    unit = composition.bulletins[1]
    parsed = message_from_bytes(unit.as_bytes(), policy=default_policy)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == ("【网站检查通报】城关镇 Bcc: everyone@example.com：问题1个，请按期整改并于2026年12月13日前反馈"
                                 "（网站检查通报〔2026〕9号）")


def test_message_ids_and_file_names_come_from_the_run_and_config_ids(tmp_path):
    config = _config("城关镇人民政府")
    first = compose_bulletins(_report(config), config, now=AS_OF)
    second = compose_bulletins(_report(config), config, now=datetime(2026, 11, 29, tzinfo=UTC))
    assert [b.message["Message-ID"] for b in first.bulletins] == [b.message["Message-ID"] for b in second.bulletins] == [
        "<bulletin.run9.office@mengjin.gov.cn>", "<bulletin.run9.unit-town-a@mengjin.gov.cn>",
    ]
    paths = write_previews(first.bulletins, tmp_path / "out")
    assert [p.name for p in paths] == ["9-office.eml", "9-unit-town-a.eml"]
    assert [b.recipient_key for b in first.bulletins] == ["office", "unit:town-a"]


def test_html_escapes_page_text_and_links_only_http_urls():
    config = _config("城关镇人民政府")
    unit = compose_bulletins(_report(config), config, now=AS_OF).bulletins[1]
    html = unit.message.get_body(("html",)).get_content()
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'href="javascript:' not in html and "<td>javascript:alert(1)</td>" in html
    text = unit.message.get_body(("plain",)).get_content()
    assert HOSTILE_TITLE in text


def test_the_test_bulletin_goes_to_the_office_and_says_it_is_a_test():
    config = _config("城关镇人民政府")
    bulletin = compose_test_bulletin(config, now=AS_OF)
    assert bulletin.to == ("xxgk@mengjin.gov.cn",)
    assert bulletin.message["To"] == "xxgk@mengjin.gov.cn"
    assert bulletin.subject.startswith("【测试】【网站检查通报】") and bulletin.message["Subject"] == bulletin.subject
    assert "网站检查通报〔测试〕" in bulletin.subject and "第0次" not in bulletin.subject
    for part in ("plain", "html"):
        body = bulletin.message.get_body((part,)).get_content()
        shown = re.sub(r"<head>.*?</head>|<[^>]+>", "", body, flags=re.DOTALL)
        assert next(line for line in shown.splitlines() if line.strip()).startswith("【测试】")  # at the top
        assert "这是测试邮件" in body and "网站检查通报〔测试〕　　2026年11月28日" in body  # numbered so, dated today
        assert "第0次" not in body and "审计" not in body
