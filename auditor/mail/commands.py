"""What `auditor bulletin` and `auditor outbox` do; `auditor/cli.py` only parses and prints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..config import Config, MailConfig
from ..errors import UsageError
from ..report.data import RunReport, load_run_report
from ..rules import Ruleset
from ..store import Store
from ..store.outbox import OutboxMessage
from .compose import Bulletin, Composition, compose_bulletins, compose_test_bulletin, write_previews
from .issue import issue_for, run_sequence
from .outbox import Delivery, deliver, queue_bulletins
from .smtp import MailFailure, Receipt, password_for, send_once


@dataclass(frozen=True)
class Preview:
    composition: Composition
    paths: list[Path]  # one per bulletin, in the same order


@dataclass(frozen=True)
class Sending:
    run_id: int
    composition: Composition
    queued: int  # rows new in the outbox
    delivery: Delivery
    rows: list[OutboxMessage]  # the outbox rows concerned, after sending


def preview_bulletins(
    store: Store, config: Config, rulesets: Sequence[Ruleset], folder: Path, *,
    run_id: int | None = None, unit: str | None = None, partial: bool = False,
) -> Preview:
    report = load_run_report(store, config, rulesets, run_id)
    composition = compose_for_run(store, report, config, rulesets, unit=unit, partial=partial)
    return Preview(composition, write_previews(composition.bulletins, folder))


def send_bulletins(
    store: Store, config: Config, rulesets: Sequence[Ruleset], *, run_id: int | None = None, unit: str | None = None,
    partial: bool = False,
) -> Sending:
    """Compose, record the messages not recorded yet, send every due one of this run (or of this unit).

    The office summary of a partial run is refused (UsageError) unless `partial` is set."""
    mail = require_mail(config)
    password_for(mail)  # a missing password variable is refused before anything is recorded
    report = load_run_report(store, config, rulesets, run_id)
    composition = compose_for_run(store, report, config, rulesets, unit=unit, partial=partial)
    queued = queue_bulletins(store, composition.bulletins)
    keys = {b.recipient_key for b in composition.bulletins} if unit else None
    delivery = deliver(store, mail, run_id=report.run.id, recipient_keys=keys)
    rows = [m for m in store.outbox(report.run.id) if keys is None or m.recipient_key in keys]
    return Sending(report.run.id, composition, queued, delivery, rows)


def compose_for_run(
    store: Store, report: RunReport, config: Config, rulesets: Sequence[Ruleset], *,
    unit: str | None = None, partial: bool = False,
) -> Composition:
    """The run's bulletins with what only the store knows: the 通报 number's place in the year
    (the unverified links come with the report)."""
    issue = issue_for(config, report.run, run_sequence(store, report.run, config.timezone))
    return compose_bulletins(report, config, rulesets, unit=unit, issue=issue,
                             unverified_links=report.unverified_links, partial=partial)


def retry_outbox(store: Store, config: Config, run_id: int | None = None) -> tuple[int, Delivery]:
    """Failed rows back in the queue, then every due row sent; returns (rows requeued, delivery)."""
    mail = require_mail(config)
    requeued = store.outbox_requeue_failed(run_id)
    return requeued, deliver(store, mail, run_id=run_id)


def send_test(config: Config, rulesets: Sequence[Ruleset]) -> tuple[Bulletin, Receipt]:
    """A made-up bulletin to the office addresses; UsageError with the server's words when it fails."""
    mail = require_mail(config)
    if not mail.office:
        raise UsageError("[mail] office 为空：测试邮件发给办公室地址，请填写 (the test bulletin goes to [mail] office: list an address)")
    bulletin = compose_test_bulletin(config, rulesets)
    try:
        return bulletin, send_once(mail, bulletin.to, bulletin.as_bytes())
    except MailFailure as failure:
        raise UsageError(f"测试邮件发送失败 (test bulletin not sent): {failure}") from None


def require_mail(config: Config) -> MailConfig:
    if config.mail is None:
        raise UsageError("配置中没有 [mail]：发送通报需要邮件设置，见 config.example.toml (no [mail] table in the config)")
    return config.mail
