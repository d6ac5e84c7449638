"""公开不及时: a document published later after its formation than allowed.

For each document page read from the column (a `PageReading` with its metadata
block), the publication date (发布日期 of the block, else the date the page itself
shows) minus the formation date (成文日期) longer than `max_delay` is one finding on
the document's URL. With `calendar = "working"` the delay counts working days
(official holidays and 调休, `auditor.workdays`): `max_delay = "20d"` is then 20
working days, as 《政府信息公开条例》第二十六条 sets. Exactly at the limit is no
violation. A document lacking either date is skipped: `document.metadata` reports it.

Examples::

    PASS: published 20 days after its formation: exactly at the limit
        column = { name = "政府文件", kind = "documents" }
        params = { max_delay = "20d" }
        readings = [{ url = "http://127.0.0.1/doc/1.html", document = { formed = 2026-10-01, published = 2026-10-21 } }]

    PASS: a document without a formation date is left to document.metadata
        column = { name = "政府文件", kind = "documents" }
        readings = [{ url = "http://127.0.0.1/doc/1.html", published = 2026-11-20, document = { doc_no = "孟政〔2026〕1号" } }]

    PASS: 28 calendar days over the National Day holiday are 16 working days
        column = { name = "政府文件", kind = "documents" }
        params = { max_delay = "20d", calendar = "working" }
        readings = [{ url = "http://127.0.0.1/doc/1.html", document = { formed = 2026-09-29, published = 2026-10-27 } }]

    FAIL: published 29 days after its formation
        requirement = "规定文件形成20日内公开"
        column = { name = "政府文件", kind = "documents" }
        params = { max_delay = "20d" }
        readings = [{ url = "http://127.0.0.1/doc/1.html", document = { title = "关于做好冬季防火工作的通知", formed = 2026-10-01, published = 2026-10-30 } }]
        keys = [""]
        messages = ["《关于做好冬季防火工作的通知》成文日期2026年10月1日，发布日期2026年10月30日，相隔 29 天（规定文件形成20日内公开）"]

    FAIL: no 发布日期 in the block: the date the page shows counts, in working days
        requirement = "规定自形成之日起20个工作日内公开"
        column = { name = "政府文件", kind = "documents" }
        params = { max_delay = "20d", calendar = "working" }
        readings = [{ url = "http://127.0.0.1/doc/2.html", title = "2026年秋冬季造林方案", published = 2026-11-03, document = { formed = 2026-09-29 } }]
        messages = ["《2026年秋冬季造林方案》成文日期2026年9月29日，发布日期2026年11月3日，相隔 21 个工作日（规定自形成之日起20个工作日内公开）"]
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..durations import parse_days
from ..models import ColumnSnapshot, Finding, PageReading, SiteSnapshot
from ..workdays import DAY_UNITS_ZH, CalendarKind, WorkCalendar
from .common import (
    MAX_TEXT_IN_MESSAGE,
    MAX_URL_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    Duration,
    Words,
    clip,
    make_finding,
    requirement,
    zh_day,
)

INFO = CheckInfo(
    id="document.late",
    scope="column",
    title=Words("文件公开不及时", "document published late"),
    fix=Words(
        "文件形成后按规定时限尽早公开，并如实标注成文日期和发布日期",
        "Publish documents within the deadline after they are formed, with their true formation and publication dates",
    ),
)


class Params(CheckParams):
    max_delay: Duration = "20d"  # from 成文日期 to 发布日期; working days when calendar = "working"
    calendar: CalendarKind = "calendar"  # "working": official holidays and 调休 are not counted

    @property
    def max_delay_days(self) -> float:
        return parse_days(self.max_delay)


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None:
        return
    calendar = WorkCalendar(site.extra_workdays, site.extra_holidays)
    limit = params.max_delay_days
    for reading in site.readings:
        dates = _dates(reading) if reading.column_id == column.column_id else None
        if dates is None:
            continue
        formed, published = dates
        delay = calendar.days_between(formed, published, params.calendar)
        if delay <= limit:
            continue
        yield make_finding(
            rule, site, column=column, url=reading.url,
            message=(
                f"{document_name(reading)}成文日期{zh_day(formed)}，发布日期{zh_day(published)}，"
                f"相隔 {delay} {DAY_UNITS_ZH[params.calendar]}{requirement(rule)}"
            ),
            evidence={"formed": formed.isoformat(), "published": published.isoformat(), "days": delay,
                      "max_delay_days": limit, "calendar": params.calendar},
        )


def _dates(reading: PageReading) -> tuple[date, date] | None:
    """Formation and publication dates of a document page, or None when one is unknown."""
    meta = reading.document
    if meta is None or meta.formed is None:
        return None
    published = meta.published or reading.published
    return (meta.formed, published) if published is not None else None


def document_name(reading: PageReading) -> str:
    """《title》 as the office names a document; the URL when the page shows no title."""
    title = (reading.document.title if reading.document else None) or reading.title
    if title and title.strip():
        return f"《{clip(title, MAX_TEXT_IN_MESSAGE)}》"
    return f"文件 {clip(reading.url, MAX_URL_IN_MESSAGE)} "
