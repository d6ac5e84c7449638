"""要素不全: a document page lacks required metadata (索引号, 发布机构, 成文日期, 发布日期, 文号).

Each document page read from the column that lacks one or more of the `required`
fields is one finding on the document's URL, naming every missing field. A page is a
document page when its metadata block shows at least one of 索引号, 发布机构, 成文日期
or 文号. A page listed in the column with no such block at all (a policy explainer, a
news item, a page its scripts fill in) is not accused of lacking them all: the audit
lists it as unverified (`auditor.checks.coverage`). 发布日期 is present when the block
or the page itself shows it. Blank text counts as missing.

Examples::

    PASS: every field shown
        column = { name = "政府文件", kind = "documents" }
        readings = [{ url = "http://127.0.0.1/doc/1.html", document = { index_no = "00000-2026-00001", publisher = "孟津县人民政府办公室", formed = 2026-10-01, published = 2026-10-08, doc_no = "孟政办〔2026〕12号" } }]

    PASS: only the dates are required, and the page itself shows the publication date
        column = { name = "政府文件", kind = "documents" }
        params = { required = ["formed", "published"] }
        readings = [{ url = "http://127.0.0.1/doc/1.html", published = 2026-10-08, document = { formed = 2026-10-01 } }]

    FAIL: no 索引号 and no 文号
        requirement = "规定政府文件标明索引号、发布机构、成文日期、发布日期和文号"
        column = { name = "政府文件", kind = "documents" }
        readings = [{ url = "http://127.0.0.1/doc/1.html", document = { title = "关于做好冬季防火工作的通知", publisher = "孟津县人民政府办公室", formed = 2026-10-01, published = 2026-10-08, doc_no = " " } }]
        keys = [""]
        messages = ["《关于做好冬季防火工作的通知》缺少索引号、文号（规定政府文件标明索引号、发布机构、成文日期、发布日期和文号）"]

    PASS: a page of the column without any metadata block is not judged (it is listed as unverified)
        column = { name = "政府文件", kind = "documents" }
        params = { required = ["formed", "published"] }
        readings = [{ url = "http://127.0.0.1/doc/1.html", title = "关于《实施方案》的政策解读" }]

    FAIL (2 findings): two documents whose blocks lack 成文日期, one also 发布日期
        column = { name = "政府文件", kind = "documents" }
        params = { required = ["formed", "published"] }
        readings = [{ url = "http://127.0.0.1/doc/1.html", title = "通知", document = { index_no = "00000-2026-00001" } }, { url = "http://127.0.0.1/doc/2.html", document = { doc_no = "孟政〔2026〕3号", published = 2026-10-08 } }]
        messages = ["《通知》缺少成文日期、发布日期", "文件 http://127.0.0.1/doc/2.html 缺少成文日期"]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import field_validator

from ..models import ColumnSnapshot, Finding, PageReading, SiteSnapshot
from .common import CheckInfo, CheckParams, CheckRule, Words, make_finding, requirement
from .document_late import document_name

INFO = CheckInfo(
    id="document.metadata",
    scope="column",
    title=Words("文件要素缺失", "document metadata missing"),
    fix=Words(
        "补全文件的索引号、成文日期、发布日期等要素",
        "Add the missing document fields (index number, formation date, publication date)",
    ),
)

FIELD_LABELS_ZH = {
    "index_no": "索引号",
    "publisher": "发布机构",
    "formed": "成文日期",
    "published": "发布日期",
    "doc_no": "文号",
}
MetadataField = Literal["index_no", "publisher", "formed", "published", "doc_no"]


class Params(CheckParams):
    required: tuple[MetadataField, ...] = ("index_no", "publisher", "formed", "published", "doc_no")

    @field_validator("required")
    @classmethod
    def _some_and_distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("an empty list requires nothing; leave the rule out instead")
        if len(set(value)) != len(value):
            raise ValueError(f"a field is listed twice in {list(value)}")
        return value


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None:
        return
    for reading in site.readings:
        if reading.column_id != column.column_id or not is_document_page(reading):
            continue
        missing = [name for name in params.required if not _present(reading, name)]
        if not missing:
            continue
        labels = "、".join(FIELD_LABELS_ZH[name] for name in missing)
        yield make_finding(
            rule, site, column=column, url=reading.url,
            message=f"{document_name(reading)}缺少{labels}{requirement(rule)}",
            evidence={"missing": missing},
        )


def is_document_page(reading: PageReading) -> bool:
    """A page whose metadata block shows something of a document: the only pages judged."""
    meta = reading.document
    return meta is not None and any(_shown(getattr(meta, name)) for name in DOCUMENT_MARKS)


DOCUMENT_MARKS = ("index_no", "publisher", "formed", "doc_no")


def _shown(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _present(reading: PageReading, name: str) -> bool:
    meta = reading.document
    if name == "published" and reading.published is not None:
        return True
    return meta is not None and _shown(getattr(meta, name))
