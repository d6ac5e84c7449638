"""网站标识缺失 / footer identity: the home page lacks required identity elements.

《政府网站发展指引》（国办发〔2017〕47号）asks for these in the footer: 网站标识码
(10 digits, or `bm` and 8 digits for ministries), ICP备案编号, 公安机关备案号, the
党政机关网站标识 (conac), 主办单位 and a contact. One finding per site on the home page,
listing what is missing; a 网站标识码 of the wrong form is named in the same finding.
A site whose home page was not read has no identity to judge: no finding
(`column.unreachable` and `site.availability` report unreachability).

Examples::

    PASS: every default element present, the code of 10 digits
        identity = { site_id_code = "4103220001", icp = "豫ICP备05012345号", police_record = "豫公网安备 41032202000123号", conac = true, sponsor = "孟津县人民政府办公室" }

    PASS: the home page was not read
        params = { required = ["site_id_code", "sponsor"] }

    PASS: a ministry's code is bm and 8 digits; only the code is required
        params = { required = ["site_id_code"] }
        identity = { site_id_code = "bm09000001" }

    FAIL: no conac mark and no police record
        requirement = "页面底部应列明网站标识信息"
        identity = { site_id_code = "4103220001", icp = "豫ICP备05012345号", conac = false, sponsor = "孟津县人民政府办公室" }
        messages = ["网站首页 http://127.0.0.1/ 底部缺少：公安机关备案号、党政机关网站标识（页面底部应列明网站标识信息）"]

    FAIL: a code of 9 digits is no 网站标识码
        params = { required = ["site_id_code", "sponsor"] }
        identity = { site_id_code = "410322000", sponsor = "孟津县人民政府办公室" }
        messages = ["网站首页 http://127.0.0.1/ 底部的网站标识码“410322000”格式不正确，应为 10 位数字或 bm 加 8 位数字"]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from ..models import ColumnSnapshot, Finding, Identity, SiteSnapshot
from .common import (
    MAX_TEXT_IN_MESSAGE,
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
    id="site.identity",
    scope="site",
    title=Words("网站标识不全", "site identity incomplete"),
    fix=Words(
        "在网站底部补全网站标识码、ICP备案编号、公安机关备案号、党政机关网站标识和主办单位",
        "Add the site identity code, ICP number, public-security record number, the party and government badge and the sponsor to the footer",
    ),
)

IdentityElement = Literal["site_id_code", "icp", "police_record", "conac", "sponsor", "contact"]
ELEMENT_NAMES_ZH: dict[str, str] = {
    "site_id_code": "网站标识码",
    "icp": "ICP备案编号",
    "police_record": "公安机关备案号",
    "conac": "党政机关网站标识",
    "sponsor": "主办单位",
    "contact": "联系方式",
}
SITE_ID_CODE = re.compile(r"\d{10}|bm\d{8}", re.IGNORECASE)


class Params(CheckParams):
    required: tuple[IdentityElement, ...] = ("site_id_code", "icp", "police_record", "conac", "sponsor")


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    identity = site.identity
    if identity is None:
        return
    missing = [element for element in dict.fromkeys(params.required) if not _present(identity, element)]
    code = (identity.site_id_code or "").strip()
    malformed = "site_id_code" in params.required and bool(code) and SITE_ID_CODE.fullmatch(code) is None
    if not missing and not malformed:
        return
    problems = []
    if missing:
        problems.append("底部缺少：" + "、".join(ELEMENT_NAMES_ZH[element] for element in missing))
    if malformed:
        problems.append(f"底部的网站标识码“{clip(code, MAX_TEXT_IN_MESSAGE)}”格式不正确，应为 10 位数字或 bm 加 8 位数字")
    yield make_finding(
        rule, site, column=None, url=site.url,
        message=f"网站首页 {clip(site.url, MAX_URL_IN_MESSAGE)} {'；'.join(problems)}{requirement(rule)}",
        evidence={"missing": missing, "site_id_code": clip(code, MAX_TEXT_IN_MESSAGE) if code else None,
                  "site_id_code_malformed": malformed},
    )


def _present(identity: Identity, element: str) -> bool:
    value = getattr(identity, element)
    return value if isinstance(value, bool) else bool(value and value.strip())
