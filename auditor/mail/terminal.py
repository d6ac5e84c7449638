"""What `auditor bulletin` and `auditor outbox` print."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import OutboxStatus
from ..store.outbox import OutboxMessage
from .commands import Preview, Sending
from .compose import Composition
from .outbox import Delivery

console = Console(soft_wrap=True)


def composition_notes(composition: Composition, sending: bool) -> list[str]:
    """Who gets nothing, and why: said before anything is written or sent."""
    notes = []
    for bulletin in composition.bulletins:
        if bulletin.recipient_key == "office" and not bulletin.to:
            notes.append("办公室汇总通报没有收件人 ([mail] office 为空或没有 [mail])：" + ("不发送 (not sent)" if sending else "只生成预览 (preview only)"))
    for unit in composition.units_without_contacts:
        notes.append(
            f"单位 {unit.name}（{unit.key}）没有联系人，不发送 (no contacts: no mail)；"
            f"请在其网站的 [[sites]] contacts 中填写邮箱"
        )
    if composition.units_without_problems:
        names = "、".join(u.name for u in composition.units_without_problems)
        notes.append(f"本次没有问题、不发通报的单位 (no problems, no bulletin)：{names}")
    return notes


def print_preview(preview: Preview) -> None:
    for note in composition_notes(preview.composition, sending=False):
        click.echo(note)
    for bulletin, path in zip(preview.composition.bulletins, preview.paths, strict=True):
        to = ", ".join(bulletin.to) if bulletin.to else "（无收件人，不会发送 / no recipients）"
        click.echo(f"{path}\t{to}")
    click.echo(f"已生成 {len(preview.paths)} 封通报预览 (previews written)；用 --send 发送")


def print_sending(sending: Sending) -> None:
    for note in composition_notes(sending.composition, sending=True):
        click.echo(note)
    click.echo(f"检查 #{sending.run_id} 的通报：新加入发件箱 {sending.queued} 封，发件箱中共 {len(sending.rows)} 封 (queued / in the outbox)")
    print_delivery(sending.delivery, sending.rows)


def print_delivery(delivery: Delivery, rows: Sequence[OutboxMessage]) -> None:
    by_id = {m.id: m for m in rows}
    for message in delivery.sent:
        click.echo(f"已发送 (sent)\t{message.recipient_key}\t{', '.join(message.to_addresses)}")
    for message_id, error in delivery.failed.items():
        key = by_id[message_id].recipient_key if message_id in by_id else f"#{message_id}"
        click.echo(f"发送失败 (failed)\t{key}\t{error}")
    for message_id, error in delivery.deferred.items():
        key = by_id[message_id].recipient_key if message_id in by_id else f"#{message_id}"
        click.echo(f"待重试 (pending)\t{key}\t{error}")
    if not (delivery.sent or delivery.failed or delivery.deferred):
        click.echo("没有待发送的邮件 (nothing to send: every message of this run was sent before)")
    if delivery.settings_error:
        click.echo(f"邮件设置有误，已停止发送 (mail settings refused, stopped): {delivery.settings_error}")


def outbox_document(rows: Sequence[OutboxMessage], tz: ZoneInfo) -> list[dict[str, Any]]:
    return [
        {
            "id": m.id, "run": m.run_id, "recipient": m.recipient_key, "to": list(m.to_addresses), "subject": m.subject,
            "status": m.status, "attempts": m.attempts, "error": m.last_error,
            "created_at": m.created_at.astimezone(tz).isoformat(),
            "sent_at": m.sent_at.astimezone(tz).isoformat() if m.sent_at else None,
        }
        for m in rows
    ]


def print_outbox(rows: Sequence[OutboxMessage], tz: ZoneInfo) -> None:
    """A table on a terminal; tab-separated lines otherwise, so nothing is folded or cut."""
    header = ("id", "检查", "状态", "收件人", "地址", "主题", "次数", "错误", "发送时间")
    lines = [
        (str(m.id), str(m.run_id), OutboxStatus.label_of(m.status), m.recipient_key, ", ".join(m.to_addresses),
         m.subject, str(m.attempts), m.last_error, m.sent_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if m.sent_at else "")
        for m in rows
    ]
    if not console.is_terminal:
        click.echo(f"发件箱 (outbox): {len(rows)}")
        for line in (header, *lines):
            click.echo("\t".join(line))
        return
    table = Table(title=f"发件箱 (outbox): {len(rows)}", title_justify="left")
    for column in header:
        table.add_column(column, overflow="fold")
    for line in lines:
        table.add_row(*(Text(cell) for cell in line))  # Text: a "[...]" in a subject is not rich markup
    console.print(table)
