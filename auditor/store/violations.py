"""The violation lifecycle (SPEC §5): a stable fingerprint, then new → open → resolved → new.

    unknown fingerprint            insert, status new, first_seen = last_seen = as_of
    known, new or open             status open, last_seen = as_of, message/evidence/points refreshed
    known, resolved                reopened as new (first_seen kept)
    active, in scope, not found    resolved, resolved_at = as_of

"In scope" is the run's sites and rulesets, so re-auditing one site never touches
another site's violations. Every violation a run finds or resolves gets a sighting
row, which keeps the status that run left it in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable, Iterator
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from ..models import Finding, Violation
from .rows import finding_values, violation_from_row
from .tables import violation_sightings, violations

ACTIVE = ("new", "open")
CHUNK = 500  # keys per IN (...): well under every backend's bound-parameter limit


def fingerprint(finding: Finding) -> str:
    """sha1 of what makes the problem distinct; the same in every process and on every machine."""
    parts = (finding.ruleset, finding.rule, finding.site, finding.column or "", finding.url, finding.key)
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start:start + CHUNK]


def _ids_by_fingerprint(conn: Connection, fingerprints: Iterable[str]) -> dict[str, tuple[int, str]]:
    known: dict[str, tuple[int, str]] = {}
    for chunk in _chunks(list(fingerprints)):
        query = sa.select(violations.c.fingerprint, violations.c.id, violations.c.status).where(
            violations.c.fingerprint.in_(chunk)
        )
        known.update({row.fingerprint: (row.id, row.status) for row in conn.execute(query)})
    return known


def reconcile(
    conn: Connection, run_id: int, as_of: datetime, site_ids: list[str], rulesets: list[str], findings: list[Finding],
    rules: Collection[tuple[str, str]] | None = None,
) -> list[Violation]:
    """`rules` narrows the scope to these (ruleset, rule) pairs: a cadence check judged only
    its cadence rules, so it must not resolve the violations of every other rule."""
    found: dict[str, Finding] = {}
    for finding in findings:
        found.setdefault(fingerprint(finding), finding)  # duplicates collapse into the first
    known = _ids_by_fingerprint(conn, found)
    sightings = _record_found(conn, as_of, found, known)
    sightings += _resolve_missing(conn, as_of, site_ids, rulesets, set(found), rules)
    _write_sightings(conn, run_id, sightings)
    return list_violations(conn, run_id=run_id)


def _record_found(
    conn: Connection, as_of: datetime, found: dict[str, Finding], known: dict[str, tuple[int, str]]
) -> list[tuple[int, str]]:
    status = {fp: "open" if fp in known and known[fp][1] in ACTIVE else "new" for fp in found}
    inserts = [
        {"fingerprint": fp, **finding_values(f), "status": "new", "first_seen": as_of, "last_seen": as_of, "resolved_at": None}
        for fp, f in found.items() if fp not in known
    ]
    updates = [
        {"b_id": known[fp][0], **finding_values(f), "status": status[fp], "last_seen": as_of, "resolved_at": None}
        for fp, f in found.items() if fp in known
    ]
    if inserts:
        conn.execute(violations.insert(), inserts)
    if updates:
        conn.execute(violations.update().where(violations.c.id == sa.bindparam("b_id")), updates)
    ids = known | _ids_by_fingerprint(conn, [row["fingerprint"] for row in inserts])
    return [(ids[fp][0], status[fp]) for fp in found]


def _resolve_missing(
    conn: Connection, as_of: datetime, site_ids: list[str], rulesets: list[str], found: set[str],
    rules: Collection[tuple[str, str]] | None,
) -> list[tuple[int, str]]:
    if not site_ids or not rulesets:
        return []
    query = sa.select(violations.c.id, violations.c.fingerprint, violations.c.ruleset, violations.c.rule).where(
        violations.c.status.in_(ACTIVE), violations.c.site_id.in_(site_ids), violations.c.ruleset.in_(rulesets)
    )
    in_scope = set(rules) if rules is not None else None
    gone = [
        row.id for row in conn.execute(query)
        if row.fingerprint not in found and (in_scope is None or (row.ruleset, row.rule) in in_scope)
    ]
    if gone:
        conn.execute(
            violations.update().where(violations.c.id == sa.bindparam("b_id")),
            [{"b_id": vid, "status": "resolved", "resolved_at": as_of} for vid in gone],
        )
    return [(vid, "resolved") for vid in gone]


def _write_sightings(conn: Connection, run_id: int, sightings: list[tuple[int, str]]) -> None:
    if not sightings:
        return
    # reconciling the same run again (one call per site) replaces, never duplicates, its sightings
    for chunk in _chunks([vid for vid, _ in sightings]):
        conn.execute(
            violation_sightings.delete().where(
                violation_sightings.c.run_id == run_id, violation_sightings.c.violation_id.in_(chunk)
            )
        )
    conn.execute(
        violation_sightings.insert(),
        [{"violation_id": vid, "run_id": run_id, "status": status} for vid, status in sightings],
    )


def list_violations(
    conn: Connection, *, site: str | None = None, status: str | None = None, run_id: int | None = None
) -> list[Violation]:
    """Current state; with `run_id`, the violations that run found or resolved, in the status it left them."""
    order = (violations.c.site_id, violations.c.rule, violations.c.url, violations.c.id)
    if run_id is None:
        query = sa.select(violations)
        if status is not None:
            query = query.where(violations.c.status == status)
        if site is not None:
            query = query.where(violations.c.site_id == site)
        return [violation_from_row(row) for row in conn.execute(query.order_by(*order))]
    seen = violation_sightings.c.status.label("seen_status")
    query = (
        sa.select(violations, seen)
        .join(violation_sightings, violation_sightings.c.violation_id == violations.c.id)
        .where(violation_sightings.c.run_id == run_id)
    )
    if status is not None:
        query = query.where(violation_sightings.c.status == status)
    if site is not None:
        query = query.where(violations.c.site_id == site)
    return [violation_from_row(row, row.seen_status) for row in conn.execute(query.order_by(*order))]
