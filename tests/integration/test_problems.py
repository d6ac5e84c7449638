"""One problem, one row (issue 14 item 6, SPEC §5): a problem broken under two rulesets is one
violation listing both rules, in every output, with the same id on the next audit, and each
ruleset still scores it.

A town site audited under mengjin-2011 and gov-cn-2019: a dead link on its home page breaks
mengjin's links-not-broken and the national home-links-broken; an empty notices column breaks
mengjin's column-not-empty and the national empty-columns.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict
from email import message_from_bytes
from email.policy import default as default_policy
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from auditor import api
from auditor.report.names import Names
from tests.httpserver import Page, make_app, serve

AS_OF = "2026-11-28T09:00:00"
RULESETS = {"mengjin-2011", "gov-cn-2019"}
SEVERITY_RANK = {"critical": 3, "major": 2, "minor": 1}
pytestmark = pytest.mark.timeout(240)


def site_pages() -> dict[str, Page]:
    items = "".join(f'<li><a href="/news/{n}.html">第{n}条动态</a><span>2026-11-{28 - n:02d}</span></li>' for n in range(10))
    pages = {
        "/": Page('<html><head><title>首页</title></head><body><a href="/news/">要闻</a>'
                  '<a href="/tzgg/">通知公告</a><a href="/gone.html">旧链接</a></body></html>'),
        "/news/": Page(f'<html><head><title>要闻</title></head><body><ul class="list">{items}</ul></body></html>'),
        "/tzgg/": Page('<html><head><title>通知公告</title></head><body><ul class="list"></ul></body></html>'),
    }
    pages.update({f"/news/{n}.html": Page(f"<html><body>第{n}条</body></html>") for n in range(10)})
    return pages


def config_text(url: str) -> str:
    return (
        'rulesets = ["mengjin-2011", "gov-cn-2019"]\n[storage]\nurl = "sqlite:///auditor.db"\n'
        "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\n"
        f'\n[[sites]]\nid = "town"\nname = "城关镇人民政府"\nurl = "{url}"\nkind = "town"\n'
        'unit = "城关镇人民政府"\ncontacts = ["cg@county.test"]\n'
        f'  [[sites.columns]]\n  id = "news"\n  name = "要闻"\n  url = "{url}news/"\n  kind = "news"\n'
        f'  [[sites.columns]]\n  id = "tzgg"\n  name = "通知公告"\n  url = "{url}tzgg/"\n  kind = "notices"\n'
    )


def cli(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "300"}  # tables wide enough that no rule name is folded
    return subprocess.run([sys.executable, "-m", "auditor.cli", *args], capture_output=True, text=True, timeout=180, env=env)


async def acli(*args: str) -> subprocess.CompletedProcess:
    """The command in another process, while this loop serves the site."""
    return await asyncio.to_thread(cli, *args)


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    folder = tmp_path_factory.mktemp("problems")
    path = folder / "auditor.toml"

    async def audits() -> tuple[dict, dict, str]:
        async with serve(make_app(site_pages()), "127.0.0.66") as site:
            path.write_text(config_text(site.url("/")), encoding="utf-8")
            documents = []
            for _ in range(2):
                done = await acli("audit", "--config", str(path), "--as-of", AS_OF, "--format", "json")
                assert done.returncode == 0, done.stderr
                documents.append(json.loads(done.stdout))
            summary = await acli("audit", "--config", str(path), "--as-of", AS_OF)  # the terminal summary
            assert summary.returncode == 0, summary.stderr
            return documents[0], documents[1], summary.stdout

    first, second, summary = asyncio.run(audits())
    return {"path": path, "folder": folder, "first": first, "second": second, "summary": summary}


def _one(document: dict, check: str) -> dict:
    found = [v for v in document["violations"] if v["check"] == check]
    assert len(found) == 1, found
    return found[0]


def test_the_json_lists_each_problem_once_with_every_rule(audited):
    document = audited["first"]
    broken, empty = _one(document, "link.broken"), _one(document, "column.empty")
    assert broken["url"].endswith("/gone.html") and empty["column"] == "tzgg"
    assert [(r["ruleset"], r["rule"]) for r in broken["rules"]] == [
        ("gov-cn-2019", "home-links-broken"), ("mengjin-2011", "links-not-broken"),  # major 1.0 before minor 0.5
    ]
    assert [(r["ruleset"], r["rule"]) for r in empty["rules"]] == [
        ("gov-cn-2019", "empty-columns"), ("mengjin-2011", "column-not-empty"),  # the veto rule first
    ]
    for violation in document["violations"]:
        rules = violation["rules"]
        first = rules[0]
        assert {key: violation[key] for key in first} == first  # the top level repeats the first rule
        order = [(not r["veto"], -SEVERITY_RANK[r["severity"]], -r["points"]) for r in rules]
        assert order == sorted(order)
        assert len({(r["ruleset"], r["rule"]) for r in rules}) == len(rules)
    ids = [v["id"] for v in document["violations"]]
    assert len(ids) == len(set(ids))
    # one problem per place: no two rows for what one check found at one place
    places = Counter((v["check"], v["site"], v["column"], v["url"], v["message"]) for v in document["violations"])
    assert max(places.values()) == 1


def test_a_second_audit_gives_the_same_ids_still_open(audited):
    first = {v["id"]: v for v in audited["first"]["violations"]}
    second = {v["id"]: v for v in audited["second"]["violations"]}
    assert set(second) == set(first)
    assert {v["status"] for v in second.values()} == {"open"}
    assert all(second[i]["rules"] == first[i]["rules"] for i in first)
    assert all(second[i]["first_seen"] == first[i]["first_seen"] for i in first)


def test_each_ruleset_still_scores_the_problem_by_its_own_rule(audited):
    document = audited["second"]
    deducted: dict[str, float] = defaultdict(float)
    for violation in document["violations"]:
        for rule in violation["rules"]:
            deducted[rule["ruleset"]] += rule["points"]
    scores = {s["ruleset"]: s for s in document["scores"]}
    assert set(scores) == RULESETS
    for ruleset, score in scores.items():  # each ruleset deducts by its own rules (weighted by its [scoring] table)
        assert (score["points"] > 0) == (deducted[ruleset] > 0), ruleset
    broken = _one(document, "link.broken")
    assert scores["gov-cn-2019"]["points"] >= 1.0 and scores["mengjin-2011"]["points"] >= 0.5
    assert {r["ruleset"]: r["points"] for r in broken["rules"]} == {"gov-cn-2019": 1.0, "mengjin-2011": 0.5}


def test_the_violations_command_lists_problems(audited):
    path = str(audited["path"])
    expected = {v["id"] for v in audited["second"]["violations"]}
    listed = cli("violations", "--config", path, "--format", "json")
    assert listed.returncode == 0, listed.stderr
    documents = json.loads(listed.stdout)
    assert [d["id"] for d in documents].count(_one(audited["second"], "link.broken")["id"]) == 1
    assert {d["id"] for d in documents} == expected and len(documents) == len(expected)
    table = cli("violations", "--config", path)
    assert table.returncode == 0, table.stderr
    assert f"问题清单 (problems): {len(expected)} 个" in table.stdout
    assert _rule_shown(audited, table.stdout, "gov-cn-2019", "home-links-broken")
    assert _rule_shown(audited, table.stdout, "mengjin-2011", "links-not-broken")


def test_the_terminal_summary_counts_problems(audited):
    count = len(audited["second"]["violations"])
    summary = audited["summary"]
    assert f"未整改问题 {count} 个（其中新发现 0 个）；本次已整改 0 个" in summary
    assert f"问题清单 (problems): {count} 个" in summary
    assert _rule_shown(audited, summary, "gov-cn-2019", "empty-columns")
    assert _rule_shown(audited, summary, "mengjin-2011", "column-not-empty")


def _names(audited) -> Names:
    config, rulesets = api.load(audited["path"])
    return Names.of(config, rulesets)


def _rule_shown(audited, output: str, ruleset: str, rule: str) -> bool:
    """The rule in the office's words (`Names.rule`: ruleset name, rule title, severity), or, from a
    command that does not pass the names yet, as `ruleset：rule`."""
    names = _names(audited)
    title = f"{names.ruleset(ruleset)}：{names.rule_title(ruleset, rule)}"
    return title in output or f"{ruleset}：{rule}" in output


def _report(audited, fmt: str) -> bytes:
    out = audited["folder"] / f"report.{fmt}"
    done = cli("report", "--config", str(audited["path"]), "--run", str(audited["second"]["run"]["id"]),
               "--format", fmt, "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out.read_bytes()


def test_csv_and_xlsx_have_one_row_per_problem_listing_every_rule(audited):
    problems = audited["second"]["violations"]
    broken = _one(audited["second"], "link.broken")
    names = _names(audited)
    rules = [f"{names.ruleset('gov-cn-2019')}：{names.rule_title('gov-cn-2019', 'home-links-broken')}（较重）",
             f"{names.ruleset('mengjin-2011')}：{names.rule_title('mengjin-2011', 'links-not-broken')}（轻微）"]
    rows = list(csv.reader(io.StringIO(_report(audited, "csv").decode("utf-8-sig"))))
    assert rows[0][9] == "涉及规则" and len(rows) == 1 + len(problems)
    (row,) = [r for r in rows[1:] if r[4] == broken["url"]]
    assert row[2] == "链接失效"  # the check by its Chinese name
    assert row[9].splitlines() == rules

    book = load_workbook(BytesIO(_report(audited, "xlsx")))
    for sheet in ("全部问题", "城关镇人民政府"):
        values = list(book[sheet].values)
        assert len(values) == 1 + len(problems)
        (cells,) = [v for v in values[1:] if v[4] == broken["url"]]
        assert cells[9].splitlines() == rules


def test_the_html_and_json_reports_show_each_problem_once(audited):
    problems = audited["second"]["violations"]
    html = _report(audited, "html").decode("utf-8")
    for problem in problems:
        assert html.count(f'id="problem-{problem["id"]}"') == 1
    assert html.count('<tr id="problem-') == len(problems)
    assert f"未整改问题 <b>{len(problems)}</b> 个" in html
    names = _names(audited)
    row = html[html.index(f'id="problem-{_one(audited["second"], "link.broken")["id"]}"'):]
    row = row[: row.index("</tr>")]
    assert names.rule_title("gov-cn-2019", "home-links-broken") in row
    assert names.rule_title("mengjin-2011", "links-not-broken") in row
    documents = json.loads(_report(audited, "json"))
    assert [d["id"] for d in documents] == [p["id"] for p in problems]
    assert all(d["rules"] for d in documents)


def test_the_bulletin_lists_each_problem_once_with_its_rules(audited, tmp_path):
    done = cli("bulletin", "--config", str(audited["path"]), "--run", str(audited["second"]["run"]["id"]),
               "--out", str(tmp_path))
    assert done.returncode == 0, done.stderr
    problems = audited["second"]["violations"]
    message = message_from_bytes(Path(tmp_path, f"{audited['second']['run']['id']}-unit-town.eml").read_bytes(),
                                 policy=default_policy)
    assert f"问题{len(problems)}个" in message["Subject"]
    text = message.get_body(("plain",)).get_content()
    assert text.count("问题描述：") == len(problems)
    assert f"共有问题 {len(problems)} 个" in text
    names = _names(audited)
    rule_lines = [line for line in text.splitlines() if line.strip().startswith("违反规则：")]
    assert len(rule_lines) == len(problems)  # each problem once, with every rule it breaks on one line
    broken_rules = [line for line in rule_lines if names.rule_title("gov-cn-2019", "home-links-broken") in line]
    assert len(broken_rules) == 1 and names.rule_title("mengjin-2011", "links-not-broken") in broken_rules[0]
    assert "home-links-broken" not in text and "links-not-broken" not in text  # names, never ids
    attachment = next(part for part in message.iter_attachments())
    sheet = list(load_workbook(BytesIO(attachment.get_content()))["问题清单"].values)
    assert len(sheet) == 1 + len(problems)
    office = message_from_bytes(Path(tmp_path, f"{audited['second']['run']['id']}-office.eml").read_bytes(),
                                policy=default_policy)
    assert f"问题{len(problems)}个" in office["Subject"]
