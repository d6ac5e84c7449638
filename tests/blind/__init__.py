"""The blind test estate: a simulated county web estate (云溪县) with planted problems.

    with serve_blind_estate(datetime.date(2026, 11, 28)) as h:
        open("c.toml", "w").write(h.config_toml("sqlite:///x.db"))
        h.truth, h.sites
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .estate import build
from .estate import config_toml as _config_toml

ROOT = Path(__file__).resolve().parents[2]


class EstateHandle:
    def __init__(self, as_of: dt.date, port: int, proc, ca_bundle: str | None = None):
        self.as_of, self.port, self.proc = as_of, port, proc
        self.ca_bundle = ca_bundle  # PEM of the CA that signed the HTTPS sites' certificates
        self._est = build(as_of, port)
        self.truth = self._est.truth()
        self.sites = [(s.id, s.base + "/") for s in self._est.sites]
        self.outside = f"http://127.0.0.199:{port}/"
        self.truth_url = f"http://127.0.0.199:{port}/__truth__.json"

    def config_toml(self, storage_url: str) -> str:
        return _config_toml(self._est, storage_url, self.ca_bundle)

    @property
    def estate(self):
        return self._est


@contextlib.contextmanager
def serve_blind_estate(as_of: dt.date, startup_timeout: float = 30.0):
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    tls = tempfile.TemporaryDirectory(prefix="blind-tls-")
    proc = subprocess.Popen([sys.executable, "-m", "tests.blind.server", "--as-of", as_of.isoformat(),
                             "--tls-dir", tls.name],
                            cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + startup_timeout
        line = b""
        while not line.endswith(b"\n"):
            left = deadline - time.monotonic()
            if left <= 0 or proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.poll() is not None else ""
                raise RuntimeError(f"blind estate server did not start: {err[-2000:]}")
            r, _, _ = select.select([proc.stdout], [], [], min(left, 0.5))
            if r:
                ch = os.read(proc.stdout.fileno(), 1)
                if not ch:
                    continue
                line += ch
        port = int(line.split()[1])
        yield EstateHandle(as_of, port, proc, os.path.join(tls.name, "ca.pem"))
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        for f in (proc.stdout, proc.stderr):
            if f:
                f.close()
        tls.cleanup()
