"""个人信息泄露 / personal data: a public page shows resident ID, bank card or private mobile numbers.

The crawl's content scan (`auditor.extract.personal`) reads each opened page's visible text
for resident ID numbers (GB 11643-1999 check code, a valid birth date and province code;
18 in a row or grouped 6-8-4 by single spaces or hyphens),
bank card numbers (Luhn and an issuer's prefix, not a document or order number, not a
unit's account line) and mobile numbers outside contact fields (not after 联系电话, 电话,
手机, 传真, 热线 … in a field, not in a cell labelled so, not in the page's header, navigation,
footer or a 联系我们 block). It masks them before they leave the page. This check makes one
finding per page, counting each kind, with up to 5 masked examples in their masked
sentences. Its key is a hash of the values' hashes: the same leak is the same problem
from run to run, and no value is stored in full. The .docx, .xlsx and PDF files a page links
on the site's own hosts (at most 20 per site, none over 2 MB) are read for ID and card numbers
(not mobiles: a spreadsheet's 联系电话 column is not seen as its cells' label); what one holds
is reported on the page linking it, masked as on a page. A PDF is read for its text layer
only, its first 50 pages within 2 seconds (`auditor.extract.pdftext`): a scanned PDF (pages
that are pictures), an encrypted one and one that cannot be parsed give no text, so nothing
is found in them. That is a miss, never a pass nor an accusation, and it is not listed as
unverified: no finding says which attachments could not be read.

Examples::

    PASS: nothing personal found on the pages read

    PASS: a mobile number, when the rule asks only for ID numbers
        params = { kinds = ["id_number"] }
        page_findings = [{ check = "content.personal_data", kind = "mobile", found = "138****5678", context = "张三 138****5678", key = "a1" }]

    PASS: another check's finding on the page
        page_findings = [{ check = "content.wording", kind = "typo", found = "既使", correction = "即使" }]

    FAIL: an ID number and a mobile number in a 公示 page
        requirement = "不得公开公民个人隐私信息"
        page_findings = [{ check = "content.personal_data", url = "http://127.0.0.1/gs/1.html", kind = "id_number", found = "4103**********1237", context = "张三（身份证号：4103**********1237）", key = "a1" }, { check = "content.personal_data", url = "http://127.0.0.1/gs/1.html", kind = "mobile", found = "138****5678", context = "张三 138****5678 予以公示", key = "b2" }]
        keys = ["personal:f5a8b1ca6464a9cf"]
        messages = ["页面 http://127.0.0.1/gs/1.html 公开了个人信息：身份证号码 1 个、手机号码 1 个，如“张三（身份证号：4103**********1237）”，应删除或作脱敏处理（不得公开公民个人隐私信息）"]

    FAIL (2 findings): two pages, one finding each
        page_findings = [{ check = "content.personal_data", url = "http://127.0.0.1/a.html", kind = "bank_card", found = "6222***********0128", context = "银行卡号6222***********0128", key = "c3" }, { check = "content.personal_data", url = "http://127.0.0.1/b.html", kind = "id_number", found = "4103**********1237", context = "身份证号4103**********1237", key = "a1" }]
        messages = ["页面 http://127.0.0.1/a.html 公开了个人信息：银行卡号 1 个，如“银行卡号6222***********0128”，应删除或作脱敏处理", "页面 http://127.0.0.1/b.html 公开了个人信息：身份证号码 1 个，如“身份证号4103**********1237”，应删除或作脱敏处理"]

    FAIL: an ID number in an attached spreadsheet, reported on the page linking it
        page_findings = [{ check = "content.personal_data", url = "http://127.0.0.1/files/mingdan.xlsx", source = "http://127.0.0.1/gs/2.html", kind = "id_number", found = "4103**********1237", context = "1 张三 4103**********1237", key = "a1" }]
        messages = ["页面 http://127.0.0.1/gs/2.html 公开了个人信息：身份证号码 1 个，如“1 张三 4103**********1237”（其中 1 个在所链接的附件中，如 http://127.0.0.1/files/mingdan.xlsx），应删除或作脱敏处理"]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Literal

from ..models import ColumnSnapshot, Finding, PageFinding, SiteSnapshot
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
    id="content.personal_data",
    scope="site",
    title=Words("泄露个人信息", "personal data exposed"),
    fix=Words(
        "立即删除页面上的身份证号码、银行卡号和个人手机号码，或按规定作脱敏处理（如隐去中间位数），并检查同类页面和附件",
        "Remove the ID, bank card and private mobile numbers from the page at once, or mask them as required "
        "(hide the middle digits), and check similar pages and attachments",
    ),
)

Kind = Literal["id_number", "bank_card", "mobile"]
KIND_NAMES_ZH: dict[str, str] = {"id_number": "身份证号码", "bank_card": "银行卡号", "mobile": "手机号码"}
MAX_EXAMPLES = 5
MAX_CONTEXT_IN_MESSAGE = 60


class Params(CheckParams):
    kinds: tuple[Kind, ...] = ("id_number", "bank_card", "mobile")  # which kinds of personal data to report


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    by_page: dict[str, list[PageFinding]] = {}
    for found in site.page_findings:
        if found.check == INFO.id and found.kind in params.kinds:
            by_page.setdefault(found.source or found.url, []).append(found)  # an attachment's: on the page linking it
    for url in sorted(by_page):
        yield _finding(site, rule, url, by_page[url])


def _finding(site: SiteSnapshot, rule: CheckRule, url: str, found: list[PageFinding]) -> Finding:
    found = sorted(found, key=lambda f: list(KIND_NAMES_ZH).index(f.kind))  # ID numbers first: the gravest
    counts = {kind: sum(1 for f in found if f.kind == kind) for kind in KIND_NAMES_ZH if any(f.kind == kind for f in found)}
    summary = "、".join(f"{KIND_NAMES_ZH[kind]} {count} 个" for kind, count in counts.items())
    first = found[0]
    example = clip(first.context or first.found, MAX_CONTEXT_IN_MESSAGE)
    attached = sorted({f.url for f in found if f.source})
    where = f"（其中 {sum(1 for f in found if f.source)} 个在所链接的附件中，如 {clip(attached[0], MAX_URL_IN_MESSAGE)}）" if attached else ""
    keys = sorted({f.key or f.found for f in found})
    key = "personal:" + hashlib.sha256("|".join(keys).encode()).hexdigest()[:16]
    return make_finding(
        rule, site, column=None, url=url, key=key,
        message=f"页面 {clip(url, MAX_URL_IN_MESSAGE)} 公开了个人信息：{summary}，如“{example}”{where}，应删除或作脱敏处理{requirement(rule)}",
        evidence={
            "counts": counts,
            "examples": [{"kind": f.kind, "found": f.found, "context": f.context, "attachment": f.url if f.source else None}
                         for f in found[:MAX_EXAMPLES]],
            "attachments": attached,
        },
    )
