"""Audit the demo estate through the queue with 1, 2 and 4 `auditor worker` processes (issue 21).

    .venv/bin/python benchmarks/workers.py                    # scale 5, workers 1 2 4, and the in-process audit
    .venv/bin/python benchmarks/workers.py --scale 2 --workers 1 2 --no-in-process

Politeness off (no per-host delay), as benchmarks/estate.py. For each worker count: a scratch
PostgreSQL database of its own (created, migrated before the clock, dropped after), a queue of
its own on RabbitMQ, N `auditor worker --concurrency 1` processes (`--concurrency` to change it) started and
ready before the clock, then `auditor audit` with [queue], timed from its start to its exit (begin,
enqueue, the workers' site stages, the finish, the run read back and printed).

Measured per worker count: wall time, sites a minute, pages a second; the workers' CPU during the
run (every process of each worker's group, read from /proc before and after: the pool child that
audits and the Celery main process); each worker's peak RSS (VmHWM of its pool child, and of the
whole worker, main process included); the speed-up over one worker and per core used (this
machine has os.cpu_count() cores; the estate server and PostgreSQL share them); and what the
estate's outside hosts answered (its request log): requests for link targets per distinct
target, soft-404 probes (a random path per origin, links/missing.py) and robots.txt apart.
The in-process audit (no [queue], the same PostgreSQL) is the reference for those figures.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor import api  # noqa: E402
from auditor.demo import serve_estate  # noqa: E402
from auditor.demo.handle import EstateHandle  # noqa: E402
from auditor.demo.model import OUTSIDE_HOSTS  # noqa: E402
from auditor.queue.app import delete_queue  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PASSWORD_ENV = "AUDITOR_BENCH_BROKER_PASSWORD"
READY_SECONDS = 60
RUN_SECONDS = 900
PROBE = re.compile(r"/auditor-[0-9a-f]+-missing\.html")  # links/missing.py's random path


@dataclass(frozen=True)
class Measured:
    workers: int  # 0: the in-process audit
    sites: int
    pages: int
    links: int
    wall: float
    worker_cpu: float  # seconds, every worker process during the run (0 in process)
    audit_cpu: float  # seconds, the `auditor audit` process (in process: the whole audit)
    server_cpu: float  # seconds, the estate server during the run
    child_rss_mb: float  # the largest pool child's peak RSS (in process: the audit's)
    worker_rss_mb: float  # the largest whole worker's peak RSS, main process and pool child
    outside: Outside


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=5.0)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--concurrency", type=int, default=1, help="site tasks each worker runs at once (its pool's processes)")
    parser.add_argument("--no-in-process", action="store_true", help="skip the in-process reference audit")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--broker", default="amqp://guest@127.0.0.1:5672//", help="password from $" + PASSWORD_ENV + " (default guest)")
    parser.add_argument("--pg", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres",
                        help="a PostgreSQL server where scratch databases may be created and dropped")
    args = parser.parse_args()
    os.environ.setdefault(PASSWORD_ENV, "guest")  # this process deletes the run's queue on the broker too
    as_of = date.fromisoformat(args.as_of)
    results: list[Measured] = []
    print(HEADER)
    print(RULE)
    with serve_estate(as_of, args.scale) as estate, tempfile.TemporaryDirectory() as tmp:
        counts = ([] if args.no_in_process else [0]) + args.workers
        for count in counts:
            results.append(measure(estate, count, args, Path(tmp)))
            print(row(results[-1], results), flush=True)


def measure(estate: EstateHandle, count: int, args: argparse.Namespace, folder: Path) -> Measured:
    queue = f"bench{uuid.uuid4().hex[:10]}"
    with scratch_database(args.pg) as url:
        extra = "" if count == 0 else (f'[queue]\nbroker = "{args.broker}"\nname = "{queue}"\n'
                                       f'password_env = "{PASSWORD_ENV}"\n')
        text = estate.config_toml(storage_url=url, extra=extra).replace("per_host_delay = 0.02", "per_host_delay = 0")
        config = folder / f"auditor-{count}.toml"
        config.write_text(text, encoding="utf-8")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        subprocess.run([sys.executable, "-m", "auditor.cli", "db", "upgrade", "--config", str(config)],
                       check=True, env=env, capture_output=True)
        workers = start_workers(config, count, args.concurrency, env, folder)
        try:
            wait_ready(folder, count)
            estate.reset()
            before = [group_cpu(w.pid) for w in workers]
            server_before = process_cpu(estate.pid)
            started = time.perf_counter()
            with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
                audit = subprocess.Popen(
                    [sys.executable, "-m", "auditor.cli", "audit", "--config", str(config),
                     "--as-of", f"{args.as_of}T09:00:00", "--format", "json"], stdout=out, stderr=err, env=env)
                # wait4: this child's own CPU and peak RSS (not every child reaped so far)
                _, status, usage = os.wait4(audit.pid, 0)
                wall = time.perf_counter() - started
                audit.returncode = os.waitstatus_to_exitcode(status)
                out.seek(0)
                err.seek(0)
                stdout, stderr = out.read(), err.read()
            server_cpu = process_cpu(estate.pid) - server_before
            worker_cpu = sum(group_cpu(w.pid) - b for w, b in zip(workers, before, strict=True))
            peaks = [group_peaks(w.pid) for w in workers]
        finally:
            stop_workers(workers)
            if count:
                delete_queue(api.load(config)[0], queue)
    if audit.returncode not in (0, 1):
        sys.exit(f"audit with {count} workers failed ({audit.returncode}):\n{stderr.decode(errors='replace')[-3000:]}")
    run = json.loads(stdout)["run"]
    return Measured(
        workers=count, sites=run["sites"], pages=run["pages"], links=run["links"], wall=wall,
        worker_cpu=worker_cpu, audit_cpu=usage.ru_utime + usage.ru_stime, server_cpu=server_cpu,
        child_rss_mb=max((p[0] for p in peaks), default=usage.ru_maxrss / 1024), worker_rss_mb=max((p[1] for p in peaks), default=0.0),
        outside=outside_counts(estate),
    )


@contextmanager
def scratch_database(server_url: str) -> Iterator[str]:
    """A database of this run's own on the server, dropped afterwards whatever happens."""
    name = f"auditor_bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield sa.make_url(server_url).set(database=name).render_as_string(hide_password=False)
        finally:
            with engine.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        engine.dispose()


def start_workers(config: Path, count: int, concurrency: int, env: dict[str, str], folder: Path) -> list[subprocess.Popen[bytes]]:
    workers = []
    for number in range(count):
        with (folder / f"worker-{count}-{number}.log").open("wb") as log:
            workers.append(subprocess.Popen(
                [sys.executable, "-m", "auditor.cli", "--config", str(config), "worker", "--concurrency", str(concurrency)],
                stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True))
    return workers


def wait_ready(folder: Path, count: int) -> None:
    """Every worker has logged Celery's `ready.` (connected, its pool started), so the clock times
    no start-up. (The app has remote control off, so a ping would get no answer.)"""
    deadline = time.monotonic() + READY_SECONDS
    logs = [folder / f"worker-{count}-{number}.log" for number in range(count)]
    while not all('ready."' in log.read_text(errors="replace") for log in logs):
        if time.monotonic() > deadline:
            sys.exit(f"{count} workers were not all ready within {READY_SECONDS} s")
        time.sleep(0.1)


def stop_workers(workers: list[subprocess.Popen[bytes]]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(10)


@dataclass(frozen=True)
class Outside:
    """What the estate's outside hosts answered during a run."""

    requests: int  # for link targets (robots.txt and soft-404 probes apart)
    targets: int  # distinct link targets asked
    probes: int  # soft-404 probes: a random path, one per origin per ledger (per site task when queued)
    robots: int  # robots.txt, one per host per Fetcher


def outside_counts(estate: EstateHandle) -> Outside:
    outside = [entry for entry in estate.request_log() if entry["host"] in OUTSIDE_HOSTS]
    probes = [e for e in outside if PROBE.fullmatch(str(e["path"]))]
    robots = [e for e in outside if e["path"] == "/robots.txt"]
    targets = [e for e in outside if e not in probes and e not in robots]
    return Outside(requests=len(targets), targets=len({(e["host"], e["path"]) for e in targets}),
                   probes=len(probes), robots=len(robots))


def group_pids(leader: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == leader:
                    pids.append(int(entry.name))
            except ProcessLookupError:
                continue
    return pids


def group_cpu(leader: int) -> float:
    return sum(process_cpu(pid) for pid in group_pids(leader))


def group_peaks(leader: int) -> tuple[float, float]:
    """(the largest pool child's peak RSS, the whole worker's: every process's peak summed), MB."""
    peaks = {pid: peak_rss_mb(pid) for pid in group_pids(leader)}
    children = [mb for pid, mb in peaks.items() if pid != leader]
    return max(children, default=0.0), sum(peaks.values())


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def process_cpu(pid: int) -> float:
    """User + system seconds of a running process (Linux /proc; 0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


HEADER = ("| workers | sites | pages | wall s | sites/min | pages/s | workers' CPU s | audit CPU s | server CPU s "
          "| peak RSS MB (child / worker) | × 1 worker | × per core used | outside: requests / targets "
          "| outside: soft-404 probes | outside: robots.txt |")
RULE = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"


def row(result: Measured, results: list[Measured]) -> str:
    cores = os.cpu_count() or 1
    one = next((r for r in results if r.workers == 1), None)
    speed = result.pages / result.wall
    if result.workers and one is not None:
        ratio = speed / (one.pages / one.wall)
        speedup, per_core = f"{ratio:.2f}", f"{ratio / min(result.workers, cores):.2f}"
    else:
        speedup = per_core = "—"
    label = "in process" if result.workers == 0 else str(result.workers)
    out = result.outside
    per_target = out.requests / max(out.targets, 1)
    rss = (f"{result.child_rss_mb:.0f} / {result.worker_rss_mb:.0f}" if result.workers else "—")
    return (f"| {label} | {result.sites} | {result.pages:,} | {result.wall:.1f} | {60 * result.sites / result.wall:.1f} "
            f"| {speed:.0f} | {result.worker_cpu:.1f} | {result.audit_cpu:.1f} | {result.server_cpu:.1f} | {rss} "
            f"| {speedup} | {per_core} | {out.requests} / {out.targets} = {per_target:.2f} | {out.probes} | {out.robots} |")


if __name__ == "__main__":
    main()
