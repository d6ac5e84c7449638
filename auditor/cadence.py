"""The daily cadence check: only the list pages of the columns a cadence rule judges.

The half-monthly audit reads everything; a column that missed a day would wait two
weeks to be seen. Each morning this run reads just the columns that `column.cadence`
rules apply to (and their pagination back to the rules' window), judges those rules
and nothing else, and records the violations. Its scope (`AuditScope.cadence`) is
those rules: it never resolves a broken link or a late document it did not look at,
and it neither scores nor ranks (`store.records.SCORED_KINDS`).
"""

from __future__ import annotations

from datetime import datetime

from .audit import AuditResult, run_scope
from .config import Config
from .context import AuditScope, Clock
from .progress import Progress
from .rules import Ruleset
from .store import Store


async def run_cadence_check(
    config: Config,
    rulesets: list[Ruleset],
    store: Store,
    *,
    as_of: datetime,
    site_ids: list[str] | None = None,
    progress: Progress | None = None,
    wait_seconds: float = 0.0,
) -> AuditResult:
    scope = AuditScope.cadence(config, rulesets, site_ids)
    return await run_scope(config, scope, store, Clock(as_of), progress=progress, wait_seconds=wait_seconds)
