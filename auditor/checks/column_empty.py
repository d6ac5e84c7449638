"""栏目为空: a reachable column lists no items at all.

An unreachable column is left to `column.unreachable`: its emptiness says nothing. A
list page whose scripts load or write the list (an Ajax call, `document.write`) and
that shows no items is not judged: the auditor does not run scripts, so it cannot
tell an empty column from one it could not read (the log says which columns).

Examples::

    PASS: one item, even an undated one, is enough
        column = { name = "领导信息", kind = "leaders", undated = 1 }

    PASS: an unreachable column is not called empty
        column = { name = "领导信息", kind = "leaders", reachable = false, status = 500 }

    PASS: no items in the markup, but the page's scripts load the list: not judged
        column = { name = "通知公告", kind = "notices", url = "http://127.0.0.1/tzgg/", scripted = true }

    FAIL: the list page loads but lists nothing
        requirement = "栏目不得为空"
        column = { name = "领导信息", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        messages = ["领导信息 栏目无任何信息（栏目不得为空）"]
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from ..models import ColumnSnapshot, Finding, SiteSnapshot
from .common import CheckInfo, CheckParams, CheckRule, Words, make_finding, requirement

log = logging.getLogger(__name__)

INFO = CheckInfo(
    id="column.empty",
    scope="column",
    title=Words("空白栏目", "empty column"),
    fix=Words(
        "补充栏目内容；确无内容的栏目请合并或撤销，不得保留空白栏目",
        "Fill the column; merge or remove a column that has nothing to publish",
    ),
)


class Params(CheckParams):
    """No parameters: any item at all makes a column non-empty."""


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    if column is None or not column.reachable or column.items:
        return
    if column.scripted:
        log.info("%s %s: 栏目列表由脚本加载，无法读取，未判定是否为空 (not judged: its list is loaded by scripts)",
                 site.site_id, column.url)
        return
    yield make_finding(
        rule, site, column=column, url=column.url,
        message=f"{column.name} 栏目无任何信息{requirement(rule)}",
        evidence={"status": column.status},
    )
