"""Each hostile case audited once, in a fresh process, beside a normal site: outcome, time, memory.

    .venv/bin/python benchmarks/hostile.py                       # every case, default caps (about 5 minutes)
    .venv/bin/python benchmarks/hostile.py --case slowloris --case gzip-bomb-nested
    .venv/bin/python benchmarks/hostile.py --estate-scale 10     # also measure memory at scale (about 40 s more)

The servers (`tests/hostile/server.py`, and the normal site of `tests/hostile/normal.py`)
run in this process, in a thread. Each case is a child process running one `run_audit`
of two sites: `hostile`, whose home page links that case alone, and `normal`, a town
site with a stale column and a dead link. The config keeps every default cap; it only
adds `exclude_hosts = ["*.invalid"]`, so the IDN links need no DNS. The child's peak RSS
comes from the kernel (`os.wait4`), so it is that process's alone, interpreter included
(the "no hostile input" row is the baseline); the time is the audit's wall time.
Prints the Markdown tables of the hardening notes: the cases, and the resource bounds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import AsyncExitStack
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trustme  # noqa: E402

from tests.hostile import pages as hostile_pages  # noqa: E402
from tests.hostile.normal import NORMAL_PAGES, expected_violations, site_toml  # noqa: E402
from tests.hostile.server import CASES, serve_hostile  # noqa: E402
from tests.httpserver import make_app, serve  # noqa: E402

CHILD_HANG_GUARD = 900  # seconds; a child still running then is killed and reported so
PRIVATE, LATE = "/private/secret.html", f"{hostile_pages.LATE_RULE}page.html"


@dataclass(frozen=True)
class Row:
    name: str
    what: str
    server: str  # which server the hostile site is: main, robots-error, robots-huge, robots-slow
    probes: tuple[str, ...]  # paths (on that server) or full URLs whose recorded outcome is shown
    crawl: str = ""  # [crawl] lines added for this row (said in its table row)


def rows(origins: dict[str, str]) -> list[Row]:
    extra = [
        Row("tls", "TLS, self-signed certificate (trustme CA, not trusted)", "main", (origins["tls"] + "/",)),
        Row("private-address", "link to `localhost` (→ 127.0.0.1), private addresses not allowed", "main",
            (f"http://localhost:{origins['main'].rsplit(':', 1)[1]}/",)),
        Row("robots-500", "robots.txt answers 500", "robots-error", (PRIVATE,)),
        Row("robots-5mb", "robots.txt of 5 MB (a rule at its start, another at its end)", "robots-huge", (PRIVATE, LATE)),
        Row("robots-slow", "robots.txt trickles a byte a second", "robots-slow", (PRIVATE,)),
    ]
    cases = [Row(name, case.what, "main", (case.path,)) for name, case in CASES.items() if name != "link-farm"]
    farm = CASES["link-farm"]
    # with the defaults the farm costs 5,000 pages and up to 50,000 targets at 0.5 s a request on one host
    cases.append(Row("link-farm", farm.what + " (this row: `max_pages_per_site = 50`, `per_host_delay = 0`)", "main",
                     (farm.path,), crawl="max_pages_per_site = 50\nper_host_delay = 0\n"))
    return [Row("none", "no hostile input (baseline: the hostile site is one empty page)", "main", ())] + cases + extra


# --- the servers, in a thread -------------------------------------------------------------

def start_servers() -> tuple[dict[str, str], threading.Event]:
    ready: queue.Queue[dict[str, str]] = queue.Queue()
    stop = threading.Event()
    thread = threading.Thread(target=lambda: asyncio.run(_serve(ready, stop)), daemon=True)
    thread.start()
    return ready.get(timeout=60), stop


async def _serve(ready: queue.Queue[dict[str, str]], stop: threading.Event) -> None:
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    async with AsyncExitStack() as stack:
        main = await stack.enter_async_context(serve_hostile("127.0.0.1"))
        secure = await stack.enter_async_context(serve_hostile("127.0.0.1", ssl_context=tls, home_paths=[]))
        robots = {mode: await stack.enter_async_context(serve_hostile(host, robots=mode))
                  for mode, host in (("error", "127.0.0.82"), ("huge", "127.0.0.83"), ("slow", "127.0.0.85"))}
        normal = await stack.enter_async_context(serve(make_app(NORMAL_PAGES), "127.0.0.84"))
        main.named_links.update({"tls": [secure.url("/")], "private-address": [f"http://localhost:{main.port}/"], "none": []})
        for server in robots.values():
            server.named_links.update({"robots-500": [PRIVATE], "robots-5mb": [PRIVATE, LATE], "robots-slow": [PRIVATE]})
        ready.put({"main": main.origin, "tls": secure.origin, "normal": normal.url("").rstrip("/"),
                   **{f"robots-{mode}": server.origin for mode, server in robots.items()}})
        while not stop.is_set():
            await asyncio.sleep(0.2)


# --- one case, in a child process ---------------------------------------------------------

def config_text(hostile_home: str, normal_origin: str, crawl: str = "") -> str:
    return (
        'rulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///audit.db"\n'
        f'[crawl]\nexclude_hosts = ["*.invalid"]\n{crawl}'
        f'\n[[sites]]\nid = "hostile"\nname = "恶意站点"\nurl = "{hostile_home}"\nkind = "town"\n'
        + site_toml(normal_origin)
    )


def child(config_path: str, probes: list[str], normal_origin: str) -> None:
    """Audit once; print what the store recorded for the probes, and whether the normal site came out right."""
    import sqlalchemy as sa

    from auditor import api
    from auditor.audit import run_audit
    from auditor.store.tables import link_results, pages
    from auditor.urls import normalise

    config, rulesets = api.load(Path(config_path))
    with api.open_store(config) as store:
        started = time.perf_counter()
        result = asyncio.run(run_audit(config, rulesets, store, as_of=api.parse_as_of("2026-11-28T09:00", config.tz)))
        seconds = time.perf_counter() - started
        run_id = result.run.id
        with store.engine.connect() as conn:
            crawled = {r.url: (r.outcome, r.error) for r in conn.execute(
                sa.select(pages.c.url, pages.c.outcome, pages.c.error).where(pages.c.run_id == run_id))}
            checked = {r.url: (r.outcome, r.error) for r in conn.execute(
                sa.select(link_results.c.url, link_results.c.outcome, link_results.c.error).where(link_results.c.run_id == run_id))}
    recorded = []
    for probe in probes:
        key = normalise(probe)
        outcome, error = crawled.get(key) or checked.get(key) or ("not recorded", "")
        recorded.append(f"{outcome} `{error}`" if error else outcome)
    found = {(v.check, v.url) for v in result.violations if v.site == "normal"}
    print(json.dumps({
        "recorded": recorded, "seconds": seconds, "status": result.run.status,
        "normal_complete": result.run.status == "complete" and expected_violations(normal_origin) <= found,
        "normal_violations": len(found), "hostile_pages": sum(1 for url in crawled if not url.startswith(normal_origin)),
        "targets": result.run.links,
    }))


def run_child(row: Row, origins: dict[str, str], workdir: Path) -> dict[str, object]:
    origin = origins["main"] if row.server == "main" else origins[row.server]
    folder = workdir / row.name
    folder.mkdir()
    config = folder / "auditor.toml"
    config.write_text(config_text(f"{origin}/only/{row.name}", origins["normal"], row.crawl), encoding="utf-8")
    probes = [probe if "://" in probe else origin + probe for probe in row.probes]
    command = [sys.executable, __file__, "--child", str(config), json.dumps(probes), origins["normal"]]
    out = folder / "out.json"
    started = time.perf_counter()
    with out.open("w") as stdout, (folder / "err.txt").open("w") as stderr:
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr)
        deadline = threading.Timer(CHILD_HANG_GUARD, process.kill)
        deadline.start()
        _, status, usage = os.wait4(process.pid, 0)  # this child's own rusage, not all children's
        deadline.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
    measured = {"wall": time.perf_counter() - started, "rss_mb": usage.ru_maxrss / 1024, "exit": process.returncode}
    try:
        return measured | json.loads(out.read_text())
    except json.JSONDecodeError:
        tail = (folder / "err.txt").read_text()[-400:].replace("\n", " ")
        return measured | {"recorded": [f"no result (exit {process.returncode}): {tail}"], "seconds": measured["wall"],
                           "normal_complete": False}


# --- the tables ---------------------------------------------------------------------------

def cases_table(results: list[tuple[Row, dict[str, object]]]) -> str:
    lines = ["| hostile input | outcome recorded | time | peak memory (RSS) | rest of audit completed |",
             "|---|---|---|---|---|"]
    for row, result in results:
        recorded = "; ".join(f"{probe.split('/', 3)[-1][:24] or '/'}: {what}" if len(row.probes) > 1 else what
                             for probe, what in zip(row.probes, result["recorded"], strict=False)) or "—"
        completed = "yes" if result["normal_complete"] else "**no**"
        lines.append(f"| {row.what} | {recorded} | {result['seconds']:.1f} s | {result['rss_mb']:.0f} MB | {completed} |")
    return "\n".join(lines)


def bounds_table(estate: str) -> str:
    from auditor.config import CrawlConfig
    from auditor.crawl import scope, site
    from auditor.extract.html import MAX_URL_CHARS
    from auditor.extract.links import MAX_LINKS_PER_PAGE
    from auditor.fetch import inflate
    from auditor.fetch.client import MAX_HEADER_FIELD_BYTES
    from auditor.fetch.content import FILE_PREFIX_BYTES
    from auditor.fetch.fetcher import PEEK_BYTES
    from auditor.fetch.robots import MAX_ROBOTS_BYTES, MAX_ROBOTS_REDIRECTS
    from auditor.store.sqltypes import URL_BYTES

    crawl = CrawlConfig()
    rows_ = [
        ("page size", "`[crawl] max_response_bytes`", f"{crawl.max_response_bytes:,} bytes, counted after decompression", "broken `too-large` (status kept)"),
        ("file size (PDF, images, …)", "— (`content.FILE_PREFIX_BYTES`)", f"first {FILE_PREFIX_BYTES // 1024} KB read", "ok: the prefix proves it downloads"),
        ("linked page read by the link check", "— (`fetcher.PEEK_BYTES`)", f"first {PEEK_BYTES // 1024} KB", "judged on what was read"),
        ("decompression", "— (`inflate.STEP`, `MAX_LAYERS`)", f"{inflate.STEP // 1024} KB per step and layer; gzip/deflate only; at most {inflate.MAX_LAYERS} layers", "other codings or more layers: broken `protocol`"),
        ("pages per site", "`max_pages_per_site`", f"{crawl.max_pages_per_site:,}", "no further pages queued"),
        ("link depth", "`max_depth`", f"{crawl.max_depth}", "deeper links checked, not crawled"),
        ("traps", "— (`crawl.scope`)", f"{scope.MAX_QUERY_VARIANTS} query variants per path, URLs ≤ {scope.MAX_URL_LENGTH} chars, ≤ {scope.MAX_PATH_SEGMENTS} segments, a segment < {scope.MAX_SEGMENT_REPEATS}×", "checked as a link, not crawled"),
        ("list pages per column", "`max_column_pages`", f"{crawl.max_column_pages:,}; a list page adding no new item ends the column", "older pages not read; the column is marked in the run's coverage"),
        ("redirects", "`max_redirects`", f"{crawl.max_redirects} (robots.txt: {MAX_ROBOTS_REDIRECTS}); loops detected", "broken `too-many-redirects` / `redirect-loop`"),
        ("time per request", "`timeout`, `retries`", f"{crawl.timeout:g} s wall deadline per attempt (headers and body), {crawl.retries} retries", "`timeout`"),
        ("server-asked waits", "`max_retry_after`", f"{crawl.max_retry_after:g} s", "a longer Retry-After: no retry, the answer stands"),
        ("time per site", "`site_timeout`", f"{crawl.site_timeout:g} s for the site's crawl", "crawl stopped, what was read is kept"),
        ("robots.txt size", "— (`robots.MAX_ROBOTS_BYTES`)", f"first {MAX_ROBOTS_BYTES // 1024} KB", "rest ignored; a 5xx or timeout allows all"),
        ("header size", "— (`client.MAX_HEADER_FIELD_BYTES`; aiohttp)", f"{MAX_HEADER_FIELD_BYTES // 1024} KB per header line, 128 headers, 8,190-byte status line", "broken `protocol`"),
        ("links per page, URL length", "— (`extract.links`, `extract.html`)", f"{MAX_LINKS_PER_PAGE:,} links; URLs over {MAX_URL_CHARS:,} chars dropped; stored URLs cut at {URL_BYTES} bytes", "the rest of the page's links ignored"),
        ("link targets per site", "`max_pages_per_site` × `site.TARGETS_PER_PAGE_BUDGET`", f"{crawl.max_pages_per_site * site.TARGETS_PER_PAGE_BUDGET:,} distinct targets", "further links neither stored nor checked (counted in `SiteCrawl.links_dropped`, logged)"),
        ("memory at scale", "—", estate, ""),
    ]
    lines = ["| bound | config key | default | at the bound |", "|---|---|---|---|"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows_]
    return "\n".join(lines)


def measure_estate(scale: float) -> str:
    script = Path(__file__).with_name("estate.py")
    done = subprocess.run([sys.executable, str(script), "--scale", str(scale)], capture_output=True, text=True, check=True)
    return f"demo estate at scale {scale:g}: " + "; ".join(done.stdout.strip().splitlines()) + f" (`benchmarks/estate.py --scale {scale:g}`)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--case", action="append", help="only these cases (repeatable); default: all")
    parser.add_argument("--estate-scale", type=float, help="also run benchmarks/estate.py at this scale for the memory row")
    parser.add_argument("--child", nargs=3, metavar=("CONFIG", "PROBES", "NORMAL"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        config, probes, normal = args.child
        child(config, json.loads(probes), normal)
        return
    origins, stop = start_servers()
    selected = [row for row in rows(origins) if not args.case or row.name in args.case]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for row in selected:
            result = run_child(row, origins, Path(tmp))
            print(f"{row.name}: {result['recorded']} {result['seconds']:.1f} s {result['rss_mb']:.0f} MB "
                  f"({result.get('hostile_pages')} hostile pages, {result.get('targets')} targets)", file=sys.stderr)
            results.append((row, result))
    stop.set()
    estate = measure_estate(args.estate_scale) if args.estate_scale else "see docs/benchmarks.md, Measured (`benchmarks/estate.py --scale 10`)"
    print(cases_table(results))
    print()
    print(bounds_table(estate))


if __name__ == "__main__":
    main()
