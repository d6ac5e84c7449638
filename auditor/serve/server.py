"""Running the dashboard: the bind rule, uvicorn in the foreground (`auditor serve`) or in a thread."""

from __future__ import annotations

import ipaddress
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import uvicorn

from ..config import Config
from ..errors import UsageError
from ..rules import Ruleset
from ..store import Store
from .app import ASGIApp, create_app, dashboard_password

STARTUP_SECONDS = 10


def is_loopback(host: str) -> bool:
    """`127.0.0.1`, any 127.x, `::1` or `localhost`: reachable from this machine only."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(config: Config, host: str) -> str | None:
    """The password, after refusing (UsageError, exit 2) a non-loopback host without one:
    an office dashboard open to the network without a password leaks every problem it lists."""
    password = dashboard_password(config)
    if password is None and not is_loopback(host):
        named = config.serve.password_env
        why = (f"环境变量 {named} 未设置 (the variable {named} is not set)" if named
               else "配置中没有 [serve] password_env (no [serve] password_env in the config)")
        raise UsageError(
            f"拒绝在 {host} 上无密码提供看板：网络上的任何人都能看到检查结果 "
            f"(refusing to serve the dashboard on {host} without a password)；{why}。"
            "请在配置 [serve] 中写 password_env = \"变量名\" 并设置该环境变量，或只在本机使用 --host 127.0.0.1"
        )
    return password


def uvicorn_server(app: ASGIApp, host: str, port: int) -> uvicorn.Server:
    # log_config=None: the auditor's own logging (auditor.logs) formats uvicorn's lines; the access
    # log holds method, path and status only, never a header (so never the password)
    return uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_config=None, proxy_headers=False,
                                         server_header=False, lifespan="off"))


def run_dashboard(config: Config, rulesets: Sequence[Ruleset], store: Store, host: str, port: int,
                  password: str | None) -> None:
    """Serve until interrupted (SIGINT or SIGTERM)."""
    uvicorn_server(create_app(config, rulesets, store, password), host, port).run()


@contextmanager
def running(app: ASGIApp, host: str, port: int) -> Iterator[str]:
    """uvicorn serving `app` in a thread until the block ends (tests, benchmarks); yields its base URL."""
    server = uvicorn_server(app, host, port)
    thread = threading.Thread(target=server.run, name="dashboard", daemon=True)
    thread.start()
    deadline = time.monotonic() + STARTUP_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the dashboard did not start on {host}:{port}")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_SECONDS)
