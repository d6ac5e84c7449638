"""链接失效: a link whose target fails (DNS, refused, TLS, timeout, 4xx, 5xx).

R5 checks "网站链接类栏目和各镇、委局门户网站": on town and department sites every
link counts; on every site, the links a link column lists (to other sites) count. A
broken link on an ordinary page of the county portal, or in the menu around its link
column, is not this rule's business.

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

    PASS: the county's link column page carries the site's menu; a dead menu link back into the site is not the column's
        site_kind = "county"
        links = [{ target = "http://127.0.0.1/zcjd/index.htm", source = "http://127.0.0.1/wzlj/", column_kind = "links", text = "政策解读", status = 404 }]

    FAIL: on a town site every link counts; one finding for one target on three pages
        site_kind = "town"
        links = [{ target = "http://127.0.0.9/x.jpg", source = "http://127.0.0.1/c.html", error = "timeout", outcome = "timeout" }, { target = "http://127.0.0.9/x.jpg", source = "http://127.0.0.1/a.html", error = "timeout", outcome = "timeout" }, { target = "http://127.0.0.9/x.jpg", source = "http://127.0.0.1/b.html", error = "timeout", outcome = "timeout", text = "图片" }]
        messages = ["链接失效：http://127.0.0.9/x.jpg （访问超时），见于 3 个页面，如 http://127.0.0.1/a.html"]

    PASS: only the home page counts, and the dead link is on another page
        site_kind = "town"
        params = { where = "home" }
        links = [{ target = "http://127.0.0.9/gone.html", source = "http://127.0.0.1/a.html", status = 404 }]

    FAIL: dead links on the home page counted apart from the other pages
        site_kind = "county"
        params = { where = "home", all_links_on_site_kinds = ["county", "town", "department"] }
        links = [{ target = "http://127.0.0.9/gone.html", source = "http://127.0.0.1/", on_home = true, status = 404 }, { target = "http://127.0.0.9/other.html", source = "http://127.0.0.1/a.html", status = 404 }]
        keys = [""]

    FAIL (2 findings): two dead targets on a department site
        site_kind = "department"
        links = [{ target = "http://127.0.0.9/b", status = 500 }, { target = "http://127.0.0.9/a", error = "dns", outcome = "broken" }]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import ColumnSnapshot, Finding, LinkOccurrence, Outcome, SiteSnapshot, describe_reason
from .common import MAX_URL_IN_MESSAGE, CheckInfo, CheckRule, Words, clip
from .link_findings import LinkScopeParams, findings_for

INFO = CheckInfo(
    id="link.broken",
    scope="site",
    title=Words("链接失效", "broken link"),
    fix=Words(
        "修复或删除失效链接；外部网站的链接请确认对方网址",
        "Repair or remove the broken link; for another site's link, confirm its current address",
    ),
)

BROKEN_OUTCOMES = frozenset({Outcome.BROKEN, Outcome.TIMEOUT})


class Params(LinkScopeParams):
    """Where links count (see `auditor.checks.link_findings`)."""


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    yield from findings_for(site, rule, params, BROKEN_OUTCOMES, _describe)


def _describe(target: str, occurrence: LinkOccurrence) -> str:
    reason = describe_reason(occurrence.result.error, occurrence.result.status)
    return f"链接失效：{clip(target, MAX_URL_IN_MESSAGE)} （{reason}）"
