"""错误链接 / wrong link: the target answers, but is not what was linked.

Redirected off to an unrelated domain, a parked or hijacked domain, a "page not found"
page served with 200 (soft 404), a gambling or adult page: the link stage marks these
WRONG and says why in the result's error (`auditor.links.judge`). On link columns, a
target whose title contradicts the link text is WRONG too (`auditor.links.titles`). The scope is `link.broken`'s (R5:
every link on town and department sites, the link columns' list pages everywhere),
with the same parameters; one finding per distinct target per site.

Examples::

    PASS: a wrong link on an ordinary page of the county portal
        site_kind = "county"
        links = [{ target = "http://127.0.0.101/", outcome = "wrong", status = 200, error = "parked domain" }]

    PASS: a broken link is `link.broken`'s, not a wrong one
        site_kind = "town"
        links = [{ target = "http://127.0.0.9/gone.html", status = 404 }]

    FAIL: a county link column points at an expired domain, now a gambling page
        site_kind = "county"
        requirement = "规定每半月检查，确保没有错误链接"
        links = [{ target = "http://127.0.0.101/", source = "http://127.0.0.1/wzlj/", column_kind = "links", text = "县旅游局", outcome = "wrong", status = 200, error = "gambling" }]
        messages = ["链接错误：http://127.0.0.101/ 指向的页面与链接不符（页面含赌博内容），见于 http://127.0.0.1/wzlj/「县旅游局」（规定每半月检查，确保没有错误链接）"]

    FAIL: on a town site every link counts; a soft 404 on two pages is one finding
        site_kind = "town"
        links = [{ target = "http://127.0.0.102/a.html", source = "http://127.0.0.1/b.html", outcome = "wrong", status = 200, error = "soft 404" }, { target = "http://127.0.0.102/a.html", source = "http://127.0.0.1/a.html", outcome = "wrong", status = 200, error = "soft 404" }]
        messages = ["链接错误：http://127.0.0.102/a.html 指向的页面与链接不符（页面内容为“页面不存在”），见于 2 个页面，如 http://127.0.0.1/a.html"]

    FAIL: a link column's target now carries another name
        site_kind = "county"
        links = [{ target = "http://127.0.0.104/", source = "http://127.0.0.1/wzlj/", column_kind = "links", text = "县教育局", outcome = "wrong", status = 200, error = "title mismatch", title = "鑫源科技有限公司" }]
        messages = ["链接错误：http://127.0.0.104/ 指向的页面与链接不符（页面标题“鑫源科技有限公司”与链接文字不符），见于 http://127.0.0.1/wzlj/「县教育局」"]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import (
    ColumnSnapshot,
    FailureReason,
    Finding,
    LinkOccurrence,
    Outcome,
    SiteSnapshot,
    describe_reason,
)
from .common import MAX_TEXT_IN_MESSAGE, MAX_URL_IN_MESSAGE, CheckInfo, CheckRule, Words, clip
from .link_findings import LinkScopeParams, findings_for

INFO = CheckInfo(
    id="link.wrong",
    scope="site",
    title=Words("链接错误", "wrong link"),
    fix=Words(
        "立即删除或更正错误链接（跳转到无关、被抢注或非法网站的链接），并核实链接文字与目标网站一致",
        "Remove or correct the wrong link at once (it leads to an unrelated, parked or illegal site) and check the link text matches the target",
    ),
)

WRONG_OUTCOMES = frozenset({Outcome.WRONG})


class Params(LinkScopeParams):
    """Where links count: the same parameters as `link.broken`."""


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    yield from findings_for(site, rule, params, WRONG_OUTCOMES, _describe)


def _describe(target: str, occurrence: LinkOccurrence) -> str:
    result = occurrence.result
    if FailureReason.of(result.error) is FailureReason.TITLE_MISMATCH:
        reason = f"页面标题“{clip(result.title, MAX_TEXT_IN_MESSAGE)}”与链接文字不符"
    else:
        reason = describe_reason(result.error)
    return f"链接错误：{clip(target, MAX_URL_IN_MESSAGE)} 指向的页面与链接不符（{reason}）"

