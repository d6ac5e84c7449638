"""HTTPS 与证书 / HTTPS and certificates: no HTTPS, an invalid or expiring certificate, no
redirect from HTTP, mixed content on the https home page.

What it judges comes from the audit's probe of the site (`SiteSnapshot.https`, made by
`fetch.tls.probe_https` after the crawl) and, for mixed content, from the crawl's scan of
the home page (`extract.mixed`). A cadence check probes nothing: no finding. Each rule
judges one thing (`judge`), so that each carries its own severity:

- `served`: the home page answered over http:// (any status: a 500 is still plain HTTP),
  and every https:// address tried (port 443; for a site on a port of its own, that port
  too) refused the connection or answered without TLS. A timeout or a DNS failure on any
  of them is not judged; nor is a home page that gave no HTTP answer at all.
- `certificate`: the certificate of the https:// address the site uses (its configured
  URL, or where its http:// address sends people) has expired, is not yet valid, or is
  for another host name. A certificate from an issuer the auditor does not know (a
  domestic CA, an incomplete chain) is NOT reported: browsers people use may trust it;
  name the intranet's CA in `[crawl] ca_bundle`. An https:// port no site address leads
  to is not judged (a shared host's default certificate is not the site's).
- `expiry`: a valid certificate of the https:// address in use ends within
  [`from_days`, `within_days`) days of the audit.
- `redirect`: HTTPS works (valid certificate) but the http:// address answers without
  sending people there.
- `mixed_content`: the https:// home page loads `kinds` (script, stylesheet, iframe,
  image) from absolute http:// URLs; one finding per kind.

Examples::

    PASS: a certificate valid for a year
        params = { judge = "expiry", within_days = 30 }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = true, not_after = 2027-11-28T00:00:00Z, http_redirects_to_https = true }

    FAIL: a certificate ending in 5 days
        requirement = "证书到期前应及时更换"
        params = { judge = "expiry", within_days = 7 }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = true, not_after = 2026-12-03T12:00:00Z, http_redirects_to_https = true }
        keys = ["expiring:2026-12-03"]
        messages = ["网站 HTTPS 证书将于 2026年12月3日 到期，仅剩 5 天：https://127.0.0.1/（证书到期前应及时更换）"]

    PASS: 5 days left is the 7-day rule's, not the 30-day warning's
        params = { judge = "expiry", within_days = 30, from_days = 7 }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = true, not_after = 2026-12-03T12:00:00Z, http_redirects_to_https = true }

    FAIL: an expired certificate
        params = { judge = "certificate" }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = false, certificate_problem = "expired", not_after = 2026-11-20T00:00:00Z, http_redirects_to_https = true }
        keys = ["certificate:expired"]
        messages = ["网站 HTTPS 证书已于 2026年11月20日 过期：https://127.0.0.1/"]

    FAIL: a certificate for another host name
        params = { judge = "certificate" }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = false, certificate_problem = "hostname", http_redirects_to_https = true }
        messages = ["网站 HTTPS 证书与网站域名 127.0.0.1 不符：https://127.0.0.1/"]

    PASS: an issuer the auditor does not know is not an invalid certificate
        params = { judge = "certificate" }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = false, certificate_problem = "untrusted", http_redirects_to_https = true }

    PASS: an https port that no address of the site leads to is not judged
        params = { judge = "certificate" }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = false, certificate_problem = "hostname", http_redirects_to_https = false }

    FAIL: an http-only site: the https port refuses
        params = { judge = "served" }
        home = { outcome = "ok" }
        https = { https_url = "https://127.0.0.1/", served = false, error = "refused", http_url = "http://127.0.0.1/" }
        keys = ["no-https"]
        messages = ["网站不支持 HTTPS 访问：https://127.0.0.1/ 连接被拒绝，网站仅能通过 HTTP 访问"]

    FAIL: a home page answering 500 over http:// is still served over HTTP only
        params = { judge = "served" }
        home = { outcome = "broken", status = 500 }
        https = { https_url = "https://127.0.0.1/", served = false, error = "refused", http_url = "http://127.0.0.1/" }
        keys = ["no-https"]

    PASS: a home page that gave no answer is not judged here
        params = { judge = "served" }
        home = { outcome = "broken", error = "refused" }
        https = { https_url = "https://127.0.0.1/", served = false, error = "refused", http_url = "http://127.0.0.1/" }

    PASS: an https port that does not answer in time is not judged
        params = { judge = "served" }
        home = { outcome = "ok" }
        https = { https_url = "https://127.0.0.1/", served = false, error = "timeout" }

    FAIL: HTTPS works but HTTP does not send people there
        params = { judge = "redirect" }
        https = { https_url = "https://127.0.0.1/", served = true, certificate_valid = true, http_url = "http://127.0.0.1/", http_redirects_to_https = false }
        messages = ["通过 HTTP 访问 http://127.0.0.1/ 未自动跳转到 HTTPS（https://127.0.0.1/ 已可正常访问）"]

    PASS: a cadence check probes nothing
        params = { judge = "served" }

    FAIL: an http:// script on the https home page
        params = { judge = "mixed_content" }
        home = { outcome = "ok" }
        page_findings = [{ check = "site.https", url = "http://127.0.0.1/", kind = "script", found = "http://cdn.example.cn/a.js", context = "2" }]
        keys = ["mixed:script"]
        messages = ["HTTPS 首页 http://127.0.0.1/ 通过不加密的 HTTP 引用了 2 个脚本，如 http://cdn.example.cn/a.js"]

    PASS: an http:// image is not the script rule's
        params = { judge = "mixed_content" }
        home = { outcome = "ok" }
        page_findings = [{ check = "site.https", url = "http://127.0.0.1/", kind = "image", found = "http://127.0.0.1/a.png", context = "1" }]
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Literal
from urllib.parse import urlsplit

from pydantic import Field

from ..models import ColumnSnapshot, FailureReason, Finding, HttpsReport, SiteSnapshot
from .common import (
    MAX_URL_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    NonEmpty,
    Words,
    clip,
    make_finding,
    requirement,
    zh_day,
)

INFO = CheckInfo(
    id="site.https",
    scope="site",
    title=Words("HTTPS 与证书问题", "HTTPS and certificate problems"),
    fix=Words(
        "为网站部署有效的 HTTPS 证书并在到期前续期，将 HTTP 访问跳转到 HTTPS，页面引用的脚本、样式、框架和图片改用 HTTPS 地址",
        "Serve the site over HTTPS with a valid certificate renewed before it ends, redirect HTTP to HTTPS, "
        "and load scripts, stylesheets, frames and images over HTTPS",
    ),
)

Judge = Literal["served", "certificate", "expiry", "redirect", "mixed_content"]
MixedKind = Literal["script", "stylesheet", "iframe", "image"]
KIND_NAMES_ZH = {"script": "脚本", "stylesheet": "样式表", "iframe": "内嵌框架", "image": "图片"}
REPORTED_PROBLEMS = {"expired", "not-yet-valid", "hostname"}  # "untrusted" and "other" may be our store's gap
NOT_SERVED: dict[str, str] = {FailureReason.REFUSED: "连接被拒绝", FailureReason.PROTOCOL: "未提供加密连接"}  # a timeout or DNS failure is not judged


class Params(CheckParams):
    judge: Judge = "certificate"
    within_days: int = Field(default=30, ge=1, le=366)  # expiry: fewer whole days left than this
    from_days: int = Field(default=0, ge=0)  # expiry: and at least this many (the stricter rule takes the rest)
    kinds: NonEmpty[MixedKind] = ("script", "stylesheet", "iframe")  # mixed_content: what it counts


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if params.judge == "mixed_content":
        yield from _mixed(site, rule, params)
        return
    report = site.https
    if report is None:
        return
    url = clip(report.https_url, MAX_URL_IN_MESSAGE)
    evidence = _evidence(report)
    if params.judge == "served":
        home = site.home
        # any HTTP answer (a 500 too) shows the site speaks plain HTTP; no answer at all is the availability check's
        answered_over_http = home is not None and home.status is not None and (home.final_url or home.url).startswith("http://")
        if not report.served and report.error in NOT_SERVED and answered_over_http:
            yield make_finding(rule, site, column=None, url=site.url, key="no-https", evidence=evidence,
                               message=f"网站不支持 HTTPS 访问：{url} {NOT_SERVED[report.error]}，网站仅能通过 HTTP 访问{requirement(rule)}")
        return
    in_use = report.served and (site.url.startswith("https://") or report.http_redirects_to_https is True)
    if params.judge == "certificate":
        if in_use and not report.certificate_valid and report.certificate_problem in REPORTED_PROBLEMS:
            yield make_finding(rule, site, column=None, url=site.url, key=f"certificate:{report.certificate_problem}",
                               evidence=evidence,
                               message=f"网站 HTTPS 证书{_problem(report, site)}：{url}{requirement(rule)}")
        return
    if params.judge == "expiry":
        if not (in_use and report.certificate_valid and report.not_after is not None):
            return
        days = math.floor((report.not_after - site.as_of).total_seconds() / 86400)
        if params.from_days <= days < params.within_days:
            day = report.not_after.astimezone(site.as_of.tzinfo).date()
            yield make_finding(rule, site, column=None, url=site.url, key=f"expiring:{day.isoformat()}",
                               evidence={**evidence, "days_left_at_audit": days},
                               message=f"网站 HTTPS 证书将于 {zh_day(day)} 到期，仅剩 {days} 天：{url}{requirement(rule)}")
        return
    if report.served and report.certificate_valid and report.http_redirects_to_https is False:  # redirect
        yield make_finding(rule, site, column=None, url=site.url, key="no-redirect", evidence=evidence,
                           message=(f"通过 HTTP 访问 {clip(report.http_url, MAX_URL_IN_MESSAGE)} 未自动跳转到 HTTPS"
                                    f"（{url} 已可正常访问）{requirement(rule)}"))


def _problem(report: HttpsReport, site: SiteSnapshot) -> str:
    if report.certificate_problem == "expired":
        if report.not_after is None:
            return "已过期"
        return f"已于 {zh_day(report.not_after.astimezone(site.as_of.tzinfo).date())} 过期"
    if report.certificate_problem == "hostname":
        return f"与网站域名 {urlsplit(report.https_url).hostname or ''} 不符"
    return "尚未生效"


def _mixed(site: SiteSnapshot, rule: CheckRule, params: Params) -> Iterator[Finding]:
    home = site.home
    if home is None or not home.opened:
        return
    home_url = home.final_url or home.url
    found = [f for f in site.page_findings if f.check == "site.https" and f.url == home_url]
    for kind in dict.fromkeys(params.kinds):
        urls = [f.found for f in found if f.kind == kind]
        if not urls:
            continue
        count = max([len(urls), *(int(f.context) for f in found if f.kind == kind and f.context.isdigit())])
        yield make_finding(
            rule, site, column=None, url=site.url, key=f"mixed:{kind}",
            message=(f"HTTPS 首页 {clip(home_url, MAX_URL_IN_MESSAGE)} 通过不加密的 HTTP 引用了 {count} 个"
                     f"{KIND_NAMES_ZH[kind]}，如 {clip(urls[0], MAX_URL_IN_MESSAGE)}{requirement(rule)}"),
            evidence={"page": home_url, "kind": kind, "count": count, "urls": [clip(u, MAX_URL_IN_MESSAGE) for u in urls]},
        )


def _evidence(report: HttpsReport) -> dict[str, object]:
    return {
        "https_url": report.https_url, "served": report.served, "certificate_valid": report.certificate_valid,
        "certificate_problem": report.certificate_problem,
        "not_after": report.not_after.isoformat() if report.not_after is not None else None,
        "days_left_at_probe": report.days_left, "http_url": report.http_url,
        "http_redirects_to_https": report.http_redirects_to_https, "error": report.error,
    }
