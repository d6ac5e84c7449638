"""Site audits as Celery tasks (auditor/queue/) on the real brokers, with real `auditor worker`
processes and PostgreSQL: a queued run gives what the in-process audit gives; a worker killed
mid-site has its task redelivered and nothing is lost or duplicated; a broker restarted mid-run
loses nothing. A small estate (four town sites, one slow to crawl, and an outside host) is served
on 127.0.0.181-185 from a thread of its own, so the tests wait for the workers synchronously.

RabbitMQ is the machine's (amqp://guest@127.0.0.1:5672//), each test on a queue of its own;
Redis is a redis-server the test starts on a free port, never the machine's. A closed port
skips with the reason, and fails when CI is set."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import AsyncExitStack, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from auditor import api
from auditor.audit import AuditResult, stored_result
from auditor.models import RunKind
from auditor.queue.app import delete_queue
from auditor.queue.runs import audit_on_queue, scope_of
from auditor.report.names import Names
from auditor.report.terminal import console, print_summary
from auditor.store import Store
from tests.httpserver import PAGES_KEY, Served, serve
from tests.httpserver import Page as ServedPage
from tests.httpserver import make_app as make_site_app
from tests.services import RedisServer, port_open, require_service

AS_OF = "2026-11-28T09:00"
AUDIT_DAY = date(2026, 11, 28)
PASSWORD_ENV = "AUDITOR_TEST_BROKER_PASSWORD"
SLOW = "/slow/3"  # a page of sites a and d that takes 3 s: a worker is killed, or the broker restarted, meanwhile
RUN_SECONDS = 50  # a queued run that takes longer than this has lost a task
OUTSIDE_TARGETS = ("/ok.html", "/missing.html", "/forbidden.html")  # every site links all three


# -- the estate, served from a thread --

def _town(other: str, outside: str, news_days: list[int], slow: bool) -> dict[str, ServedPage]:
    items = "".join(f'<li><a href="/news/{n}.html">第{n}条动态</a><span>{(AUDIT_DAY - timedelta(days=n)).isoformat()}</span></li>'
                    for n in news_days)
    home = ('<html><head><title>首页</title></head><body><a href="/news/">要闻</a><a href="/gone.html">旧链接</a>'
            f'<a href="{other}">兄弟乡镇</a><a href="{outside}ok.html">县教育局</a><a href="{outside}missing.html">县财政局</a>'
            f'<a href="{outside}forbidden.html">县人社局</a>' + (f'<a href="{SLOW}">专题</a>' if slow else "")
            + "</body></html>")
    pages = {"/": ServedPage(home),
             "/news/": ServedPage(f'<html><head><title>要闻</title></head><body><ul class="list">{items}</ul></body></html>')}
    pages.update({f"/news/{n}.html": ServedPage(f"<html><body>第{n}条</body></html>") for n in news_days})
    return pages


class Estate:
    """Four town sites (a-d; a and d link a slow page) and an outside host, on a loop in a thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.stack = AsyncExitStack()
        self.sites: dict[str, Served] = {}
        self.outside: Served | None = None
        self.apps: dict[str, Any] = {}

    def __enter__(self) -> Estate:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self.loop).result(10)
        return self

    async def _start(self) -> None:
        outside_app = make_site_app()
        outside_app[PAGES_KEY].update({
            "/ok.html": ServedPage("<html><head><title>县教育局</title></head><body>教育</body></html>"),
            "/forbidden.html": ServedPage("<html><body>Forbidden</body></html>", status=403),
        })
        self.outside = await self.stack.enter_async_context(serve(outside_app, "127.0.0.185"))
        apps = {site: make_site_app() for site in "abcd"}
        self.apps = apps
        for number, (site, app) in enumerate(apps.items()):
            self.sites[site] = await self.stack.enter_async_context(serve(app, f"127.0.0.{181 + number}"))
        news = {"a": list(range(17)), "b": [30, 45, 60], "c": [1, 2, 40], "d": list(range(5))}
        for number, (site, app) in enumerate(apps.items()):
            other = self.sites["abcd"[(number + 1) % 4]].url("/")
            app[PAGES_KEY].update(_town(other, self.outside.url("/"), news[site], slow=site in "ad"))

    def __exit__(self, *_: object) -> None:
        asyncio.run_coroutine_threadsafe(self.stack.aclose(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.loop.close()  # else its selector's sockets are left to the collector: a ResourceWarning, an error here

    def slow_requests(self) -> int:
        return self.sites["d"].log.paths().count(SLOW)

    @contextmanager
    def linking(self, sites: str, url: str) -> Iterator[None]:
        """The home pages of `sites` link `url` too, for one test."""
        homes = {site: self.apps[site][PAGES_KEY]["/"] for site in sites}
        for site, home in homes.items():
            self.apps[site][PAGES_KEY]["/"] = ServedPage(home.body.replace("</body>", f'<a href="{url}">专题链接</a></body>'))
        try:
            yield
        finally:
            for site, home in homes.items():
                self.apps[site][PAGES_KEY]["/"] = home

    def outside_asks(self) -> Counter[str]:
        """How often each of the three targets every site links on the outside host was requested."""
        assert self.outside is not None
        return Counter(path for path in self.outside.log.paths() if path in OUTSIDE_TARGETS)

    def config_text(self, storage: str, queue: str = "") -> str:
        text = (f'rulesets = ["mengjin-2011"]\n[storage]\nurl = "{storage}"\n'
                "[crawl]\nper_host_delay = 0\nallow_private_addresses = true\nretries = 0\nsite_timeout = 60\n"
                '[links]\nreuse_within = "0h"\n' + queue)
        for site, served in self.sites.items():
            url = served.url("/")
            text += (f'\n[[sites]]\nid = "{site}"\nname = "{site}镇人民政府"\nurl = "{url}"\nkind = "town"\n'
                     f'  [[sites.columns]]\n  id = "news"\n  name = "{site}要闻"\n  url = "{url}news/"\n  kind = "news"\n')
        return text


@pytest.fixture(scope="module")
def estate() -> Iterator[Estate]:
    with Estate() as served:
        yield served


@pytest.fixture(scope="module")
def in_process(estate: Estate, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The in-process audit of the estate, as `auditor audit` prints it in each format."""
    folder = tmp_path_factory.mktemp("in-process")
    (folder / "auditor.toml").write_text(estate.config_text(f"sqlite:///{folder / 'audit.db'}"), encoding="utf-8")
    return _printed(api.audit(*api.load(folder / "auditor.toml"), as_of=AS_OF), folder / "auditor.toml")


@dataclass(frozen=True)
class Printed:
    json: dict[str, Any]  # as `--format json` prints it, read back
    table: str  # as `--format table` prints it


def _printed(result: AuditResult, config_path: Path) -> Printed:
    """What `auditor audit` prints of `result`, through the functions it prints with."""
    config, rulesets = api.load(config_path)
    with console.capture() as table:
        print_summary(result, config.tz, Names.of(config, rulesets))
    return Printed(json.loads(json.dumps(api.as_json(result, config.tz), ensure_ascii=False)), table.get())


def _same_as_in_process(printed: Printed, expected: Printed) -> None:
    """All printed is the in-process audit's (both runs are the first of their database: run 1)."""
    assert printed.json["violations"] and \
        [v["id"] for v in printed.json["violations"]] == [v["id"] for v in expected.json["violations"]]
    assert printed.json == expected.json
    assert printed.table == expected.table and "检查 #1" in printed.table


# -- brokers, workers, the database --

@pytest.fixture
def pg_url(pg_schemas: Any) -> Iterator[str]:
    url = pg_schemas.new()
    Store.open(url).close()
    yield url
    pg_schemas.drop(url)


@pytest.fixture
def amqp() -> str:
    require_service(port_open(5672), "RabbitMQ not reachable at 127.0.0.1:5672")
    return "amqp://guest@127.0.0.1:5672//"


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path / "redis")
    try:
        server.start()
        yield server
    finally:
        server.stop()


class Workers:
    """`auditor worker` processes, each the leader of its own process group (killed whole)."""

    def __init__(self, config_path: Path, folder: Path) -> None:
        self.config_path = config_path
        self.folder = folder
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self, count: int) -> None:
        env = {**os.environ, PASSWORD_ENV: "guest"}
        for _ in range(count):
            with (self.folder / f"worker-{len(self.processes)}.log").open("wb") as log:
                self.processes.append(subprocess.Popen(
                    [sys.executable, "-m", "auditor.cli", "--config", str(self.config_path), "worker", "--concurrency", "1"],
                    stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True))

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)

    def holding(self, pid: int) -> subprocess.Popen[bytes] | None:
        """The worker whose process group `pid` belongs to (a pool child runs the tasks)."""
        try:
            group = os.getpgid(pid)
        except ProcessLookupError:
            return None
        return next((p for p in self.processes if p.pid == group and p.poll() is None), None)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)

    def logs(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(self.folder.glob("worker-*.log")))


@contextmanager
def queued_estate(
    estate: Estate, tmp_path: Path, storage: str, broker: str, extra: str = "", schedule_table: str = "",
) -> Iterator[tuple[Path, Workers]]:
    name = f"t{uuid.uuid4().hex[:12]}"  # a queue of this test's own: parallel tests never share one
    queue = schedule_table + f'[queue]\nbroker = "{broker}"\nname = "{name}"\n' + extra
    if broker.startswith("amqp"):
        queue += f'password_env = "{PASSWORD_ENV}"\n'
    path = tmp_path / "auditor.toml"
    path.write_text(estate.config_text(storage, queue), encoding="utf-8")
    workers = Workers(path, tmp_path)
    try:
        yield path, workers
    finally:
        workers.stop()
        if broker.startswith("amqp"):
            delete_queue(api.load(path)[0], name)


async def _run_queued(config_path: Path, during: Any = None) -> AuditResult:
    """The queued audit as `auditor audit` runs it, and `during` beside it while it waits."""
    config, rulesets = api.load(config_path)
    with Store.open(api.storage_url(config)) as store:
        work = audit_on_queue(config, rulesets, store, as_of=api.parse_as_of(AS_OF, config.tz), kind=RunKind.FULL)
        if during is None:
            return await asyncio.wait_for(work, RUN_SECONDS)
        result, _ = await asyncio.wait_for(asyncio.gather(work, during(store)), RUN_SECONDS)
        return result


def _row_counts(url: str, run_id: int) -> dict[str, Any]:
    """Per table, the run's rows and its distinct keys: equal when nothing was written twice."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            def one(sql: str) -> int:
                return int(conn.execute(sa.text(sql), {"run": run_id}).scalar_one())
            return {
                "pages": (one("SELECT count(*) FROM pages WHERE run_id = :run"),
                          one("SELECT count(DISTINCT url) FROM pages WHERE run_id = :run")),
                "judgements": one("SELECT count(*) FROM site_judgements WHERE run_id = :run"),
                "verdicts": (one("SELECT count(*) FROM link_results WHERE run_id = :run"),
                             one("SELECT count(DISTINCT url) FROM link_results WHERE run_id = :run")),
                "sightings": (one("SELECT count(*) FROM violation_sightings WHERE run_id = :run"),
                              one("SELECT count(DISTINCT violation_id) FROM violation_sightings WHERE run_id = :run")),
                "locks": one("SELECT count(*) FROM site_locks"),
            }
    finally:
        engine.dispose()


# -- the tests --

def test_a_run_split_over_two_workers_prints_what_the_in_process_audit_prints(
    estate: Estate, in_process: Printed, tmp_path: Path, pg_url: str, amqp: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "guest")
    asked_before = estate.outside_asks()
    with queued_estate(estate, tmp_path, pg_url, amqp) as (config_path, workers):
        workers.start(2)
        audit = subprocess.run(  # `auditor audit` begins the run, enqueues, waits and prints
            [sys.executable, "-m", "auditor.cli", "--config", str(config_path), "audit", "--as-of", AS_OF,
             "--format", "json"], capture_output=True, text=True, timeout=RUN_SECONDS, env=os.environ)
        assert audit.returncode == 0, audit.stderr + workers.logs()
        printed = json.loads(audit.stdout)
        config, rulesets = api.load(config_path)
        with Store.open(pg_url) as store:  # the table, from the run read back as the command reads it
            result = stored_result(store, scope_of(config, rulesets, RunKind.FULL, None), printed["run"]["id"])
        assert printed == _printed(result, config_path).json
        _same_as_in_process(_printed(result, config_path), in_process)
        counts = _row_counts(pg_url, result.run.id)
        assert counts["judgements"] == 4 and counts["locks"] == 0
        assert counts["pages"][0] == counts["pages"][1] == result.run.pages
        # both workers took sites, and none had to retry (two settling their links at once included)
        logs = [path.read_text(errors="replace") for path in sorted(tmp_path.glob("worker-*.log"))]
        assert [log.count("task.judged") > 0 for log in logs] == [True, True], workers.logs()
        assert sum(log.count("task.judged") for log in logs) == 4 and not any("task.retry" in log for log in logs)
        # the four sites' tasks shared their verdicts: each outside target was asked once in the run
        assert estate.outside_asks() - asked_before == Counter(dict.fromkeys(OUTSIDE_TARGETS, 1))


def test_a_worker_killed_mid_site_has_its_task_redelivered_and_nothing_is_lost_or_doubled(
    estate: Estate, in_process: Printed, tmp_path: Path, pg_url: str, amqp: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "guest")
    slow_before = estate.slow_requests()
    killed: list[int] = []

    async def kill_the_one_auditing_d(store: Store) -> None:
        deadline = time.monotonic() + RUN_SECONDS
        while not killed:  # d's lock held by a worker's pool child for a second of its 3-second crawl
            assert time.monotonic() < deadline
            lock = next((lock for lock in await asyncio.to_thread(store.locks) if lock.site_id == "d"), None)
            if lock is not None and not lock.holder.startswith("queue"):
                await asyncio.sleep(1)
                worker = workers.holding(int(lock.holder.rpartition(":")[2]))
                if worker is not None:
                    workers.kill(worker)
                    killed.append(worker.pid)
                    assert "d" not in await asyncio.to_thread(store.judged_sites, lock.run_id)  # killed mid-site
            await asyncio.sleep(0.05)

    with queued_estate(estate, tmp_path, pg_url, amqp) as (config_path, workers):
        workers.start(2)
        try:
            result = asyncio.run(_run_queued(config_path, kill_the_one_auditing_d))
        except BaseException:
            print(workers.logs())
            raise
        assert killed and len([p for p in workers.processes if p.poll() is None]) == 1
        # d's crawl ran again on the other worker, to its end this time
        assert estate.slow_requests() > slow_before
        _same_as_in_process(_printed(result, config_path), in_process)
        counts = _row_counts(pg_url, result.run.id)
        assert counts["judgements"] == 4 and counts["locks"] == 0
        assert counts["pages"][0] == counts["pages"][1] == result.run.pages
        assert counts["verdicts"][0] == counts["verdicts"][1]
        assert counts["sightings"][0] == counts["sightings"][1] == len(in_process.json["violations"]) > 0


def test_a_broker_restarted_mid_run_loses_nothing(
    estate: Estate, in_process: Printed, tmp_path: Path, pg_url: str, redis_server: RedisServer,
) -> None:
    restarted: list[bool] = []

    async def restart_the_broker(store: Store) -> None:
        deadline = time.monotonic() + RUN_SECONDS
        while not restarted:  # a's lock held by the worker, its slow crawl under way, b-d still queued
            assert time.monotonic() < deadline
            lock = next((lock for lock in await asyncio.to_thread(store.locks) if lock.site_id == "a"), None)
            if lock is not None and not lock.holder.startswith("queue"):
                await asyncio.sleep(0.3)
                assert not await asyncio.to_thread(store.judged_sites, lock.run_id)
                await asyncio.to_thread(redis_server.stop)
                await asyncio.sleep(1)
                await asyncio.to_thread(redis_server.start)
                restarted.append(True)
            await asyncio.sleep(0.05)

    extra = "visibility_timeout = 90\n"  # longer than [crawl] site_timeout (60 s here)
    with queued_estate(estate, tmp_path, pg_url, redis_server.url, extra) as (config_path, workers):
        workers.start(1)
        try:
            result = asyncio.run(_run_queued(config_path, restart_the_broker))
        except BaseException:
            print(workers.logs())
            raise
        assert restarted
        _same_as_in_process(_printed(result, config_path), in_process)
        counts = _row_counts(pg_url, result.run.id)
        assert counts["judgements"] == 4 and counts["locks"] == 0
        assert counts["pages"][0] == counts["pages"][1] == result.run.pages


def test_a_redelivered_task_after_the_finish_does_nothing(
    estate: Estate, tmp_path: Path, pg_url: str,
) -> None:
    """The site task run in this process: a task delivered again once the run is complete finds no
    lock and changes nothing."""
    from auditor.queue.tasks import run_site_task

    (tmp_path / "auditor.toml").write_text(
        estate.config_text(pg_url, '[queue]\nbroker = "redis://127.0.0.1:1/0"\n'), encoding="utf-8")
    config, rulesets = api.load(tmp_path / "auditor.toml")
    with Store.open(pg_url) as store:
        store.sync_sites(config)
        run_id = store.begin_run(api.parse_as_of(AS_OF, config.tz), ["a", "b", "c", "d"], RunKind.FULL, queued=True)
        said = [run_site_task(config, rulesets, store, run_id, site) for site in "abcd"]
        assert said == ["judged", "judged", "judged", "finished"]
        before = _row_counts(pg_url, run_id)
        assert run_site_task(config, rulesets, store, run_id, "b") == "ended"
        assert _row_counts(pg_url, run_id) == before


def test_a_worker_killed_while_it_asks_a_target_it_claimed_does_not_leave_it_unchecked(
    estate: Estate, in_process: Printed, tmp_path: Path, pg_url: str, amqp: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sites b and c also link an outside page that takes 4 s. The task that claims it is SIGKILLed
    while it asks; the other task needing it takes the dead task's claim over and asks it itself,
    the killed task is redelivered, and the run gives the in-process violations."""
    monkeypatch.setenv(PASSWORD_ENV, "guest")
    assert estate.outside is not None
    slow_target = "/slow/4"
    asked_before = estate.outside.log.paths().count(slow_target)
    killed: list[int] = []

    async def kill_the_claimer(store: Store) -> None:
        deadline = time.monotonic() + RUN_SECONDS
        while not killed:
            assert time.monotonic() < deadline
            with store.engine.connect() as conn:
                claim = conn.execute(sa.text("SELECT token FROM link_claims WHERE url LIKE :url"),
                                     {"url": f"%{slow_target}"}).first()
            lock = next((lock for lock in await asyncio.to_thread(store.locks) if claim and lock.token == claim.token),
                        None)
            if lock is not None:
                await asyncio.sleep(0.5)  # its request under way
                worker = workers.holding(int(lock.holder.rpartition(":")[2]))
                assert worker is not None
                workers.kill(worker)
                killed.append(worker.pid)
            await asyncio.sleep(0.05)

    with estate.linking("bc", estate.outside.url(slow_target)), \
            queued_estate(estate, tmp_path, pg_url, amqp) as (config_path, workers):
        workers.start(2)
        try:
            result = asyncio.run(_run_queued(config_path, kill_the_claimer))
        except BaseException:
            print(workers.logs())
            raise
    assert killed
    # asked by the killed task, then by the task that took its claim over
    assert estate.outside.log.paths().count(slow_target) - asked_before >= 2
    assert _printed(result, config_path).json["violations"] == in_process.json["violations"]
    counts = _row_counts(pg_url, result.run.id)
    assert counts["judgements"] == 4 and counts["locks"] == 0 and counts["verdicts"][0] == counts["verdicts"][1]
    engine = sa.create_engine(pg_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(sa.text("SELECT outcome FROM link_results WHERE run_id = :run AND url LIKE :url"),
                                {"run": result.run.id, "url": f"%{slow_target}"}).scalar_one() == "ok"
    finally:
        engine.dispose()


def test_a_stale_link_claim_does_not_leave_its_target_unchecked(
    estate: Estate, in_process: Printed, tmp_path: Path, pg_url: str,
) -> None:
    """Site tasks run in this process: two outside targets were claimed by a task whose process no
    longer holds its site (it died, its site went back to the queue); the first task to need them
    takes the claims over, asks them once, and the run gives the in-process violations."""
    from auditor.queue.tasks import run_site_task

    (tmp_path / "auditor.toml").write_text(
        estate.config_text(pg_url, '[queue]\nbroker = "redis://127.0.0.1:1/0"\n'), encoding="utf-8")
    config, rulesets = api.load(tmp_path / "auditor.toml")
    asked_before = estate.outside_asks()
    with Store.open(pg_url) as store:
        store.sync_sites(config)
        run_id = store.begin_run(api.parse_as_of(AS_OF, config.tz), ["a", "b", "c", "d"], RunKind.FULL, queued=True)
        with store.engine.begin() as conn:  # claimed by site b's task of a worker gone since
            conn.execute(sa.text("INSERT INTO link_claims (run_id, url, site_id, token, claimed_at) "
                                 "VALUES (:run, :url, 'b', 'a-dead-workers-token', now())"),
                         [{"run": run_id, "url": estate.outside.url(path)} for path in OUTSIDE_TARGETS[:2]]
                         if estate.outside else [])
        assert [run_site_task(config, rulesets, store, run_id, site) for site in "abcd"][-1] == "finished"
        result = stored_result(store, scope_of(config, rulesets, RunKind.FULL, None), run_id)
    assert estate.outside_asks() - asked_before == Counter(dict.fromkeys(OUTSIDE_TARGETS, 1))
    assert _printed(result, tmp_path / "auditor.toml").json["violations"] == in_process.json["violations"]
    assert _row_counts(pg_url, run_id)["verdicts"][0] == _row_counts(pg_url, run_id)["verdicts"][1] > 0


class _Daemon:
    """What a scheduled job sees of the daemon (service.jobs.JobHost), recording the follow-ups."""

    def __init__(self, config_path: Path, store: Store) -> None:
        from auditor.alerts.notifier import Notifier

        self.config, self.rulesets = api.load(config_path)
        self.store = store
        self.alerts = Notifier(self.config, store, self.rulesets)
        self.published: list[tuple[int, str]] = []

    def now(self) -> datetime:
        return api.parse_as_of(AS_OF, self.config.tz)

    async def track(self, work: Any) -> None:
        await work

    def send_bulletins(self, run_id: int) -> str:
        raise AssertionError("no [mail]: no bulletins")

    def publish_reports(self, run_id: int) -> str:
        run = self.store.run(run_id)
        self.published.append((run_id, run.status if run else "none"))
        return "reports written"


def test_the_daemons_full_audit_goes_to_the_workers_and_its_reports_follow_the_run(
    estate: Estate, in_process: Printed, tmp_path: Path, pg_url: str, amqp: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from auditor.service import jobs

    monkeypatch.setenv(PASSWORD_ENV, "guest")
    schedule = '[schedule]\npublish_dir = "reports"\nbulletin = false\n'
    with queued_estate(estate, tmp_path, pg_url, amqp, schedule_table=schedule) as (config_path, workers):
        workers.start(1)
        with Store.open(pg_url) as store:
            daemon = _Daemon(config_path, store)
            try:
                summary = asyncio.run(asyncio.wait_for(jobs.full_audit(daemon), RUN_SECONDS))
            except BaseException:
                print(workers.logs())
                raise
            assert daemon.published == [(1, "complete")]  # after the workers completed the run
            assert summary.startswith("run 1: ") and summary.endswith("reports written")
            result = stored_result(store, scope_of(daemon.config, daemon.rulesets, RunKind.FULL, None), 1)
        assert _printed(result, config_path).json["violations"] == in_process.json["violations"]


def test_a_queued_run_with_no_site_in_scope_completes_without_a_worker(tmp_path: Path) -> None:
    """A cadence check of sites with no column has nothing to enqueue: it completes at once,
    as in process (the broker here is a closed port: it is never asked)."""
    (tmp_path / "auditor.toml").write_text(
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///queued.db"\n'
        '[queue]\nbroker = "redis://127.0.0.1:1/0"\n'
        '[[sites]]\nid = "a"\nname = "a镇"\nurl = "http://127.0.0.181/"\nkind = "town"\n',  # no column
        encoding="utf-8")
    config, rulesets = api.load(tmp_path / "auditor.toml")
    with Store.open(api.storage_url(config)) as store:
        result = asyncio.run(asyncio.wait_for(audit_on_queue(
            config, rulesets, store, as_of=api.parse_as_of(AS_OF, config.tz), kind=RunKind.CADENCE), 10))
        assert (result.run.status, result.run.sites, result.violations) == ("complete", 0, [])
        assert store.locks() == []


def test_ctrl_c_while_waiting_leaves_the_run_to_the_workers_and_says_so_without_an_error(
    estate: Estate, tmp_path: Path, pg_url: str, amqp: str, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(PASSWORD_ENV, "guest")
    with queued_estate(estate, tmp_path, pg_url, amqp) as (config_path, _):  # no worker: it waits
        audit = subprocess.Popen(
            [sys.executable, "-m", "auditor.cli", "--config", str(config_path), "audit", "--as-of", AS_OF,
             "--format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ)
        with Store.open(pg_url) as store:
            deadline = time.monotonic() + RUN_SECONDS
            while not store.runs(1) and audit.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
            assert audit.poll() is None and store.runs(1), audit.communicate()[1]
            time.sleep(1.0)  # begun; enqueued just after: now it waits for workers that never come
            audit.send_signal(signal.SIGINT)
            _, stderr = audit.communicate(timeout=30)
            run = store.runs(1)[0]
        assert audit.returncode == 130, stderr
        assert f"运行 #{run.id} 仍由 worker 继续完成" in stderr and "错误" not in stderr
        assert run.status == "running"  # the workers will complete it
