"""A list of URLs checked as the audit checks link targets (`auditor links check FILE`).

    bytes ─▶ read_url_list: one URL a line, blank and # lines skipped, duplicates folded,
             lines that are no URL kept apart (never a crash)
          ─▶ check_url_list: the audit's own link stage (`TargetPolicy`, `Fetcher`,
             `Classifier` with its soft-404 probes, `check_targets`), so a target gets the
             verdict an audit would give it
          ─▶ list_document (JSON) or summary_lines (a Chinese summary and the lines not ok)

No database is opened and nothing earlier is reused: the command is for a list pasted by
hand (a 友情链接 column's targets, another tool's list), and it starts without the store,
report or mail modules (its start-up time counts against lychee's in benchmarks/links.py).
The URLs are untrusted like any link found in a page: a private address is refused unless
the config allows one or the host is one of the config's sites (the audit's rule).
"""

from __future__ import annotations

import asyncio
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Any

from ..config import Config, CrawlConfig
from ..fetch import Fetcher
from ..models import LinkResult, Outcome, describe_reason
from ..urls import normalise
from .check import TargetPolicy, check_targets
from .classify import Classifier
from .lexicon import Lexicon, load_lexicon
from .missing import MissingPages

# What a list's reader wants to know of a target, from the audit's outcomes, in this order.
VERDICT_OF = {
    Outcome.OK: "ok", Outcome.REDIRECTED: "ok", Outcome.BROKEN: "broken", Outcome.TIMEOUT: "broken",
    Outcome.WRONG: "wrong", Outcome.UNVERIFIED: "unverified", Outcome.ROBOTS: "unverified",
    Outcome.EXCLUDED: "excluded",
}
VERDICTS = ("ok", "broken", "wrong", "unverified", "excluded")
VERDICT_LABELS = {
    "ok": Outcome.OK.label, "broken": Outcome.BROKEN.label, "wrong": Outcome.WRONG.label,
    "unverified": Outcome.UNVERIFIED.label, "excluded": Outcome.EXCLUDED.label,
}
# `--fail-on V`: the verdicts that fail, V and every more certain one (a broken link is surer than a wrong one)
FAIL_LEVELS = ("broken", "wrong", "unverified")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# left at a line's ends by copying from a web page or by joining files: not part of the URL
INVISIBLE = "\ufeff\u200b\u200c\u200d\u2060"
# requests queued at a host's gate beyond its slots (as crawl.site's SPARE_WORKERS): the gate keeps
# the pace, and while one request waits out a retry's backoff another takes the host's next start
SPARE_PER_HOST = 2
SHOWN_CHARS = 120  # of a bad line, in the report: enough to find it in the file


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that is not a URL, and why, in words for office staff."""

    number: int
    text: str
    reason: str


@dataclass(frozen=True)
class UrlList:
    urls: tuple[str, ...]           # distinct, as requested (`urls.normalise`), in the order first met
    first_line: dict[str, int]      # each URL's first line in the file (1-based)
    bad_lines: tuple[BadLine, ...]
    duplicates: int                 # lines naming a URL met on an earlier line


@dataclass(frozen=True)
class ListSettings:
    """How the list is checked: the config's [crawl] and [links] settings and sites, or the defaults."""

    crawl: CrawlConfig
    policy: TargetPolicy
    lexicon: Lexicon

    @classmethod
    def of(cls, config: Config | None) -> ListSettings:
        if config is None:
            return cls(CrawlConfig(), TargetPolicy(site_of_host={}), load_lexicon())
        return cls(config.crawl, TargetPolicy.from_config(config), load_lexicon(config.lexicon_path()))


def decode_list(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030: a list saved from Excel on a Chinese Windows is GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_url_list(text: str) -> UrlList:
    urls: dict[str, int] = {}
    bad: list[BadLine] = []
    duplicates = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().strip(INVISIBLE).strip()
        if not line or line.startswith("#"):
            continue
        problem = line_problem(line)
        if problem is not None:
            bad.append(BadLine(number, _cut(line), problem))
            continue
        url = normalise(line) if line.lower().startswith(("http://", "https://")) else line
        if url in urls:
            duplicates += 1
        else:
            urls[url] = number
    return UrlList(tuple(urls), urls, tuple(bad), duplicates)


def line_problem(line: str) -> str | None:
    """Why a stripped, non-blank line is no URL; None when it is one (a mailto or a tel too:
    the audit's policy says what becomes of those)."""
    plain = line.isascii() and line.isprintable() and " " not in line  # most lines: no character to look at
    if not plain and any(character.isspace() or unicodedata.category(character) in ("Cc", "Cf") for character in line):
        return "一行只能写一个网址（行内有空格或控制字符）"
    if not SCHEME.match(line):
        hint = f"，应写成 http://{_cut(line, 60)}" if "." in line.split("/", 1)[0] else ""
        return f"不是网址：缺少 http:// 或 https://{hint}"
    scheme = line.split(":", 1)[0].lower()
    if scheme in ("http", "https") and not line[len(scheme) + 1:].startswith("//"):
        return f"网址格式错误：{scheme}: 后应为 //"
    return None


async def check_urls(
    urls: Sequence[str], settings: ListSettings, on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    """Every URL checked once, as the audit's link stage checks a target; results in the list's order."""
    policy = settings.policy
    async with Fetcher(settings.crawl) as fetcher:
        classifier = Classifier(settings.lexicon, policy.audited_hosts, MissingPages(fetcher.fetch, policy.audited_hosts))
        results = await check_targets(urls, fetcher.fetch, policy, classifier.checked,
                                      per_host=settings.crawl.per_host_concurrency + SPARE_PER_HOST,
                                      on_result=on_result)
    order = {url: index for index, url in enumerate(urls)}
    return sorted(results, key=lambda result: order[result.url])


def check_url_list(
    listed: UrlList, settings: ListSettings, on_result: Callable[[LinkResult], None] | None = None,
) -> list[LinkResult]:
    return asyncio.run(check_urls(listed.urls, settings, on_result))


def verdict_counts(results: Iterable[LinkResult]) -> dict[str, int]:
    counts = Counter(VERDICT_OF[result.outcome] for result in results)
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


def fails(listed: UrlList, results: Iterable[LinkResult], fail_on: str) -> bool:
    """`--fail-on`: a target at `fail_on` or a surer verdict, or a line that could not be read at all."""
    failing = FAIL_LEVELS[:FAIL_LEVELS.index(fail_on) + 1]
    return bool(listed.bad_lines) or any(VERDICT_OF[result.outcome] in failing for result in results)


def reason_of(result: LinkResult) -> str:
    """Why a target is not simply ok, in Chinese; "" when it is."""
    if not result.error and (result.status is None or result.status < 400):
        return ""
    return describe_reason(result.error, result.status)


def list_document(listed: UrlList, results: Sequence[LinkResult]) -> dict[str, Any]:
    """The JSON output: a summary, each URL's outcome in the list's order, the lines that are no URL.
    No times in it: the same list against the same servers gives the same document."""
    counts = verdict_counts(results)
    return {
        "summary": {
            "urls": len(results), **counts,
            "redirected": sum(1 for result in results if result.outcome is Outcome.REDIRECTED),
            "duplicates": listed.duplicates, "bad_lines": len(listed.bad_lines),
        },
        "results": [
            {
                "line": listed.first_line.get(result.url), "url": result.url, "verdict": VERDICT_OF[result.outcome],
                "outcome": str(result.outcome), "status": result.status, "error": result.error,
                "reason": reason_of(result), "final_url": result.final_url or None,
                "redirects": list(result.redirects), "title": result.title,
            }
            for result in results
        ],
        "bad_lines": [{"line": bad.number, "text": bad.text, "reason": bad.reason} for bad in listed.bad_lines],
    }


def summary_lines(listed: UrlList, results: Sequence[LinkResult]) -> list[str]:
    """The text output: counts, then every target that is not ok, grouped by verdict, then the bad lines."""
    counts = verdict_counts(results)
    redirected = sum(1 for result in results if result.outcome is Outcome.REDIRECTED)
    ok = f"{VERDICT_LABELS['ok']} {counts['ok']}" + (f"（其中经重定向 {redirected}）" if redirected else "")
    others = "，".join(f"{VERDICT_LABELS[v]} {counts[v]}" for v in VERDICTS[1:])
    lines = [f"检查了 {len(results)} 个网址：{ok}，{others}"]
    extra = [f"重复的网址 {listed.duplicates} 个（只检查一次）"] if listed.duplicates else []
    extra += [f"无法识别的行 {len(listed.bad_lines)} 行"] if listed.bad_lines else []
    if extra:
        lines.append("另有" + "，".join(extra))
    for verdict in VERDICTS[1:]:
        chosen = [result for result in results if VERDICT_OF[result.outcome] == verdict]
        if chosen:
            lines += ["", f"{VERDICT_LABELS[verdict]}（{len(chosen)}）"]
            lines += [_result_line(listed, result) for result in chosen]
    if listed.bad_lines:
        lines += ["", f"无法识别的行（{len(listed.bad_lines)}）"]
        lines += [f"  第 {bad.number} 行  {shown(bad.text)}  {bad.reason}" for bad in listed.bad_lines]
    return lines


def _result_line(listed: UrlList, result: LinkResult) -> str:
    parts = [f"  第 {listed.first_line.get(result.url, 0)} 行  {shown(result.url)}", reason_of(result)]
    if result.final_url and result.final_url != result.url:
        parts.append(f"→ {shown(result.final_url)}")
    if result.outcome is Outcome.WRONG and result.title:
        parts.append(f"标题：{shown(result.title)}")
    return "  ".join(part for part in parts if part)


def shown(text: str) -> str:
    """Text from a list or a page, safe on a terminal: control and direction characters escaped
    (an ESC in a page title would otherwise drive the terminal)."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf") or c in "\u2028\u2029" else c for c in text
    )


def _cut(text: str, limit: int = SHOWN_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class TerminalBar:
    """A bar on stderr while the list is checked; rich is imported only when there is a terminal."""

    def __init__(self, total: int) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bars = Progress(TextColumn("检查链接"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                              console=Console(stderr=True), transient=True)
        self._task = self._bars.add_task("links", total=total)

    def __enter__(self) -> TerminalBar:
        self._bars.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self._bars.stop()

    def advance(self, _result: LinkResult) -> None:
        self._bars.advance(self._task)
