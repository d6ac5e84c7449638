"""Whose site a host belongs to: its registrable domain, from the Public Suffix List (offline).

`www.mengjin.gov.cn` and `xxgk.mengjin.gov.cn` are both `mengjin.gov.cn`; `gov.cn` is a
public suffix, so `mengjin.gov.cn` and `luoyang.gov.cn` are two owners. An IP address is
its own owner. The list ships inside the `publicsuffixlist` package: nothing is fetched.
"""

from __future__ import annotations

# the helpers live in `auditor.urls`, below the page readers, which need them too (link.hidden)
from ..urls import registrable_domain, under_suffix

__all__ = ["registrable_domain", "under_suffix"]
