"""Shared fixtures: the storage backends (SQLite and PostgreSQL)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from store_fixtures import db_backend, empty_db_url, pg_schemas, pg_store_url, store, store_url  # noqa: E402, F401
