"""Shared fixtures: the storage backends (SQLite and PostgreSQL); ../shared's files; the order of files under xdist."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from processes import live_child  # noqa: E402, F401
from shared_files import real_corpus, real_expected, shared_dir, spec_text  # noqa: E402, F401
from store_fixtures import db_backend, empty_db_url, pg_schemas, pg_store_url, store, store_url  # noqa: E402, F401

# `make test` runs the files in parallel (pytest-xdist, `--dist loadfile`: a file runs whole on one
# worker, so its module fixtures, the audited estates, are built once). Workers take files in
# collection order, so the files that take longest go first and the short ones fill in beside them;
# otherwise a 100 s file picked up last would run alone at the end. Slowest first, as measured
# under `make test` (a file not listed keeps its place after these).
LONG_FILES_FIRST = (
    "integration/test_service.py",  # ~110 s: daemons and jobs scheduled seconds ahead
    "integration/test_audit_estate.py",  # ~95 s: the demo estate audited twice
    "integration/test_crash_resume.py",  # ~90 s
    "integration/test_hostile.py",  # ~60 s: deadlines of misbehaving servers
    "integration/test_secrets.py",
    "integration/test_cli_errors.py",
    "integration/test_blind_estate_audit.py",
    "integration/test_idiom_examples.py",
    "integration/test_problems.py",
    "integration/test_on_demand.py",
    "integration/test_demo_estate.py",
    "unit/test_deploy.py",
    "integration/test_stats.py",
    "integration/test_store_pages.py",
    "integration/test_cli_extract.py",
    "blind/test_blind_estate.py",
    "unit/test_fuzz_properties.py",
)


def pytest_collection_modifyitems(config, items) -> None:
    if "PYTEST_XDIST_WORKER" not in os.environ:  # a plain run keeps pytest's own order
        return
    tests = Path(__file__).parent
    rank = {tests / name: n for n, name in enumerate(LONG_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.path, len(rank)))  # stable: the rest keep their order
