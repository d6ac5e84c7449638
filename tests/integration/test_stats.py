"""Disclosure statistics (R11): items stored by audit runs, counted per site and category, on both backends."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from auditor.config import Config, parse_config
from auditor.models import FetchResult, ListItem, Outcome, Page
from auditor.stats import CATEGORIES, StatRow, disclosure_stats
from auditor.store import Store

PORTAL = "http://127.0.0.10/"
TOWN = "http://127.0.0.11/"

RULESET = """
[ruleset]
id = "stats-test"
name = "测试"
source = "测试"

[[rules]]
id = "not-empty"
check = "column.empty"
title = "栏目不得为空"
source = "测试"
"""

CONFIG = f"""
rulesets = ["rules.toml"]

[storage]
url = "sqlite:///auditor.db"

[[sites]]
id = "portal"
name = "清河县人民政府"
url = "{PORTAL}"
kind = "county"

  [[sites.columns]]
  id = "news"
  name = "清河要闻"
  url = "{PORTAL}xwzx/"
  kind = "news"

  [[sites.columns]]
  id = "docs"
  name = "政府文件"
  url = "{PORTAL}zfwj/"
  kind = "documents"
  category = "政策/规范性文件"

  [[sites.columns]]
  id = "plans"
  name = "规划计划"
  url = "{PORTAL}ghjh/"
  kind = "plans"
  category = "规划/计划"

[[sites]]
id = "town-a"
name = "城关镇人民政府"
url = "{TOWN}"
kind = "town"

  [[sites.columns]]
  id = "jgzn"
  name = "机构职能"
  url = "{TOWN}jgzn/"
  kind = "other"
  category = "机构职能"

[[sites]]
id = "town-b"
name = "会盟镇人民政府"
url = "http://127.0.0.12/"
kind = "town"
"""


def write_config(folder: Path) -> Config:
    (folder / "rules.toml").write_text(RULESET, encoding="utf-8")
    path = folder / "auditor.toml"
    path.write_text(CONFIG, encoding="utf-8")
    return parse_config(CONFIG, path)


def list_page(site: str, column: str, url: str, items: list[tuple[str, date | None]]) -> tuple[Page, FetchResult]:
    page = Page(url=url, final_url=url, site_id=site, column_id=column, status=200, outcome=Outcome.OK,
                items=tuple(ListItem(title=f"条目 {name}", url=url + name + ".html", date=day) for name, day in items))
    return page, FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200)


def audit_run(store: Store, as_of: datetime, pages: list[tuple[Page, FetchResult]], status: str = "complete") -> None:
    run_id = store.start_run(as_of, ["portal", "town-a"])
    store.add_pages(run_id, pages)
    store.finish_run(run_id, status, sites=2, pages=len(pages), links=0)


def news(*items: tuple[str, date | None]) -> tuple[Page, FetchResult]:
    return list_page("portal", "news", PORTAL + "xwzx/", list(items))


def fill(store: Store, config: Config) -> None:
    """A year of runs: repeats, a failed run, an old run with a typo date, a run in the next year."""
    store.sync_sites(config)
    docs, plans = PORTAL + "zfwj/", PORTAL + "ghjh/"
    # an audit of the previous year listing a typo'd future date: not this year's item
    audit_run(store, datetime(2025, 6, 1, tzinfo=UTC), [news(("x", date(2026, 1, 1)))])
    audit_run(store, datetime(2026, 6, 15, tzinfo=UTC), [
        news(("a", date(2026, 6, 1)), ("b", date(2026, 6, 10)), ("c", date(2025, 12, 30)), ("nodate", None)),
        list_page("portal", "docs", docs, [("d", date(2026, 5, 1))]),
        list_page("town-a", "jgzn", TOWN + "jgzn/", [("j", date(2026, 2, 2))]),
    ])
    # the shared page: listed under news in June, under plans (same URL) in December
    audit_run(store, datetime(2026, 6, 16, tzinfo=UTC), [
        list_page("portal", "news", docs, [("g", date(2026, 4, 4))]),
    ])
    audit_run(store, datetime(2026, 12, 20, tzinfo=UTC), [
        news(("a", date(2026, 6, 1)), ("e", date(2026, 12, 1))),
        list_page("portal", "docs", docs, [("d", date(2026, 5, 1))]),
        list_page("portal", "plans", plans, [("f", date(2026, 3, 1))]),
        list_page("portal", "plans", docs, [("g", date(2026, 4, 4))]),
    ])
    audit_run(store, datetime(2026, 12, 25, tzinfo=UTC), [news(("h", date(2026, 12, 24)))], status="failed")
    audit_run(store, datetime(2027, 2, 1, tzinfo=UTC), [news(("i", date(2026, 12, 28)), ("k", date(2027, 1, 5)))])


def totals(rows: list[StatRow]) -> dict[tuple[str | None, str | None], int]:
    return {(r.site, r.category): r.items for r in rows if r.kind is None}


def test_items_of_the_year_are_counted_once_per_site_and_url(store: Store, tmp_path: Path) -> None:
    fill(store, write_config(tmp_path))
    rows = disclosure_stats(store, 2026)
    counted = totals(rows)
    # news a, b, e, i (c is of 2025, h only in a failed run, x from a run of 2025, k of 2027)
    assert counted["portal", "其他"] == 4
    assert counted["portal", "政策/规范性文件"] == 1  # d, seen by two runs
    assert counted["portal", "规划/计划"] == 2  # f, and g: its latest listing was under plans
    assert counted["portal", None] == 7
    assert counted["town-a", "机构职能"] == 1
    assert counted[None, "机构职能"] == 1 and counted[None, "行政许可"] == 0 and counted[None, None] == 8
    # the kinds inside the categories
    kinds = {(r.site, r.category, r.kind): r.items for r in rows if r.kind is not None}
    assert kinds == {("portal", "其他", "news"): 4, ("portal", "政策/规范性文件", "documents"): 1,
                     ("portal", "规划/计划", "plans"): 2, ("town-a", "机构职能", "other"): 1}


def test_rows_follow_the_shape_of_the_report_table(store: Store, tmp_path: Path) -> None:
    fill(store, write_config(tmp_path))
    rows = disclosure_stats(store, 2026)
    portal_totals = [r.category for r in rows if r.site == "portal" and r.kind is None]
    assert portal_totals == [*CATEGORIES, None]  # every category, zeros too, then the site's total
    assert [r.site for r in rows][-6:] == [None] * 6 and rows[-1].category is None
    assert {r.year for r in rows} == {2026}


def test_sites_asked_for_are_the_only_ones_and_a_silent_site_gets_zeros(store: Store, tmp_path: Path) -> None:
    fill(store, write_config(tmp_path))
    rows = disclosure_stats(store, 2026, ["town-b", "town-a"])
    counted = totals(rows)
    assert {site for site, _ in counted} == {"town-a", "town-b", None}
    assert counted["town-b", None] == 0 and counted["town-b", "其他"] == 0
    assert counted[None, None] == 1 and counted[None, "机构职能"] == 1


def test_a_year_without_items_is_all_zeros(store: Store, tmp_path: Path) -> None:
    fill(store, write_config(tmp_path))
    rows = disclosure_stats(store, 2024)
    assert rows == [*(StatRow(2024, None, c, None, 0) for c in CATEGORIES), StatRow(2024, None, None, None, 0)]


def test_a_column_gone_from_the_config_still_counts(store: Store, tmp_path: Path) -> None:
    config = write_config(tmp_path)
    fill(store, config)
    run_id = store.start_run(datetime(2026, 12, 21, tzinfo=UTC), ["portal"])
    store.add_pages(run_id, [list_page("portal", "retired", PORTAL + "old/", [("z", date(2026, 7, 7))])])
    store.finish_run(run_id, "complete", sites=1, pages=1, links=0)
    counted = totals(disclosure_stats(store, 2026, ["portal"]))
    assert counted["portal", "其他"] == 5  # an unknown column counts under 其他


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    wide = {**os.environ, "COLUMNS": "200"}  # one table row a line: rich wraps cells at 80 columns off a terminal
    return subprocess.run([sys.executable, "-m", "auditor.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=60,
                          env=wide)


def test_the_stats_command_prints_table_json_and_csv(tmp_path: Path) -> None:
    config = write_config(tmp_path)
    with Store.open(f"sqlite:///{tmp_path / 'auditor.db'}") as store:
        fill(store, config)
    as_json = run_cli("stats", "--year", "2026", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 0, as_json.stderr
    document = json.loads(as_json.stdout)
    assert {"year": 2026, "site": None, "category": None, "kind": None, "items": 8} in document
    assert {"year": 2026, "site": "town-b", "category": None, "kind": None, "items": 0} in document
    as_csv = run_cli("stats", "--year", "2026", "--site", "portal", "--format", "csv", cwd=tmp_path)
    assert as_csv.returncode == 0, as_csv.stderr
    records = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert {"year": "2026", "site": "portal", "category": "规划/计划", "kind": "plans", "items": "2"} in records
    assert records[-1] == {"year": "2026", "site": "", "category": "", "kind": "", "items": "7"}
    table = run_cli("stats", "--year", "2026", cwd=tmp_path)
    assert table.returncode == 0, table.stderr
    assert "2026年主动公开信息统计" in table.stdout and "政策/规范性文件" in table.stdout
    portal_line = next(line for line in table.stdout.splitlines() if "清河县人民政府" in line)  # the site by its name
    assert [cell.strip() for cell in portal_line.strip("│┃| ").split("│")][1:] == ["0", "1", "2", "0", "4", "7"]


def test_the_stats_command_refuses_an_unknown_site_and_a_bad_year(tmp_path: Path) -> None:
    write_config(tmp_path)
    unknown = run_cli("stats", "--year", "2026", "--site", "nowhere", cwd=tmp_path)
    assert unknown.returncode == 2 and "nowhere" in unknown.stderr and "Traceback" not in unknown.stderr
    bad_year = run_cli("stats", "--year", "26xx", cwd=tmp_path)
    assert bad_year.returncode == 2 and "Traceback" not in bad_year.stderr
