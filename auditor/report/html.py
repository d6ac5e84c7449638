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
from zoneinfo import ZoneInfo

import jinja2

from ..checks import check_name
from ..checks.common import clip
from ..models import Severity, ViolationStatus
from ..urls import is_http_url
from .data import RunReport

TEMPLATES = Path(__file__).with_name("templates")
DEFAULT_PASS_MARK = 60.0
BAR_HEIGHT = 18
BAR_GAP = 6
CHART_WIDTH = 760
LABEL_WIDTH = 190
TREND_WIDTH = 160
TREND_HEIGHT = 36


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
        trends={site.id: site_trend(report, site.id) for site in report.sites},
        counts=Counter(v.status for v in report.violations),
        sites=[(site, [v for v in report.violations if v.site == site.id]) for site in report.sites],
        site_names={site.id: site.name for site in report.sites},
        local=lambda moment: moment.astimezone(zone).strftime("%Y-%m-%d") if moment else "",
        status_zh=ViolationStatus.label_of, severity_zh=Severity.label_of, check_name=lambda check: check_name(check, "zh-CN"),
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
    bars = [_bar(check_name(check, "zh-CN"), n, top, i, "count") for i, (check, n) in enumerate(counts)]
    return Chart(_height(len(bars)), bars)


@dataclass(frozen=True)
class Trend:
    audits: int  # how many audits the line spans
    points: str  # an SVG polyline's points, oldest first; "" when there is nothing to draw


def site_trend(report: RunReport, site_id: str) -> Trend:
    """The site's scores under the first ruleset over the last audits."""
    rulesets = report.rulesets()
    scores = report.trends.get((site_id, rulesets[0]), []) if rulesets else []
    step = TREND_WIDTH / max(len(scores) - 1, 1)
    points = " ".join(
        f"{i * step:.1f},{TREND_HEIGHT - 2 - (p.score / 100) * (TREND_HEIGHT - 4):.1f}" for i, p in enumerate(scores)
    )
    return Trend(len(scores), points)


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
