"""The typed vocabulary (`auditor.models`): every closed set of words once, each value with its
Chinese label; every reason the fetcher gives is one of them; the report and the bulletin say
a severity in the same words."""

from __future__ import annotations

import ast
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from auditor.config import CrawlConfig, SiteConfig
from auditor.fetch import Fetcher, RetryPolicy
from auditor.links.check import TargetPolicy
from auditor.mail.compose import render
from auditor.mail.content import Words, unit_content
from auditor.mail.issue import Issue
from auditor.models import (
    CATEGORIES,
    ColumnKind,
    FailureReason,
    FetchResult,
    Labelled,
    OutboxStatus,
    Outcome,
    PageRequest,
    Problem,
    RunKind,
    RunStatus,
    Severity,
    SiteKind,
    ViolationStatus,
    describe_reason,
    http_reason,
    scheme_reason,
    severity_rank,
)
from auditor.report.data import RunReport, units_of
from auditor.report.html import render_html
from auditor.report.names import Names
from auditor.report.xlsx import violation_row
from auditor.store import RunRecord
from tests.httpserver import Page, free_port, make_app, serve, serve_raw

VOCABULARIES: tuple[type[Labelled], ...] = (
    Severity, Outcome, FailureReason, ColumnKind, SiteKind, RunKind, RunStatus, ViolationStatus, OutboxStatus,
)
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SOURCE = Path(__file__).resolve().parents[2] / "auditor"
REASON_TUPLES = ("result.py", "client.py")  # modules returning (outcome, reason) or (reason, retry)


@pytest.mark.parametrize("vocabulary", VOCABULARIES, ids=lambda v: v.__name__)
def test_every_member_has_a_chinese_label_of_its_own(vocabulary: type[Labelled]) -> None:
    labels = [member.label for member in vocabulary]
    for member in vocabulary:
        assert CHINESE.search(member.label), f"{vocabulary.__name__}.{member.name} has no Chinese label"
    assert len(set(labels)) == len(labels), f"two members of {vocabulary.__name__} read the same"


def test_the_stored_values_are_the_contracts_words() -> None:
    """The values are what the database, the JSON output and the config hold: they never change."""
    assert [s.value for s in Severity] == ["minor", "major", "critical"]
    assert [s.value for s in ViolationStatus] == ["new", "open", "resolved"]
    assert [s.value for s in RunStatus] == ["running", "complete", "failed", "interrupted"]
    assert [k.value for k in RunKind] == ["full", "cadence", "site"]
    assert [s.value for s in OutboxStatus] == ["pending", "sending", "sent", "failed"]
    assert [k.value for k in SiteKind] == ["county", "town", "department"]
    assert [k.value for k in ColumnKind] == [
        "news", "govinfo", "notices", "documents", "personnel", "plans", "links",
        "leaders", "services", "mailbox", "reports", "other",
    ]
    assert [o.value for o in Outcome] == [
        "ok", "redirected", "broken", "wrong", "unverified", "robots", "excluded", "timeout",
    ]
    assert CATEGORIES == ("机构职能", "政策/规范性文件", "规划/计划", "行政许可", "其他")


def test_a_member_is_its_stored_string() -> None:
    major: str = Severity.MAJOR
    assert Severity("major") is Severity.MAJOR and major == "major" and f"{major}" == "major" and str(major) == "major"
    assert Severity.of("high") is None and Severity.label_of("high") == "high"
    assert [severity_rank(s) for s in ("minor", "major", "critical", "high")] == [1, 2, 3, 0]


def test_reasons_with_a_detail_are_read_back() -> None:
    assert http_reason(404) == "http-404" and FailureReason.of("http-404") is FailureReason.HTTP
    assert scheme_reason("mailto") == "scheme:mailto" and FailureReason.of("scheme:mailto") is FailureReason.SCHEME
    assert FailureReason.of("http-x") is None and FailureReason.of("") is None
    assert describe_reason("http-404") == "HTTP 404" and describe_reason("timeout", None) == "访问超时"
    assert describe_reason("", 503) == "HTTP 503" and describe_reason("") == "原因不明"
    assert describe_reason("reset") == "连接被服务器中断" and describe_reason("host-unresponsive").startswith("服务器")
    assert describe_reason("an  older\nreason") == "an older reason"  # one a former version stored: shown as it is


def _literals(node: ast.expr) -> list[str]:
    """The text a reason expression may be written as: a string, or a choice of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    if isinstance(node, ast.BoolOp):
        return [text for value in node.values for text in _literals(value)]
    return []


def _fetch_code_strings() -> list[str]:
    """Strings given as a reason in the fetcher's and the link checker's code."""
    found = []
    for path in [*(SOURCE / "fetch").glob("*.py"), *(SOURCE / "links").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                values = [k.value for k in node.keywords if k.arg in ("error", "reason")]
                if isinstance(node.func, ast.Name) and node.func.id in ("End", "Judgement", "excluded_result"):
                    values += node.args[1:]
                found += [f"{path.name}: {text!r}" for value in values for text in _literals(value)]
            elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and path.name in REASON_TUPLES:
                found += [f"{path.name}: {text!r}" for value in node.value.elts for text in _literals(value)]
    return found


def test_no_reason_is_written_as_free_text() -> None:
    assert _fetch_code_strings() == []


def crawl(**overrides: object) -> CrawlConfig:
    values: dict[str, object] = {"per_host_delay": 0, "timeout": 5, "retries": 0, "respect_robots": False}
    values.update(overrides)
    return CrawlConfig.model_validate(values)


async def _fetch(crawl_config: CrawlConfig, url: str, **fields: object) -> FetchResult:
    async with Fetcher(crawl_config, retry_policy=RetryPolicy(base=0.01, jitter=0)) as fetcher:
        return await fetcher.fetch(PageRequest(url=url, site_id="t", **fields))  # type: ignore[arg-type]


def _assert_told(result: FetchResult, reason: FailureReason) -> None:
    assert FailureReason.of(result.error) is reason, (result.url, result.error)
    told = describe_reason(result.error, result.status)
    assert told and told != result.error and (CHINESE.search(told) or told.startswith("HTTP ")), told


async def test_every_answer_a_server_can_give_comes_back_as_a_labelled_reason() -> None:
    app = make_app(pages={"/private/a.html": Page("<html>a</html>")}, robots="User-agent: *\nDisallow: /private/\n")
    big = {"max_response_bytes": 1024}
    async with serve(app) as server:
        _assert_told(await _fetch(crawl(), server.url("/status/404")), FailureReason.HTTP)
        _assert_told(await _fetch(crawl(), server.url("/status/403")), FailureReason.HTTP)  # unverified
        _assert_told(await _fetch(crawl(**big), server.url("/big")), FailureReason.TOO_LARGE)
        _assert_told(await _fetch(crawl(), server.url("/loop/a")), FailureReason.REDIRECT_LOOP)
        _assert_told(await _fetch(crawl(max_redirects=1), server.url("/redirect/3")), FailureReason.TOO_MANY_REDIRECTS)
        _assert_told(await _fetch(crawl(timeout=0.3), server.url("/slow/3")), FailureReason.TIMEOUT)
        _assert_told(await _fetch(crawl(), server.url("/").replace("http://", "https://")), FailureReason.TLS)
        _assert_told(await _fetch(crawl(respect_robots=True), server.url("/private/a.html")), FailureReason.ROBOTS)
        _assert_told(await _fetch(crawl(), server.url("/"), trusted=False), FailureReason.PRIVATE_ADDRESS)
        async with Fetcher(crawl(timeout=0.3, max_host_timeouts=1)) as fetcher:
            await fetcher.fetch(PageRequest(url=server.url("/slow/3"), site_id="t"))
            _assert_told(await fetcher.fetch(PageRequest(url=server.url("/"), site_id="t")),
                         FailureReason.HOST_UNRESPONSIVE)
    _assert_told(await _fetch(crawl(), f"http://127.0.0.1:{free_port()}/"), FailureReason.REFUSED)
    _assert_told(await _fetch(crawl(), "ftp://127.0.0.1/a.txt"), FailureReason.SCHEME)
    _assert_told(await _fetch(crawl(), "http://127.0.0.1:99999/"), FailureReason.BAD_URL)
    async with serve_raw(b"") as silent:
        _assert_told(await _fetch(crawl(), silent.url("/")), FailureReason.RESET)
    async with serve_raw(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nBad Header\r\n\r\nhello") as garbled:
        _assert_told(await _fetch(crawl(), garbled.url("/")), FailureReason.PROTOCOL)
    moved = b"HTTP/1.1 302 Found\r\nLocation: http://[::1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    async with serve_raw(moved) as astray:
        _assert_told(await _fetch(crawl(), astray.url("/")), FailureReason.BAD_REDIRECT)


def test_links_never_requested_say_why_in_the_vocabulary() -> None:
    policy = TargetPolicy(site_of_host={"127.0.0.1": "portal"}, check_external=False, exclude_hosts=("*.conac.cn",))
    expected = {
        "mailto:office@example.gov.cn": FailureReason.SCHEME, "mailto:not an address": FailureReason.BAD_MAILTO,
        "tel:123": FailureReason.SCHEME, "http://www.conac.cn.conac.cn/": FailureReason.EXCLUDED_HOST,
        "http://www.example.com/": FailureReason.EXTERNAL,
    }
    for url, reason in expected.items():
        result = policy.request_for(url)
        assert not isinstance(result, PageRequest), url
        assert FailureReason.of(result.error) is reason, (url, result.error)


AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SEVERITY_CELL = re.compile(r"<td>(?:<span[^>]*>[^<]*</span> )?(轻微|一般|较重|严重)(?:（否决）)?</td>")


def _report(severity: Severity) -> RunReport:
    site = SiteConfig(id="town", name="示例镇", url="http://town.example.gov.cn/", kind=SiteKind.TOWN,
                      unit="示例镇人民政府", contacts=["town@example.gov.cn"])
    problem = Problem(
        id="p1", ruleset="mengjin-2011", rule="links-not-broken", check="link.broken", severity=severity,
        points=1.0, veto=False, site="town", column=None, url="http://town.example.gov.cn/x.html",
        message="链接失效：http://town.example.gov.cn/x.html （HTTP 404）", evidence={},
        status=ViolationStatus.NEW, first_seen=AS_OF, last_seen=AS_OF,
    )
    run = RunRecord(7, AS_OF, AS_OF, AS_OF, RunStatus.COMPLETE, RunKind.FULL, ("town",), 1, 10, 20)
    return RunReport(run=run, previous_run=None, sites=(site,), units=units_of([site]), violations=(problem,),
                     scores=())


@pytest.mark.parametrize("severity", list(Severity), ids=str)
def test_the_report_and_the_bulletin_say_a_severity_in_the_same_words(severity: Severity) -> None:
    report = _report(severity)
    page = render_html(report)
    issue = Issue("县政府信息公开办公室", "网站检查通报〔2026〕7号", AS_OF.date(),
                  {Severity.CRITICAL: 5, Severity.MAJOR: 15, Severity.MINOR: 30}, ("xxgk@example.gov.cn",))
    content = unit_content(report, Words("zh-CN", "Asia/Shanghai", Names(())), report.units[0], issue,
                           "auditor@example.gov.cn")
    bulletin = render("unit.zh-CN.html.j2", c=content, subject="通报")
    assert SEVERITY_CELL.findall(page) == SEVERITY_CELL.findall(bulletin) == [severity.label]
    (problem,) = report.violations
    assert violation_row(report, problem)[5] == severity.label  # the workbook's 严重程度
    assert f"（{severity.label}" in report.names.rule(problem.rules[0])  # its 涉及规则
