"""Audit the simulated estate at scale and print wall time, pages per second and peak RSS.

    .venv/bin/python benchmarks/estate.py --scale 10      # about 30,000 pages

The estate server runs in its own process and the audit in another (`auditor audit`),
so the figures are the auditor's alone: peak RSS is the audit process's maximum
resident set, read from the kernel after it exits.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.demo import serve_estate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--delay", type=float, default=0.0, help="per-host delay for the run (the demo config's is 0.02 s)")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    with tempfile.TemporaryDirectory() as tmp, serve_estate(as_of, args.scale) as estate:
        config = Path(tmp) / "auditor.toml"
        text = estate.config_toml(storage_url="sqlite:///bench.db")
        text = text.replace("per_host_delay = 0.02", f"per_host_delay = {args.delay}")
        config.write_text(text, encoding="utf-8")
        command = [sys.executable, "-m", "auditor.cli", "audit", "--config", str(config), "--as-of", f"{args.as_of}T09:00:00", "--format", "json"]
        started, cpu_before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        wall = time.perf_counter() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        sys.exit(f"audit failed ({done.returncode}):\n{done.stderr[-3000:]}")
    run = json.loads(done.stdout)["run"]
    cpu = (usage.ru_utime - cpu_before.ru_utime) + (usage.ru_stime - cpu_before.ru_stime)
    print(f"scale {args.scale}: {run['sites']} sites, {run['pages']} pages, {run['links']} link targets")
    print(f"wall {wall:.1f} s, cpu {cpu:.1f} s, {run['pages'] / wall:.0f} pages/s, peak RSS {usage.ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
