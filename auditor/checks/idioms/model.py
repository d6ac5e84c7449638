"""CMS idiom examples: small real sites, each showing how one CMS builds a page, with the verdict.

A docstring example (`auditor.checks.examples`) judges a snapshot; an idiom example
starts one step earlier. It is a handful of pages served as a real site on 127.0.0.1,
audited end to end (fetch, crawl, extract, check) with the built-in ruleset, and the
violations of the checks it `judges` must be exactly `expect`: none for a PASS, the
listed ones for a FAIL. They document what the auditor reads right, pattern by pattern
(`PATTERNS`), and `tests/integration/test_idiom_examples.py` runs every one of them.

Paths are exact: `"/show.asp?id=3&classid=2"` is served only under that query string,
as URL-rewrite rules and signed links do, so a crawler that re-sorts a query gets 404.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# the patterns of real CMS sites that a check must read right (issues 14 and 15)
PATTERNS: dict[str, str] = {
    "undated-lists": "领导、办事指南、链接等无日期列表是列表：其详情页按栏目类型评判",
    "script-item-pages": "ASP/JSP/PHP 带条目编号的动态页是内容，不是爬虫陷阱",
    "script-lists": "脚本输出的列表（jpage 变量、dataproxy 分页、短键名 JS 数组）",
    "guides-name-themselves": "办事指南以标题命名；要素名称的常见变体",
    "links-as-linked": "链接按页面原样请求、存储和报告（查询顺序、编码不变）",
    "one-problem-one-row": "一个问题一行：多个规则集同时违反时列出全部规则",
    "deterministic": "同一网站群两次审计结果相同",
    # the Completeness issue (15)
    "full-depth-columns": "每个栏目按各种分页方式读到末页：任何一页上的过时信息",
    "catalogue": "政府信息公开目录要素：标签写法（空格、全角、发文机关、公开日期）与版式（表格、定义列表、meta 标签）",
    "letters-in-full": "信箱每封来信：来信列表的每一页、各种来信页面，超期未答复与答复超期",
    "dead-home": "首页打不开：多次重试仍失败为严重问题，网站不合格；拒绝机器访问不算",
}

EXAMPLE_AS_OF = date(2026, 11, 28)  # the audit date of every example (09:00 Asia/Shanghai)


@dataclass(frozen=True, slots=True)
class Served:
    """One answer of the example site. A str body is encoded with `encoding`;
    `content_type` None sends no Content-Type header at all (old ASP servers)."""

    body: str
    encoding: str = "utf-8"
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    delay: float = 0.0  # seconds before answering (a slow photo server)
    fail_first: int = 0  # answer 503 with Retry-After: 1 to this many first requests


@dataclass(frozen=True, slots=True)
class ExampleColumn:
    id: str
    name: str
    kind: str
    path: str  # the list page, exact
    update_within: str | None = None


@dataclass(frozen=True, slots=True)
class IdiomExample:
    pattern: str  # a key of PATTERNS
    title: str  # what it shows, in a few words
    verdict: Literal["PASS", "FAIL"]
    columns: tuple[ExampleColumn, ...]
    pages: Mapping[str, Served]  # exact path (and query) -> answer; "/" is made when absent
    judges: tuple[str, ...]  # the check types whose violations must be exactly `expect`
    expect: tuple[tuple[str, str], ...] = ()  # (check, exact path of the violation's url)
    unverified: tuple[tuple[str, str], ...] = ()  # (check, path) it could not judge, reported apart
    site_kind: Literal["county", "town", "department"] = "department"
    rulesets: tuple[str, ...] = ("mengjin-2011",)
    repeat: int = 1  # audits of the same site; every one must give the same violation ids
    notes: str = ""
    extra: dict[str, str] = field(default_factory=dict)  # free-form facts for the docs

    def __post_init__(self) -> None:
        if self.pattern not in PATTERNS:
            raise ValueError(f"unknown pattern {self.pattern!r}")
        if (self.verdict == "PASS") == bool(self.expect):
            raise ValueError(f"{self.title}: a PASS expects nothing, a FAIL expects something")
        for check, _ in self.expect:
            if check not in self.judges:
                raise ValueError(f"{self.title}: expected {check} is not among the judged checks")


def html(title: str, body: str, *, charset: str | None = "utf-8", head: str = "") -> str:
    """A page as CMS templates write one: a charset meta (or none), a title, a body."""
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>{title}</title>{head}</head><body>{body}</body></html>"
