"""Sentences the outputs say about what they could not verify, in the office's words: one wording
for the report, the workbook, the bulletins and the dashboard."""

from __future__ import annotations

from ..links.summary import UnverifiedLink
from ..models import FailureReason, Outcome, describe_reason

# a bot wall by its status: what it means for a person who opens the link
REFUSAL_ZH = {401: "要求登录", 403: "拒绝自动访问", 429: "访问过于频繁被限制", 412: "需通过人机验证", 521: "需通过人机验证"}
REFUSAL_EN = {401: "asks for a login", 403: "refused to an automatic visitor", 429: "rate-limited",
              412: "behind a browser challenge", 521: "behind a browser challenge"}


def link_reason(link: UnverifiedLink, language: str = "zh-CN") -> str:
    """Why a link could not be checked automatically: robots.txt, a bot wall (401/403/429), a challenge."""
    zh = language != "en"
    reason = FailureReason.of(link.error)
    if link.outcome == Outcome.ROBOTS or reason is FailureReason.ROBOTS:
        return "网站的 robots.txt 禁止自动访问" if zh else "the site's robots.txt forbids automatic visits"
    status = link.status
    if status is None and reason is FailureReason.HTTP:  # "http-403": the status kept in the reason alone
        status = int(link.error.partition("-")[2])
    meaning = (REFUSAL_ZH if zh else REFUSAL_EN).get(status or 0)
    if meaning:
        return f"{meaning}（HTTP {status}）" if zh else f"{meaning} (HTTP {status})"
    if reason is FailureReason.CHALLENGE:
        return "需通过人机验证" if zh else "behind a browser challenge"
    if reason is FailureReason.SCRIPT_RENDERED:
        return "页面内容由脚本生成，程序无法核实" if zh else "the page is drawn by script"
    if link.error or status is not None:
        return describe_reason(link.error, status)
    return Outcome.UNVERIFIED.label if zh else "not verified"
