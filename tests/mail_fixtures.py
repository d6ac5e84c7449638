"""What the bulletin and outbox tests share: a county with hostile page text, stored runs, a real SMTP server.

`county_config` writes a config whose units cover every case (one with two sites, one
without contacts, one without problems); `seed_runs` stores two complete audits of it
(resolved, open and new violations, a veto, a failing score); `SmtpServer` is aiosmtpd
on 127.0.0.x keeping every envelope, optionally refusing or holding messages.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from click.testing import CliRunner

from auditor.cli import cli
from auditor.errors import AuditorError
from auditor.models import Finding, Score
from auditor.store import Store

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
RUN1 = datetime(2026, 11, 13, 1, 0, tzinfo=UTC)
RUN2 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
OFFICE = ("xxgk@county.test", "leader@county.test")
SITES = ("portal", "chengguan", "jyj", "jyj-zx", "tjj", "slj")
# unit key -> its addresses; "slj" (县水利局) has problems but no contacts, "tjj" has contacts but no problems
UNIT_ADDRESSES = {
    "portal": ("portal@county.test",),
    "chengguan": ("cg@county.test",),
    "jyj": ("jyj@county.test", "zx@county.test"),
}
PASSWORD_ENV = "AUDITOR_TEST_SMTP_PASSWORD"


def county_config(tmp_path: Path, *, mail: str = "", language: str = "zh-CN") -> Path:
    """auditor.toml in `tmp_path` with six sites in five units; `mail` is the [mail] table's body, if any."""
    text = f'language = "{language}"\nrulesets = ["mengjin-2011"]\n[storage]\nurl = "sqlite:///auditor.db"\n'
    if mail:
        text += f"\n[mail]\n{mail}\n"
    sites = (
        ("portal", "县人民政府门户网站", "county", "县政府办公室", '["portal@county.test"]'),
        ("chengguan", f"城关镇{IMG}", "town", "城关镇人民政府", '["cg@county.test"]'),
        ("jyj", "县教育局", "department", "县教育局", '["jyj@county.test"]'),
        ("jyj-zx", "县招生考试中心", "department", "县教育局", '["zx@county.test"]'),
        ("tjj", "县统计局", "department", "县统计局", '["tjj@county.test"]'),
        ("slj", "县水利局", "department", "县水利局", "[]"),
    )
    for number, (site_id, name, kind, unit, contacts) in enumerate(sites, start=1):
        name_toml = name.replace("\\", "\\\\").replace('"', '\\"')
        text += (f'\n[[sites]]\nid = "{site_id}"\nname = "{name_toml}"\nurl = "http://127.0.0.{160 + number}/"\n'
                 f'kind = "{kind}"\nunit = "{unit}"\ncontacts = {contacts}\n')
    path = tmp_path / "auditor.toml"
    path.write_text(text, encoding="utf-8")
    return path


def mail_table(host: str, port: int, **extra: object) -> str:
    values: dict[str, object] = {"host": host, "port": port, "starttls": False, "sender": "auditor@county.test",
                                 "office": list(OFFICE), "timeout": 10}
    values.update(extra)
    return "\n".join(f"{key} = {_toml(value)}" for key, value in values.items())


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def _finding(site: str, check: str, rule: str, url: str, message: str, *, veto: bool = False, key: str = "", **evidence) -> Finding:
    return Finding(
        ruleset="mengjin-2011", rule=rule, check=check, severity="critical" if veto else "major", points=0.0 if veto else 1.0,
        veto=veto, site=site, column=None, url=url, message=message, key=key, evidence=dict(evidence),
    )


FIXED_BY_RUN2 = _finding("portal", "column.empty", "columns-guaranteed", "http://127.0.0.161/tzgg/", "通知公告 栏目没有任何信息")
STILL_OPEN = _finding("jyj-zx", "leader.incomplete", "leaders-complete", "http://127.0.0.164/ldxx/", "领导信息 张三 缺少：简历")
RUN2_NEW = [
    _finding("portal", "mailbox.overdue", "mailbox-in-time", "http://127.0.0.161/xx/1.html",
             "县长信箱 来信已 120 天未答复", veto=True),
    _finding("chengguan", "link.broken", "links-not-broken", f'http://127.0.0.162/gone.html?q={IMG}',
             f"链接失效：http://127.0.0.162/gone.html （HTTP 404），见于 http://127.0.0.162/「{SCRIPT}」",
             status=404, sources=[{"page": "http://127.0.0.162/", "text": SCRIPT}]),
    _finding("chengguan", "column.cadence", "news-daily", "http://127.0.0.162/xwzx/",
             f"工作动态{IMG} 2026-11-20 至 2026-11-28 间隔 8 天未更新（规定每天更新）", key="2026-11-20"),
    _finding("jyj", "link.wrong", "links-not-wrong", "http://parked.example/",
             f"链接错误：http://parked.example/ 标题「{SCRIPT}」与链接文字不符", title=SCRIPT),
    _finding("slj", "site.identity", "identity-complete", "http://127.0.0.166/", "网站底部缺少：网站标识码"),
]


@dataclass(frozen=True)
class SeededRuns:
    first: int
    second: int


def seed_runs(store: Store) -> SeededRuns:
    """Two complete audits: the second resolves one problem, keeps one open, finds five new ones."""
    sites = list(SITES)
    first = store.start_run(RUN1, sites)
    store.reconcile_violations(first, RUN1, sites, ["mengjin-2011"], [FIXED_BY_RUN2, STILL_OPEN])
    store.save_scores(first, [Score(s, "mengjin-2011", 99.0, False, 1) for s in sites])
    store.finish_run(first, "complete", sites=len(sites), pages=120, links=300)
    second = store.start_run(RUN2, sites)
    store.reconcile_violations(second, RUN2, sites, ["mengjin-2011"], [STILL_OPEN, *RUN2_NEW])
    scores = [("tjj", 100.0, False, 1), ("jyj-zx", 99.0, False, 2), ("slj", 98.0, False, 3), ("jyj", 90.0, False, 4),
              ("chengguan", 55.0, False, 5), ("portal", 97.0, True, 6)]
    store.save_scores(second, [Score(s, "mengjin-2011", v, veto, rank, 100 - v, 99.0) for s, v, veto, rank in scores])
    store.finish_run(second, "complete", sites=len(sites), pages=130, links=310)
    return SeededRuns(first, second)


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.content, policy=default_policy)  # type: ignore[return-value]


@dataclass
class RecordingHandler:
    """Keeps every accepted envelope; refuses `refuse` recipients with 550; can hold the n-th message."""

    refuse: set[str] = field(default_factory=set)
    hold_at: int | None = None  # the n-th DATA (1-based) is held until `release` is set
    received: list[Received] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    _data_count: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if address in self.refuse:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self._data_count += 1
        if self.hold_at is not None and self._data_count == self.hold_at:
            self.held.set()
            while not self.release.is_set():
                await asyncio.sleep(0.02)
            return "451 4.3.0 held and dropped by the test"
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content or envelope.content))
        return "250 2.0.0 OK queued"

    def per_recipient(self) -> Counter:
        return Counter(address for r in self.received for address in r.rcpt_tos)


class SmtpServer:
    """aiosmtpd on host:port until the block ends: `with SmtpServer(handler, host, port) as server:`."""

    def __init__(self, handler: RecordingHandler, host: str, port: int, **smtp_parameters) -> None:
        self.handler = handler
        self.host, self.port = host, port
        self._controller = Controller(handler, hostname=host, port=port, **smtp_parameters)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.handler.release.set()
        self._controller.stop()


def password_authenticator(password: str):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"auditor" and auth_data.password == password.encode()
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535 itself

    return authenticate


@dataclass(frozen=True)
class CliResult:
    code: int
    output: str  # stdout and stderr as a terminal shows them (Click 8.2+)
    # stdout alone: what a JSON reader parses. A server thread of the test (aiosmtpd) may log
    # to stderr while the command runs, and its line would land in `output`
    stdout: str = ""


def run_auditor(*args: str) -> CliResult:
    """`auditor ARGS` in this process (so monkeypatched constants hold), with main()'s exit codes."""
    result = CliRunner().invoke(cli, list(args))
    if isinstance(result.exception, AuditorError):
        return CliResult(result.exception.exit_code, result.output + str(result.exception), result.stdout)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.output, result.stdout)
