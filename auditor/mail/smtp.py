"""Talking to the mail server: STARTTLS or implicit TLS, login, and failures sorted by what to do next.

    MailFailure                 what went wrong, in words safe to store and print (never the password)
    ├── TemporaryFailure        try again later: refused or dropped connection, timeout, 4xx
    ├── PermanentFailure        this message or recipient is refused (5xx): retrying will not help
    └── SettingsFailure         the [mail] settings are wrong (login, certificate, TLS, sender): stop

stdlib `smtplib`, synchronous: a bulletin run sends tens of messages, one after the other.
The password comes only from the environment variable `[mail] password_env` names;
`smtplib`'s debug output (which would show the AUTH exchange) is never switched on.
"""

from __future__ import annotations

import copy
import logging
import os
import smtplib
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

from ..config import MailConfig
from ..errors import UsageError
from ..logs import event, register_secret

log = logging.getLogger("auditor.mail")


class MailFailure(Exception):
    """A failure with a message fit for the outbox's `last_error` and the terminal; `code` is the SMTP answer, if any."""

    def __init__(self, message: str, *, code: int | None = None) -> None:
        super().__init__(message)
        self.code = code

    def scrubbed(self, secret: str | None) -> MailFailure:
        """The same failure with `secret` masked, should a server or a library have echoed it."""
        if not secret or secret not in str(self):
            return self
        clone = copy.copy(self)
        clone.args = (str(self).replace(secret, "***"),)
        return clone


class TemporaryFailure(MailFailure):
    def __init__(self, message: str, *, connection_lost: bool = False, code: int | None = None) -> None:
        super().__init__(message, code=code)
        self.connection_lost = connection_lost  # the next message needs a new connection


class PermanentFailure(MailFailure):
    pass


class SettingsFailure(MailFailure):
    pass


@dataclass(frozen=True)
class Receipt:
    """The server's answer to one message."""

    accepted: tuple[str, ...]
    refused: dict[str, str] = field(default_factory=dict)  # recipient -> the server's reply
    reply: str = ""  # the answer to DATA, e.g. "250 OK queued as 1234"
    code: int | None = None  # its code, e.g. 250


def password_for(mail: MailConfig) -> str | None:
    """The login password from the environment, or None when `username` is not set; UsageError when missing."""
    if not mail.username:
        return None
    if not mail.password_env:
        raise UsageError(
            "[mail] username 已设置但缺少 password_env：请写上保存密码的环境变量名 "
            "(username is set but password_env is not: name the environment variable that holds the password)"
        )
    value = os.environ.get(mail.password_env)
    if not value:
        raise UsageError(
            f"环境变量 {mail.password_env} 未设置，无法登录邮件服务器 "
            f"(the environment variable {mail.password_env} named by [mail] password_env is not set)"
        )
    register_secret(value)
    return value


def tls_context(mail: MailConfig) -> ssl.SSLContext:
    """The system's trusted certificates, plus `[mail] ca_bundle` (an intranet's own CA) when named."""
    context = ssl.create_default_context()
    if mail.ca_bundle:
        context.load_verify_locations(cafile=mail.ca_bundle)
    return context


class SmtpConnection:
    """One logged-in SMTP session: `with SmtpConnection(mail, password) as smtp: smtp.send(...)`."""

    def __init__(self, mail: MailConfig, password: str | None) -> None:
        self._mail = mail
        self._password = password
        self._smtp: smtplib.SMTP | None = None

    def open(self) -> None:
        """Connect, secure and log in; a MailFailure says why not."""
        try:
            self._smtp = self._open()
        except Exception as error:
            self.close()
            raise self._classify(error, "connect") from None

    def __enter__(self) -> SmtpConnection:
        self.open()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def _open(self) -> smtplib.SMTP:
        mail = self._mail
        if mail.ssl:
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(mail.host, mail.port, timeout=mail.timeout, context=tls_context(mail))
        else:
            smtp = smtplib.SMTP(mail.host, mail.port, timeout=mail.timeout)
        self._smtp = smtp  # closed by __enter__ if what follows fails
        smtp.ehlo()
        if mail.starttls and not mail.ssl:
            smtp.starttls(context=tls_context(mail))
            smtp.ehlo()
        if mail.username:
            smtp.login(mail.username, self._password or "")
        return smtp

    def send(self, sender: str, recipients: Sequence[str], message: bytes) -> Receipt:
        """Send one message to its recipients; raises a MailFailure when nobody received it."""
        if self._smtp is None:
            raise TemporaryFailure("not connected", connection_lost=True)
        try:
            return self._converse(self._smtp, sender, recipients, message)
        except MailFailure as failure:
            raise failure.scrubbed(self._password) from None
        except Exception as error:
            raise self._classify(error, "send") from None

    def _converse(self, smtp: smtplib.SMTP, sender: str, recipients: Sequence[str], message: bytes) -> Receipt:
        code, reply = smtp.mail(sender)
        if code != 250:
            self._reset()
            failure = _by_code(code, reply, f"MAIL FROM {sender}")
            # a 5xx for our own sender address is a settings problem, not this message's
            raise SettingsFailure(str(failure), code=code) if isinstance(failure, PermanentFailure) else failure
        refused: dict[str, str] = {}
        codes: dict[str, int] = {}
        for recipient in recipients:
            code, reply = smtp.rcpt(recipient)
            if code not in (250, 251):
                refused[recipient], codes[recipient] = _reply(code, reply), code
        accepted = tuple(r for r in recipients if r not in refused)
        if not accepted:
            self._reset()
            detail = "; ".join(f"{r}: {text}" for r, text in refused.items())
            deferring = [c for c in codes.values() if 400 <= c < 500]
            if deferring:
                raise TemporaryFailure(self._clean(f"收件人暂时被拒 (recipients deferred): {detail}"), code=deferring[0])
            raise PermanentFailure(self._clean(f"收件人被拒 (recipients refused): {detail}"), code=max(codes.values()))
        code, reply = smtp.data(message)
        if code != 250:
            self._reset()
            raise _by_code(code, reply, "DATA")
        return Receipt(accepted, refused, self._clean(_reply(code, reply)), code)

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (smtplib.SMTPException, OSError):
            pass

    def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()

    def _classify(self, error: BaseException, stage: str) -> MailFailure:
        return classify(error, self._mail, stage).scrubbed(self._password)

    def _clean(self, text: str) -> str:
        """Belt and braces: whatever a server or a library echoes, the password never leaves this object."""
        return text.replace(self._password, "***") if self._password else text


def classify(error: BaseException, mail: MailConfig, stage: str) -> MailFailure:
    """What an exception from smtplib, ssl or the socket means for the message being sent."""
    server = f"{mail.host}:{mail.port}"
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return SettingsFailure(f"登录邮件服务器失败 (login refused by {server}): {_reply(error.smtp_code, error.smtp_error)}; "
                               f"请检查 [mail] username 和环境变量 {mail.password_env}", code=error.smtp_code)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return SettingsFailure(f"邮件服务器不支持 (not supported by {server}): {error}; "
                               "请检查 [mail] starttls / ssl / username")
    if isinstance(error, ssl.SSLCertVerificationError):
        return SettingsFailure(f"邮件服务器证书校验失败 (certificate of {server} not trusted): {error.verify_message}; "
                               "内网自有证书请设置 [mail] ca_bundle")
    if isinstance(error, ssl.SSLError):
        return SettingsFailure(f"TLS 握手失败 (TLS failed with {server}): {error.reason or error}; "
                               "请检查 [mail] ssl（465 端口）和 starttls（587 端口）")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        return TemporaryFailure(f"邮件服务器断开连接 (disconnected by {server}) during {stage}: {error}", connection_lost=True)
    if isinstance(error, smtplib.SMTPResponseException):
        failure = _by_code(error.smtp_code, error.smtp_error, stage)
        if stage != "connect":
            return failure
        # refused while greeting or logging in: no message could go through this server now
        if isinstance(failure, TemporaryFailure):
            return TemporaryFailure(str(failure), connection_lost=True, code=failure.code)
        return SettingsFailure(str(failure), code=failure.code)
    if isinstance(error, smtplib.SMTPException) and stage == "connect":  # e.g. no AUTH method both sides know
        return SettingsFailure(f"邮件服务器握手失败 (setting up the session with {server} failed): {error}")
    if isinstance(error, ConnectionRefusedError):
        return TemporaryFailure(f"无法连接邮件服务器 (connection refused by {server})", connection_lost=True)
    if isinstance(error, TimeoutError):
        return TemporaryFailure(f"邮件服务器无响应 (timeout after {mail.timeout:g} s at {server}) during {stage}", connection_lost=True)
    if isinstance(error, OSError | smtplib.SMTPException):
        return TemporaryFailure(f"邮件服务器连接失败 (connection to {server} failed) during {stage}: {error}", connection_lost=True)
    return TemporaryFailure(f"发送失败 (unexpected {type(error).__name__} during {stage}): {error}", connection_lost=True)


def _by_code(code: int, reply: bytes | str, stage: str) -> MailFailure:
    text = f"{stage}: {_reply(code, reply)}"
    if 400 <= code < 500:
        return TemporaryFailure(f"邮件服务器暂时拒绝 (deferred) {text}", code=code)
    return PermanentFailure(f"邮件服务器拒绝 (refused) {text}", code=code)


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return f"{code} {' '.join(text.split())}"


def send_once(mail: MailConfig, recipients: Sequence[str], message: bytes) -> Receipt:
    """Connect, send one message, disconnect (`auditor bulletin --test`)."""
    try:
        with SmtpConnection(mail, password_for(mail)) as smtp:
            receipt = smtp.send(mail.sender, recipients, message)
    except MailFailure as failure:
        event(log, "mail.failed", f"测试邮件未发送 (test message not sent): {failure}", level=logging.WARNING,
              run=None, to=list(recipients), attempt=1, code=failure.code, test=True)
        raise
    event(log, "mail.sent", f"test message accepted by {mail.host}:{mail.port} for {', '.join(receipt.accepted)}: {receipt.reply}",
          run=None, to=list(receipt.accepted), attempt=1, code=receipt.code, refused=sorted(receipt.refused), test=True)
    return receipt
