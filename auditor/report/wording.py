"""Sentences the reports say about what they could not verify, in the office's words."""

from __future__ import annotations

from ..links.summary import UnverifiedLink
from ..models import FailureReason, Outcome, describe_reason

BOT_WALL_STATUSES = {401: "要求登录", 403: "拒绝访问", 429: "访问过于频繁"}


def link_reason(link: UnverifiedLink) -> str:
    """Why a link could not be checked automatically: robots.txt, a bot wall (401/403/429), a challenge."""
    if link.outcome == Outcome.ROBOTS or FailureReason.of(link.error) is FailureReason.ROBOTS:
        return "该网站的 robots.txt 不允许程序访问，未检查"
    status = link.status
    if status is None and FailureReason.of(link.error) is FailureReason.HTTP:
        status = int(link.error.partition("-")[2])
    if status in BOT_WALL_STATUSES:
        return f"服务器拒绝程序访问（HTTP {status}，{BOT_WALL_STATUSES[status]}），浏览器中可能正常"
    reason = FailureReason.of(link.error)
    if reason is FailureReason.CHALLENGE:
        return "页面要求人机验证（防机器人页面），程序无法核实"
    if reason is FailureReason.SCRIPT_RENDERED:
        return "页面内容由脚本生成，程序无法核实"
    if link.error or status is not None:
        return describe_reason(link.error, status)
    return Outcome.UNVERIFIED.label
