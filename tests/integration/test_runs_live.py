"""`auditor runs --live`: a running run's sites as the store shows them (issue 21, part 4):
judged, being audited by a worker (named), or waiting for one; followed until the run ends."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import UsageError
from auditor.models import RunStatus
from auditor.report.live import SiteState, site_progress, summary_line
from auditor.store import Store
from auditor.store.judgements import JudgementRecord
from auditor.store.locks import Holder

AS_OF = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
SITES = ["portal", "town-a", "town-b"]
WORKER = Holder("worker-1", 4242, "token-of-worker-1")


def test_each_site_of_a_queued_run_by_where_it_stands(store: Store) -> None:
    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)
    store.claim_site(run_id, "portal", WORKER)
    store.save_site_judgement(run_id, JudgementRecord(site="town-a", pages=17))
    run = store.run(run_id)
    assert run is not None
    sites = site_progress(run, store.locks(), store.judged_sites(run_id))
    assert [(s.site_id, s.state, s.holder, s.pages) for s in sites] == [
        ("portal", SiteState.RUNNING, WORKER.label, 0),
        ("town-a", SiteState.JUDGED, "", 17),
        ("town-b", SiteState.QUEUED, "", 0),
    ]
    assert summary_line(run, sites).endswith("已完成 1，审计中 1，排队等待 1")


def _config(tmp_path: Path) -> Path:
    sites = "".join(
        f'[[sites]]\nid = "{site}"\nname = "网站{n}"\nurl = "http://127.0.0.{10 + n}/"\nkind = "town"\n\n'
        for n, site in enumerate(SITES))
    path = tmp_path / "auditor.toml"
    path.write_text(f'rulesets = ["mengjin-2011"]\n\n[storage]\nurl = "sqlite:///{tmp_path / "a.db"}"\n\n{sites}',
                    encoding="utf-8")
    return path


def test_live_follows_the_run_until_it_ends(tmp_path: Path) -> None:
    config = _config(tmp_path)
    store = Store.open(f"sqlite:///{tmp_path / 'a.db'}")
    run_id = store.begin_run(AS_OF, SITES, "full", queued=True)

    def workers() -> None:  # what the site tasks would do, a little later
        time.sleep(0.5)
        store.claim_site(run_id, "portal", WORKER)
        time.sleep(0.5)
        for site in SITES:
            store.save_site_judgement(run_id, JudgementRecord(site=site, pages=3))
        store.finish_run(run_id, RunStatus.FAILED, sites=3, pages=9, links=0)

    thread = threading.Thread(target=workers)
    thread.start()
    try:
        result = CliRunner().invoke(cli, ["runs", "--live", "--every", "0.1", "--format", "json", "--config", str(config)])
    finally:
        thread.join()
    assert result.exit_code == 0, result.output
    looks = [json.loads(line) for line in result.output.splitlines()]
    states = [[site["state"] for site in look["sites"]] for look in looks]
    assert states[0] == ["queued", "queued", "queued"]
    assert ["running", "queued", "queued"] in states
    assert looks[-1]["status"] == "failed" and states[-1] == ["judged", "judged", "judged"]
    assert len(looks) == len({json.dumps(look) for look in looks})  # a line only when something changed


def test_live_without_a_running_run_says_so(tmp_path: Path) -> None:
    config = _config(tmp_path)
    Store.open(f"sqlite:///{tmp_path / 'a.db'}")
    result = CliRunner().invoke(cli, ["runs", "--live", "--config", str(config)])
    assert isinstance(result.exception, UsageError) and result.exception.exit_code == 2  # main() exits with it
    assert "没有正在进行的审计" in str(result.exception)
