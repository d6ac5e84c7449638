"""办事指南不全 / service guide incomplete: a guide lacks required elements, or its forms do not download.

R8 (孟津 2011): the 55 guides show "办事流程、收费依据、优惠政策、表格下载"; the national
indicators deduct for guides missing elements and for forms that do not download.
Element names are the keys the extractor reads guides into (`SERVICE_ELEMENTS` in
`auditor.extract.services`: 办事流程 / 办理程序 / 办事程序 are read as 办理流程, 收费标准
that says the service is free as 收费依据, 减免政策 as 优惠政策, a form file linked in the
guide as 表格下载). A guide names itself: its 事项名称 is present when it has a name,
labelled or taken from its title or heading ("XX办事指南" → XX).

Only pages read as guides are judged: a page of a services column that has no guide's
structure (a news item, a login wall, a PDF) has no `service` and no finding. A form
counts as not downloading when its verdict in `resources` is broken, timed out or
wrong (a form never checked is not judged). One finding per guide page, listing both.

Examples::

    PASS: all four elements, and the form downloads
        column = { name = "办事指南", kind = "services", url = "http://127.0.0.1/bszn/" }
        readings = [{ url = "http://127.0.0.1/bszn/1.html", service = { name = "农村宅基地审批", elements = ["办理流程", "收费依据", "优惠政策", "表格下载"], forms = ["http://127.0.0.1/f/1.doc"] } }]
        resources = [{ url = "http://127.0.0.1/f/1.doc", outcome = "ok", status = 200 }]

    PASS: a guide without a 事项名称 field is named by its title
        params = { required_elements = ["事项名称", "办理流程"] }
        column = { name = "办事指南", kind = "services" }
        readings = [{ url = "http://127.0.0.1/show.asp?id=12", title = "农村宅基地审批办事指南", service = { name = "农村宅基地审批", elements = ["办理流程"] } }]

    PASS: a page of the column that is not a guide is not judged
        column = { name = "办事指南", kind = "services" }
        readings = [{ url = "http://127.0.0.1/show.asp?id=13", title = "我县召开政务服务工作会议" }]

    PASS: forms need not download when the rule says so
        params = { required_elements = ["办理流程"], forms_must_download = false }
        column = { name = "办事指南", kind = "services" }
        readings = [{ url = "http://127.0.0.1/bszn/1.html", service = { elements = ["办理流程"], forms = ["http://127.0.0.1/f/1.doc"] } }]
        resources = [{ url = "http://127.0.0.1/f/1.doc", status = 404 }]

    FAIL: a guide with no name at all lacks 事项名称
        params = { required_elements = ["事项名称", "办理流程"] }
        column = { name = "办事指南", kind = "services" }
        readings = [{ url = "http://127.0.0.1/show.asp?id=14", service = { elements = ["办理流程"] } }]
        messages = ["办事指南 http://127.0.0.1/show.asp?id=14 缺少：事项名称"]

    FAIL: a complete guide whose form answers 404
        column = { name = "办事指南", kind = "services" }
        readings = [{ url = "http://127.0.0.1/show.asp?id=15", service = { name = "残疾人证办理", elements = ["办理流程", "收费依据", "优惠政策", "表格下载"], forms = ["http://127.0.0.1/f/15.doc"] } }]
        resources = [{ url = "http://127.0.0.1/f/15.doc", status = 404 }]
        messages = ["办事指南《残疾人证办理》（http://127.0.0.1/show.asp?id=15）表格无法下载：http://127.0.0.1/f/15.doc（HTTP 404）"]

    FAIL: two elements missing and the form is gone
        requirement = "办事指南应公开办事流程、收费依据、优惠政策、表格下载"
        column = { name = "办事指南", kind = "services", url = "http://127.0.0.1/bszn/" }
        readings = [{ url = "http://127.0.0.1/bszn/2.html", service = { name = "生育登记", elements = ["办理流程", "表格下载"], forms = ["http://127.0.0.1/f/2.doc"] } }]
        resources = [{ url = "http://127.0.0.1/f/2.doc", status = 404 }]
        messages = ["办事指南《生育登记》（http://127.0.0.1/bszn/2.html）缺少：收费依据、优惠政策；表格无法下载：http://127.0.0.1/f/2.doc（HTTP 404）（办事指南应公开办事流程、收费依据、优惠政策、表格下载）"]
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import field_validator

from ..extract.services import SERVICE_ELEMENTS
from ..models import ColumnSnapshot, Finding, PageReading, ServiceGuide, SiteSnapshot
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
from .resources import resource_failure

INFO = CheckInfo(
    id="service.incomplete",
    scope="column",
    title=Words("办事指南要素缺失", "service guide incomplete"),
    fix=Words(
        "补全办事指南的办事流程、收费依据、优惠政策和表格下载，并确认表格可以下载",
        "Complete the service guide (procedure, fee basis, concessions, forms) and check the forms download",
    ),
)

MAX_FORMS_IN_MESSAGE = 3
MAX_FORMS_IN_EVIDENCE = 20


class Params(CheckParams):
    required_elements: tuple[str, ...] = ("办理流程", "收费依据", "优惠政策", "表格下载")
    forms_must_download: bool = True

    @field_validator("required_elements")
    @classmethod
    def _known_elements(cls, elements: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [element for element in elements if element not in SERVICE_ELEMENTS]
        if unknown:
            raise ValueError(f"unknown service-guide elements {unknown}; known: {', '.join(SERVICE_ELEMENTS)}")
        return elements


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None:
        return
    for reading, guide in _guides(site, column):
        missing = [element for element in dict.fromkeys(params.required_elements) if not _shows(guide, element)]
        failing = _failing_forms(site, guide) if params.forms_must_download else []
        if missing or failing:
            yield _finding(site, rule, column, reading, guide, missing, failing)


def _shows(guide: ServiceGuide, element: str) -> bool:
    """Whether the guide shows the element; a guide named by its title or heading shows its 事项名称."""
    return element in guide.elements or (element == "事项名称" and bool(guide.name.strip()))


def _guides(site: SiteSnapshot, column: ColumnSnapshot) -> list[tuple[PageReading, ServiceGuide]]:
    """Each guide page of the column once (the first reading of a URL), in URL order."""
    guides: dict[str, tuple[PageReading, ServiceGuide]] = {}
    for reading in site.readings:
        if reading.column_id == column.column_id and reading.service is not None:
            guides.setdefault(reading.url, (reading, reading.service))
    return [guides[url] for url in sorted(guides)]


def _failing_forms(site: SiteSnapshot, guide: ServiceGuide) -> list[tuple[str, str]]:
    """(form URL, why it fails) for each form that does not download."""
    failures = ((form, resource_failure(site, form)) for form in dict.fromkeys(guide.forms))
    return [(form, reason) for form, reason in failures if reason is not None]


def _finding(
    site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot, reading: PageReading, guide: ServiceGuide,
    missing: list[str], failing: list[tuple[str, str]],
) -> Finding:
    problems: list[str] = []
    if missing:
        problems.append("缺少：" + "、".join(missing))
    if failing:
        shown = "、".join(f"{clip(form, MAX_URL_IN_MESSAGE)}（{reason}）" for form, reason in failing[:MAX_FORMS_IN_MESSAGE])
        more = f" 等 {len(failing)} 个" if len(failing) > MAX_FORMS_IN_MESSAGE else ""
        problems.append(f"表格无法下载：{shown}{more}")
    name = clip(guide.name or reading.title, MAX_TEXT_IN_MESSAGE)
    guide_words = f"《{name}》（{clip(reading.url, MAX_URL_IN_MESSAGE)}）" if name else f" {clip(reading.url, MAX_URL_IN_MESSAGE)} "
    return make_finding(
        rule, site, column=column, url=reading.url,
        message=f"{column.name}{guide_words}{'；'.join(problems)}{requirement(rule)}",
        evidence={
            "name": name, "missing": missing,
            "failing_forms": [{"url": form, "reason": reason} for form, reason in failing[:MAX_FORMS_IN_EVIDENCE]],
            "failing_form_count": len(failing),
        },
    )
