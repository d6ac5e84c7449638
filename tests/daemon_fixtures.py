"""The auditor as a real child process (so SIGTERM and SIGKILL are real), and reading its database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class AuditorProcess:
    """`python -m auditor.cli ARGS` with JSON logs to a file; killed if the test forgets it."""

    def __init__(self, *args: str, log_path: Path, env: dict[str, str] | None = None) -> None:
        self.log_path = log_path
        self._log = open(log_path, "ab")  # noqa: SIM115 (closed in wait/stop)
        environment = {**os.environ, "AUDITOR_LOG_FORMAT": "json", **(env or {})}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "auditor.cli", *args],
            stdout=subprocess.DEVNULL, stderr=self._log, stdin=subprocess.DEVNULL, env=environment,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def wait(self, timeout: float) -> int:
        try:
            return self.process.wait(timeout)
        finally:
            if self.process.returncode is not None:
                self._log.close()

    def stop(self, timeout: float = 30) -> int:
        """SIGTERM, then wait (reaped, so the pid is really gone)."""
        if self.process.poll() is None:
            self.signal(signal.SIGTERM)
        return self.wait(timeout)

    def kill(self) -> None:
        self.process.kill()
        self.wait(10)

    def events(self) -> list[dict]:
        """The JSON log lines written so far (a line cut short by SIGKILL is skipped)."""
        found = []
        for line in self.log_path.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError:
                continue
        return found

    def __enter__(self) -> AuditorProcess:
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.kill()
        self._log.close()


def wait_for(predicate: Callable[[], T], timeout: float, what: str, interval: float = 0.05) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def query(db: Path, sql: str, *params) -> list[tuple]:
    """Read the SQLite database while the auditor writes it (WAL: readers never block)."""
    if not db.exists():
        return []
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(sql, params).fetchall()
    except sqlite3.OperationalError:  # no such table yet: the migrations are still running
        return []
    finally:
        connection.close()


def runs(db: Path) -> list[tuple]:
    """(id, kind, status, redoes) of every run, oldest first."""
    return query(db, "SELECT id, kind, status, redoes FROM audit_runs ORDER BY id")


def violation_set(db: Path) -> set[tuple]:
    """What an audit concluded, comparable across databases: fingerprint, status, message."""
    return set(query(db, "SELECT fingerprint, status, message FROM violations"))


def assert_consistent(db: Path) -> None:
    """No duplicate violation, sighting or page; no run left running or holding a lock."""
    assert query(db, "SELECT fingerprint FROM violations GROUP BY fingerprint HAVING COUNT(*) > 1") == []
    assert query(db, "SELECT violation_id, run_id FROM violation_sightings GROUP BY violation_id, run_id HAVING COUNT(*) > 1") == []
    assert query(db, "SELECT run_id, site_id, url FROM pages GROUP BY run_id, site_id, url HAVING COUNT(*) > 1") == []
    assert query(db, "SELECT url FROM link_results GROUP BY run_id, url HAVING COUNT(*) > 1") == []
    assert query(db, "SELECT id FROM audit_runs WHERE status = 'running'") == []
    assert query(db, "SELECT site_id FROM site_locks") == []
    # a violation is seen only by complete runs: a cut-short run changed nothing
    assert query(
        db, "SELECT s.run_id FROM violation_sightings s JOIN audit_runs r ON r.id = s.run_id WHERE r.status != 'complete'"
    ) == []


def local_zone() -> str:
    """The machine's zone: a config in it makes crons written from local time fire when meant."""
    from tzlocal import get_localzone_name

    return get_localzone_name() or "UTC"


def in_local_zone(config_text: str) -> str:
    return config_text.replace('timezone = "Asia/Shanghai"', f'timezone = "{local_zone()}"')
