"""Sending through the outbox: every message recorded first, each (run, recipient) sent once.

    queue_bulletins   compose ─▶ INSERT … ON CONFLICT DO NOTHING (status pending)
    deliver           for each row not sent: claim (sending, commit) ─▶ SMTP ─▶ sent (commit)

Why this is exactly once, and where it is not:
- A re-run composes the same (run, recipient) pairs; the insert skips rows that exist,
  so a sent row stays sent and is never picked up again.
- A row is marked `sending` and committed before the SMTP conversation, and `sent` is
  committed right after the server accepted the message. A process that dies in
  between leaves the row `sending`; the next run sends it again. If the death came
  after the server accepted DATA and before the `sent` commit, that recipient gets
  the message twice: the window is the few milliseconds of one database commit. The
  same holds for a connection lost after the message's last byte left and before the
  server's answer arrived. Both copies carry the same Message-ID, so mail programs
  and servers that de-duplicate show one. Everything else is exactly once.
- A refused or unreachable server (connection refused, timeouts, 4xx) is retried
  within the command with exponential backoff, then left `pending` for the next run.
  A 5xx for a recipient marks that row `failed` and the others go on; `auditor outbox
  --retry` puts failed rows back in the queue. Wrong settings (login, certificate)
  stop delivery at once: retrying a wrong password only locks the account.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..config import MailConfig
from ..logs import event
from ..models import OutboxStatus
from ..store import Store
from ..store.outbox import OutboxEntry, OutboxMessage
from .compose import Bulletin
from .smtp import (
    MailFailure,
    PermanentFailure,
    SettingsFailure,
    SmtpConnection,
    TemporaryFailure,
    password_for,
)

log = logging.getLogger("auditor.mail")

ATTEMPTS = 3  # connection rounds within one command
BACKOFF_SECONDS = 2.0  # wait before round 2; doubled before each further round
DUE = (OutboxStatus.PENDING, OutboxStatus.SENDING)  # `sending` at the start of a run: a process died mid-send


@dataclass
class Delivery:
    """What one `deliver` call did."""

    sent: list[OutboxMessage] = field(default_factory=list)
    failed: dict[int, str] = field(default_factory=dict)  # row id -> permanent error
    deferred: dict[int, str] = field(default_factory=dict)  # row id -> temporary error: still pending
    skipped: list[int] = field(default_factory=list)  # claimed by another process meanwhile
    settings_error: str = ""  # delivery stopped: the settings are wrong

    @property
    def complete(self) -> bool:
        return not (self.failed or self.deferred or self.settings_error)


def queue_bulletins(store: Store, bulletins: Sequence[Bulletin], now: datetime | None = None) -> int:
    """Record every bulletin that has recipients; rows already there are left alone. Returns how many were new."""
    entries = [
        OutboxEntry(b.run_id, b.recipient_key, b.to, b.subject, b.as_bytes())
        for b in bulletins if b.to
    ]
    return store.outbox_enqueue(entries, now or datetime.now(UTC))


def deliver(
    store: Store, mail: MailConfig, *, run_id: int | None = None, recipient_keys: Collection[str] | None = None,
    attempts: int | None = None, backoff: float | None = None,
) -> Delivery:
    """Send every due row (of `run_id`, or of every run; only `recipient_keys` if given), retrying temporary failures with backoff."""
    password = password_for(mail)  # a missing variable is a usage error before any row is touched
    attempts = ATTEMPTS if attempts is None else attempts
    backoff = BACKOFF_SECONDS if backoff is None else backoff
    delivery = Delivery()
    due = [m for m in store.outbox(run_id, DUE) if recipient_keys is None or m.recipient_key in recipient_keys]
    for attempt in range(1, attempts + 1):
        if not due:
            break
        if attempt > 1:
            wait = backoff * 2 ** (attempt - 2)
            log.info("mail server unavailable; trying %d message(s) again in %.1f s", len(due), wait)
            time.sleep(wait)
        retry = _round(store, mail, password, due, delivery)
        if delivery.settings_error:
            break
        due = [m for m in store.outbox(run_id, DUE) if m.id in retry]  # fresh attempts counts for the claim
    return delivery


def _round(
    store: Store, mail: MailConfig, password: str | None, due: list[OutboxMessage], delivery: Delivery,
) -> set[int]:
    """One connection, the due rows sent through it; returns the ids to try again."""
    connection = SmtpConnection(mail, password)
    try:
        connection.open()
    except TemporaryFailure as failure:
        store.outbox_note_attempt([m.id for m in due], str(failure))
        delivery.deferred.update({m.id: str(failure) for m in due})
        for message in due:
            _log_deferred(message, failure)
        return {m.id for m in due}
    except SettingsFailure as failure:
        store.outbox_note_attempt([m.id for m in due], str(failure))
        delivery.settings_error = str(failure)
        delivery.deferred.update({m.id: str(failure) for m in due})
        for message in due:
            _log_deferred(message, failure)
        return set()
    retry: set[int] = set()
    try:
        for index, message in enumerate(due):
            outcome = _send_one(store, mail, connection, message, delivery)
            if outcome == "retry":
                retry.add(message.id)
            elif outcome in ("reconnect", "stop"):
                # the connection is gone or the settings are wrong: the rest wait, unclaimed
                retry.add(message.id)
                rest = due[index + 1:]
                delivery.deferred.update({m.id: delivery.deferred[message.id] for m in rest})
                retry.update(m.id for m in rest)
                break
    finally:
        connection.close()
    return set() if delivery.settings_error else retry


def _send_one(store: Store, mail: MailConfig, connection: SmtpConnection, message: OutboxMessage, delivery: Delivery) -> str:
    if not store.outbox_claim(message):
        delivery.skipped.append(message.id)
        delivery.deferred.pop(message.id, None)
        return "done"
    try:
        receipt = connection.send(mail.sender, message.to_addresses, message.message)
    except TemporaryFailure as failure:
        store.outbox_mark_pending(message.id, str(failure))
        delivery.deferred[message.id] = str(failure)
        _log_deferred(message, failure)
        return "reconnect" if failure.connection_lost else "retry"
    except PermanentFailure as failure:
        store.outbox_mark_failed(message.id, str(failure))
        delivery.failed[message.id] = str(failure)
        delivery.deferred.pop(message.id, None)
        event(log, "mail.failed", f"outbox #{message.id} ({message.recipient_key}) failed: {failure}", level=logging.WARNING,
              **_message_fields(message, failure.code))
        return "done"
    except SettingsFailure as failure:
        store.outbox_mark_pending(message.id, str(failure))
        delivery.deferred[message.id] = str(failure)
        delivery.settings_error = str(failure)
        _log_deferred(message, failure)
        return "stop"
    note = "; ".join(f"{r}: {reply}" for r, reply in receipt.refused.items())
    store.outbox_mark_sent(message.id, datetime.now(UTC), f"部分收件人被拒 (some recipients refused): {note}" if note else "")
    delivery.deferred.pop(message.id, None)
    delivery.sent.append(message)
    event(log, "mail.sent", f"outbox #{message.id} ({message.recipient_key}) sent to {', '.join(receipt.accepted)}: {receipt.reply}",
          **_message_fields(message, receipt.code), refused=sorted(receipt.refused))
    return "done"


def _log_deferred(message: OutboxMessage, failure: MailFailure) -> None:
    """Still pending: a warning when the server is away, an error when the settings are wrong (nothing goes until fixed)."""
    level = logging.ERROR if isinstance(failure, SettingsFailure) else logging.WARNING
    event(log, "mail.deferred", f"outbox #{message.id} ({message.recipient_key}) deferred: {failure}", level=level,
          **_message_fields(message, failure.code))


def _message_fields(message: OutboxMessage, code: int | None) -> dict[str, Any]:  # event()'s **fields
    """What a mail line carries: never the body, never the password (the attempt is the one just made)."""
    return {"run": message.run_id, "outbox": message.id, "recipient": message.recipient_key,
            "to": list(message.to_addresses), "attempt": message.attempts + 1, "code": code}
