"""Whose site a host belongs to: its registrable domain, from the Public Suffix List (offline).

`www.mengjin.gov.cn` and `xxgk.mengjin.gov.cn` are both `mengjin.gov.cn`; `gov.cn` is a
public suffix, so `mengjin.gov.cn` and `luoyang.gov.cn` are two owners. An IP address is
its own owner. The list ships inside the `publicsuffixlist` package: nothing is fetched.
"""

from __future__ import annotations

import ipaddress
from functools import cache

from publicsuffixlist import PublicSuffixList


@cache
def _suffix_list() -> PublicSuffixList:
    return PublicSuffixList()


@cache
def registrable_domain(host: str) -> str:
    """The part of `host` one owner registered; the host itself when it is an IP or a bare suffix."""
    host = host.strip().lower().rstrip(".")
    if _is_ip(host):
        return host
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return host
    return _suffix_list().privatesuffix(host) or host


def under_suffix(host: str, suffixes: tuple[str, ...]) -> bool:
    """Whether `host` ends with one of `suffixes` on a label boundary (`gov.cn` covers `a.gov.cn`)."""
    host = host.lower().rstrip(".")
    return any(host == s or host.endswith("." + s) for s in suffixes)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
