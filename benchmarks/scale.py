"""Audit the demo estate at growing scales: memory must stay flat and time grow linearly in pages.

    .venv/bin/python benchmarks/scale.py                        # scales 1, 5, 10, 20 (scale 20: about 50,000 pages)
    .venv/bin/python benchmarks/scale.py --scales 1 5 --repeat 2

Each scale is one `benchmarks/estate.py` run (the estate server in one process, `auditor audit`
in another, a fresh database). Issue 20's targets: at scale 20, peak RSS within 300 MB and the
time per page within 15% of scale 1's.

The CPU time per page of the audit process is the steadier figure: the estate server runs on the
same two cores and takes CPU of its own (printed beside it), and other work on the machine moves
the wall time more than the audit's own CPU time. Scale 1's time per page also carries the run's
fixed costs (imports, a dead home page retried for 5 s), so the ratios to it flatter the larger
scales; the CPU per added page from one scale to the next is printed under the table for that.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from estate import EstateAudit, audit_estate  # noqa: E402

PEAK_RSS_LIMIT_MB = 300.0
PER_PAGE_GROWTH_LIMIT = 1.15


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=float, nargs="+", default=[1.0, 5.0, 10.0, 20.0])
    parser.add_argument("--repeat", type=int, default=1, help="audits per scale, each printed")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--delay", type=float, default=0.0, help="per-host delay for the run (the demo config's is 0.02 s)")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    results: list[EstateAudit] = []
    print(header(args.scales[0]))
    print(RULE)
    for scale in args.scales:
        for _ in range(args.repeat):
            results.append(audit_estate(scale, as_of, args.delay))
            print(row(results[-1], results[0]), flush=True)
    print()
    print(marginal(results))
    print(verdict(results))


RULE = "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"


def header(first_scale: float) -> str:
    return ("| scale | pages | link targets | wall s | CPU s | server CPU s | ms/page wall | ms/page CPU "
            f"| peak RSS MB | wall/page ÷ scale {first_scale:g} | CPU/page ÷ scale {first_scale:g} |")


def row(result: EstateAudit, first: EstateAudit) -> str:
    """One table line; the ratios are against the first audit (the smallest scale)."""
    return (f"| {result.scale:g} | {result.pages:,} | {result.links:,} | {result.wall:.1f} | {result.cpu:.1f} "
            f"| {result.server_cpu:.1f} | {_ms(result.wall, result):.2f} | {_ms(result.cpu, result):.2f} "
            f"| {result.peak_rss_mb:.0f} | {_ratio(result.wall, first.wall, result, first):.2f} "
            f"| {_ratio(result.cpu, first.cpu, result, first):.2f} |")


def verdict(results: list[EstateAudit]) -> str:
    """Issue 20's two targets, judged on the largest scale against the smallest."""
    first, largest = results[0], max(results, key=lambda r: r.scale)
    at_largest = [r for r in results if r.scale == largest.scale]
    peak = max(r.peak_rss_mb for r in at_largest)
    growth = max(_ratio(r.cpu, first.cpu, r, first) for r in at_largest)
    memory = "within" if peak <= PEAK_RSS_LIMIT_MB else "OVER"
    linear = "within" if growth <= PER_PAGE_GROWTH_LIMIT else "OVER"
    return (f"scale {largest.scale:g}: peak RSS {peak:.0f} MB, {memory} {PEAK_RSS_LIMIT_MB:.0f} MB; "
            f"CPU per page {growth:.2f}x scale {first.scale:g}'s, {linear} {PER_PAGE_GROWTH_LIMIT:.2f}x")


def marginal(results: list[EstateAudit]) -> str:
    """CPU per page added from one scale to the next: free of the fixed costs (start-up, a dead
    home page retried) that make the smallest scale's time per page look dearer than it is."""
    first_of_scale: dict[float, EstateAudit] = {}
    for result in results:
        first_of_scale.setdefault(result.scale, result)
    runs = list(first_of_scale.values())
    steps = [f"{a.scale:g}→{b.scale:g} {1000 * (b.cpu - a.cpu) / max(b.pages - a.pages, 1):.2f} ms"
             for a, b in zip(runs, runs[1:], strict=False)]
    return "CPU per added page: " + ", ".join(steps) if steps else ""


def _ms(seconds: float, result: EstateAudit) -> float:
    return 1000 * seconds / max(result.pages, 1)


def _ratio(seconds: float, first_seconds: float, result: EstateAudit, first: EstateAudit) -> float:
    return _ms(seconds, result) / max(_ms(first_seconds, first), 1e-9)


if __name__ == "__main__":
    main()
