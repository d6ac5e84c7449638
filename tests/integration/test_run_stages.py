"""A run in stages: begin, one site stage per site (its judgement saved keyed by (run, site)),
finish from the saved judgements, on a small real estate (two sites and an outside host, served
on 127.0.0.171-173). The store's side: tests/integration/test_store_judgements.py."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from auditor import api
from auditor.audit import finish_run, run_audit, run_site_stage
from auditor.config import Config
from auditor.context import AuditScope, Clock
from auditor.errors import RunError
from auditor.models import RunKind
from auditor.rules import Ruleset
from auditor.store import Store
from auditor.store.judgements import JudgementRecord
from tests.httpserver import PAGES_KEY, make_app, serve
from tests.httpserver import Page as Served
from tests.integration.test_store_judgements import HOME, a_finding, run_verdicts, site_row_counts

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def test_the_finish_is_refused_while_a_site_has_no_judgement_and_changes_nothing(tmp_path) -> None:
    config, rulesets = _config(tmp_path, {"a": "http://127.0.0.171/", "b": "http://127.0.0.172/"}, "")
    scope = AuditScope.audit(config, rulesets, None, RunKind.FULL)
    with Store.open(f"sqlite:///{tmp_path / 'refused.db'}") as store:
        run_id = store.start_run(AS_OF, ["a", "b"])
        with pytest.raises(RunError, match="2 个网站未完成评判（a、b）"):
            finish_run(store, scope, run_id)
        found = dataclasses.replace(a_finding("links", HOME), site="a")
        store.save_site_judgement(run_id, JudgementRecord("a", findings=(found,)))
        with pytest.raises(RunError, match=r"1 个网站未完成评判（b）.*no site judgement yet: b"):
            finish_run(store, scope, run_id)
        run = store.run(run_id)
        assert run is not None and run.status == "running"
        assert store.violations(run_id=run_id) == [] and store.scores(run_id) == []

        store.save_site_judgement(run_id, JudgementRecord("b"))
        finished = finish_run(store, scope, run_id)
        assert [v.site for v in finished.violations] == ["a"]
        with pytest.raises(RunError, match="已完成"):
            finish_run(store, scope, run_id)


# -- the stages on a small real estate --

def _config(tmp_path, sites: dict[str, str], rest: str) -> tuple[Config, list[Ruleset]]:
    text = ('rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///unused.db"\n'
            "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\n" + rest)
    for site_id, url in sites.items():
        text += (f'\n[[sites]]\nid = "{site_id}"\nname = "{site_id}镇人民政府"\nurl = "{url}"\nkind = "town"\n'
                 f'  [[sites.columns]]\n  id = "news"\n  name = "{site_id}要闻"\n  url = "{url}news/"\n  kind = "news"\n')
    (tmp_path / "auditor.toml").write_text(text, encoding="utf-8")
    return api.load(tmp_path / "auditor.toml")


def _site(outside: str, other: str, news_days: list[int]) -> dict[str, Served]:
    """A town site: its home links its news, a page of its own that is gone, the other site, and
    three targets on the outside host (one fine, one gone, one refused to bots)."""
    today = AS_OF.date()
    items = "".join(f'<li><a href="/news/{n}.html">第{n}条动态</a><span>{(today - timedelta(days=n)).isoformat()}</span></li>'
                    for n in news_days)
    home = ('<html><head><title>首页</title></head><body><a href="/news/">要闻</a><a href="/gone.html">旧链接</a>'
            f'<a href="{other}">兄弟乡镇</a><a href="{outside}ok.html">县教育局</a><a href="{outside}missing.html">县财政局</a>'
            f'<a href="{outside}forbidden.html">县人社局</a></body></html>')
    pages = {"/": Served(home),
             "/news/": Served(f'<html><head><title>要闻</title></head><body><ul class="list">{items}</ul></body></html>')}
    pages.update({f"/news/{n}.html": Served(f"<html><body>第{n}条</body></html>") for n in news_days})
    return pages


async def test_site_stages_run_on_their_own_then_the_finish_give_what_the_in_process_run_gives(tmp_path) -> None:
    outside_app, a_app, b_app = make_app(), make_app(), make_app()
    outside_app[PAGES_KEY].update({
        "/ok.html": Served("<html><head><title>县教育局</title></head><body>教育</body></html>"),
        "/forbidden.html": Served("<html><body>Forbidden</body></html>", status=403),
    })
    async with serve(outside_app, "127.0.0.173") as outside, serve(a_app, "127.0.0.171") as a, \
            serve(b_app, "127.0.0.172") as b:
        a_app[PAGES_KEY].update(_site(outside.url("/"), b.url("/"), list(range(17))))
        b_app[PAGES_KEY].update(_site(outside.url("/"), a.url("/"), [30, 45, 60]))  # its news went quiet
        # no reuse of earlier verdicts: each database asks every target itself
        config, rulesets = _config(tmp_path, {"a": a.url("/"), "b": b.url("/")}, "[links]\nreuse_within = \"0h\"\n")
        as_of = api.parse_as_of("2026-11-28T09:00", config.tz)

        with Store.open(f"sqlite:///{tmp_path / 'whole.db'}") as store:
            whole = await run_audit(config, rulesets, store, as_of=as_of)
            kept = store.site_judgements(whole.run.id)
        # in process the sites share the run's ledger: a target both link is asked once
        assert [path for path in outside.log.paths() if path != "/robots.txt"].count("/ok.html") == 1
        assert sorted(kept) == ["a", "b"]
        assert sum(j.pages for j in kept.values()) == whole.run.pages > 0
        assert sum(j.targets for j in kept.values()) == whole.run.links > 0
        assert {(v.site, v.check) for v in whole.violations} >= {("a", "link.broken"), ("b", "link.broken"),
                                                                   ("b", "column.cadence")}
        assert whole.unverified and {link.url for link in whole.unverified} == {outside.url("/forbidden.html")}

        scope = AuditScope.audit(config, rulesets, None, RunKind.FULL)
        clock = Clock(as_of)
        with Store.open(f"sqlite:///{tmp_path / 'staged.db'}") as store:
            store.sync_sites(config)
            run_id = store.begin_run(as_of, ["a", "b"], RunKind.FULL)
            await run_site_stage(config, scope, store, clock, run_id, "a")
            once = _rows_of_a(store, run_id)
            first = store.site_judgements(run_id)["a"]
            again = await run_site_stage(config, scope, store, clock, run_id, "a")  # a process died after it, say
            assert _rows_of_a(store, run_id) == once
            assert once["site_judgements"] == 1 and min(once["pages"], once["links"], once["column_items"]) > 0
            assert store.site_judgements(run_id) == {"a": first}
            assert (again.findings, again.pages) == (first.findings, first.pages)

            with pytest.raises(RunError, match="no site judgement yet: b"):
                finish_run(store, scope, run_id)
            await run_site_stage(config, scope, store, clock, run_id, "b")
            staged = finish_run(store, scope, run_id)
            run = store.run(run_id)

    assert staged.violations == whole.violations
    assert staged.scores == whole.scores
    assert staged.coverage == whole.coverage
    assert staged.unverified == whole.unverified
    assert staged.unjudged == whole.unverified_checks
    assert run is not None and (run.status, run.pages) == ("complete", whole.run.pages)


def _rows_of_a(store: Store, run_id: int) -> dict[str, int]:
    """Site a's rows in the run, table by table, and the run's link verdicts."""
    url = store.engine.url.render_as_string(hide_password=False)
    return site_row_counts(url, run_id, "a") | {"verdicts": len(run_verdicts(url, run_id))}
