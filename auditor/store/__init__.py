"""The store stage: SQLAlchemy tables, repository functions and Alembic migrations.

    >>> from auditor.store import Store
    >>> with Store.open("sqlite:///auditor.db") as store:   # migrates to head on first use
    ...     run_id = store.start_run(as_of, ["portal"])

Only dataclasses cross this boundary (auditor.models, plus RunRecord and ProbeRecord).
"""

from .records import ProbeRecord, PublishedItem, RunRecord
from .store import Store
from .violations import fingerprint, problem_id, problem_status

__all__ = ["ProbeRecord", "PublishedItem", "RunRecord", "Store", "fingerprint", "problem_id", "problem_status"]
