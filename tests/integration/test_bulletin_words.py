"""The bulletins of the demo estate in the office's words: no internal id (site, column, ruleset,
rule or check), no English severity word and no True/False in any subject or body; what could
not be verified listed apart with its reason; the vetoed portal 不合格 without a score."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from auditor import api
from auditor.checks import CHECKS
from auditor.demo import serve_estate
from auditor.demo.run import DEMO_RULESETS, week_of_probes
from auditor.mail.commands import compose_for_run
from auditor.mail.compose import Bulletin, compose_test_bulletin
from auditor.models import Severity
from auditor.report.data import load_run_report
from auditor.report.files import report_bytes
from tests.staff_words import forbidden_words, html_texts, offending, workbook_texts
from tests.untrusted import assert_escaped

AS_OF = date(2026, 11, 28)
# addresses carry ids by design (a column's path, a contact's mailbox): what a reader reads around them is checked
ADDRESS = re.compile(r"(?:https?://|mailto:)[^\s<>\"'）」】，。；、]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The demo estate audited once, its bulletins composed from the store as `auditor bulletin` does."""
    folder = tmp_path_factory.mktemp("words")
    with serve_estate(AS_OF, scale=1.0) as estate:
        path = folder / "auditor.toml"
        path.write_text(estate.config_toml(storage_url="sqlite:///auditor.db", rulesets=DEMO_RULESETS), encoding="utf-8")
        config, rulesets = api.load(path)
        audit_time = api.parse_as_of(f"{AS_OF.isoformat()}T09:00:00", config.tz)
        week_of_probes(config, audit_time)
        estate.reset()
        result = api.audit(config, rulesets, as_of=audit_time)
    with api.open_store(config) as store:
        report = load_run_report(store, config, rulesets, result.run.id)
        composition = compose_for_run(store, report, config, rulesets)
    bulletins = [*composition.bulletins, compose_test_bulletin(config, rulesets)]
    return config, rulesets, report, bulletins


def _forbidden(config, rulesets) -> set[str]:
    """Every id a reader must never see, from the config and the rulesets themselves."""
    ids = {site.id for site in config.sites} | {column.id for site in config.sites for column in site.columns}
    ids |= {ruleset.id for ruleset in rulesets} | {rule.id for ruleset in rulesets for rule in ruleset.rules}
    ids |= {rule.check for ruleset in rulesets for rule in ruleset.rules} | set(CHECKS)
    return ids | {str(severity) for severity in Severity} | {"True", "False"}


def _read(bulletin: Bulletin) -> dict[str, str]:
    text = bulletin.message.get_body(("plain",)).get_content()
    page = bulletin.message.get_body(("html",)).get_content()
    shown = html.unescape(re.sub(r"<head>.*?</head>|<[^>]+>", " ", page, flags=re.DOTALL))
    return {"subject": bulletin.subject, "text": text, "html": shown}


def test_no_bulletin_names_anything_by_its_id(demo):
    config, rulesets, _, bulletins = demo
    forbidden = _forbidden(config, rulesets)
    assert len(bulletins) > 10 and {"portal", "mengjin-2011", "link.broken", "major"} <= forbidden
    pattern = re.compile(r"(?<![\w.-])(" + "|".join(sorted(map(re.escape, forbidden), key=len, reverse=True))
                         + r")(?![\w-])", re.ASCII)
    found = []
    for bulletin in bulletins:
        for part, words in _read(bulletin).items():
            for match in pattern.finditer(ADDRESS.sub(" ", words)):
                found.append(f"{bulletin.file_stem} {part}: {match.group(1)!r} in …{words[max(match.start() - 30, 0):match.end() + 30]}…")
            assert "审计" not in words, (bulletin.file_stem, part)  # 检查 is the word
    assert not found, "\n".join(found[:20])


def test_every_bulletin_has_its_header_and_a_deadline_per_problem(demo):
    _, _, report, bulletins = demo
    for bulletin in bulletins:
        text = _read(bulletin)["text"]
        assert "县政府信息公开办公室\r\n网站检查通报\r\n" in text
        if bulletin.recipient_key.startswith("unit:"):
            assert "〔2026〕1号　　2026年11月28日" in text
            assert text.count("问题描述：") == text.count("整改期限：") > 0
            assert "整改反馈" in text
    assert_escaped(bulletins[0].message.get_body(("html",)).get_content())


def test_what_could_not_be_verified_is_listed_apart_with_its_reason(demo):
    _, _, report, bulletins = demo
    by_key = {b.recipient_key: _read(b)["text"] for b in bulletins}
    assert report.unverified, "the demo plants a place a check could not judge"
    office = by_key["office"]
    section = office[office.index("六、未能核实的链接和项目"):office.index("七、整改要求")]
    assert "不计为问题" in section and "网站的 robots.txt 禁止自动访问" in section  # the planted robots.txt link
    for place in report.unverified:
        assert place.reason in section
    town = next(text for key, text in by_key.items() if "robots.txt 禁止自动访问" in text and key.startswith("unit:"))
    assert town.index("未能核实的链接和项目（不计为问题") > town.rindex("问题描述：")  # after the problems, apart


def test_a_vetoed_site_is_failed_with_its_reason_never_with_a_score(demo):
    _, _, report, bulletins = demo
    office = _read(bulletins[0])["text"].replace("\r\n", "\n")
    failed = [s for s in report.scores if s.veto or s.fail_reason]
    assert failed, "the demo plants vetoed sites"
    for score in failed:
        name = report.site_name(score.site)
        lines = [line for line in office.splitlines() if line.startswith(f"  - {name}  ")]
        assert lines and all("不合格（" in line and "分" not in line.split("不合格")[0] for line in lines)


def test_the_demo_report_and_workbook_name_nothing_by_its_id(demo):
    """The HTML report, every XLSX cell and the CSV of the same demo run, in the office's words."""
    config, rulesets, report, _ = demo
    words = forbidden_words(config, rulesets)
    assert {"portal", "mengjin-2011", "link.broken", "major", "True"} <= words
    page = report_bytes(report, "html").decode("utf-8")
    assert offending(html_texts(page), words) == []
    assert "审计" not in " ".join(html_texts(page))  # 检查 is the word
    assert offending(workbook_texts(report_bytes(report, "xlsx")), words) == []
    assert offending([report_bytes(report, "csv").decode("utf-8-sig")], words) == []
    for score in (s for s in report.scores if s.fail_reason):  # a failed site is shown 不合格 with its reason
        assert f"不合格（{score.fail_reason}）" in page or score.fail_reason in page
