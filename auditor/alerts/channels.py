"""Sending one message (one alert, or a digest of several) to one channel.

    wecom      企业微信群机器人: POST {"msgtype": "markdown", "markdown": {"content": …}} to the robot's
               webhook URL (…/cgi-bin/webhook/send?key=…); content at most 4096 bytes of UTF-8;
               accepted when the answer is HTTP 200 with {"errcode": 0}
    dingtalk   钉钉自定义机器人: POST {"msgtype": "markdown", "markdown": {"title": …, "text": …}} to
               …/robot/send?access_token=…; signed mode (`secret_env`) appends
               &timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256(key=secret, msg="<ms>\\n<secret>")>;
               accepted on {"errcode": 0}
    webhook    any HTTP endpoint: POST the JSON document of `webhook_document`; accepted on 2xx
    email      through [mail] with auditor/mail/smtp.py's connection

Both robots take about 20 messages a minute; auditor/alerts/outbox.py keeps under that.
Failures are sorted by what to do next, in words safe to store and print: the URL (which
holds the robot's key) and the secret never appear in them.

    ChannelFailure
    ├── Retry           try again later: no answer, a timeout, HTTP 5xx or 429, errcode ≠ 0
    ├── Refused         this message will never be accepted (HTTP 4xx): marked failed
    └── Misconfigured   the settings are wrong (an environment variable missing, no [mail]): nothing is tried
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlsplit

import httpx

from ..config import AlertChannelConfig, Config
from ..errors import UsageError
from ..logs import redact, register_secret
from ..mail.smtp import MailFailure, PermanentFailure, SettingsFailure, SmtpConnection, password_for

KIND_NAMES_ZH = {"wecom": "企业微信", "dingtalk": "钉钉", "webhook": "网络回调", "email": "电子邮件"}
CONTENT_BYTES = 4000  # WeCom takes 4096 bytes of markdown; DingTalk more: one limit for both
DIGEST_TITLE = "网站监测提醒"


class ChannelFailure(Exception):
    """Why a channel did not take a message, in words safe to store and print."""


class Retry(ChannelFailure):
    pass


class Refused(ChannelFailure):
    pass


class Misconfigured(ChannelFailure):
    pass


@dataclass(frozen=True)
class Target:
    """A channel with what the environment supplies: its URL and secret, or the mail password."""

    name: str
    channel: AlertChannelConfig
    url: str = ""
    secret: str = ""
    password: str | None = None

    @property
    def label(self) -> str:
        """`wecom-1（企业微信）`: how the terminal and the logs name the channel."""
        return f"{self.name}（{KIND_NAMES_ZH[self.channel.kind]}）"

    def secrets(self) -> list[str]:
        """The URL, its query and each query value (a robot's key or token), the secret and the password."""
        query = urlsplit(self.url).query
        values = [value for _, value in parse_qsl(query)]
        found = [self.url, query, *values, self.secret, self.password or ""]
        return sorted({s for s in found if len(s) >= 4}, key=len, reverse=True)

    def clean(self, text: str) -> str:
        """`text` with the URL, its key or token, the secret and the password masked, whatever echoed them."""
        for secret in self.secrets():
            text = text.replace(secret, "***")
        return redact(text)


def resolve(config: Config, name: str, channel: AlertChannelConfig) -> Target:
    """The channel with its URL and secret read from the environment; Misconfigured when one is missing."""
    if channel.kind == "email":
        if config.mail is None:
            raise Misconfigured("邮件提醒需要 [mail] 设置 (an email channel needs [mail])")
        try:
            return Target(name, channel, password=password_for(config.mail))
        except UsageError as error:
            raise Misconfigured(str(error)) from None
    url = _env(channel.url_env, "url_env")
    if not url.startswith(("http://", "https://")):
        raise Misconfigured(f"环境变量 {channel.url_env} 的值不是 http(s) 网址 (the value of {channel.url_env} is not an http(s) URL)")
    secret = _env(channel.secret_env, "secret_env") if channel.secret_env else ""
    target = Target(name, channel, url=url, secret=secret)
    for value in target.secrets():  # masked in every log line from now on, httpx's own included
        register_secret(value)
    return target


def _env(variable: str | None, key: str) -> str:
    value = os.environ.get(variable or "", "").strip()
    if not variable or not value:
        raise Misconfigured(f"环境变量 {variable} 未设置 (the environment variable {variable} named by {key} is not set)")
    return value


def send(config: Config, target: Target, payloads: Sequence[dict[str, Any]], *, test: bool = False) -> str:
    """Send the alerts as one message (a digest when there are several); returns the channel's answer.
    Raises a ChannelFailure."""
    try:
        if target.channel.kind == "email":
            return _send_email(config, target, payloads)
        body = _body(target.channel.kind, payloads, test)
        return _post(config, target, body)
    except ChannelFailure as failure:
        raise type(failure)(target.clean(str(failure))) from None


def title_of(payloads: Sequence[dict[str, Any]]) -> str:
    return str(payloads[0]["title"]) if len(payloads) == 1 else f"{DIGEST_TITLE}（{len(payloads)} 条）"


def markdown_of(payloads: Sequence[dict[str, Any]]) -> str:
    """The message as WeCom and DingTalk markdown, cut to CONTENT_BYTES with a note of what was left out."""
    if len(payloads) == 1:
        only = payloads[0]
        lines = [f"### {only['title']}", "", str(only["text"])]
        if only.get("url"):
            lines += ["", f"网址：{only['url']}"]
        return _cut("\n".join(lines), [])
    head = [f"### {title_of(payloads)}", ""]
    items = [f"- **{p['title']}**：{p['text']}" for p in payloads]
    return _cut("\n".join(head), items)


def plain_text_of(payloads: Sequence[dict[str, Any]]) -> str:
    lines = []
    for payload in payloads:
        lines += [f"【{payload['title']}】", str(payload["text"])]
        if payload.get("url"):
            lines.append(f"网址：{payload['url']}")
        lines.append("")
    lines.append("此消息由网站监测程序自动发送；发送记录见 auditor alerts status。")
    return "\n".join(lines)


def webhook_document(payloads: Sequence[dict[str, Any]], test: bool = False) -> dict[str, Any]:
    """The generic webhook's JSON: `{"source": "auditor", "test", "digest", "count", "title", "events": [...]}`,
    each event as recorded (event, key, title, text, at, site, site_name, url and the event's own fields)."""
    return {"source": "auditor", "test": test, "digest": len(payloads) > 1, "count": len(payloads),
            "title": title_of(payloads), "events": list(payloads)}


def _body(kind: str, payloads: Sequence[dict[str, Any]], test: bool) -> dict[str, Any]:
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": markdown_of(payloads)}}
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title_of(payloads), "text": markdown_of(payloads)}}
    return webhook_document(payloads, test)


def _cut(head: str, items: list[str]) -> str:
    text = head
    for index, item in enumerate(items):
        rest = len(items) - index
        candidate = f"{text}\n{item}"
        note = f"\n……另有 {rest - 1} 条，见 auditor alerts status" if rest > 1 else ""
        if len((candidate + note).encode("utf-8")) > CONTENT_BYTES:
            return f"{text}\n……另有 {rest} 条，见 auditor alerts status"
        text = candidate
    data = text.encode("utf-8")
    return data[:CONTENT_BYTES].decode("utf-8", "ignore") if len(data) > CONTENT_BYTES else text


def signed_url(url: str, secret: str, timestamp_ms: int | None = None) -> str:
    """DingTalk's signed mode: the URL with &timestamp=<ms>&sign=<urlencoded base64 HMAC-SHA256>."""
    timestamp = str(timestamp_ms if timestamp_ms is not None else round(time.time() * 1000))
    digest = hmac.new(secret.encode("utf-8"), f"{timestamp}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode("ascii"))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def _post(config: Config, target: Target, body: dict[str, Any]) -> str:
    kind = target.channel.kind
    url = signed_url(target.url, target.secret) if kind == "dingtalk" and target.secret else target.url
    data = json.dumps(body, ensure_ascii=False).encode("utf-8")
    try:
        with httpx.Client(timeout=config.alerts.timeout, follow_redirects=False) as client:
            response = client.post(url, content=data, headers={"Content-Type": "application/json; charset=utf-8"})
    except httpx.TimeoutException:
        raise Retry(f"{config.alerts.timeout:g} 秒内无响应 (timed out)") from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise Misconfigured("网址无效 (the URL is not usable)") from None
    except httpx.HTTPError as error:
        raise Retry(f"连接失败 (connection failed: {type(error).__name__})") from None
    status = response.status_code
    if status == 429 or status == 408 or status >= 500:
        raise Retry(f"HTTP {status}")
    if status >= 300:
        raise Refused(f"HTTP {status}（地址或权限有误）")
    if kind == "webhook":
        return f"HTTP {status}"
    try:
        answer = response.json()
    except ValueError:
        raise Retry(f"HTTP {status}，回复不是 JSON (the robot's answer is not JSON)") from None
    code = answer.get("errcode") if isinstance(answer, dict) else None
    if code != 0:
        message = str(answer.get("errmsg", ""))[:200] if isinstance(answer, dict) else ""
        raise Retry(f"errcode {code}: {message}")
    return f"HTTP {status}, errcode 0"


def _send_email(config: Config, target: Target, payloads: Sequence[dict[str, Any]]) -> str:
    mail = config.mail
    if mail is None:
        raise Misconfigured("邮件提醒需要 [mail] 设置 (an email channel needs [mail])")
    message = EmailMessage(policy=SMTP)
    message["Subject"] = f"【网站监测】{title_of(payloads)}"
    message["From"] = mail.sender
    message["To"] = ", ".join(target.channel.to)
    message["Date"] = format_datetime(datetime.now(UTC))
    keys = "|".join(str(p["key"]) for p in payloads)
    # the same alert sent again (a retry after a lost answer) carries the same Message-ID
    message["Message-ID"] = f"<alert-{hashlib.sha256(keys.encode()).hexdigest()[:24]}@auditor.local>"
    message.set_content(plain_text_of(payloads), charset="utf-8")
    connection = SmtpConnection(mail, target.password)
    try:
        connection.open()
        receipt = connection.send(mail.sender, target.channel.to, message.as_bytes())
    except SettingsFailure as failure:
        raise Misconfigured(str(failure)) from None
    except PermanentFailure as failure:
        raise Refused(str(failure)) from None
    except MailFailure as failure:
        raise Retry(str(failure)) from None
    finally:
        connection.close()
    return receipt.reply
