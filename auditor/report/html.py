"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network), in Chinese.

Charts are drawn here as SVG geometry and placed by the template; every string that
came from a website (titles, link texts, URLs, messages) goes through Jinja2's
autoescape, and only http(s) URLs become links.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2

from ..checks.common import clip
from .data import RunReport
from .xlsx import SEVERITY_ZH, STATUS_ZH

TEMPLATES = Path(__file__).with_name("templates")
DEFAULT_PASS_MARK = 60.0
BAR_HEIGHT = 18
BAR_GAP = 6
CHART_WIDTH = 760
LABEL_WIDTH = 190
TREND_WIDTH = 160
TREND_HEIGHT = 36
CHECK_NAMES_ZH = {
    "column.cadence": "栏目更新不及时", "column.empty": "空白栏目", "column.unreachable": "栏目无法访问",
    "content.outdated": "过时信息未清理", "document.late": "文件公开不及时", "document.metadata": "文件要素不全",
    "link.broken": "链接失效", "link.wrong": "链接错误", "leader.incomplete": "领导信息不全",
    "service.incomplete": "办事指南不全", "mailbox.overdue": "来信办理超期", "report.missing": "年度报告未发布",
    "site.availability": "首页不可用", "site.identity": "网站标识不全",
}


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    y: int
    width: float
    css: str  # pass | fail | veto | count


@dataclass(frozen=True)
class Chart:
    height: int
    bars: list[Bar]
    ticks: tuple[tuple[float, str], ...] = ()  # (x, label) of the axis marks; the pass mark among them


SCORE_FLOOR = 50.0  # scores sit near 100: an axis from 50 shows a 2-point gap, and failing (<60) still shows


def render_html(report: RunReport, pass_marks: dict[str, float] | None = None) -> str:
    """The report page; `pass_marks` per ruleset id (default 60, the mark of both shipped rulesets)."""
    zone = ZoneInfo(report.timezone)
    pass_marks = pass_marks or {}
    return _environment().get_template("report.html.j2").render(
        report=report,
        as_of=report.run.as_of.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        rankings={ruleset: ranking_chart(report, ruleset, pass_marks.get(ruleset, DEFAULT_PASS_MARK)) for ruleset in report.rulesets()},
        by_check=check_chart(report),
        trends={site.id: trend_path(report, site.id) for site in report.sites},
        counts=Counter(v.status for v in report.violations),
        sites=[(site, [v for v in report.violations if v.site == site.id]) for site in report.sites],
        local=lambda moment: moment.astimezone(zone).strftime("%Y-%m-%d") if moment else "",
        status_zh=STATUS_ZH, severity_zh=SEVERITY_ZH, check_zh=CHECK_NAMES_ZH,
        label_width=LABEL_WIDTH, chart_width=CHART_WIDTH, bar_height=BAR_HEIGHT,
        trend_width=TREND_WIDTH, trend_height=TREND_HEIGHT,
    )


def ranking_chart(report: RunReport, ruleset: str, pass_mark: float) -> Chart:
    bars = []
    for index, score in enumerate(report.ranking(ruleset)):
        css = "veto" if score.veto else ("fail" if score.score < pass_mark else "pass")
        label = f"{score.rank}. {clip(report.site_name(score.site), 14)}"
        bars.append(_bar(label, score.score, 100.0, index, css, floor=SCORE_FLOOR))
    ticks = [(_x(value, 100.0, SCORE_FLOOR), f"{value:g}") for value in (SCORE_FLOOR, pass_mark, 80.0, 100.0)]
    return Chart(_height(len(bars)), bars, tuple(ticks))


def check_chart(report: RunReport) -> Chart:
    counts = Counter(v.check for v in report.active).most_common()
    top = max((n for _, n in counts), default=1)
    bars = [_bar(CHECK_NAMES_ZH.get(check, check), n, top, i, "count") for i, (check, n) in enumerate(counts)]
    return Chart(_height(len(bars)), bars)


def trend_path(report: RunReport, site_id: str) -> str:
    """An SVG polyline's points for the site's scores under the first ruleset, oldest first."""
    rulesets = report.rulesets()
    points = report.trends.get((site_id, rulesets[0]), []) if rulesets else []
    if not points:
        return ""
    step = TREND_WIDTH / max(len(points) - 1, 1)
    return " ".join(
        f"{i * step:.1f},{TREND_HEIGHT - 2 - (p.score / 100) * (TREND_HEIGHT - 4):.1f}" for i, p in enumerate(points)
    )


def is_http_url(value: str) -> bool:
    try:
        return urlsplit(value).scheme in ("http", "https")
    except ValueError:
        return False


def _bar(label: str, value: float, top: float, index: int, css: str, floor: float = 0.0) -> Bar:
    return Bar(label, value, index * (BAR_HEIGHT + BAR_GAP), max(_x(value, top, floor) - LABEL_WIDTH, 1.0), css)


def _x(value: float, top: float, floor: float) -> float:
    """Where `value` lies on an axis from `floor` (at the labels' edge) to `top`."""
    span = (CHART_WIDTH - LABEL_WIDTH - 90) * (max(value, floor) - floor) / (top - floor) if top > floor else 0.0
    return LABEL_WIDTH + span


def _height(bars: int) -> int:
    return max(bars, 1) * (BAR_HEIGHT + BAR_GAP)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True,
    )
    environment.filters["http_url"] = is_http_url
    return environment
