"""Audit the simulated estate at scale and print wall time, pages per second and peak RSS.

    .venv/bin/python benchmarks/estate.py --scale 10      # about 30,000 pages

The estate server runs in its own process and the audit in another (`auditor audit`),
so the figures are the auditor's alone: CPU time and peak RSS are the audit process's
own, read from the kernel when it exits (`wait4`), so runs in one script do not
inherit an earlier child's peak. `audit_estate` is the one run, reused by
`benchmarks/scale.py`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.demo import serve_estate  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class EstateAudit:
    scale: float
    sites: int
    pages: int
    links: int
    wall: float  # seconds, the audit process from start to exit
    cpu: float  # seconds, user + system of the audit process alone
    server_cpu: float  # seconds the estate server spent during the audit (it shares the machine's cores)
    peak_rss_mb: float


def audit_estate(scale: float, as_of: date, delay: float = 0.0) -> EstateAudit:
    """Serve the demo estate at `scale`, audit it with `auditor audit` into a fresh SQLite file, measure."""
    with tempfile.TemporaryDirectory() as tmp, serve_estate(as_of, scale) as estate:
        config = Path(tmp) / "auditor.toml"
        text = estate.config_toml(storage_url="sqlite:///bench.db")
        text = text.replace("per_host_delay = 0.02", f"per_host_delay = {delay}")
        config.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "auditor.cli", "audit", "--config", str(config),
                   "--as-of", f"{as_of.isoformat()}T09:00:00", "--format", "json"]
        server_before = _process_cpu(estate.pid)
        with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
            started = time.perf_counter()
            process = subprocess.Popen(command, stdout=out, stderr=err, cwd=tmp,
                                       env={**os.environ, "PYTHONUNBUFFERED": "1"})
            # wait4, not wait: the rusage of this child alone (RUSAGE_CHILDREN's maxrss is the
            # largest of every child reaped so far, the estate servers of earlier scales included)
            _, status, usage = os.wait4(process.pid, 0)
            wall = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            server_cpu = _process_cpu(estate.pid) - server_before
            out.seek(0)
            err.seek(0)
            stdout, stderr = out.read().decode("utf-8"), err.read().decode("utf-8", errors="replace")
    if process.returncode not in (0, 1):
        sys.exit(f"audit failed ({process.returncode}):\n{stderr[-3000:]}")
    run = json.loads(stdout)["run"]
    return EstateAudit(scale=scale, sites=run["sites"], pages=run["pages"], links=run["links"], wall=wall,
                       cpu=usage.ru_utime + usage.ru_stime, server_cpu=server_cpu, peak_rss_mb=usage.ru_maxrss / 1024)


def _process_cpu(pid: int) -> float:
    """User + system seconds of a running process (Linux /proc; 0 where there is none)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime: fields 14 and 15 of stat(5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--delay", type=float, default=0.0, help="per-host delay for the run (the demo config's is 0.02 s)")
    args = parser.parse_args()
    result = audit_estate(args.scale, date.fromisoformat(args.as_of), args.delay)
    print(f"scale {result.scale}: {result.sites} sites, {result.pages} pages, {result.links} link targets")
    print(f"wall {result.wall:.1f} s, cpu {result.cpu:.1f} s, {result.pages / result.wall:.0f} pages/s, "
          f"peak RSS {result.peak_rss_mb:.0f} MB (estate server cpu {result.server_cpu:.1f} s)")


if __name__ == "__main__":
    main()
