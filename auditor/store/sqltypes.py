"""Column types and value cleaning shared by every table.

Page content comes from sites we do not control, so every string bound for the
database passes through `clean_text`: PostgreSQL refuses NUL characters and lone
surrogates, and a URL of megabytes would bloat indexes (PostgreSQL even refuses a
btree entry over ~2.7 kB).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

URL_BYTES = 2048  # indexed: stays well under PostgreSQL's btree entry limit
SHORT_BYTES = 512  # titles, link texts, error reasons, header values
LONG_BYTES = 8192  # violation messages


def clean_text(value: str | None, limit: int = SHORT_BYTES) -> str:
    """Drop NULs, replace lone surrogates, cut to `limit` UTF-8 bytes on a character boundary."""
    if not value:
        return ""
    # the common cases return the string itself: a run cleans 200,000 of them (its links)
    if value.isascii():  # one byte a character, no surrogate: cut by characters
        if "\x00" in value:
            value = value.replace("\x00", "")
        return value if len(value) <= limit else value[:limit]
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        raw = value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: "?" in its place
        raw = value.encode("utf-8", "replace")
    else:
        if len(raw) <= limit:
            return value
    return raw[:limit].decode("utf-8", "ignore")


def clean_optional(value: str | None, limit: int = SHORT_BYTES) -> str | None:
    return None if value is None else clean_text(value, limit)


def clean_url(value: str | None) -> str:
    return clean_text(value, URL_BYTES)


def json_default(value: Any) -> Any:
    """What JSON cannot hold as it is: dates as ISO text, enums by value, sets as lists, the rest as text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    return str(value)


def dumps_json(value: Any) -> str:
    """The engine's JSON serializer: readable Chinese, dates as ISO text, never a crash."""
    text = json.dumps(value, ensure_ascii=False, default=json_default, sort_keys=True)
    # a lone surrogate survives json.dumps(ensure_ascii=False) but not the database driver
    return text.encode("utf-8", "replace").decode("utf-8")


class UTCDateTime(sa.TypeDecorator[datetime]):
    """Stores UTC, returns timezone-aware UTC datetimes on every backend.

    A naive datetime handed in is taken to be UTC already.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        # SQLite keeps text without an offset: store naive UTC so text order is time order
        return aware.replace(tzinfo=None) if dialect.name == "sqlite" else aware

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# 64-bit keys for the big tables; SQLite only auto-increments an INTEGER PRIMARY KEY
BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
