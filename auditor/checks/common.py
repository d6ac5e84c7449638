"""What every check module shares: the params base, the duration type, findings, wording.

A check module imports from here only; it never touches I/O, and it reads everything
it judges from the `SiteSnapshot` it is given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from ..durations import parse_days
from ..models import ColumnSnapshot, Finding, SiteSnapshot

if TYPE_CHECKING:
    from ..rules import Rule

MAX_URL_IN_MESSAGE = 300  # page content is untrusted: a 50 kB href must not become a 50 kB message
MAX_TEXT_IN_MESSAGE = 40

# short machine reasons from the fetcher (FetchResult.error), as the office reads them
FAILURE_REASONS_ZH = {
    "dns": "域名无法解析",
    "refused": "连接被拒绝",
    "connect": "无法连接",
    "tls": "安全连接（TLS）失败",
    "timeout": "访问超时",
    "too-large": "页面过大",
    "redirect-loop": "重定向循环",
    "too-many-redirects": "重定向次数过多",
    "robots": "robots.txt 禁止访问",
    "private-address": "指向内网地址",
    "not-fetched": "未能抓取",
    "protocol": "服务器响应不合规范",
    "read": "读取响应失败",
    "bad-mailto": "邮件地址格式错误",
    "bad-url": "链接地址格式错误",
    "bad-redirect": "重定向地址格式错误",
}


class CheckParams(BaseModel):
    """Base of every check's `Params`: unknown keys refused, values frozen (rules are shared)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def _duration_is_text(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise ValueError(f"write the duration as text with a unit, e.g. '{value}d' (got the bare number {value})")
    return value


def _duration_is_positive(value: str) -> str:
    if parse_days(value) <= 0:
        raise ValueError(f"duration {value!r} must be longer than zero")
    return value


# a duration as the office writes it ('1d', '2w', '6mo'); checks convert with parse_days
Duration = Annotated[str, BeforeValidator(_duration_is_text), AfterValidator(_duration_is_positive)]


def clip(text: str, limit: int) -> str:
    """Shorten untrusted text for a message, marking the cut."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def requirement(rule: Rule, override: str | None = None) -> str:
    """The rule's requirement as the trailing （…） of a violation sentence; empty when none."""
    text = override if override is not None else rule.message
    return f"（{text}）" if text else ""


def describe_failure(status: int | None, error: str) -> str:
    """Why a URL failed, in words for office staff: `HTTP 404`, `访问超时`, ..."""
    if status is not None and status >= 400:
        return f"HTTP {status}"
    if error in FAILURE_REASONS_ZH:
        return FAILURE_REASONS_ZH[error]
    if error.startswith("http-") and error[5:].isdigit():
        return f"HTTP {error[5:]}"
    if error:
        return clip(error, 60)
    return f"HTTP {status}" if status is not None else "原因不明"


def format_days(days: float) -> str:
    """`1` for one day, `12 小时` for half a day: a deadline as the office writes it."""
    if days == int(days):
        return f"{int(days)} 天"
    return f"{round(days * 24)} 小时"


def make_finding(
    rule: Rule,
    site: SiteSnapshot,
    *,
    column: ColumnSnapshot | None,
    url: str,
    message: str,
    key: str = "",
    evidence: dict[str, Any] | None = None,
) -> Finding:
    """A finding carrying the rule's identity and weight; evidence must be JSON-serialisable."""
    return Finding(
        ruleset=rule.ruleset,
        rule=rule.id,
        check=rule.check,
        severity=rule.severity,
        points=rule.points,
        veto=rule.veto,
        site=site.site_id,
        column=column.column_id if column is not None else None,
        url=url,
        message=message,
        key=key,
        evidence=evidence or {},
    )
