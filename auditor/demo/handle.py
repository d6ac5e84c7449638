"""`serve_estate`: run the estate server in a child process for the length of a `with` block."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO, Any

import httpx

from .build import build_estate
from .config_writer import config_toml
from .model import CONTROL_HOST, Estate

READY_SECONDS = 60.0  # building a scale-100 estate takes a while; scale 1 is ready in about a second
STOP_SECONDS = 5.0
PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the `auditor` package


class EstateStartError(RuntimeError):
    """The estate server did not come up (its stderr is in the message)."""


@dataclass(frozen=True)
class EstateHandle:
    port: int
    estate: Estate
    pid: int

    @property
    def control_url(self) -> str:
        return f"http://{CONTROL_HOST}:{self.port}"

    def config_toml(self, *, storage_url: str, rulesets: Iterable[str] = ("mengjin-2011",), extra: str = "") -> str:
        """A complete, valid auditor config for the estate; `extra` is appended verbatim."""
        return config_toml(self.estate, storage_url=storage_url, rulesets=rulesets, extra=extra)

    def request_log(self) -> list[dict[str, Any]]:
        """Every request the estate answered since the last reset: started, finished, host, method, path, user_agent, status."""
        log: list[dict[str, Any]] = self._control("GET", "/__estate__/log")
        return log

    def reset_log(self) -> None:
        self._control("POST", "/__estate__/reset-log")

    def reset(self) -> None:
        """Empty the log and restart the stateful traps (the first-request 429, the flaky home page)."""
        self._control("POST", "/__estate__/reset")

    def truth(self) -> dict[str, Any]:
        """The truth as the server publishes it (JSON)."""
        truth: dict[str, Any] = self._control("GET", "/__estate__/truth")
        return truth

    def _control(self, method: str, path: str) -> Any:  # the control endpoint's JSON
        with httpx.Client(trust_env=False, timeout=30) as client:
            response = client.request(method, self.control_url + path)
            response.raise_for_status()
            return response.json()


@contextmanager
def serve_estate(as_of: date, scale: float = 1.0, port: int = 0) -> Iterator[EstateHandle]:
    """Start the estate server process, wait until it listens, stop it on exit (never left running).

    `port` 0 takes a free one; a fixed port keeps the sites' URLs, and so the violation
    ids, the same from one demo run to the next.
    """
    command = [sys.executable, "-m", "auditor.demo.server", "--as-of", as_of.isoformat(),
               "--scale", repr(float(scale)), "--port", str(port), "--exit-on-stdin-eof"]
    path = os.pathsep.join(p for p in (str(PACKAGE_ROOT), os.environ.get("PYTHONPATH", "")) if p)
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors,
                                   env={**os.environ, "PYTHONPATH": path})
        try:
            ready = _wait_until_ready(process, errors)
            yield EstateHandle(port=ready["port"], estate=build_estate(as_of, scale, port=ready["port"]), pid=process.pid)
        finally:
            _stop(process)


def _wait_until_ready(process: subprocess.Popen[bytes], errors: IO[bytes]) -> dict[str, Any]:
    assert process.stdout is not None
    deadline = time.monotonic() + READY_SECONDS
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while (left := deadline - time.monotonic()) > 0:
            if selector.select(timeout=min(left, 0.5)):
                line = process.stdout.readline()
                if line:
                    ready: dict[str, Any] = json.loads(line)
                    return ready
            if process.poll() is not None:
                break
    raise EstateStartError(f"模拟网站群未能启动 (estate server did not start): {_tail(errors)}")


def _tail(errors: IO[bytes]) -> str:
    errors.seek(0)
    return errors.read()[-3000:].decode("utf-8", errors="replace").strip() or "no output (timed out)"


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.stdin is not None:
        process.stdin.close()  # the server stops on EOF; terminate in case it is stuck
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    if process.stdout is not None:
        process.stdout.close()
