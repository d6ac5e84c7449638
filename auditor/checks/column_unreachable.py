"""栏目无法访问: a column's list page could not be loaded.

The crawler marks a column unreachable when its first list page gave no answer or
answered with an HTTP error; the finding points at the column URL and keeps the
status and the fetcher's reason as evidence.

Examples::

    PASS: the list page answered
        column = { name = "通知公告", kind = "notices", reachable = true, items = [2026-11-27] }

    PASS: an unreachable column outside the rule's column kinds is not judged
        applies_to = { column_kinds = ["news"] }
        column = { name = "通知公告", kind = "notices", reachable = false, status = 404 }

    FAIL: the list page answered 404
        requirement = "要求栏目可正常访问"
        column = { name = "通知公告", kind = "notices", url = "http://127.0.0.1/tzgg/", reachable = false, status = 404, error = "http-404" }
        messages = ["通知公告（http://127.0.0.1/tzgg/）无法访问：HTTP 404（要求栏目可正常访问）"]

    FAIL: no answer at all
        column = { name = "通知公告", url = "http://127.0.0.1/tzgg/", reachable = false, error = "timeout" }
        messages = ["通知公告（http://127.0.0.1/tzgg/）无法访问：访问超时"]
"""

from __future__ import annotations

from collections.abc import Iterator

from ..models import ColumnSnapshot, Finding, SiteSnapshot, describe_reason
from .common import (
    MAX_URL_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    Words,
    clip,
    make_finding,
    requirement,
)

INFO = CheckInfo(
    id="column.unreachable",
    scope="column",
    title=Words("栏目无法访问", "column unreachable"),
    fix=Words(
        "检查栏目页面和服务器配置，恢复访问；栏目调整后请同步更新导航和配置",
        "Restore the column page (server, CMS); after moving a column update the navigation and the config",
    ),
)


class Params(CheckParams):
    """No parameters: a column either loads or it does not."""


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    if column is None or column.reachable:
        return
    reason = describe_reason(column.error, column.status)
    yield make_finding(
        rule, site, column=column, url=column.url,
        message=f"{column.name}（{clip(column.url, MAX_URL_IN_MESSAGE)}）无法访问：{reason}{requirement(rule)}",
        evidence={"status": column.status, "error": column.error},
    )
