"""表述错误和错别字 / wording: a listed wrong form of a political formulation, a body's or a law's name, or a 错别字 in a page's text.

The content scan (`auditor.extract.wording`) reads every HTML page the crawl opens and
matches its visible text against the lists of wrong forms (`wording_lists/*.toml`, each
entry with its right form and the source of it). Only forms that are never right are
listed, so a finding is an error wherever it stands; the office still confirms a
严重表述错误 before treating it as a veto. One finding per page, listing each distinct
error of the rule's `kinds` with its sentence and right form (up to 10 in the evidence).

Not judged: wrong ordinals that depend on the date (党的十九大 in a text of 2023), wrong
names or titles of the unit's own leaders (not compared with the leader pages), errors
split by markup across two blocks, and a correction written without quotes (应为国务院
办公厅而非国务院办公室), which is reported.

Examples::

    PASS: no wording error found on any page
        params = { kinds = ["formulation", "body_name", "law_name"] }

    PASS: a typo is not a rule's error when the rule judges serious errors only
        params = { kinds = ["formulation", "body_name", "law_name"] }
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "typo", found = "再接再励", context = "再接再励，再创佳绩。", correction = "再接再厉", source = "《现代汉语词典》" }]

    FAIL: a wrong name of a state body and a wrong formulation on one page: one finding
        params = { kinds = ["formulation", "body_name", "law_name"] }
        requirement = "网站不得出现严重表述错误"
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "body_name", found = "国务院办公室", context = "根据国务院办公室通知要求。", correction = "国务院办公厅", source = "国务院组成部门" }, { check = "content.wording", url = "http://127.0.0.1/a.html", kind = "formulation", found = "十九大四中全会", context = "学习十九大四中全会精神。", correction = "十九届四中全会", source = "全会公报" }]
        messages = ["页面 http://127.0.0.1/a.html 有 2 处表述错误：“国务院办公室”应为“国务院办公厅”（“根据国务院办公室通知要求。”）；“十九大四中全会”应为“十九届四中全会”（“学习十九大四中全会精神。”）（网站不得出现严重表述错误）"]

    FAIL (2 findings): 错别字 on two pages
        params = { kinds = ["typo"] }
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "typo", found = "再接再励", context = "再接再励，再创佳绩。", correction = "再接再厉" }, { check = "content.wording", url = "http://127.0.0.1/b.html", kind = "typo", found = "截止目前", context = "截止目前，已办结。", correction = "截至目前" }]
        messages = ["页面 http://127.0.0.1/a.html 有 1 处错别字：“再接再励”应为“再接再厉”（“再接再励，再创佳绩。”）", "页面 http://127.0.0.1/b.html 有 1 处错别字：“截止目前”应为“截至目前”（“截止目前，已办结。”）"]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..models import ColumnSnapshot, Finding, PageFinding, SiteSnapshot
from .common import (
    MAX_URL_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    NonEmpty,
    Words,
    clip,
    make_finding,
    requirement,
)

INFO = CheckInfo(
    id="content.wording",
    scope="site",
    title=Words("表述错误、错别字", "wording errors"),
    fix=Words(
        "核对并更正页面中的错误表述和错别字（党和国家重要会议、机构名称、法律法规名称以权威文本为准），严重表述错误须立即更正",
        "Check and correct the wrong wording and miswritten words on the page (names of congresses, bodies and laws as the official texts give them); correct serious errors at once",
    ),
)

CHECK = INFO.id  # the check its page findings are filed under
WordingKind = Literal["formulation", "body_name", "law_name", "typo"]
MAX_IN_MESSAGE = 3  # errors spelt out in the sentence; the evidence holds up to MAX_IN_EVIDENCE
MAX_IN_EVIDENCE = 10
MAX_SENTENCE = 60


class Params(CheckParams):
    kinds: NonEmpty[WordingKind] = ("formulation", "body_name", "law_name", "typo")


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    by_page: dict[str, dict[str, PageFinding]] = {}
    for found in site.page_findings:
        if found.check == CHECK and found.kind in params.kinds:
            by_page.setdefault(found.url, {}).setdefault(found.found, found)
    key = "+".join(sorted(set(params.kinds)))
    for url, errors in by_page.items():
        listed = list(errors.values())
        label = "错别字" if all(e.kind == "typo" for e in listed) else "表述错误"
        shown = "；".join(_describe(e) for e in listed[:MAX_IN_MESSAGE]) + ("等" if len(listed) > MAX_IN_MESSAGE else "")
        yield make_finding(
            rule, site, column=None, url=url, key=key,
            message=f"页面 {clip(url, MAX_URL_IN_MESSAGE)} 有 {len(listed)} 处{label}：{shown}{requirement(rule)}",
            evidence={"errors": [
                {"wrong": e.found, "right": e.correction, "kind": e.kind, "sentence": clip(e.context, MAX_SENTENCE),
                 "source": e.source}
                for e in listed[:MAX_IN_EVIDENCE]
            ], "count": len(listed)},
        )


def _describe(error: PageFinding) -> str:
    sentence = f"（“{clip(error.context, MAX_SENTENCE)}”）" if error.context else ""
    return f"“{error.found}”应为“{error.correction}”{sentence}"
