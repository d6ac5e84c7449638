"""Cron expressions as the office writes them, turned into APScheduler 3 triggers.

The five fields (minute hour day month weekday) mean what they mean in crontab,
where APScheduler 3's `CronTrigger` reads three things differently:

- weekday numbers: crontab counts 0 (and 7) as Sunday, APScheduler 3 counts 0 as
  Monday (its issue 286), so `0 9 * * 1-5` would run Tuesday to Saturday. Numeric
  weekdays, and `*/n` in the weekday field, are rewritten as names here
  (`mon,tue,wed,thu,fri`), which mean the same to both.
- day and weekday together: when both are restricted, crontab (Vixie cron, the cron
  of Debian) fires on a day matching EITHER, APScheduler only on a day matching both.
  `0 9 1 * 1` is 09:00 on the 1st of each month and on every Monday; the trigger is
  then two cron triggers joined by `OrTrigger`. A field starting with `*` (`*`, `*/2`)
  is unrestricted, as in Vixie cron, and the other field alone decides:
  `0 */2 * * 1-5` is every two hours on weekdays.
- seconds: five fields have minute resolution. A sixth field in front (seconds,
  as in Quartz) lets the tests fire jobs seconds apart.

Each field is checked on its own, so a bad one is named with what to write
(`the day field (日) '32': ...; write 1-31`).

    >>> cron_fields("0 9 * * 1-5")
    {'second': '0', 'minute': '0', 'hour': '9', 'day': '*', 'month': '*', 'day_of_week': 'mon,tue,wed,thu,fri'}
    >>> cron_fields("*/5 * * * * 0,7")["day_of_week"]
    'sun'
    >>> cron_fields("0 9 * * */2")["day_of_week"]
    'sun,tue,thu,sat'
"""

from __future__ import annotations

import re
from datetime import tzinfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.combining import OrTrigger
from apscheduler.triggers.cron import CronTrigger

WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NUMERIC = re.compile(r"^(\d+)(?:-(\d+))?(?:/(\d+))?$")
FIELDS = ("minute", "hour", "day", "month", "day_of_week")
# how a field is named in an error, and what it takes
_FIELD_HELP = {
    "second": ("秒", "0-59, e.g. '*/10'"),
    "minute": ("分", "0-59, e.g. '0', '*/15' or '0,30'"),
    "hour": ("时", "0-23, e.g. '9', '*/2' or '8-18'"),
    "day": ("日", "1-31, e.g. '1,16' or '1-10/3'"),
    "month": ("月", "1-12, e.g. '*' or '1,7'"),
    "day_of_week": ("星期", "0-7 (0 and 7 are Sunday) or mon-sun, e.g. '1-5'"),
}


def cron_fields(expression: str) -> dict[str, str]:
    """The trigger's fields; ValueError naming what to write when the expression is malformed."""
    values = expression.split()
    if len(values) not in (5, 6):
        raise ValueError(f"cron expression {expression!r} has {len(values)} fields; write 5 (minute hour day month weekday)"
                         " or 6 with seconds first")
    second = values.pop(0) if len(values) == 6 else "0"
    fields = dict(zip(FIELDS, values, strict=True))
    fields["day_of_week"] = _weekdays(fields["day_of_week"])
    return {"second": second, **fields}


def _weekdays(field: str) -> str:
    names: list[str] = []
    for written in field.split(","):
        # crontab steps from Sunday (0), APScheduler from Monday
        part = "0-6" + written[1:] if written.startswith("*/") else written
        match = _NUMERIC.match(part)
        if not match:
            names.append(part)  # *, mon-fri: the same in both
            continue
        first, last, step = match.group(1), match.group(2), match.group(3)
        start, end, every = int(first), int(last if last is not None else first), int(step or 1)
        if end > 7 or start > end or every == 0:
            raise ValueError(f"the day of week field (星期) {field!r}: {written!r} is not a weekday; write {_FIELD_HELP['day_of_week'][1]}")
        for day in range(start, end + 1, every):
            name = WEEKDAYS[day % 7]
            if name not in names:
                names.append(name)
    return ",".join(names)


def cron_trigger(expression: str, timezone: tzinfo | None = None) -> BaseTrigger:
    """The trigger firing when crontab would; ValueError naming the bad field and what to write."""
    fields = cron_fields(expression)
    for name, value in fields.items():
        _check_field(name, value)
    day, _, weekday = expression.split()[-3:]  # as written: `*/2` is a restricted weekday once rewritten
    if _restricted(day) and _restricted(weekday):
        # crontab: either day matches; APScheduler alone would need both
        by_day = CronTrigger(timezone=timezone, **{**fields, "day_of_week": "*"})
        by_weekday = CronTrigger(timezone=timezone, **{**fields, "day": "*"})
        return OrTrigger([by_day, by_weekday])
    return CronTrigger(timezone=timezone, **fields)


def _restricted(field: str) -> bool:
    """Whether a day or weekday field limits the days: Vixie cron's test, the field not starting with `*`."""
    return not field.startswith("*")


def _check_field(name: str, value: str) -> None:
    try:
        CronTrigger(**{name: value})
    except ValueError as exc:
        zh, allowed = _FIELD_HELP[name]
        raise ValueError(f"the {name.replace('_', ' ')} field ({zh}) {value!r}: {exc}; write {allowed}") from exc
