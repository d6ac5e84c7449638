"""The store's quick answer to "is this database at head?" (issue 20: no Alembic import per run)
agrees with Alembic's, and a database at head is opened without importing Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from auditor.store.migrate import head_revision, shipped_head


def test_the_shipped_head_read_from_the_scripts_is_alembic_s() -> None:
    assert shipped_head() == head_revision()


def test_a_database_at_head_is_opened_without_importing_alembic(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    script = ("import sys\nfrom auditor.store.store import Store\n"
              f"Store.open({url!r}).close()\nfirst = 'alembic' in sys.modules\n"
              "for name in [n for n in sys.modules if n == 'alembic' or n.startswith('alembic.')]:\n"
              "    del sys.modules[name]\n"
              f"Store.open({url!r}).close()\nprint(first, 'alembic' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False"]  # migrated the first time; only read the second
