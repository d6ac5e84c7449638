"""链接失效: a link whose target fails (DNS, refused, TLS, timeout, 4xx, 5xx).

R5 checks "网站链接类栏目和各镇、委局门户网站": on town and department sites every
link counts; on every site, links on the list pages of link columns count. A broken
link on an ordinary page of the county portal is not this rule's business.

Only BROKEN and TIMEOUT targets count. UNVERIFIED (401/403/429, JavaScript
challenges), ROBOTS and EXCLUDED are never broken; WRONG belongs to `link.wrong`.
One finding per distinct target per site, however many pages carry it: the target
URL is the finding's identity, and the evidence lists up to 20 of the pages.

Examples::

    PASS: a broken link on an ordinary page of the county portal
        site_kind = "county"
        links = [{ target = "http://127.0.0.9/gone.html", status = 404 }]

    PASS: targets that refused the robot, or were never fetched, are not broken
        site_kind = "town"
        links = [{ target = "http://127.0.0.9/a", outcome = "unverified", status = 403 }, { target = "http://127.0.0.9/b", outcome = "robots" }, { target = "http://127.0.0.9/c", outcome = "excluded" }]

    FAIL: a dead link in the county portal's link column
        site_kind = "county"
        requirement = "规定每半月检查，确保没有无效链接"
        links = [{ target = "http://127.0.0.9/gone.html", source = "http://127.0.0.1/wzlj/", column_kind = "links", text = "县教育局", status = 404 }]
        messages = ["链接失效：http://127.0.0.9/gone.html （HTTP 404），见于 http://127.0.0.1/wzlj/「县教育局」（规定每半月检查，确保没有无效链接）"]

    FAIL: on a town site every link counts; one finding for one target on three pages
        site_kind = "town"
        links = [{ target = "http://127.0.0.9/x.jpg", source = "http://127.0.0.1/c.html", error = "timeout", outcome = "timeout" }, { target = "http://127.0.0.9/x.jpg", source = "http://127.0.0.1/a.html", error = "timeout", outcome = "timeout" }, { target = "http://127.0.0.9/x.jpg", source = "http://127.0.0.1/b.html", error = "timeout", outcome = "timeout", text = "图片" }]
        messages = ["链接失效：http://127.0.0.9/x.jpg （访问超时），见于 3 个页面，如 http://127.0.0.1/a.html"]

    FAIL (2 findings): two dead targets on a department site
        site_kind = "department"
        links = [{ target = "http://127.0.0.9/b", status = 500 }, { target = "http://127.0.0.9/a", error = "dns", outcome = "broken" }]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import TYPE_CHECKING, Literal

from ..config import ColumnKind
from ..models import ColumnSnapshot, Finding, LinkOccurrence, Outcome, SiteSnapshot
from .common import (
    MAX_TEXT_IN_MESSAGE,
    MAX_URL_IN_MESSAGE,
    CheckParams,
    clip,
    describe_failure,
    make_finding,
    requirement,
)

if TYPE_CHECKING:
    from ..rules import Rule

ID = "link.broken"
SCOPE = "site"
BROKEN_OUTCOMES = frozenset({Outcome.BROKEN, Outcome.TIMEOUT})
MAX_SOURCES_IN_EVIDENCE = 20


class Params(CheckParams):
    all_links_on_site_kinds: tuple[Literal["county", "town", "department"], ...] = ("town", "department")
    link_column_kinds: tuple[ColumnKind, ...] = ("links",)


def check(site: SiteSnapshot, rule: Rule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    link_columns = {c.column_id for c in site.columns if c.kind in params.link_column_kinds}
    every_link = site.site_kind in params.all_links_on_site_kinds
    by_target: dict[str, list[LinkOccurrence]] = defaultdict(list)
    for occurrence in site.links:
        if occurrence.result.outcome not in BROKEN_OUTCOMES:
            continue
        if every_link or occurrence.column_id in link_columns:
            by_target[occurrence.result.url].append(occurrence)
    for target in sorted(by_target):
        yield _finding(site, rule, target, by_target[target])


def _sources(occurrences: list[LinkOccurrence]) -> list[LinkOccurrence]:
    """One occurrence per source page, home page first, then by URL: stable whatever the input order."""
    ordered = sorted(occurrences, key=lambda o: (not o.on_home, o.link.source, o.link.text, o.link.element))
    first_per_page: dict[str, LinkOccurrence] = {}
    for occurrence in ordered:
        first_per_page.setdefault(occurrence.link.source, occurrence)
    return list(first_per_page.values())


def _finding(site: SiteSnapshot, rule: Rule, target: str, occurrences: list[LinkOccurrence]) -> Finding:
    result = occurrences[0].result
    sources = _sources(occurrences)
    example = sources[0].link
    seen_on = clip(example.source, MAX_URL_IN_MESSAGE)
    if example.text:
        seen_on += f"「{clip(example.text, MAX_TEXT_IN_MESSAGE)}」"
    where = f"见于 {seen_on}" if len(sources) == 1 else f"见于 {len(sources)} 个页面，如 {seen_on}"
    reason = describe_failure(result.status, result.error)
    return make_finding(
        rule, site, column=None, url=target,
        message=f"链接失效：{clip(target, MAX_URL_IN_MESSAGE)} （{reason}），{where}{requirement(rule)}",
        evidence={
            "outcome": str(result.outcome),
            "status": result.status,
            "error": result.error,
            "redirects": list(result.redirects),
            "sources": [
                {"page": o.link.source, "text": clip(o.link.text, MAX_TEXT_IN_MESSAGE), "element": o.link.element}
                for o in sources[:MAX_SOURCES_IN_EVIDENCE]
            ],
            "source_count": len(sources),
        },
    )
