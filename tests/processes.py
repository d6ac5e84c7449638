"""Processes for the lock tests: a pid no process has, and a process that lives for the test."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest


def exited_pid() -> int:
    """The pid of a child that has ended and been reaped: free, no process has it now."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


@pytest.fixture
def live_child() -> Iterator[subprocess.Popen[bytes]]:
    """A child process alive for the whole test (a lock holder that has not died)."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    yield child
    child.kill()
    child.wait()
