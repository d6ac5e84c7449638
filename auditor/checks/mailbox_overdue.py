"""留言办理超时 / mailbox overdue: a letter unanswered past `max_response`, or answered later than it.

R4 (孟津 2011): 连线政府、县长信箱 "按规定时限办理"; nationally, a consultation letter
unanswered for over 3 months is a veto. A letter is unanswered when the site says so
(a status such as 未回复 or 办理中); it is overdue when more than `max_response` has
passed since it was sent. A letter that says nothing of its answer (no status, no
reply) is not accused: its reply may be on a page the auditor did not read, or written
by a script; the audit lists it as unverified (`auditor.checks.coverage`). An answered letter with both dates is
late when the reply came more than `max_response` after it. Letters without a sent
date, and answered letters without a reply date, cannot be judged. A letter read on
the list page and on its own page is judged once (by URL, else by subject and date),
by the reading that says most. With `calendar = "working"` days are working days
(official holidays and 调休, `auditor.workdays`). Exactly at the limit is in time.

Examples::

    PASS: answered on the 15th day
        column = { name = "县长信箱", kind = "mailbox", url = "http://127.0.0.1/xzxx/" }
        readings = [{ url = "http://127.0.0.1/xzxx/", letters = [{ subject = "路灯不亮", url = "http://127.0.0.1/xzxx/1.html", sent = 2026-11-01, answered = true, replied = 2026-11-16 }] }]

    PASS: unanswered, sent exactly 15 days ago
        column = { name = "县长信箱", kind = "mailbox" }
        readings = [{ letters = [{ subject = "路灯不亮", sent = 2026-11-13, status = "未回复", answered = false }] }]

    FAIL: unanswered for 16 days, seen on the list page and on its own page
        requirement = "规定按时限办理，本县时限为 15 天"
        column = { name = "县长信箱", kind = "mailbox", url = "http://127.0.0.1/xzxx/" }
        readings = [{ url = "http://127.0.0.1/xzxx/", letters = [{ subject = "路灯不亮", url = "http://127.0.0.1/xzxx/1.html", sent = 2026-11-12 }] }, { url = "http://127.0.0.1/xzxx/1.html", letters = [{ subject = "路灯不亮", url = "http://127.0.0.1/xzxx/1.html", sent = 2026-11-12, status = "办理中", answered = false }] }]
        keys = [""]
        messages = ["县长信箱 来信《路灯不亮》于2026年11月12日提交，截至2026年11月28日已 16 天未答复，超过 15 天的办理时限（规定按时限办理，本县时限为 15 天）"]

    FAIL: answered late, on a list page without letter links
        column = { name = "连线政府", kind = "mailbox", url = "http://127.0.0.1/lxzf/" }
        readings = [{ url = "http://127.0.0.1/lxzf/", letters = [{ subject = "低保申请", sent = 2026-10-01, status = "已回复", replied = 2026-10-20 }] }]
        keys = ["低保申请|2026-10-01"]
        messages = ["连线政府 来信《低保申请》于2026年10月1日提交，2026年10月20日才答复，历时 19 天，超过 15 天的办理时限"]

    PASS: a letter that says nothing of its answer (no status, no reply) is not judged; it is listed as unverified
        column = { name = "县长信箱", kind = "mailbox", url = "http://127.0.0.1/xzxx/" }
        readings = [{ url = "http://127.0.0.1/xzxx/1.html", letters = [{ subject = "路灯不亮", url = "http://127.0.0.1/xzxx/1.html", sent = 2026-10-01 }] }]

    PASS: ten working days over the National Day holiday are in time
        params = { max_response = "10d", calendar = "working" }
        column = { name = "县长信箱", kind = "mailbox" }
        readings = [{ letters = [{ subject = "国庆期间来信", sent = 2026-09-30, replied = 2026-10-20 }] }]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

from ..durations import parse_days
from ..models import ColumnSnapshot, Finding, Letter, SiteSnapshot
from ..workdays import DAY_UNITS_ZH, CalendarKind, WorkCalendar
from .common import (
    MAX_TEXT_IN_MESSAGE,
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
    id="mailbox.overdue",
    scope="column",
    title=Words("来信办理超期", "letter answered late"),
    fix=Words(
        "在规定时限内办理并答复来信，公开答复内容",
        "Answer the letter within the time limit and publish the reply",
    ),
)

MAX_LETTERS = 5000  # a mailbox's pages within the audit's reach; more is a misread page


class Params(CheckParams):
    max_response: Duration = "15d"  # from sent to replied
    calendar: CalendarKind = "calendar"  # "working": counted in working days (holidays, 调休)

    @property
    def max_response_days(self) -> float:
        return parse_days(self.max_response)


@dataclass(frozen=True)
class _Delay:
    """How long a letter waited: until its reply, or (replied None) until the audit date."""

    letter: Letter
    days: int
    replied: date | None  # None: still unanswered


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None:
        return
    calendar = WorkCalendar(site.extra_workdays, site.extra_holidays)
    today = site.as_of.date()
    for letter in column_letters(site, column):
        delay = _delay(letter, today, lambda a, b: calendar.days_between(a, b, params.calendar))
        if delay is not None and delay.days > params.max_response_days:
            yield _finding(site, rule, column, delay, params)


def column_letters(site: SiteSnapshot, column: ColumnSnapshot) -> list[Letter]:
    """Each letter of the column once, by URL or else subject and sent date; the fullest reading wins."""
    best: dict[tuple[str, ...], Letter] = {}
    for reading in site.readings:
        if reading.column_id != column.column_id:
            continue
        for letter in reading.letters:
            identity = _identity(letter)
            if identity not in best or _richness(letter) > _richness(best[identity]):
                best[identity] = letter
    linked = {_subject_and_date(letter) for letter in best.values() if letter.url}
    # a URL-less list entry of a letter also read with its URL is the same letter
    unique = [letter for key, letter in best.items() if key[0] == "url" or key[1:] not in linked]
    return unique[:MAX_LETTERS]


def _identity(letter: Letter) -> tuple[str, ...]:
    return ("url", letter.url) if letter.url else ("subject", *_subject_and_date(letter))


def _subject_and_date(letter: Letter) -> tuple[str, str]:
    return " ".join(letter.subject.split()), str(letter.sent)


def _richness(letter: Letter) -> int:
    return sum((letter.answered is not None, letter.replied is not None, letter.sent is not None, bool(letter.status)))


def _delay(letter: Letter, today: date, days_between: Callable[[date, date], int]) -> _Delay | None:
    """How long the letter waited (for an answer so far, or for the answer given); None when unknown."""
    if letter.sent is None:
        return None
    if letter.answered is False:
        return _Delay(letter, days_between(letter.sent, today), None)
    if letter.replied is None:
        return None
    return _Delay(letter, days_between(letter.sent, letter.replied), letter.replied)


def _finding(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot, delay: _Delay, params: Params) -> Finding:
    letter = delay.letter
    unit = DAY_UNITS_ZH[params.calendar]
    limit = f"{params.max_response_days:g} {unit}"
    subject = clip(letter.subject, MAX_TEXT_IN_MESSAGE) or "（无标题）"
    if delay.replied is None:
        state = f"截至{zh_day(site.as_of.date())}已 {delay.days} {unit}未答复"
    else:
        state = f"{zh_day(delay.replied)}才答复，历时 {delay.days} {unit}"
    url = letter.url or column.url
    return make_finding(
        rule, site, column=column, url=url,
        key="" if letter.url else f"{clip(letter.subject, MAX_TEXT_IN_MESSAGE)}|{letter.sent}",
        message=f"{column.name} 来信《{subject}》于{zh_day(letter.sent)}提交，{state}，超过 {limit}的办理时限{requirement(rule)}",
        evidence={
            "subject": subject, "sent": str(letter.sent), "replied": str(delay.replied) if delay.replied else None,
            "status": clip(letter.status, MAX_TEXT_IN_MESSAGE), "days": delay.days,
            "max_response_days": params.max_response_days, "calendar": params.calendar,
            "answered": delay.replied is not None,
        },
    )
