"""Home-page availability probes (the `site.availability` check reads them back)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import Outcome
from .records import ProbeRecord
from .rows import probe_from_row
from .sqltypes import clean_text
from .tables import probes


def add_probe(
    conn: Connection, site_id: str, at: datetime, outcome: str, status: int | None, seconds: float | None, error: str
) -> None:
    conn.execute(probes.insert().values(
        site_id=site_id, probed_at=at, outcome=Outcome(outcome).value, status=status,
        response_seconds=seconds, error=clean_text(error),
    ))


def list_probes(conn: Connection, site_id: str, since: datetime) -> list[ProbeRecord]:
    query = sa.select(probes).where(probes.c.site_id == site_id, probes.c.probed_at >= since).order_by(
        probes.c.probed_at, probes.c.id
    )
    return [probe_from_row(row) for row in conn.execute(query)]
