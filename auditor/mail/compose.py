"""Bulletins as `email.message.EmailMessage`s: plain text and HTML alternatives, the XLSX attached.

    report ─▶ content.py (what to say) ─▶ templates/*.j2 (how it reads) ─▶ EmailMessage

One office summary per run, and one bulletin per responsible unit with active
(new or open) problems. Headers follow `email.policy.SMTP`: a Chinese subject is
RFC 2047 encoded, lines end in CRLF, bodies are UTF-8 (base64). The Message-ID is
derived from (run, recipient), so a copy that was sent twice would be recognisable
as one message by the receiving server and by people.

Crawled text (site names, titles, link texts, URLs, messages) is untrusted: the HTML
templates run with autoescape on, and a link is made only of an http(s) URL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from functools import cache
from pathlib import Path

import jinja2

from ..config import ColumnConfig, Config, MailConfig, SiteConfig
from ..errors import UsageError
from ..links.summary import UnverifiedLink
from ..models import (
    BrokenRule,
    ColumnKind,
    Outcome,
    Problem,
    RunKind,
    RunStatus,
    Severity,
    SiteKind,
    ViolationStatus,
)
from ..report.data import RunReport, Unit, find_unit, units_of
from ..report.names import Names
from ..rules import Ruleset, load_rulesets
from ..store import RunRecord
from ..urls import is_http_url
from .content import Words, office_content, partial_label, unit_content
from .issue import Issue, issue_for, issue_for_test

TEMPLATES = Path(__file__).parent / "templates"
XLSX_TYPE = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")
PREVIEW_SENDER = "auditor@localhost.invalid"  # for previews when the config has no [mail]
OFFICE = "office"


@dataclass(frozen=True)
class Bulletin:
    """One composed message and who it is for."""

    run_id: int
    recipient_key: str  # "office" or "unit:<unit key>": one message per (run, recipient_key), ever
    file_stem: str  # "<run>-office" or "<run>-unit-<key>": the key is a config id, never crawled text
    to: tuple[str, ...]
    subject: str
    message: EmailMessage

    def as_bytes(self) -> bytes:
        return self.message.as_bytes(policy=SMTP)


@dataclass(frozen=True)
class Composition:
    bulletins: list[Bulletin]
    units_without_contacts: list[Unit] = field(default_factory=list)  # composed, but nobody to send them to
    units_without_problems: list[Unit] = field(default_factory=list)  # no bulletin: nothing to fix


def compose_bulletins(
    report: RunReport, config: Config, rulesets: Sequence[Ruleset] | None = None, *,
    unit: str | None = None, now: datetime | None = None, issue: Issue | None = None,
    unverified_links: Sequence[UnverifiedLink] = (), partial: bool = False,
) -> Composition:
    """The office summary and every unit bulletin of the run; only one unit's (no summary) when `unit` is given.

    `issue` (number, date, deadlines) and `unverified_links` come from the store (`commands.compose_for_run`);
    without them the number counts by the run's id and no link is listed as unverified. The office
    summary of a partial run (some sites only) is refused with a UsageError unless `partial` is set,
    and is then labelled 部分网站 in its subject and body."""
    if report.partial and unit is None and not partial:
        raise UsageError(partial_refusal(report))
    words = Words(config.language, report.timezone, _names(report, config, rulesets))
    issue = issue or issue_for(config, report.run)
    mail = config.mail
    sent_at = now or datetime.now(UTC)
    units = [find_unit(report.units, unit)] if unit else list(report.units)
    bulletins = [] if unit else [_office_bulletin(report, words, issue, mail, sent_at, unverified_links)]
    without_contacts, without_problems = [], []
    for each in units:
        if not any(v.status != ViolationStatus.RESOLVED for v in report.for_unit(each)):
            without_problems.append(each)
            continue
        if not each.contacts:
            without_contacts.append(each)
        bulletins.append(_unit_bulletin(report, words, issue, mail, each, sent_at, unverified_links))
    return Composition(bulletins, without_contacts, without_problems)


def partial_refusal(report: RunReport) -> str:
    names = "、".join(site.name for site in report.sites) or "无"
    return (
        f"检查 #{report.run.id} 只检查了部分网站（{names}），其排名不能作为全县汇总通报：加 --partial 生成标明“部分网站”的"
        "汇总通报，或用 --unit 只生成单位通报；不指定 --run 时使用最近一次完成的全面检查 "
        "(a run of some sites only: its office summary is refused; --partial labels it, --unit sends unit bulletins only)"
    )


def _names(report: RunReport, config: Config, rulesets: Sequence[Ruleset] | None) -> Names:
    """The report's names when it carries the rulesets; else the config's and the rulesets' (loaded when not given)."""
    if report.names.rulesets and report.names.sites:
        return report.names
    return Names.of(config, list(rulesets) if rulesets is not None else load_rulesets(config.ruleset_paths()))


def _office_bulletin(
    report: RunReport, words: Words, issue: Issue, mail: MailConfig | None, now: datetime,
    unverified_links: Sequence[UnverifiedLink],
) -> Bulletin:
    content = office_content(report, words, issue, _sender(mail), unverified_links)
    totals = content.totals
    partial = partial_label(report, words) if report.partial else ""
    if words.language == "en":
        subject = (f"[Website inspection bulletin] {partial + ', ' if partial else ''}inspection of {content.audit_date}: "
                   f"{totals.sites} sites, {totals.active} problems ({issue.number})")
    else:
        subject = (f"【网站检查通报】{partial}{content.audit_date}检查：{totals.sites}个网站，问题{totals.active}个"
                   f"（{issue.number}）")
    attachment = _workbook(report, list(report.violations)), f"audit-{report.run.id}-violations.xlsx"
    return _bulletin(
        report.run.id, OFFICE, f"{report.run.id}-office", tuple(mail.office if mail else ()), subject,
        words, "office", content, mail, now, attachment,
    )


def _unit_bulletin(
    report: RunReport, words: Words, issue: Issue, mail: MailConfig | None, unit: Unit, now: datetime,
    unverified_links: Sequence[UnverifiedLink],
) -> Bulletin:
    content = unit_content(report, words, unit, issue, _sender(mail), unverified_links)
    if words.language == "en":
        subject = (f"[Website inspection bulletin] {unit.name}: {content.count} problems, please fix them in time "
                   f"and report back by {content.earliest} ({issue.number})")
    else:
        subject = f"【网站检查通报】{unit.name}：问题{content.count}个，请按期整改并于{content.earliest}前反馈（{issue.number}）"
    active = [v for v in report.for_unit(unit) if v.status != ViolationStatus.RESOLVED]
    attachment = _workbook(report, active), f"audit-{report.run.id}-{unit.key}-violations.xlsx"
    return _bulletin(
        report.run.id, f"unit:{unit.key}", f"{report.run.id}-unit-{unit.key}", unit.contacts, subject,
        words, "unit", content, mail, now, attachment,
    )


def _bulletin(
    run_id: int, recipient_key: str, file_stem: str, to: tuple[str, ...], subject: str,
    words: Words, template: str, content: object, mail: MailConfig | None, now: datetime,
    attachment: tuple[bytes, str] | None,
) -> Bulletin:
    subject = _one_line(subject)
    text = render(f"{template}.{words.language}.txt.j2", c=content, subject=subject)
    html = render(f"{template}.{words.language}.html.j2", c=content, subject=subject)
    message = build_message(
        sender=_sender(mail), to=to, subject=subject, text=text, html=html, now=now,
        message_id=stable_message_id(run_id, recipient_key, _sender(mail)), attachment=attachment,
    )
    return Bulletin(run_id, recipient_key, file_stem, to, subject, message)


def build_message(
    *, sender: str, to: Sequence[str], subject: str, text: str, html: str, now: datetime,
    message_id: str, attachment: tuple[bytes, str] | None = None,
) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["Subject"] = subject
    message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    message["Date"] = format_datetime(now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC))
    message["Message-ID"] = message_id
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a robot
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    if attachment is not None:
        data, filename = attachment
        message.add_attachment(data, maintype=XLSX_TYPE[0], subtype=XLSX_TYPE[1], filename=filename)
    return message


def stable_message_id(run_id: int | str, recipient_key: str, sender: str) -> str:
    """`<bulletin.run7.unit-chengguan@example.gov.cn>`: the same for the same (run, recipient), always."""
    domain = sender.rpartition("@")[2].strip(" >") or "auditor.invalid"
    local = re.sub(r"[^A-Za-z0-9_.-]", "-", f"bulletin.run{run_id}.{recipient_key}")
    return f"<{local}@{domain}>"


def write_previews(bulletins: Sequence[Bulletin], folder: Path) -> list[Path]:
    """Each bulletin as `<file_stem>.eml` in `folder`, to open in a mail program before sending."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for bulletin in bulletins:
        path = folder / f"{bulletin.file_stem}.eml"
        path.write_bytes(bulletin.as_bytes())
        paths.append(path)
    return paths


def compose_test_bulletin(config: Config, rulesets: Sequence[Ruleset] | None = None, now: datetime | None = None) -> Bulletin:
    """A made-up unit bulletin, addressed to the office, to check the mail settings (`auditor bulletin --test`).

    Marked 测试 in its subject and at the top of its body, numbered 〔测试〕 and dated today."""
    moment = now or datetime.now(UTC)
    loaded = list(rulesets) if rulesets is not None else load_rulesets(config.ruleset_paths())
    report = _made_up_report(config, loaded, moment)  # its one unit's contacts are the office addresses
    words = Words(config.language, config.timezone, report.names)
    link = UnverifiedLink(
        site=report.sites[0].id, url="http://www.example.gov.cn/internal/", outcome=Outcome.UNVERIFIED, status=403,
        error="http-403", sources=(("http://www.example.gov.cn/", "内部办公（这是测试邮件）"),), source_count=1,
    )
    issue = issue_for_test(config, moment)
    bulletin = _unit_bulletin(report, words, issue, config.mail, report.units[0], moment, [link])
    subject = ("[TEST] " if words.language == "en" else "【测试】") + bulletin.subject
    message = bulletin.message
    message.replace_header("Subject", subject)
    message.replace_header("Message-ID", stable_message_id(f"test{moment:%Y%m%d%H%M%S}", OFFICE, _sender(config.mail)))
    return Bulletin(0, "test", "test", bulletin.to, subject, message)


def _made_up_report(config: Config, rulesets: list[Ruleset], now: datetime) -> RunReport:
    site = SiteConfig(id="example", name="示例镇人民政府（测试）", url="http://www.example.gov.cn/", kind=SiteKind.TOWN,
                      unit="示例镇人民政府（测试）", contacts=list(config.mail.office) if config.mail else [],
                      columns=[ColumnConfig(id="news", name="工作动态", url="http://www.example.gov.cn/news/",
                                            kind=ColumnKind.NEWS)])
    seen = now - timedelta(days=16)
    made_up = (
        ("test-1", "link.broken", Severity.MAJOR, None, "http://www.example.gov.cn/old/notice.html",
         "链接失效：http://www.example.gov.cn/old/notice.html （HTTP 404），见于 http://www.example.gov.cn/「通知公告」（这是测试邮件）",
         ViolationStatus.OPEN, seen),
        ("test-2", "column.cadence", Severity.MAJOR, "news", "http://www.example.gov.cn/news/",
         "工作动态 最新信息已 5 天未更新（规定每天更新）（这是测试邮件）", ViolationStatus.NEW, now),
    )
    violations = []
    for problem_id, check, severity, column, url, message, status, first_seen in made_up:
        rules = _rules_for(rulesets, check) or (BrokenRule("", "", severity, 1.0, False),)
        top = rules[0]
        violations.append(Problem(
            id=problem_id, ruleset=top.ruleset, rule=top.rule, check=check, severity=top.severity, points=top.points,
            veto=top.veto, site=site.id, column=column, url=url, message=message, evidence={}, status=status,
            first_seen=first_seen, last_seen=now, rules=rules,
        ))
    run = RunRecord(id=0, as_of=now, started_at=now, finished_at=now, status=RunStatus.COMPLETE, kind=RunKind.FULL,
                    site_ids=(site.id,), sites=1, pages=0, links=0)
    return RunReport(run=run, previous_run=None, sites=(site,), units=units_of([site]), violations=tuple(violations),
                     scores=(), timezone=config.timezone, names=Names([*config.sites, site], rulesets))


def _rules_for(rulesets: Sequence[Ruleset], check: str) -> tuple[BrokenRule, ...]:
    """The non-veto rules of these rulesets that use `check`, most severe first: what a made-up problem breaks."""
    fitting = [r for ruleset in rulesets for r in ruleset.rules if not r.veto]
    found = [BrokenRule(r.ruleset, r.id, r.severity, r.points, False) for r in fitting if r.check == check]
    found = found or [BrokenRule(r.ruleset, r.id, r.severity, r.points, False) for r in fitting[:1]]
    return tuple(sorted(found, key=lambda rule: rule.order))


def render(template: str, **values: object) -> str:
    return _environment().get_template(template).render(**values)


@cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=lambda name: name is not None and name.endswith(".html.j2"),  # HTML escaped, plain text left plain
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["http_url"] = is_http_url
    return environment


def _workbook(report: RunReport, violations: list[Problem]) -> bytes:
    from ..report.xlsx import violations_workbook  # the same workbook `auditor report` writes

    return violations_workbook(report, violations)


def _sender(mail: MailConfig | None) -> str:
    return mail.sender if mail else PREVIEW_SENDER


def _one_line(text: str) -> str:
    """A header value on one line: a config string with a newline must not add headers."""
    return re.sub(r"\s+", " ", text).strip()
