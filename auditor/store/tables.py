"""The schema, as SQLAlchemy Core tables. Migrations in `migrations/versions` build it.

    sites ─┬─ site_columns                    synced from the config each run
           │
    audit_runs ─┬─ pages ─ (links, column_items by run and source url)
                ├─ link_results               one verdict per distinct target per run
                ├─ scores                     per site and ruleset
                ├─ unverified_checks, site_coverage   what could not be judged; what was read per site
                ├─ site_judgements            each site stage's judgement, read by the run's finish
                ├─ link_claims                which site task of a queued run checks a target
                └─ violation_sightings ─ violations   lifecycle per rule (fingerprint), grouped by problem
    probes                                    home-page availability samples
    page_cache                                the body last read with each page's ETag / Last-Modified (304s)
    outbox                                    bulletins to send, one row per (run, recipient)
    alert_outbox, alert_sites                 alerts to send, one row per (event, channel); outages in progress
    site_locks                                which running audit holds which site, with a heartbeat
    apscheduler_jobs                          the daemon's persisted jobs (APScheduler 3's own layout)

Site and column ids are config identifiers, not foreign keys: history outlives a
site removed from the config.
"""

from __future__ import annotations

import sqlalchemy as sa

from .sqltypes import BigId, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
metadata = sa.MetaData(naming_convention=NAMING)


def _run_fk() -> sa.ForeignKey:
    return sa.ForeignKey("audit_runs.id", ondelete="CASCADE")


sites = sa.Table(
    "sites", metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("unit", sa.Text, nullable=False, server_default=""),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
    sa.Column("synced_at", UTCDateTime, nullable=False),
)

site_columns = sa.Table(
    "site_columns", metadata,
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("category", sa.Text, nullable=True),
    sa.Column("update_within", sa.String(16), nullable=True),
    sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
)

audit_runs = sa.Table(
    "audit_runs", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("as_of", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=False),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("status", sa.String(16), nullable=False),  # running | complete | failed | interrupted
    sa.Column("kind", sa.String(16), nullable=False),  # full | cadence | site
    sa.Column("site_ids", sa.JSON, nullable=False),
    sa.Column("sites", sa.Integer, nullable=False, server_default="0"),
    sa.Column("pages", sa.Integer, nullable=False, server_default="0"),
    sa.Column("links", sa.Integer, nullable=False, server_default="0"),
    sa.Column("holder", sa.String(200), nullable=False, server_default=""),  # host:pid of the process running it
    sa.Column("redoes", sa.Integer, nullable=True),  # the interrupted run this run audits again
    sa.Index(None, "status", "id"),
)

pages = sa.Table(
    "pages", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("column_id", sa.String(64), nullable=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("final_url", sa.Text, nullable=False),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    sa.Column("redirects", sa.JSON, nullable=False),
    sa.Column("fetched_at", UTCDateTime, nullable=True),
    sa.Column("content_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("encoding", sa.String(32), nullable=False, server_default=""),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("size", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("depth", sa.Integer, nullable=False, server_default="0"),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.Index(None, "run_id", "site_id", "url"),
)

column_items = sa.Table(
    "column_items", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("column_id", sa.String(64), nullable=False),
    sa.Column("title", sa.Text, nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("item_date", sa.Date, nullable=True),
    sa.Index(None, "run_id", "site_id", "column_id"),
)

links = sa.Table(
    "links", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("source_url", sa.Text, nullable=False),
    sa.Column("target", sa.Text, nullable=False),
    sa.Column("element", sa.String(32), nullable=False),
    sa.Column("attribute", sa.String(32), nullable=False),
    sa.Column("text", sa.Text, nullable=False, server_default=""),
    # not by target: each link went to a random leaf of the run's part of the index, so a page's
    # write cost grew with the run (migration 0011); the queries read a site's links in id order
    sa.Index(None, "run_id", "site_id"),
)

link_results = sa.Table(
    "link_results", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    sa.Column("final_url", sa.Text, nullable=False, server_default=""),
    sa.Column("redirects", sa.JSON, nullable=False),
    sa.Column("checked_at", UTCDateTime, nullable=True),
    sa.Column("elapsed", sa.Float, nullable=False, server_default="0"),
    sa.Column("title", sa.Text, nullable=False, server_default=""),
    sa.UniqueConstraint("run_id", "url"),
    sa.Index(None, "run_id", "outcome"),
    sa.Index(None, "url", "checked_at"),
)

violations = sa.Table(
    "violations", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("fingerprint", sa.String(16), nullable=False, unique=True),  # of the rule broken at this place
    sa.Column("problem", sa.String(16), nullable=False),  # of the place: one problem's rows share it
    sa.Column("ruleset", sa.String(64), nullable=False),
    sa.Column("rule", sa.String(64), nullable=False),
    sa.Column("check_type", sa.String(64), nullable=False),
    sa.Column("severity", sa.String(16), nullable=False),
    sa.Column("points", sa.Float, nullable=False),
    sa.Column("veto", sa.Boolean, nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("column_id", sa.String(64), nullable=True),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("evidence", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),  # new | open | resolved
    sa.Column("first_seen", UTCDateTime, nullable=False),
    sa.Column("last_seen", UTCDateTime, nullable=False),
    sa.Column("resolved_at", UTCDateTime, nullable=True),
    sa.Index(None, "site_id", "status"),
    sa.Index(None, "status"),
    sa.Index(None, "problem"),
)

violation_sightings = sa.Table(
    "violation_sightings", metadata,
    sa.Column("violation_id", sa.Integer, sa.ForeignKey("violations.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("run_id", sa.Integer, _run_fk(), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),  # the violation's status as this run left it
    sa.Index(None, "run_id"),
)

# what a check could not judge in a run, and why (auditor.checks.coverage): never a violation
unverified_checks = sa.Table(
    "unverified_checks", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("column_id", sa.String(64), nullable=True),
    sa.Column("check_type", sa.String(64), nullable=False),
    sa.Column("url", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index(None, "run_id"),
)

# what a run read of each site, and what it could not read (auditor.models.SiteCoverage)
site_coverage = sa.Table(
    "site_coverage", metadata,
    sa.Column("run_id", sa.Integer, _run_fk(), primary_key=True),
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("home_read", sa.Boolean, nullable=False),
    sa.Column("detail_pages", sa.Integer, nullable=False),
    sa.Column("failed_pages", sa.Integer, nullable=False),
    sa.Column("robots_pages", sa.Integer, nullable=False),
    sa.Column("unverified_pages", sa.Integer, nullable=False),
    sa.Column("over_budget", sa.Integer, nullable=False),
    sa.Column("timed_out", sa.Boolean, nullable=False),
    sa.Column("columns", sa.JSON, nullable=False),  # [{column, name, list_pages, items, capped, reachable}]
)

# Each site stage's judgement of its site in a run (auditor/audit.py, store/judgements.py): what
# the run's finish reads to score, rank and reconcile, so another process can finish the run.
# JSON text with non-ASCII escaped (not the JSON type): a finding's url and key read back exactly.
site_judgements = sa.Table(
    "site_judgements", metadata,
    sa.Column("run_id", sa.Integer, _run_fk(), primary_key=True),
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("judged_at", UTCDateTime, nullable=False),
    sa.Column("pages", sa.Integer, nullable=False),
    sa.Column("targets", sa.Integer, nullable=False),  # distinct link targets the site brought to the run first
    sa.Column("findings", sa.Text, nullable=False),
    sa.Column("unverified_links", sa.Text, nullable=False),
    sa.Column("unverified_checks", sa.Text, nullable=False),
    sa.Column("facts", sa.Text, nullable=False),  # what scoring needs of the site beyond its findings
    sa.Column("coverage", sa.Text, nullable=True),
)

# A queued run's link targets, each claimed by the one site task that requests it (store/link_claims.py).
link_claims = sa.Table(
    "link_claims", metadata,
    sa.Column("run_id", sa.Integer, _run_fk(), primary_key=True),
    sa.Column("url", sa.Text, primary_key=True),  # as link_results stores it (clean_url)
    sa.Column("site_id", sa.String(64), nullable=False),  # the claiming task's site
    sa.Column("token", sa.String(40), nullable=False),  # the claiming process's (site_locks.token)
    sa.Column("claimed_at", UTCDateTime, nullable=False),
)

scores = sa.Table(
    "scores", metadata,
    sa.Column("run_id", sa.Integer, _run_fk(), primary_key=True),
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("ruleset", sa.String(64), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("veto", sa.Boolean, nullable=False),
    sa.Column("rank", sa.Integer, nullable=False),
    sa.Column("points", sa.Float, nullable=False, server_default="0"),
    sa.Column("previous", sa.Float, nullable=True),
    sa.Column("fail_reason", sa.Text, nullable=False, server_default=""),  # 不合格 whatever the score, and why
    sa.Index(None, "site_id", "ruleset", "run_id"),
)

# The decoded text of each page last read with an ETag or Last-Modified, one row per URL as
# requested: a re-audit sends those validators, and a 304 is answered from here (auditor/context.py).
# The row is replaced whenever a 200 brings validators; it is trusted only with the very
# validators it was stored with.
page_cache = sa.Table(
    "page_cache", metadata,
    sa.Column("url", sa.Text, primary_key=True),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("etag", sa.Text, nullable=True),
    sa.Column("last_modified", sa.Text, nullable=True),
    sa.Column("final_url", sa.Text, nullable=False),
    sa.Column("content_type", sa.Text, nullable=False, server_default=""),
    sa.Column("encoding", sa.String(32), nullable=False, server_default=""),
    sa.Column("content_hash", sa.String(64), nullable=False, server_default=""),
    sa.Column("size", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("body", sa.LargeBinary, nullable=False),  # the text, UTF-8 and zlib-compressed
    sa.Column("fetched_at", UTCDateTime, nullable=False),
    sa.Index(None, "site_id"),
)

probes = sa.Table(
    "probes", metadata,
    sa.Column("id", BigId, primary_key=True, autoincrement=True),
    sa.Column("site_id", sa.String(64), nullable=False),
    sa.Column("probed_at", UTCDateTime, nullable=False),
    sa.Column("outcome", sa.String(16), nullable=False),
    sa.Column("status", sa.Integer, nullable=True),
    sa.Column("response_seconds", sa.Float, nullable=True),
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    sa.Index(None, "site_id", "probed_at"),
)

# Every bulletin is recorded here before it is sent (auditor/mail/outbox.py): the unique
# (run, recipient) pair is what makes sending exactly once across re-runs and crashes.
outbox = sa.Table(
    "outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("recipient_key", sa.String(80), nullable=False),  # "office" or "unit:<unit key>"
    sa.Column("to_addresses", sa.JSON, nullable=False),
    sa.Column("subject", sa.Text, nullable=False),
    sa.Column("message", sa.LargeBinary, nullable=False),  # the whole RFC 5322 message, sent as stored
    sa.Column("status", sa.String(16), nullable=False),  # pending | sending | sent | failed
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("run_id", "recipient_key"),
    sa.Index(None, "status", "run_id"),
)


# Every alert is recorded here, one row per (event, channel), before it is sent
# (auditor/alerts/outbox.py): the unique pair is what makes an alert go once. A channel is
# stored by its name, never its URL (which holds the robot's key).
alert_outbox = sa.Table(
    "alert_outbox", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_key", sa.String(255), nullable=False),  # e.g. "site.down:portal:2026-11-28T02:00:00+00:00"
    sa.Column("channel", sa.String(64), nullable=False),  # the channel's name in [[alerts.channels]]
    sa.Column("event", sa.String(32), nullable=False),  # site.down | site.up | column.overdue | violation.critical | run.failed
    sa.Column("site_id", sa.String(64), nullable=True),
    sa.Column("payload", sa.JSON, nullable=False),  # title, text and the event's fields (auditor.alerts.events.Alert)
    sa.Column("status", sa.String(16), nullable=False),  # pending | sending | sent | failed
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("next_attempt_at", UTCDateTime, nullable=False),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.UniqueConstraint("event_key", "channel"),
    sa.Index(None, "status", "next_attempt_at"),
)

# Per site, the outage the probes are in (if any): kept so a restart neither forgets an
# outage nor announces it twice.
alert_sites = sa.Table(
    "alert_sites", metadata,
    sa.Column("site_id", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),  # failed probes in a row
    sa.Column("first_failed_at", UTCDateTime, nullable=True),  # the first failed probe of this outage
    sa.Column("down_alerted", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("last_error", sa.Text, nullable=False, server_default=""),
)

site_locks = sa.Table(
    "site_locks", metadata,
    sa.Column("site_id", sa.String(64), primary_key=True),  # one row per site: two audits of one site cannot both insert
    sa.Column("run_id", sa.Integer, _run_fk(), nullable=False),
    sa.Column("holder", sa.String(200), nullable=False),  # host:pid
    sa.Column("token", sa.String(40), nullable=False),  # the holding process's own id (a pid is reused)
    sa.Column("acquired_at", UTCDateTime, nullable=False),
    sa.Column("heartbeat_at", UTCDateTime, nullable=False),
    sa.Index(None, "run_id"),
)

# APScheduler 3's SQLAlchemyJobStore table, column for column, so the migrations own it
# (the job store's own `create(checkfirst=True)` then finds it and does nothing).
apscheduler_jobs = sa.Table(
    "apscheduler_jobs", metadata,
    sa.Column("id", sa.Unicode(191), primary_key=True),
    sa.Column("next_run_time", sa.Float(25), index=True),
    sa.Column("job_state", sa.LargeBinary, nullable=False),
)
