"""`auditor serve` under a real uvicorn, over a store filled by two real audits of a small estate
(tests/dashboard_fixtures.py): the pages, the filters, the downloads, the errors, the password,
hostile text shown as text, and nothing loaded from elsewhere."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter

import httpx
import openpyxl
import pytest

from auditor.models import Severity, ViolationStatus
from auditor.report.names import FAILED, zh_date
from tests.dashboard_fixtures import DEAD_NAME, FINE_NAME, TOWN_NAME, audit_estate, dashboard
from tests.mail_fixtures import run_auditor
from tests.untrusted import IMG, SCRIPT, assert_escaped

SCRIPT_SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"
PASSWORD_ENV = "AUDITOR_TEST_DASHBOARD_PASSWORD"


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard")
    return audit_estate(folder, f"sqlite:///{folder / 'auditor.db'}")


@pytest.fixture(scope="module")
def served(estate):
    with dashboard(estate) as (base, store):
        with httpx.Client(base_url=base, timeout=10) as client:
            yield client, store


def get(client: httpx.Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    assert response.headers["content-security-policy"] == "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    assert response.headers["x-content-type-options"] == "nosniff"
    return response.text


def assert_self_contained(html: str) -> None:
    """No stylesheet, script, image, frame or font from anywhere: the only http(s) URLs are links to audited pages."""
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<iframe" not in lowered
    assert not re.search(r"<link\b", lowered) and "@import" not in lowered and "url(" not in lowered
    for tag in re.findall(r"<[a-z][^>]*\bhttps?://[^>]*>", html, re.I):
        assert re.match(r'<a href="https?://[^"]+" rel="noopener noreferrer">$', tag), tag


def problem_ids(html: str) -> list[str]:
    return re.findall(r'href="/problems/([0-9a-f]{16})', html)


def test_ranking_lists_every_site_by_name_and_the_veto_as_failed(served) -> None:
    client, store = served
    html = get(client, "/")
    rows = re.findall(r"<tr>\s*<td class=\"num\">(\d+)</td>\s*<td><a href=\"/sites/[^\"]+\">(.*?)</a></td>\s*<td>(.*?)</td>\s*<td class=\"(\w+)\">(.*?)</td>", html)
    shown = {name: (text, verdict) for _, name, text, _, verdict in rows}
    assert set(shown) == {TOWN_NAME.replace("<", "&lt;").replace(">", "&gt;"), DEAD_NAME, FINE_NAME}
    dead_text, dead_verdict = shown[DEAD_NAME]
    assert dead_verdict == FAILED and dead_text.startswith(f"{FAILED}（") and "分" not in dead_text.split("（")[0]
    assert shown[FINE_NAME][1] == "合格" and shown[FINE_NAME][0].endswith(" 分")
    assert "yjglj" not in re.sub(r'href="[^"]*"', "", html)  # ids only inside links
    assert html.count('<svg class="spark"') == 3 and "近 2 次检查得分" in html
    for word in ("True", "False", "critical", "major", "minor", "mengjin-2011"):
        assert word not in re.sub(r'(href|value|class)="[^"]*"', "", html), word
    # the counts by severity are the run's open problems, each once
    run = store.latest_run()
    open_problems = [p for p in store.violations(run_id=run.id) if p.status != ViolationStatus.RESOLVED]
    town = Counter(p.severity for p in open_problems if p.site == "chengguan")
    cells = re.search(r'/sites/chengguan">.*?</tr>', html, re.S).group(0)
    counts = [int(n) for n in re.findall(r'<td class="num">(?:<span class="none">)?(\d+)', cells)]
    assert counts == [town[Severity.CRITICAL], town[Severity.MAJOR], town[Severity.MINOR]]


def test_site_page_shows_columns_problems_and_unverified_links(served) -> None:
    client, store = served
    html = get(client, "/sites/chengguan")
    assert SCRIPT_SHOWN in html and SCRIPT not in html
    # the news column: its newest item against its one-day deadline, late; the empty notices column
    news = re.search(r"<td>工作动态</td>.*?</tr>", html, re.S).group(0)
    assert "2026年11月20日" in news and "8 天前" in news and "1 天（资讯类信息每天更新）" in news and 'class="fail"' in news
    notices = re.search(r"<td>通知公告.*?</tr>", html, re.S).group(0)
    assert "栏目为空" in notices and "30 天（栏目按更新时限更新）" in notices
    # every open problem of the site, with its first-seen date (the first audit, for those seen then)
    run = store.latest_run()
    active = [p for p in store.violations(site="chengguan", run_id=run.id) if p.status != ViolationStatus.RESOLVED]
    assert set(problem_ids(html)) >= {p.id for p in active} and active
    assert zh_date(min(p.first_seen for p in active), "Asia/Shanghai") == "2026年11月13日"
    assert "2026年11月13日" in html
    # the link refused to the auditor (403): shown apart, with the reason
    unverified = html.split("未能核实的链接")[1].split("未能判定的检查")[0]
    assert "/status/403" in unverified and "HTTP 403" in unverified
    assert_self_contained(html)


def test_problem_page_shows_the_evidence(served) -> None:
    client, store = served
    run = store.latest_run()
    problems = store.violations(site="chengguan", run_id=run.id)
    dead_link = next(p for p in problems if p.check == "link.broken" and p.url.endswith("/gone.html"))
    html = get(client, f"/problems/{dead_link.id}")
    assert "HTTP 状态</dt><dd>404" in html and "HTTP 404" in html
    sources = html.split("出现该链接的页面")[1]
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in sources  # the link text, as text
    assert f'<a href="{dead_link.evidence["sources"][0]["page"]}" rel="noopener noreferrer">' in sources
    assert "页面抓取记录" in html and SCRIPT_SHOWN in html.split("页面抓取记录")[1]  # the source page's stored title
    redirected = next(p for p in problems if p.check == "link.broken" and p.url.endswith("/old-notice.html"))
    chain = get(client, f"/problems/{redirected.id}").split("重定向过程")[1].split("</ol>")[0]
    hops = re.findall(r'<li><a href="([^"]+)"', chain)
    assert hops == [redirected.url, redirected.evidence["final_url"]] and hops[1].endswith("/removed/notice.html")
    assert_escaped(html.replace(SCRIPT_SHOWN, ""))


def test_filters_narrow_the_list_to_what_the_store_holds(served) -> None:
    client, store = served
    run = store.latest_run()
    problems = store.violations(run_id=run.id)

    def listed(query: str) -> list[str]:
        html = get(client, f"/problems?{query}")
        total = int(re.search(r'<b class="count">(\d+)</b>', html).group(1))
        ids = problem_ids(html)
        assert total == len(ids)
        return ids

    assert sorted(listed("")) == sorted(p.id for p in problems)
    assert sorted(listed("site=chengguan")) == sorted(p.id for p in problems if p.site == "chengguan")
    assert sorted(listed("check=link.broken")) == sorted(p.id for p in problems if p.check == "link.broken")
    major = sorted(p.id for p in problems if p.severity == "major")
    assert sorted(listed("severity=major")) == major and 0 < len(major) < len(problems)
    active = sorted(p.id for p in problems if p.status != ViolationStatus.RESOLVED)
    assert sorted(listed("status=active")) == active
    both = sorted(p.id for p in problems if p.site == "chengguan" and p.check == "column.cadence")
    assert sorted(listed("site=chengguan&check=column.cadence")) == both and both
    html = get(client, "/problems?site=chengguan&severity=major")
    assert '<option value="chengguan" selected>' in html and '<option value="major" selected>较重</option>' in html
    assert re.search(r'<form method="get" action="/problems"', html)


def test_run_parameter_picks_an_earlier_run(served) -> None:
    client, store = served
    first = min(r.id for r in store.runs())
    html = get(client, f"/?run={first}")
    assert f"第 {first} 次检查" in html and "仅有一次检查" in html
    assert f'href="/sites/tjj?run={first}"' in html


def test_downloads_are_real_files(served) -> None:
    client, store = served
    run = store.latest_run()
    xlsx = client.get(f"/runs/{run.id}/report.xlsx")
    assert xlsx.status_code == 200 and "attachment" in xlsx.headers["content-disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert workbook.sheetnames
    html = client.get(f"/runs/{run.id}/report.html")
    assert html.headers["content-type"].startswith("text/html") and "attachment" in html.headers["content-disposition"]
    assert "<!DOCTYPE html>" in html.text and SCRIPT not in html.text
    data = client.get(f"/runs/{run.id}/report.csv")
    assert data.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(data.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(store.violations(run_id=run.id))


@pytest.mark.parametrize("path", [
    "/sites/no-such-site", "/problems/0123456789abcdef", "/?run=999", "/?run=abc", "/runs/999/report.xlsx",
    "/runs/1/report.pdf", "/no/such/page",
])
def test_unknown_things_are_404_in_chinese(served, path) -> None:
    client, _ = served
    html = get(client, path, 404)
    assert "找不到" in html and 'lang="zh-CN"' in html


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_it_is_read_only(served, method) -> None:
    client, _ = served
    for path in ("/", "/problems", "/sites/tjj"):
        response = client.request(method, path)
        assert response.status_code == 405 and "GET" in response.headers["allow"]
    assert client.head("/").status_code == 200


def test_no_page_loads_anything_from_elsewhere(served) -> None:
    client, store = served
    run = store.latest_run()
    paths = ["/", "/problems", *(f"/sites/{s}" for s in ("chengguan", "yjglj", "tjj")),
             *(f"/problems/{p.id}" for p in store.violations(run_id=run.id))]
    for path in paths:
        html = get(client, path)
        assert_self_contained(html)
        assert_escaped(html)


def test_basic_auth(estate, monkeypatch) -> None:
    with dashboard(estate, password="s3cret-口令") as (base, _):
        assert httpx.get(base + "/").status_code == 401
        refused = httpx.get(base + "/", auth=("office", "wrong"))
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Basic")
        assert "s3cret" not in refused.text
        assert httpx.get(base + "/", auth=("anyone", "s3cret-口令".encode())).status_code == 200
        assert httpx.get(base + "/runs/2/report.csv").status_code == 401


def test_serve_refuses_a_public_host_without_a_password(estate, monkeypatch) -> None:
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    done = run_auditor("serve", "--config", str(estate.path), "--host", "0.0.0.0", "--port", "1")
    assert done.code == 2 and "拒绝" in done.output and "password" in done.output


def test_the_town_name_is_shown_as_text_everywhere(served) -> None:
    client, _ = served
    for path in ("/", "/sites/chengguan", "/problems?site=chengguan"):
        html = get(client, path)
        assert "城关镇" + SCRIPT_SHOWN in html
        assert SCRIPT not in html and IMG not in html


def test_ranking_on_postgresql(pg_schemas, tmp_path) -> None:
    url = pg_schemas.new()
    try:
        estate = audit_estate(tmp_path, url)
        with dashboard(estate) as (base, store):
            html = httpx.get(base + "/", timeout=10).text
            names = re.findall(r'<td><a href="/sites/[^"]+">(.*?)</a></td>', html)
            assert sorted(names) == sorted([TOWN_NAME.replace("<", "&lt;").replace(">", "&gt;"), DEAD_NAME, FINE_NAME])
            assert FAILED in html and html.count('<svg class="spark"') == 3
            run = store.latest_run()
            problem = store.violations(run_id=run.id)[0]
            assert httpx.get(f"{base}/problems/{problem.id}").status_code == 200
            assert httpx.get(f"{base}/sites/chengguan").status_code == 200
    finally:
        pg_schemas.drop(url)
