"""The dashboard's web application: Starlette routes, Jinja2 pages, the guard in front of them.

Read-only: every route answers GET and HEAD, anything else 405. Pages carry inline CSS
and inline SVG only (no script, no font, no image or stylesheet by URL), and a
Content-Security-Policy that forbids loading anything else. With a password (`[serve]
password_env` naming a variable that is set) every request needs HTTP Basic with it.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import logging
import os
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from ..config import Config
from ..models import Outcome, RunKind, RunStatus, Severity, ViolationStatus, describe_reason
from ..report.names import Names, zh_datetime
from ..report.templating import html_templates
from ..report.wording import link_reason
from ..rules import Ruleset
from ..store import Store
from . import views
from .views import NotFound

TEMPLATES = Path(__file__).with_name("templates")
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",  # pages change with every run, and may be behind a password
}
REALM = 'Basic realm="auditor", charset="UTF-8"'
DOWNLOADS = {
    "html": "text/html; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
RUN_CHOICES = 30  # runs offered in the run selector

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

log = logging.getLogger(__name__)


def dashboard_password(config: Config) -> str | None:
    """The password from the variable `[serve] password_env` names; None when none is named or it is unset/empty."""
    name = config.serve.password_env
    return (os.environ.get(name) or None) if name else None


class Dashboard:
    """The pages, over one open store, the config's names and the rulesets' pass marks."""

    def __init__(self, config: Config, rulesets: Sequence[Ruleset], store: Store) -> None:
        self.config = config
        self.rulesets = tuple(rulesets)
        self.store = store
        self.names = Names.of(config, rulesets)
        self.zone = config.tz

    def render(self, template: str, status_code: int = 200, **values: Any) -> HTMLResponse:
        return HTMLResponse(environment().get_template(template).render(**values), status_code=status_code)

    def page(self, request: Request, template: str, run: views.RunView, **values: Any) -> HTMLResponse:
        runs = [r for r in self.store.runs(RUN_CHOICES) if r.status == RunStatus.COMPLETE]
        choices = [views.Choice(str(r.id), f"第 {r.id} 次 · {zh_datetime(r.as_of, self.zone)} · {RunKind.label_of(r.kind)}",
                                r.id == run.run.id) for r in runs]
        return self.render(template, run=run, runs=choices, path=request.url.path, column_zh=self.names.column, **values)

    def _run(self, request: Request) -> views.RunView:
        return views.run_view(self.store, views.parse_run(request.query_params.get("run")), self.zone)

    def ranking(self, request: Request) -> Response:
        run = self._run(request)
        return self.page(request, "ranking.html.j2", run, rankings=views.rankings(self.store, self.names, run.run, self.zone),
                         severities=[s.label for s in views.SEVERITIES], partial=run.run.kind != RunKind.FULL)

    def site(self, request: Request) -> Response:
        run = self._run(request)
        site = views.site_page(self.store, self.config, self.rulesets, self.names, run.run,
                               request.path_params["site_id"], self.zone)
        return self.page(request, "site.html.j2", run, site=site, severities=[s.label for s in views.SEVERITIES])

    def problem(self, request: Request) -> Response:
        run = self._run(request)
        shown = views.problem_page(self.store, self.names, run.run, run.explicit, request.path_params["problem_id"], self.zone)
        return self.page(request, "problem.html.j2", run, shown=shown)

    def problems(self, request: Request) -> Response:
        run = self._run(request)
        query = request.query_params
        listed = views.problem_list(
            self.store, self.names, run.run, self.zone, check=query.get("check", ""), severity=query.get("severity", ""),
            status=query.get("status", ""), site=query.get("site", ""),
        )
        return self.page(request, "problems.html.j2", run, listed=listed, limit=views.MAX_LISTED)

    def download(self, request: Request) -> Response:
        from ..report.data import load_run_report
        from ..report.files import report_bytes

        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise NotFound("没有这种格式的报告（可下载 HTML、XLSX、CSV）")
        run_id = views.parse_run(request.path_params["run_id"])
        run = views.run_view(self.store, run_id, self.zone).run
        report = load_run_report(self.store, self.config, self.rulesets, run.id)
        body = report_bytes(report, fmt)
        filename = f"report-{run.id}.{fmt}"
        return Response(body, media_type=DOWNLOADS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    def not_found(self, request: Request, error: Exception) -> Response:
        message = str(error) if isinstance(error, NotFound) else "没有这个页面"
        return self.render("error.html.j2", 404, title="找不到", message=message)

    def not_allowed(self, request: Request, error: Exception) -> Response:
        response = self.render("error.html.j2", 405, title="不允许的操作",
                               message="看板只能查看（GET），不能提交或修改任何内容。")
        response.headers["Allow"] = "GET, HEAD"
        return response


def create_app(config: Config, rulesets: Sequence[Ruleset], store: Store, password: str | None = None) -> ASGIApp:
    """The dashboard over `store`; with `password`, behind HTTP Basic."""
    dashboard = Dashboard(config, rulesets, store)
    get = ["GET", "HEAD"]
    routes = [
        Route("/", dashboard.ranking, methods=get),
        Route("/sites/{site_id}", dashboard.site, methods=get),
        Route("/problems", dashboard.problems, methods=get),
        Route("/problems/{problem_id}", dashboard.problem, methods=get),
        Route("/runs/{run_id}/report.{fmt}", dashboard.download, methods=get),
    ]

    def http_error(request: Request, error: Exception) -> Response:
        if isinstance(error, HTTPException) and error.status_code == 405:
            return dashboard.not_allowed(request, error)
        return dashboard.not_found(request, error)

    app = Starlette(routes=routes, exception_handlers={NotFound: dashboard.not_found, HTTPException: http_error})
    return Guard(app, password)


class Guard:
    """Pure ASGI middleware: the security headers on every response, HTTP Basic when a password is set."""

    def __init__(self, app: ASGIApp, password: str | None) -> None:
        self.app = app
        self._password = password.encode("utf-8") if password else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        if self._password is not None and not self._authorised(scope):
            body = environment().get_template("error.html.j2").render(
                title="需要登录", message="请输入看板密码（用户名任意）。")
            response = HTMLResponse(body, status_code=401, headers={"WWW-Authenticate": REALM})
            await response(scope, receive, send_guarded)
            return
        await self.app(scope, receive, send_guarded)

    def _authorised(self, scope: Scope) -> bool:
        assert self._password is not None
        header = next((value for name, value in scope.get("headers", []) if name == b"authorization"), b"")
        kind, _, encoded = header.partition(b" ")
        if kind.lower() != b"basic":
            return False
        try:
            decoded = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            return False
        _, colon, given = decoded.partition(b":")
        return bool(colon) and hmac.compare_digest(given, self._password)


@cache
def environment() -> jinja2.Environment:
    env = html_templates(TEMPLATES)
    env.globals.update(
        status_zh=ViolationStatus.label_of, severity_zh=Severity.label_of, outcome_zh=Outcome.label_of,
        reason_zh=describe_reason, check_zh=Names.check, when_zh=zh_datetime, link_reason=link_reason,
    )
    return env
