"""The machine's services for the queue tests (RabbitMQ, Redis), and redis-servers of a test's own.

A service that is absent skips its tests with the reason, except when $CI is set: CI runs on a
machine that has them, so a missing one there is a failure, not a skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex((host, port)) == 0


def require_service(present: bool, reason: str) -> None:
    """Skip the test when a service is absent, or fail it when $CI is set."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: these tests must run, not skip)")
    pytest.skip(reason)


class RedisServer:
    """A redis-server of the test's own on a free port of 127.0.0.1, so a test may stop, kill or
    restart it; `appendonly` keeps its data in a file across a restart."""

    def __init__(self, folder: Path, *, appendonly: bool = True) -> None:
        require_service(shutil.which("redis-server") is not None, "redis-server is not installed")
        folder.mkdir(exist_ok=True)
        self.folder = folder
        self.appendonly = appendonly
        with socket.socket() as free:
            free.bind(("127.0.0.1", 0))
            self.port = free.getsockname()[1]
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "yes" if self.appendonly else "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while not port_open(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        """A clean shutdown: the append-only file is written out."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def kill(self) -> None:
        """Gone at once, as a crashed server is."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
