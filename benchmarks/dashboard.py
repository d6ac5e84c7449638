"""How fast `auditor serve` answers its ranking page at 32 sites × 20 complete full runs.

    .venv/bin/python benchmarks/dashboard.py                       # the table of docs/benchmarks.md
    .venv/bin/python benchmarks/dashboard.py --screenshots docs    # and the dashboard's three screenshots

The database is SQLite in a temporary folder, filled through the Store API (`sync_sites`,
`start_run`, `add_pages`, `complete_run`) with the demo estate's 32 sites and columns
(auditor.demo, the names `auditor demo` audits) and 20 half-monthly complete full runs under
both demo rulesets: per site a pool of problems (dead links with their source pages, stale and
empty columns, late documents, incomplete leader entries, missing identity elements, a home
page that failed), each present in a run with a chance that falls as the site improves, so
problems open, stay open, are fixed and come back; two sites are vetoed in some runs. The last
run also stores its home and column list pages with their items (the site page's columns).

`auditor serve` then runs as its own process (the real command, uvicorn) on 127.0.0.1, and
this process times GET / with httpx over one kept-alive connection: 5 requests to warm up,
then `--requests` timed ones. The site, problem and filtered-list pages are timed too.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from auditor import api  # noqa: E402
from auditor.config import Config, SiteConfig  # noqa: E402
from auditor.demo.build import build_estate  # noqa: E402
from auditor.demo.config_writer import config_toml  # noqa: E402
from auditor.demo.run import DEMO_RULESETS  # noqa: E402
from auditor.models import (  # noqa: E402
    ColumnCoverage,
    FetchResult,
    Finding,
    ListItem,
    Outcome,
    Page,
    Score,
    SiteCoverage,
)
from auditor.rules import Ruleset  # noqa: E402
from auditor.store import Store  # noqa: E402

RUNS = 20
LAST_AUDIT = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)  # 09:00 in Beijing, the demo's date; every 15 days before
VETOED = ("yjglj", "gtzyj")  # sites whose home page fails in some runs


def _rule(rulesets: list[Ruleset], ruleset: Ruleset, check: str) -> Finding | None:
    rule = next((r for r in ruleset.rules if r.check == check), None)
    if rule is None:
        return None
    return Finding(ruleset=ruleset.id, rule=rule.id, check=check, severity=rule.severity, points=rule.points,
                   veto=rule.veto, site="", column=None, url="", message="")


def problem_pool(site: SiteConfig, index: int) -> list[tuple[str, dict[str, object]]]:
    """What can go wrong at this site: (check, fields of the finding)."""
    pool: list[tuple[str, dict[str, object]]] = []
    for n in range(12 + index % 13):
        target = f"{site.url}uploads/2019/old-{n}.html"
        pool.append(("link.broken", {
            "url": target, "key": "",
            "message": f"链接失效：{target} （HTTP 404），见于 {site.url}「2019年工作要点{n}」（规定每半月检查，确保没有无效链接）",
            "evidence": {"outcome": "broken", "status": 404, "error": "http-404", "final_url": f"{site.url}404.html",
                         "redirects": [target], "title": "", "source_count": 1,
                         "sources": [{"page": site.url, "text": f"2019年工作要点{n}", "element": "a"}]},
        }))
    for column in site.columns:
        if column.kind in ("news", "govinfo"):
            pool.append(("column.cadence", {
                "url": column.url, "column": column.id, "key": "stale",
                "message": f"{column.name} 最新信息已 9 天未更新（规定每天更新）",
                "evidence": {"newest": "2026-11-19", "as_of": "2026-11-28", "days": 9, "max_interval_days": 1, "items": 40},
            }))
        if column.kind in ("notices", "plans", "personnel"):
            pool.append(("column.empty", {"url": column.url, "column": column.id, "key": "",
                                          "message": f"{column.name} 栏目没有任何信息", "evidence": {"status": 200}}))
        if column.kind == "documents":
            for n in range(4):
                pool.append(("document.late", {
                    "url": urljoin(column.url, f"art{n}.html"), "column": column.id, "key": "",
                    "message": f"{column.name} 文件成文 2026-10-0{n + 1}，发布 2026-11-0{n + 2}，超过 20 日公开",
                    "evidence": {"formed": f"2026-10-0{n + 1}", "published": f"2026-11-0{n + 2}", "days": 32, "max_delay_days": 20},
                }))
        if column.kind == "leaders":
            pool.append(("leader.incomplete", {"url": column.url, "column": column.id, "key": "张三",
                                               "message": f"{column.name} 张三 缺少：简历", "evidence": {"name": "张三"}}))
    pool.append(("site.identity", {"url": site.url, "key": "", "message": "网站底部缺少：网站标识码、公安机关备案号",
                                   "evidence": {}}))
    return pool


def findings_of(site: SiteConfig, index: int, run: int, rulesets: list[Ruleset]) -> list[Finding]:
    rng = random.Random(f"{site.id}:{run}")
    quality = (index % 5) / 10  # 0 .. 0.4: some sites keep more problems
    chance = max(0.2, 0.75 - quality - run * 0.015)
    wanted = [(check, fields) for check, fields in problem_pool(site, index) if rng.random() < chance]
    if site.id in VETOED and run % 3 == 0:
        wanted.append(("site.availability", {"url": site.url, "key": "audit",
                                             "message": "首页无法访问（连接被拒绝）：检查时 15 次访问均失败（检查时首页必须能够打开）",
                                             "evidence": {"status": None, "error": "refused", "attempts": 15}}))
    findings = []
    for check, fields in wanted:
        for ruleset in rulesets:
            template = _rule(rulesets, ruleset, check)
            if template is None:
                continue
            findings.append(Finding(
                ruleset=template.ruleset, rule=template.rule, check=check, severity=template.severity,
                points=template.points, veto=template.veto, site=site.id, column=fields.get("column"),  # type: ignore[arg-type]
                url=str(fields["url"]), message=str(fields["message"]), key=str(fields["key"]),
                evidence=dict(fields["evidence"]),  # type: ignore[call-overload]
            ))
    return findings


def scores_of(findings: list[Finding], config: Config, rulesets: list[Ruleset]) -> list[Score]:
    scores = []
    for ruleset in rulesets:
        rows = []
        for site in config.sites:
            mine = [f for f in findings if f.site == site.id and f.ruleset == ruleset.id]
            points = min(sum(f.points for f in mine), 100.0)
            veto = any(f.veto and f.check == "site.availability" for f in mine)  # the other veto rules count places
            rows.append((site.id, round(100 - points, 2), veto, points))
        rows.sort(key=lambda row: (row[2], -row[1], row[0]))
        scores += [Score(site_id, ruleset.id, score, veto, rank, points, fail_reason="单项否决：首页无法访问" if veto else "")
                   for rank, (site_id, score, veto, points) in enumerate(rows, start=1)]
    return scores


def store_pages(store: Store, run_id: int, config: Config, as_of: datetime) -> None:
    """The last run's home and column list pages, with their items (dated back from the audit)."""
    batch = []
    for index, site in enumerate(config.sites):
        fetched = FetchResult(url=site.url, final_url=site.url, outcome=Outcome.OK, status=200, fetched_at=as_of,
                              size=24_000, content_hash=hashlib.sha256(site.url.encode()).hexdigest())
        batch.append((Page(url=site.url, final_url=site.url, site_id=site.id, column_id=None, status=200,
                           outcome=Outcome.OK, title=site.name), fetched))
        for number, column in enumerate(site.columns):
            step = 1 + (index + number) % 4
            items = tuple(ListItem(f"{column.name}第{n}条", urljoin(column.url, f"art{n}.html"),
                                   (as_of - timedelta(days=n * step + number % 3)).date()) for n in range(20))
            page = Page(url=column.url, final_url=column.url, site_id=site.id, column_id=column.id, status=200,
                        outcome=Outcome.OK, title=column.name, items=items)
            batch.append((page, FetchResult(url=column.url, final_url=column.url, outcome=Outcome.OK, status=200,
                                            fetched_at=as_of, size=18_000)))
    store.add_pages(run_id, batch)


def fill(config: Config, rulesets: list[Ruleset]) -> int:
    """20 complete full runs; the number of problems the last one left open."""
    site_ids = [site.id for site in config.sites]
    with api.open_store(config) as store:
        store.sync_sites(config)
        for run in range(RUNS):
            as_of = LAST_AUDIT - timedelta(days=15 * (RUNS - 1 - run))
            run_id = store.start_run(as_of, site_ids)
            findings = [f for index, site in enumerate(config.sites) for f in findings_of(site, index, run, rulesets)]
            coverage = [SiteCoverage(site=site.id, pages=200, home_read=True, detail_pages=120, columns=tuple(
                ColumnCoverage(c.id, c.name, list_pages=2, items=20) for c in site.columns)) for site in config.sites]
            if run == RUNS - 1:
                store_pages(store, run_id, config, as_of)
            problems = store.complete_run(run_id, as_of, site_ids, [r.id for r in rulesets], findings,
                                          scores_of(findings, config, rulesets), pages=6400, links=21000, coverage=coverage)
        return sum(1 for p in problems if p.status != "resolved")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_listening(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"auditor serve exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("auditor serve did not start in 30 s")


def timed(client: httpx.Client, path: str, requests: int) -> tuple[float, float, int]:
    for _ in range(5):
        client.get(path).raise_for_status()
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    times.sort()
    return statistics.median(times), times[max(0, int(round(0.95 * len(times))) - 1)], len(response.content)


def screenshots(base: str, folder: Path, site_id: str, problem_id: str) -> None:
    from tests.browser.chromium import browser_page

    folder.mkdir(parents=True, exist_ok=True)
    shots = (("dashboard-ranking.png", "/", 1300), ("dashboard-site.png", f"/sites/{site_id}", 1300),
             ("dashboard-problem.png", f"/problems/{problem_id}", 1000))
    with browser_page(width=1200, height=900) as page:
        for name, path, height in shots:
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.screenshot(path=str(folder / name), clip={"x": 0, "y": 0, "width": 1200, "height": height})
            print(f"{folder / name}: {(folder / name).stat().st_size // 1024} KB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--screenshots", type=Path, help="write the three dashboard screenshots into this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        estate = build_estate(date(2026, 11, 28), 1.0, port=18620)
        path = Path(tmp) / "auditor.toml"
        path.write_text(config_toml(estate, storage_url=f"sqlite:///{tmp}/dashboard.db", rulesets=DEMO_RULESETS),
                        encoding="utf-8")
        config, rulesets = api.load(path)
        start = time.perf_counter()
        still_open = fill(config, rulesets)
        filled = time.perf_counter() - start
        with api.open_store(config) as store:
            last = store.latest_run()
            assert last is not None
            problems = store.violations(run_id=last.id)
        town = next(s.id for s in config.sites if s.kind == "town")
        broken = next(p for p in problems if p.check == "link.broken" and p.site == town)
        print(f"filled: {len(config.sites)} sites × {RUNS} complete full runs, {len(problems)} problems in the last run "
              f"({still_open} open), in {filled:.1f} s")
        port = free_port()
        env = {**os.environ, "AUDITOR_CONFIG": str(path)}
        process = subprocess.Popen([sys.executable, "-m", "auditor.cli", "serve", "--port", str(port)], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_until_listening(port, process)
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=30) as client:
                print(f"\n{'page':<34} {'median ms':>10} {'p95 ms':>8} {'KB':>6}")
                for label, page_path in (("/ (ranking)", "/"), (f"/sites/{town}", f"/sites/{town}"),
                                         ("/problems/{id}", f"/problems/{broken.id}"),
                                         ("/problems?severity=major", "/problems?severity=major")):
                    median, p95, size = timed(client, page_path, args.requests)
                    print(f"{label:<34} {median:>10.1f} {p95:>8.1f} {size / 1024:>6.0f}")
            if args.screenshots:
                screenshots(base, args.screenshots, town, broken.id)
        finally:
            process.terminate()
            process.wait(10)


if __name__ == "__main__":
    main()
