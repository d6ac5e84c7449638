"""The violation lifecycle (SPEC §5): a stable fingerprint, then new → open → resolved → new.

Storage keeps one row per rule broken at a place, so each rule has its own lifecycle and
each ruleset its own points; what leaves the store is one `Problem` per place (check,
site, column, url, key), listing the rules its rows break (`list_violations`).

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

from ..models import BrokenRule, Finding, Problem, Severity, ViolationStatus
from .rows import finding_values
from .tables import violation_sightings, violations

ACTIVE = (ViolationStatus.NEW, ViolationStatus.OPEN)
CHUNK = 500  # keys per IN (...): well under every backend's bound-parameter limit


def fingerprint(finding: Finding) -> str:
    """The id of one rule broken at one place (a stored row); the same in every process and on every machine."""
    return _digest(finding.ruleset, finding.rule, finding.site, finding.column or "", finding.url, finding.key)


def problem_id(finding: Finding) -> str:
    """The id of the problem: what one check found at one place, whichever rules and rulesets it breaks."""
    return _digest(finding.check, finding.site, finding.column or "", finding.url, finding.key)


def _digest(*parts: str) -> str:
    """sha1 prefix of the parts; the separator keeps one field from bleeding into the next."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def problem_status(statuses: Collection[str]) -> ViolationStatus:
    """A problem's status from its rules': resolved when every rule is; otherwise open when
    any rule still active was already open (the unit was told before), else new."""
    active = [status for status in statuses if status in ACTIVE]
    if not active:
        return ViolationStatus.RESOLVED
    return ViolationStatus.OPEN if ViolationStatus.OPEN in active else ViolationStatus.NEW


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
) -> list[Problem]:
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
    status = {fp: ViolationStatus.OPEN if fp in known and known[fp][1] in ACTIVE else ViolationStatus.NEW for fp in found}
    inserts = [
        {"fingerprint": fp, "problem": problem_id(f), **finding_values(f), "status": ViolationStatus.NEW, "first_seen": as_of, "last_seen": as_of, "resolved_at": None}
        for fp, f in found.items() if fp not in known
    ]
    updates = [
        {"b_id": known[fp][0], "problem": problem_id(f), **finding_values(f), "status": status[fp], "last_seen": as_of, "resolved_at": None}
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
            [{"b_id": vid, "status": ViolationStatus.RESOLVED, "resolved_at": as_of} for vid in gone],
        )
    return [(vid, ViolationStatus.RESOLVED) for vid in gone]


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
) -> list[Problem]:
    """Problems in their current state; with `run_id`, the problems that run found or resolved,
    in the status it left them. `status` filters on the problem's status (`problem_status`).
    Ordered by site, (most severe) rule, url, then the order they were first stored in."""
    query = _rows_as_of(run_id)
    if site is not None:
        query = query.where(violations.c.site_id == site)
    grouped: dict[str, list[Any]] = {}
    for row in conn.execute(query.order_by(violations.c.id)):
        grouped.setdefault(row.problem, []).append(row)
    problems = [(_problem(rows), rows[0].id) for rows in grouped.values()]
    problems.sort(key=lambda pair: (pair[0].site, pair[0].rule, pair[0].url, pair[1]))
    return [problem for problem, _ in problems if status is None or problem.status == status]


def _rows_as_of(run_id: int | None) -> sa.Select[Any]:
    """The violation rows with `seen_status`: their current status, or the status run `run_id` left
    them in (only the rows that run saw)."""
    if run_id is None:
        return sa.select(violations, violations.c.status.label("seen_status"))
    return (
        sa.select(violations, violation_sightings.c.status.label("seen_status"))
        .join(violation_sightings, violation_sightings.c.violation_id == violations.c.id)
        .where(violation_sightings.c.run_id == run_id)
    )


def _problem(rows: list[Any]) -> Problem:
    """One problem from its rows: an active problem lists the rules it still breaks, a
    resolved one the rules it broke; the first (most severe) gives the top-level fields,
    the message and the evidence."""
    active = [row for row in rows if row.seen_status in ACTIVE]
    listed = sorted(active or rows, key=lambda row: _broken_rule(row).order)
    top = listed[0]
    return Problem(
        id=top.problem,
        ruleset=top.ruleset,
        rule=top.rule,
        check=top.check_type,
        severity=Severity(top.severity),
        points=top.points,
        veto=top.veto,
        site=top.site_id,
        column=top.column_id,
        url=top.url,
        message=top.message,
        evidence=dict(top.evidence or {}),
        status=problem_status([row.seen_status for row in rows]),
        first_seen=min(row.first_seen for row in rows),
        last_seen=max(row.last_seen for row in rows),
        rules=tuple(_broken_rule(row) for row in listed),
    )


def _broken_rule(row: Any) -> BrokenRule:
    return BrokenRule(ruleset=row.ruleset, rule=row.rule, severity=Severity(row.severity), points=row.points, veto=row.veto)


def get_problem(conn: Connection, problem: str, run_id: int | None = None) -> Problem | None:
    """One problem by its id, in its current state, or (with `run_id`) as that run left it; None if unknown there."""
    rows = list(conn.execute(_rows_as_of(run_id).where(violations.c.problem == problem).order_by(violations.c.id)))
    return _problem(rows) if rows else None


def active_problem_counts(conn: Connection, run_id: int) -> dict[str, dict[Severity, int]]:
    """site -> severity -> how many problems run `run_id` left new or open, each counted once
    under its most severe rule (as `list_violations` tells them): no evidence or message is read."""
    query = (
        sa.select(violations.c.problem, violations.c.site_id, violations.c.ruleset, violations.c.rule,
                  violations.c.severity, violations.c.points, violations.c.veto, violation_sightings.c.status)
        .join(violation_sightings, violation_sightings.c.violation_id == violations.c.id)
        .where(violation_sightings.c.run_id == run_id, violation_sightings.c.status.in_(ACTIVE))
    )
    top: dict[str, tuple[str, BrokenRule]] = {}
    for row in conn.execute(query):
        rule = _broken_rule(row)
        known = top.get(row.problem)
        if known is None or rule.order < known[1].order:
            top[row.problem] = (row.site_id, rule)
    counts: dict[str, dict[Severity, int]] = {}
    for site, rule in top.values():
        per_site = counts.setdefault(site, {})
        per_site[rule.severity] = per_site.get(rule.severity, 0) + 1
    return counts
