"""The small pure rules of the fetch stage: retries, content types, outcomes, addresses."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from auditor.config import CrawlConfig
from auditor.fetch.addresses import AddressGuard, is_public
from auditor.fetch.client import user_agent
from auditor.fetch.content import is_markup_type, sniff_markup
from auditor.fetch.result import judge_status
from auditor.fetch.retry import RetryPolicy, parse_retry_after, retry_wait
from auditor.models import FailureReason, Outcome

NOW = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)


def test_retry_after_in_seconds_and_as_an_http_date() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(" 0 ") == 0.0
    in_a_minute = format_datetime(NOW + timedelta(seconds=60), usegmt=True)
    assert parse_retry_after(in_a_minute, now=NOW) == pytest.approx(60.0)
    assert parse_retry_after(format_datetime(NOW - timedelta(hours=1), usegmt=True), now=NOW) == 0.0


@pytest.mark.parametrize("value", [None, "", "soon", "-5", "1.5", "Thu, 99 Foo 2026"])
def test_unreadable_retry_after_is_none(value: str | None) -> None:
    assert parse_retry_after(value, now=NOW) is None


def test_backoff_doubles_is_capped_and_is_the_same_every_run() -> None:
    policy = RetryPolicy(base=0.5, cap=4.0, jitter=0.25)
    waits = [policy.backoff("http://a.gov.cn/", n) for n in range(1, 6)]
    assert waits == [policy.backoff("http://a.gov.cn/", n) for n in range(1, 6)]
    for n, wait in enumerate(waits[:4], start=1):
        assert min(4.0, 0.5 * 2 ** (n - 1)) <= wait <= min(4.0, 0.5 * 2 ** (n - 1)) * 1.25
    assert waits[4] <= 5.0
    assert RetryPolicy(jitter=0).backoff("x", 3) == 2.0


def _wait(**overrides: object) -> tuple[float, bool] | None:
    args: dict[str, object] = dict(
        status=None, failed_retryably=False, retry_after=None, attempt=1, retries=2,
        max_retry_after=30.0, policy=RetryPolicy(base=0.5, jitter=0), url="http://a/",
    )
    args.update(overrides)
    return retry_wait(**args)  # type: ignore[arg-type]


def test_retry_decisions() -> None:
    assert _wait(status=503) == (0.5, False)
    assert _wait(status=503, attempt=2) == (1.0, False)
    assert _wait(status=503, attempt=3) is None  # retries spent
    assert _wait(status=404) is None
    assert _wait(status=200) is None
    assert _wait(status=429, retry_after="3") == (3.0, True)
    assert _wait(status=429, retry_after="31") is None  # longer than we wait: give up now
    assert _wait(failed_retryably=True) == (0.5, False)
    assert _wait(failed_retryably=False) is None  # dns, tls: asking again changes nothing
    assert _wait(status=503, retries=0) is None
    assert _wait(status=500) == (0.5, False) and _wait(status=500, attempt=2) is None  # a 500 is retried once
    assert _wait(failed_retryably=True, error="refused") == (0.5, False)
    assert _wait(failed_retryably=True, error="refused", attempt=2) is None  # so is a refused connection
    assert _wait(failed_retryably=True, error="timeout", attempt=2) == (1.0, False)


@pytest.mark.parametrize(
    ("status", "outcome", "error"),
    [
        (200, Outcome.OK, ""), (204, Outcome.OK, ""), (304, Outcome.OK, ""),
        (401, Outcome.UNVERIFIED, "http-401"), (403, Outcome.UNVERIFIED, "http-403"),
        (429, Outcome.UNVERIFIED, "http-429"), (412, Outcome.UNVERIFIED, "http-412"),
        (521, Outcome.UNVERIFIED, "http-521"), (404, Outcome.BROKEN, "http-404"),
        (410, Outcome.BROKEN, "http-410"), (500, Outcome.BROKEN, "http-500"),
        (300, Outcome.BROKEN, "http-300"), (999, Outcome.BROKEN, "http-999"),
    ],
)
def test_status_table(status: int, outcome: Outcome, error: str) -> None:
    assert judge_status(status, redirected=False) == (outcome, error)


def test_redirected_2xx_is_redirected() -> None:
    assert judge_status(200, redirected=True) == (Outcome.REDIRECTED, "")


@pytest.mark.parametrize(
    ("content_type", "markup"),
    [
        ("text/html; charset=gbk", True), ("TEXT/HTML", True), ("application/xhtml+xml", True),
        ("text/xml;charset=utf-8", True), ("application/xml", True), ("application/rss+xml", True),
        ("application/pdf", False), ("image/jpeg", False), ("text/plain", False),
        ("application/octet-stream", False), ("", None), ("  ", None),
    ],
)
def test_markup_types(content_type: str, markup: bool | None) -> None:
    assert is_markup_type(content_type) is markup


def test_sniffing_a_body_without_content_type() -> None:
    assert sniff_markup(b"\n  <!DOCTYPE html><html>")
    assert sniff_markup(b"\xef\xbb\xbf<html>")
    assert sniff_markup(b'<?xml version="1.0"?><datastore>')
    assert not sniff_markup(b"%PDF-1.4")
    assert not sniff_markup(b"\x89PNG\r\n")
    assert not sniff_markup(b"")


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True), ("202.108.22.5", True), ("2400:3200::1", True),
        ("10.1.2.3", False), ("172.16.0.1", False), ("192.168.1.1", False), ("127.0.0.2", False),
        ("169.254.169.254", False), ("0.0.0.0", False), ("224.0.0.1", False), ("240.0.0.1", False),
        ("::1", False), ("fe80::1", False), ("fc00::1", False), ("::", False), ("ff02::1", False),
        ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("::ffff:8.8.8.8", True),
    ],
)
def test_public_addresses(address: str, public: bool) -> None:
    assert is_public(ipaddress.ip_address(address)) is public


async def test_guard_refuses_private_literals_and_allows_them_when_configured() -> None:
    guard = AddressGuard(allow_private=False, timeout=5)
    assert await guard.refusal("127.0.0.1", 80) is FailureReason.PRIVATE_ADDRESS
    assert await guard.refusal("2130706433", 80) is FailureReason.PRIVATE_ADDRESS  # 127.0.0.1 written as a number
    assert await guard.refusal("8.8.8.8", 80) is None  # a literal: resolved locally, no query sent
    assert await AddressGuard(allow_private=True, timeout=5).refusal("127.0.0.1", 80) is None


def test_user_agent_carries_the_contact() -> None:
    assert user_agent(CrawlConfig(user_agent="auditor/0.1")) == "auditor/0.1"
    assert user_agent(CrawlConfig(user_agent="auditor/0.1", contact="xxgk@example.gov.cn")) == "auditor/0.1; +xxgk@example.gov.cn"


def test_a_late_start_does_not_push_the_next_back_and_an_idle_host_gets_no_burst() -> None:
    from auditor.fetch.politeness import following_start

    assert following_start(10.0, 10.0, 0.05) == 10.05  # on time
    assert following_start(10.0, 10.03, 0.05) == 10.05  # woken 30 ms late: the schedule holds
    assert following_start(10.0, 12.0, 0.05) == 12.05  # idle for 2 s: a delay from now, never two at once
