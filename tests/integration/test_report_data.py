"""The run report that reports and bulletins render: units, trends, previous run, statistics."""

from __future__ import annotations

import pytest

from auditor import api
from auditor.audit import run_audit
from auditor.errors import UsageError
from auditor.report.data import find_unit, load_run_report, units_of
from tests.httpserver import Page, make_app, serve


def config_text(url_a: str, url_b: str) -> str:
    text = 'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///r.db"\n[crawl]\nper_host_delay = 0\nretries = 0\n'
    for site_id, url, unit in (("a", url_a, "县教育局"), ("b", url_b, "县教育局")):
        text += (f'\n[[sites]]\nid = "{site_id}"\nname = "{site_id}网"\nurl = "{url}"\nkind = "department"\n'
                 f'unit = "{unit}"\ncontacts = ["{site_id}@example.gov.cn", "jyj@example.gov.cn"]\n')
    return text


async def test_a_run_report_with_units_trends_and_the_previous_run(tmp_path):
    home = Page('<html><head><title>首页</title></head><body><a href="/gone.html">旧</a></body></html>')
    async with serve(make_app({"/": home}), "127.0.0.71") as a, serve(make_app({"/": home}), "127.0.0.72") as b:
        (tmp_path / "auditor.toml").write_text(config_text(a.url("/"), b.url("/")), encoding="utf-8")
        config, rulesets = api.load(tmp_path / "auditor.toml")
        with api.open_store(config) as store:
            with pytest.raises(UsageError, match="auditor audit"):
                load_run_report(store, config)
            first = await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-14", config.tz))
            second = await run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28", config.tz))
            report = load_run_report(store, config)
            earlier = load_run_report(store, config, run_id=first.run.id)
    assert report.run.id == second.run.id and report.previous_run.id == first.run.id
    assert earlier.previous_run is None
    (unit,) = report.units
    assert (unit.key, unit.name, unit.site_ids) == ("a", "县教育局", ("a", "b"))
    assert unit.contacts == ("a@example.gov.cn", "jyj@example.gov.cn", "b@example.gov.cn")
    assert {v.site for v in report.for_unit(unit)} == {"a", "b"}
    assert {v.status for v in report.active} == {"open"}
    assert [p.run_id for p in report.trends[("a", "mengjin-2011")]] == [first.run.id, second.run.id]
    assert [s.site for s in report.ranking("mengjin-2011")] == ["a", "b"]


def test_units_are_found_by_name_key_or_site(tmp_path):
    (tmp_path / "auditor.toml").write_text(config_text("http://127.0.0.71/", "http://127.0.0.72/"), encoding="utf-8")
    config, _ = api.load(tmp_path / "auditor.toml")
    units = units_of(config.sites)
    assert find_unit(units, "b") == find_unit(units, "县教育局") == units[0]
    with pytest.raises(UsageError, match="a（县教育局）"):
        find_unit(units, "县财政局")
