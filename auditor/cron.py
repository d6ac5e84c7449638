"""Cron expressions as the office writes them, turned into APScheduler 3 triggers.

Two things APScheduler 3's `CronTrigger.from_crontab` gets wrong for us:

- weekday numbers: crontab counts 0 (and 7) as Sunday, APScheduler 3 counts 0 as
  Monday (its issue 286), so `0 9 * * 1-5` would run Tuesday to Saturday. Numeric
  weekdays are rewritten as names here (`mon,tue,wed,thu,fri`), which mean the same
  to both.
- seconds: five fields have minute resolution. A sixth field in front (seconds,
  as in Quartz) lets the tests fire jobs seconds apart.

    >>> cron_fields("0 9 * * 1-5")
    {'second': '0', 'minute': '0', 'hour': '9', 'day': '*', 'month': '*', 'day_of_week': 'mon,tue,wed,thu,fri'}
    >>> cron_fields("*/5 * * * * 0,7")["day_of_week"]
    'sun'
"""

from __future__ import annotations

import re
from datetime import tzinfo

from apscheduler.triggers.cron import CronTrigger

WEEKDAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
_NUMERIC = re.compile(r"^(\d+)(?:-(\d+))?(?:/(\d+))?$")
FIELDS = ("minute", "hour", "day", "month", "day_of_week")


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
    for part in field.split(","):
        match = _NUMERIC.match(part)
        if not match:
            names.append(part)  # *, */2, mon-fri: the same in both
            continue
        first, last, step = match.group(1), match.group(2), match.group(3)
        start, end = int(first), int(last if last is not None else first)
        if end > 7 or start > end:
            raise ValueError(f"weekday {part!r}: write numbers 0-7 (0 and 7 are Sunday) or names mon-sun")
        for day in range(start, end + 1, int(step or 1)):
            name = WEEKDAYS[day % 7]
            if name not in names:
                names.append(name)
    return ",".join(names)


def cron_trigger(expression: str, timezone: tzinfo | None = None) -> CronTrigger:
    return CronTrigger(timezone=timezone, **cron_fields(expression))
