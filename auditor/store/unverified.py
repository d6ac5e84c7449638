"""What a check could not judge in a run (`auditor.checks.coverage`), kept with the run."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import UnverifiedCheck
from .sqltypes import LONG_BYTES, clean_optional, clean_text, clean_url
from .tables import unverified_checks


def save_unverified(conn: Connection, run_id: int, places: list[UnverifiedCheck]) -> None:
    if places:
        conn.execute(unverified_checks.insert(), [
            {"run_id": run_id, "site_id": p.site, "column_id": clean_optional(p.column, 64),
             "check_type": clean_text(p.check, 64), "url": clean_url(p.url), "reason": clean_text(p.reason, LONG_BYTES)}
            for p in places
        ])


def list_unverified(conn: Connection, run_id: int) -> list[UnverifiedCheck]:
    query = sa.select(unverified_checks).where(unverified_checks.c.run_id == run_id).order_by(unverified_checks.c.id)
    return [UnverifiedCheck(site=row.site_id, column=row.column_id, check=row.check_type, url=row.url, reason=row.reason)
            for row in conn.execute(query)]
