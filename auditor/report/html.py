"""The HTML report: one self-contained file (inline CSS and SVG, no script, no network), in Chinese.

Sites, columns, rulesets, rules and checks are named by `report.names`; a site that failed
outright is 不合格 with its reason, never a score. The charts' geometry is drawn in
`charts.py` and written out by the template; every string that came from a website or
the config (titles, link texts, URLs, messages, names) goes through Jinja2's autoescape,
and only http(s) URLs become links.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from ..config import SiteConfig
from ..links.summary import UnverifiedLink
from ..models import Problem, Score, Severity, ViolationStatus
from .charts import Chart, SiteTrend, check_chart, ranking_chart, site_trend
from .data import RunReport
from .names import zh_date, zh_datetime
from .templating import html_templates
from .wording import link_reason

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class SiteSection:
    """Everything the report says about one site, in the order it says it."""

    site: SiteConfig
    verdicts: tuple[tuple[str, str, bool], ...]  # (ruleset name, 93.50 分 | 不合格（…）, passed)
    problems: tuple[Problem, ...]  # found or resolved by this run
    open_problems: int
    trend: SiteTrend
    checks: Chart | None  # its open problems by check; None when it has none
    unverified_links: tuple[tuple[UnverifiedLink, str], ...]  # (link, why it could not be checked)
    gaps: tuple[str, ...]  # what the run could not read of it


def render_html(report: RunReport) -> str:
    """The report page. The pass marks are the rulesets' in `report.names`, which also decide each
    site's verdict."""
    zone = ZoneInfo(report.timezone)
    names = report.names
    return _environment().get_template("report.html.j2").render(
        report=report,
        names=names,
        as_of=zh_datetime(report.run.as_of, zone),
        previous_as_of=zh_date(report.previous_run.as_of, zone) if report.previous_run else "",
        partial_sites="、".join(report.site_name(site_id) for site_id in report.run.site_ids) if report.partial else "",
        rankings=[ranking_chart(report.ranking(ruleset), names) for ruleset in report.rulesets()],
        by_check=check_chart(report.active, "全部网站未整改问题分类") if report.active else None,
        counts=Counter(v.status for v in report.violations),
        sections=[site_section(report, site, zone) for site in report.sites],
        unverified_link_count=len(report.unverified_links),
        local=lambda moment: zh_date(moment, zone),
        status_zh=ViolationStatus.label_of, severity_zh=Severity.label_of,
    )


def site_section(report: RunReport, site: SiteConfig, zone: ZoneInfo) -> SiteSection:
    names = report.names
    problems = tuple(v for v in report.violations if v.site == site.id)
    active = [v for v in problems if v.status != ViolationStatus.RESOLVED]
    scores: list[Score] = sorted((s for s in report.scores if s.site == site.id), key=lambda s: s.ruleset)
    trends = {ruleset: points for (site_id, ruleset), points in report.trends.items() if site_id == site.id}
    coverage = next((c for c in report.coverage if c.site == site.id), None)
    return SiteSection(
        site=site,
        verdicts=tuple((names.ruleset(s.ruleset), names.score_text(s), names.verdict(s).passed) for s in scores),
        problems=problems,
        open_problems=len(active),
        trend=site_trend(trends, names, zone),
        checks=check_chart(active, f"{site.name}：未整改问题分类") if active else None,
        unverified_links=tuple((link, link_reason(link)) for link in report.unverified_links if link.site == site.id),
        gaps=tuple(coverage.gaps()) if coverage else (),
    )


@cache
def _environment() -> jinja2.Environment:
    return html_templates(TEMPLATES)
