"""The HTML report's charts as SVG geometry: the template only writes the shapes out.

Every chart has a title, axes with tick labels and units (分, 个), and a legend, and
says nothing by colour alone: a bar under the pass mark is hatched and labelled 不合格,
a site that failed outright (a veto item, a home page not read) is a labelled row
without a bar, and series differ by marker and line style as well as colour. The
patterns (`hatch`, `dots`) are defined once in the page (`PATTERNS`), so the charts
print readably in black and white. Text is plain: Jinja2 escapes it when the template
writes it, so a hostile site name stays text here too.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ..checks.common import clip
from ..models import Problem, Score, Severity
from .data import TrendPoint
from .names import Names, zh_date

FONT = 12  # px of the chart text (the CSS says the same)
CHAR = 12.5  # px a CJK character takes at FONT: labels are clipped to fit their room


@dataclass(frozen=True)
class Shape:
    """One SVG element: `tag` with its attributes; `text` is a <text>'s content, or the <title>
    (the tooltip) of any other element."""

    tag: str  # rect | line | text | polyline | circle | path
    attrs: tuple[tuple[str, str], ...]
    text: str = ""


@dataclass(frozen=True)
class Chart:
    css: str  # the svg's class: ranking | trend-score | trend-problems | checks
    title: str
    width: int
    height: int
    shapes: tuple[Shape, ...]


def _n(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def rect(x: float, y: float, width: float, height: float, css: str, tip: str = "") -> Shape:
    return Shape("rect", (("class", css), ("x", _n(x)), ("y", _n(y)), ("width", _n(width)), ("height", _n(height))), tip)


def line(x1: float, y1: float, x2: float, y2: float, css: str) -> Shape:
    return Shape("line", (("class", css), ("x1", _n(x1)), ("y1", _n(y1)), ("x2", _n(x2)), ("y2", _n(y2))))


def text(x: float, y: float, content: str, css: str = "", anchor: str = "start") -> Shape:
    attrs = [("x", _n(x)), ("y", _n(y))]
    if css:
        attrs.insert(0, ("class", css))
    if anchor != "start":
        attrs.append(("text-anchor", anchor))
    return Shape("text", tuple(attrs), content)


def polyline(points: Sequence[tuple[float, float]], css: str) -> Shape:
    return Shape("polyline", (("class", css), ("points", " ".join(f"{_n(x)},{_n(y)}" for x, y in points))))


def marker(x: float, y: float, style: int, tip: str) -> Shape:
    """A series' point: a circle, a square or a diamond (told apart without colour)."""
    if style % 3 == 0:
        return Shape("circle", (("class", f"dot s{style}"), ("cx", _n(x)), ("cy", _n(y)), ("r", "3.5")), tip)
    if style % 3 == 1:
        return rect(x - 3.5, y - 3.5, 7, 7, f"dot s{style}", tip)
    d = f"M{_n(x)},{_n(y - 4.5)} L{_n(x + 4.5)},{_n(y)} L{_n(x)},{_n(y + 4.5)} L{_n(x - 4.5)},{_n(y)} Z"
    return Shape("path", (("class", f"dot s{style}"), ("d", d)), tip)


def legend(x: float, y: float, entries: Sequence[tuple[str, str]], width: float = 10_000) -> list[Shape]:
    """Swatches (`css` of a 12×12 box; `line-…` draws a line sample instead) with their words, in rows
    of at most `width` (see `legend_rows`)."""
    shapes: list[Shape] = [text(x, y + 10, "图例：", "legend")]
    left = x = x + 3.5 * CHAR
    for css, label in entries:
        if x > left and x + _entry_width(css, label) > width:
            x, y = left, y + LEGEND_ROW
        if css.startswith("line-"):
            style = int(css.removeprefix("line-s"))
            shapes += [line(x, y + 6, x + 18, y + 6, f"series s{style}"), marker(x + 9, y + 6, style, label)]
            x += 22
        elif css == "failed-mark":
            shapes += [line(x + 1, y + 1, x + 11, y + 11, "failed-mark"), line(x + 1, y + 11, x + 11, y + 1, "failed-mark")]
            x += 16
        else:
            shapes.append(rect(x, y, 12, 12, f"swatch {css}"))
            x += 16
        shapes.append(text(x, y + 10, label, "legend"))
        x += len(label) * CHAR + 14
    return shapes


LEGEND_ROW = 17


def _entry_width(css: str, label: str) -> float:
    return (22 if css.startswith("line-") else 16) + len(label) * CHAR + 14


def legend_rows(entries: Sequence[tuple[str, str]], width: float) -> int:
    """How many rows `legend` takes for these entries within `width`."""
    left = x = 3.5 * CHAR
    rows = 1
    for css, label in entries:
        if x > left and x + _entry_width(css, label) > width:
            x, rows = left, rows + 1
        x += _entry_width(css, label)
    return rows


def nice_step(span: float, most: int = 6) -> float:
    """A tick step of 1, 2 or 5 × 10ⁿ giving at most `most` intervals over `span`."""
    if span <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(span / most))
    for factor in (1, 2, 5, 10):
        if span / (factor * magnitude) <= most:
            return float(factor * magnitude)
    return float(10 * magnitude)


def score_floor(scores: Iterable[float]) -> float:
    """Where a score axis starts: a round number some way below the lowest score, so that a
    two-point gap shows; 0 when there is nothing to show."""
    values = list(scores)
    if not values:
        return 0.0
    low = min(values)
    target = low - max((100 - low) * 0.15, 5.0)
    if target <= 0:
        return 0.0
    step = nice_step(100 - target)
    return max(0.0, step * math.floor(target / step))


def score_ticks(floor: float, most: int = 6) -> list[float]:
    """The score axis' marks: its floor, then round numbers up to 100 (none crowding the floor)."""
    step = nice_step(100 - floor, most)
    first = step * math.ceil(floor / step)
    ticks = [floor] if first - floor > 1e-9 else []
    if ticks and first - floor <= 0.4 * step:
        first += step
    value = first
    while value <= 100 + 1e-9:
        ticks.append(value)
        value += step
    return ticks


def count_top(top: int) -> tuple[int, int]:
    """(axis maximum, tick step) for counts up to `top`: whole numbers."""
    step = max(1, int(nice_step(max(top, 1), 5)))
    return max(step, step * math.ceil(max(top, 1) / step)), step


def fails_outright(score: Score) -> bool:
    """Failed whatever the score (a veto item, a home page not read): shown without a score."""
    return bool(score.fail_reason or score.veto)


# ---- the ranking of one ruleset ----

RANK_WIDTH = 760
RANK_LABEL = 230  # the site names' room
RANK_PLOT = 440  # the score axis' length
ROW = 22
BAR = 15


def ranking_chart(scores: Sequence[Score], names: Names) -> Chart:
    """Scored sites best first as bars from a floor chosen from the data, the pass mark a labelled
    line; the sites that failed outright after them, labelled rows with the reason and no bar."""
    ruleset = scores[0].ruleset if scores else ""
    pass_mark = names.pass_mark(ruleset)
    scored = sorted((s for s in scores if not fails_outright(s)), key=lambda s: (s.rank, s.site))
    failed = sorted((s for s in scores if fails_outright(s)), key=lambda s: (s.rank, s.site))
    floor = score_floor(s.score for s in scored)
    title = f"{names.ruleset(ruleset)}：各网站得分排名"
    top = 62  # title, legend, the pass mark's label
    x0 = RANK_LABEL

    def x_of(value: float) -> float:
        return x0 + RANK_PLOT * (max(value, floor) - floor) / (100 - floor) if floor < 100 else x0

    shapes: list[Shape] = [text(0, 16, title, "title")]
    shapes += legend(0, 26, [("bar-pass", "合格"), ("bar-fail", "低于合格线，不合格"), ("bar-none", "不合格（单项否决等），不计分")])
    rows = len(scored) + len(failed) + (1 if failed else 0)
    bottom = top + max(rows, 1) * ROW
    for tick in score_ticks(floor):
        shapes += [line(x_of(tick), top - 4, x_of(tick), bottom, "grid"),
                   line(x_of(tick), bottom, x_of(tick), bottom + 5, "axis"),
                   text(x_of(tick), bottom + 18, _n(tick), "tick", "middle")]
    shapes += [line(x0, top - 4, x0, bottom, "axis"), line(x0, bottom, x0 + RANK_PLOT, bottom, "axis"),
               text(x0 + RANK_PLOT / 2, bottom + 36, f"得分（分），坐标从 {_n(floor)} 分起", "axis-title", "middle"),
               text(0, bottom + 18, "网站（按排名）", "axis-title")]
    if floor <= pass_mark <= 100:
        shapes += [line(x_of(pass_mark), top - 8, x_of(pass_mark), bottom, "pass-mark"),
                   text(x_of(pass_mark) + 3, top - 9, f"合格线 {pass_mark:g} 分", "pass-label")]
    else:
        shapes.append(text(x0 + RANK_PLOT, top - 9, f"合格线 {pass_mark:g} 分（低于坐标起点，所有计分网站都在线上）",
                           "pass-label", "end"))
    y = top
    room = int((RANK_LABEL - 10) / CHAR)
    for score in scored:
        name = names.site(score.site)
        below = score.score < pass_mark
        css = "bar bar-fail" if below else "bar bar-pass"
        words = f"{score.score:.2f} 分" + ("，不合格" if below else "")
        shapes += [text(0, y + BAR - 3, clip(f"{score.rank}. {name}", room)),
                   rect(x0, y, max(x_of(score.score) - x0, 2.0), BAR, css, f"{name}：{words}"),
                   text(x_of(score.score) + 5, y + BAR - 3, words, "value")]
        y += ROW
    if failed:
        shapes.append(text(x0 + 4, y + BAR - 3, "以下网站不合格，不计分、不排名：", "note"))
        y += ROW
    for score in failed:
        name = names.site(score.site)
        verdict = names.verdict(score)
        words = verdict.text()
        shapes += [text(0, y + BAR - 3, clip(name, room)),
                   rect(x0, y, RANK_PLOT, BAR, "bar-none", f"{name}：{words}"),
                   text(x0 + 6, y + BAR - 3, clip(words, int((RANK_WIDTH - x0 - 10) / CHAR)), "failed")]
        y += ROW
    return Chart("ranking", title, RANK_WIDTH, bottom + 46, tuple(shapes))


# ---- problems by check ----

CHECK_WIDTH = 640
CHECK_LABEL = 170
CHECK_PLOT = 380
SEVERITY_CSS = {Severity.CRITICAL: "sev-critical", Severity.MAJOR: "sev-major", Severity.MINOR: "sev-minor"}


def check_chart(problems: Sequence[Problem], title: str) -> Chart:
    """Open problems by check (Chinese names), most first, each bar split by severity."""
    counts = Counter(p.check for p in problems)
    by_severity = Counter((p.check, Severity.of(p.severity) or Severity.MINOR) for p in problems)
    order = sorted(counts, key=lambda check: (-counts[check], Names.check(check)))
    axis_max, step = count_top(max(counts.values(), default=1))
    top = 48
    bottom = top + max(len(order), 1) * ROW
    x0 = CHECK_LABEL

    def x_of(value: float) -> float:
        return x0 + CHECK_PLOT * value / axis_max

    shapes: list[Shape] = [text(0, 16, title, "title")]
    shapes += legend(0, 24, [(SEVERITY_CSS[s], f"{s.label}问题") for s in reversed(Severity)])
    for tick in range(0, axis_max + 1, step):
        shapes += [line(x_of(tick), top - 4, x_of(tick), bottom, "grid"),
                   line(x_of(tick), bottom, x_of(tick), bottom + 5, "axis"),
                   text(x_of(tick), bottom + 18, str(tick), "tick", "middle")]
    shapes += [line(x0, top - 4, x0, bottom, "axis"), line(x0, bottom, x0 + CHECK_PLOT, bottom, "axis"),
               text(x0 + CHECK_PLOT / 2, bottom + 36, "未整改问题数（个）", "axis-title", "middle"),
               text(0, bottom + 18, "检查项目", "axis-title")]
    y = top
    room = int((CHECK_LABEL - 8) / CHAR)
    for check in order:
        name = Names.check(check)
        shapes.append(text(0, y + BAR - 3, clip(name, room), "check-label"))
        start = 0
        for severity in reversed(Severity):  # the most severe first, from the axis
            n = by_severity[(check, severity)]
            if n:
                shapes.append(rect(x_of(start), y, x_of(start + n) - x_of(start), BAR, f"bar {SEVERITY_CSS[severity]}",
                                   f"{name}：{severity.label}问题 {n} 个"))
                start += n
        shapes.append(text(x_of(start) + 5, y + BAR - 3, f"{counts[check]} 个", "value"))
        y += ROW
    return Chart("checks", title, CHECK_WIDTH, bottom + 46, tuple(shapes))


# ---- a site's trend: score and open problems over the last runs ----

TREND_WIDTH = 370
TREND_HEIGHT = 230
TREND_LEFT = 44
TREND_PLOT_W = 300
TREND_TOP = 50
TREND_PLOT_H = 110


@dataclass(frozen=True)
class SiteTrend:
    runs: int  # the scored runs the charts span
    score: Chart | None  # None when there is one run only: the trend starts with the next inspection
    problems: Chart | None


def site_trend(points_by_ruleset: dict[str, list[TrendPoint]], names: Names, zone: ZoneInfo) -> SiteTrend:
    """Two small charts over the same runs: the site's score under each ruleset (a line each), and
    its open problems (bars). Nothing to draw when the site has been inspected once."""
    runs = sorted({(p.run_id, p.as_of) for points in points_by_ruleset.values() for p in points})
    if len(runs) < 2:
        return SiteTrend(len(runs), None, None)
    position = {run_id: i for i, (run_id, _) in enumerate(runs)}
    step = TREND_PLOT_W / (len(runs) - 1)
    inset = min(step / 2, 16.0)

    def x_of(run_id: int) -> float:
        return TREND_LEFT + inset + position[run_id] * (TREND_PLOT_W - 2 * inset) / (len(runs) - 1)

    dates = [moment for _, moment in runs]
    x_labels = _date_ticks([run_id for run_id, _ in runs], dates, x_of, zone)
    span = f"{zh_date(dates[0], zone)}至{zh_date(dates[-1], zone)}"
    bottom = TREND_TOP + TREND_PLOT_H

    # the score
    scored = [p.score for points in points_by_ruleset.values() for p in points if not p.fail_reason and not p.veto]
    floor = score_floor(scored)

    def y_score(value: float) -> float:
        return bottom - TREND_PLOT_H * (max(value, floor) - floor) / (100 - floor) if floor < 100 else bottom

    title = f"得分走势（近 {len(runs)} 次检查）"
    shapes: list[Shape] = [text(0, 16, title, "title"), text(0, TREND_TOP - 18, "得分（分）", "axis-title")]
    for tick in score_ticks(floor, 4):
        shapes += [line(TREND_LEFT, y_score(tick), TREND_LEFT + TREND_PLOT_W, y_score(tick), "grid"),
                   text(TREND_LEFT - 5, y_score(tick) + 4, _n(tick), "tick", "end")]
    shapes += _trend_axes(x_labels, f"检查日期（{span}）")
    entries: list[tuple[str, str]] = []
    for style, (ruleset, points) in enumerate(sorted(points_by_ruleset.items())):
        name = names.ruleset(ruleset)
        entries.append((f"line-s{style}", name))
        segment: list[tuple[float, float]] = []
        for point in points:
            when = zh_date(point.as_of, zone)
            if point.fail_reason or point.veto:
                if len(segment) > 1:
                    shapes.append(polyline(segment, f"series s{style}"))
                segment = []
                x = x_of(point.run_id)
                reason = point.fail_reason or "单项否决"
                shapes += [line(x - 4, bottom - 8, x + 4, bottom, "failed-mark"),
                           line(x - 4, bottom, x + 4, bottom - 8, "failed-mark"),
                           Shape("rect", (("class", "hit"), ("x", _n(x - 6)), ("y", _n(bottom - 10)),
                                          ("width", "12"), ("height", "12")), f"{when} {name}：不合格（{reason}）"),
                           text(x, bottom - 12, "不合格", "failed small", "middle")]
                continue
            xy = (x_of(point.run_id), y_score(point.score))
            segment.append(xy)
            shapes.append(marker(*xy, style, f"{when} {name}：{point.score:.2f} 分"))
        if len(segment) > 1:
            shapes.append(polyline(segment, f"series s{style}"))
    if any(p.fail_reason or p.veto for points in points_by_ruleset.values() for p in points):
        entries.append(("failed-mark", "不合格，不计分"))
    shapes += legend(0, TREND_HEIGHT - 14, entries, TREND_WIDTH)
    height = TREND_HEIGHT + (legend_rows(entries, TREND_WIDTH) - 1) * LEGEND_ROW
    score_chart = Chart("trend-score", title, TREND_WIDTH, height, tuple(shapes))

    # the open problems: one count per run, whichever ruleset scored it
    counts: dict[int, int] = {}
    for points in points_by_ruleset.values():
        for p in points:
            counts[p.run_id] = p.open_problems
    axis_max, count_step = count_top(max(counts.values(), default=0))

    def y_count(value: float) -> float:
        return bottom - TREND_PLOT_H * value / axis_max

    title = f"未整改问题走势（近 {len(runs)} 次检查）"
    shapes = [text(0, 16, title, "title"), text(0, TREND_TOP - 18, "问题（个）", "axis-title")]
    for tick_count in range(0, axis_max + 1, count_step):
        shapes += [line(TREND_LEFT, y_count(tick_count), TREND_LEFT + TREND_PLOT_W, y_count(tick_count), "grid"),
                   text(TREND_LEFT - 5, y_count(tick_count) + 4, str(tick_count), "tick", "end")]
    shapes += _trend_axes(x_labels, f"检查日期（{span}）")
    width = min(18.0, max(step * 0.5, 4.0))
    for run_id, moment in runs:
        n = counts.get(run_id, 0)
        x = x_of(run_id)
        shapes += [rect(x - width / 2, y_count(n), width, max(bottom - y_count(n), 1.0), "bar bar-problems",
                        f"{zh_date(moment, zone)}：未整改问题 {n} 个"),
                   text(x, y_count(n) - 3, str(n), "value small", "middle")]
    shapes += legend(0, TREND_HEIGHT - 14, [("bar-problems", "本站未整改问题数（个）")], TREND_WIDTH)
    problems_chart = Chart("trend-problems", title, TREND_WIDTH, TREND_HEIGHT, tuple(shapes))
    return SiteTrend(len(runs), score_chart, problems_chart)


def _trend_axes(x_labels: list[Shape], title: str) -> list[Shape]:
    bottom = TREND_TOP + TREND_PLOT_H
    return [line(TREND_LEFT, TREND_TOP - 4, TREND_LEFT, bottom, "axis"),
            line(TREND_LEFT, bottom, TREND_LEFT + TREND_PLOT_W, bottom, "axis"),
            *x_labels,
            text(TREND_LEFT + TREND_PLOT_W / 2, bottom + 34, clip(title, 28), "axis-title", "middle")]


def _date_ticks(run_ids: list[int], dates: list[datetime], x_of: Callable[[int], float], zone: ZoneInfo) -> list[Shape]:
    """Month and day under each run (every other one when they crowd); the year is in the axis title."""
    every = max(1, math.ceil(len(run_ids) / 6))
    shapes: list[Shape] = []
    bottom = TREND_TOP + TREND_PLOT_H
    for i, (run_id, moment) in enumerate(zip(run_ids, dates, strict=True)):
        x = x_of(run_id)
        shapes.append(line(x, bottom, x, bottom + 4, "axis"))
        if (len(run_ids) - 1 - i) % every == 0:  # the latest always
            local = moment.astimezone(zone)
            shapes.append(text(x, bottom + 16, f"{local.month}月{local.day}日", "tick", "middle"))
    return shapes
