"""On-demand audits beside the daemon (site locks through the CLI), and the daily cadence check."""

from __future__ import annotations

import subprocess
import sys
import threading
from datetime import date

import pytest
from mail_fixtures import run_auditor

from auditor import api
from auditor.demo import serve_estate
from auditor.store.locks import Holder

AS_OF = date(2026, 11, 28)
REAL = "2026-11-28T09:00:00"
NEXT_MORNING = "2026-11-29T09:00:00"
SITES = ["portal", "chengguan", "liulin"]
pytestmark = pytest.mark.timeout(180)


@pytest.fixture(scope="module")
def estate():
    with serve_estate(AS_OF, scale=0.3) as handle:
        yield handle


@pytest.fixture
def config_path(estate, tmp_path):
    path = tmp_path / "auditor.toml"
    path.write_text(estate.config_toml(storage_url="sqlite:///auditor.db"), encoding="utf-8")
    return path


@pytest.fixture
def other_process():
    """A live process standing for the daemon that holds a site."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield Holder(Holder.current().host, child.pid, "the daemon's token")
    child.kill()
    child.wait()


def test_an_on_demand_audit_of_a_busy_site_is_refused_with_exit_3(config_path, other_process) -> None:
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        held = store.begin_run(api.parse_as_of(REAL, config.tz), ["portal", "chengguan"], "full", other_process)
    result = run_auditor("audit", "--config", str(config_path), "--site", "chengguan", "--as-of", REAL)
    assert result.code == 3
    assert "chengguan" in result.output and f"#{held}" in result.output and "--wait" in result.output
    with api.open_store(config) as store:
        assert [(r.id, r.status) for r in store.runs()] == [(held, "running")]  # nothing started, nothing touched


def test_with_wait_it_starts_once_the_other_audit_ends(estate, config_path, other_process) -> None:
    config, _ = api.load(config_path)
    with api.open_store(config) as store:
        held = store.begin_run(api.parse_as_of(REAL, config.tz), ["liulin"], "full", other_process)

    def other_audit_ends() -> None:
        with api.open_store(config) as store:
            store.finish_run(held, "complete", sites=1, pages=0, links=0)

    timer = threading.Timer(2.0, other_audit_ends)
    timer.start()
    estate.reset()
    try:
        result = run_auditor("audit", "--config", str(config_path), "--site", "liulin", "--as-of", REAL, "--wait", "60")
    finally:
        timer.cancel()
    assert result.code in (0, 1), result.output
    with api.open_store(config) as store:
        latest = store.runs()[0]
        assert (latest.kind, latest.status, latest.site_ids) == ("site", "complete", ("liulin",))
        assert latest.started_at >= store.run(held).finished_at  # it waited for the other run's end


def test_the_cadence_check_reads_list_pages_judges_cadence_rules_and_resolves_nothing_else(estate, config_path) -> None:
    config, rulesets = api.load(config_path)
    estate.reset()
    full = api.audit(config, rulesets, as_of=REAL, site_ids=SITES)
    others_before = {v.id for v in full.violations if v.check != "column.cadence" and v.status != "resolved"}
    assert others_before  # broken links, late documents … for the cadence check to leave alone
    estate.reset()
    cadence = api.audit(config, rulesets, as_of=NEXT_MORNING, site_ids=SITES, kind="cadence")
    assert cadence.run.kind == "cadence" and cadence.run.status == "complete" and cadence.scores == []
    assert {v.check for v in cadence.violations} == {"column.cadence"}
    stale = [v for v in cadence.violations if v.status == "new"]
    assert stale and all("未更新" in v.message for v in stale)  # a day later, daily columns are a day staler
    log = estate.request_log()
    with api.open_store(config) as store:
        active = {v.id for v in store.violations() if v.status in ("new", "open")}
        assert others_before <= active  # not resolved by a run that did not look
        assert store.latest_run().id == full.run.id  # reports and bulletins keep to the scored audit
        assert store.scores(cadence.run.id) == []
    column_urls = {c.url.replace(f":{estate.port}/", "/") for s in config.sites if s.id in SITES for c in s.columns}
    fetched = {f"http://{entry['host']}{entry['path']}" for entry in log if entry["path"] != "/robots.txt"}
    assert column_urls & fetched
    assert not any(url.rstrip("/").count("/") <= 2 for url in fetched)  # no home page
    assert len(fetched) < full.run.pages / 3  # list pages and their pagination only
    listing = run_auditor("runs", "--config", str(config_path))
    assert listing.code == 0 and "更新检查" in listing.output and "指定网站" in listing.output
