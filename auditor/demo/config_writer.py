"""A complete auditor config (SPEC §3) for the estate: every site, every configured column."""

from __future__ import annotations

import json
from collections.abc import Iterable

from .model import ColumnSpec, Estate, SiteSpec

DEMO_CONTACT = "xxgk@qinghe.example.gov.cn"
CRAWL = {  # polite enough for a real estate, quick on loopback
    "per_host_concurrency": 4,
    "per_host_delay": 0.02,
    "timeout": 10,
    # loopback servers restart in no time: a home page still failing 5 s on is down (a real estate
    # keeps the default two minutes)
    "home_retry_span": 5,
    "respect_robots": True,
    "allow_private_addresses": True,  # the estate's outside world lives on 127.0.0.100-103
    # the footers link the real 党政机关网站标识 service: recorded, never requested (the demo stays offline)
    "exclude_hosts": ["*.conac.cn"],
    "contact": DEMO_CONTACT,
}


def toml_value(value: object) -> str:
    """A TOML literal: JSON's string escapes are valid TOML basic-string escapes."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"no TOML literal for {type(value).__name__}")


def _pairs(pairs: Iterable[tuple[str, object]], indent: str = "") -> list[str]:
    return [f"{indent}{key} = {toml_value(value)}" for key, value in pairs if value is not None]


def config_toml(estate: Estate, *, storage_url: str, rulesets: Iterable[str] = ("mengjin-2011",), extra: str = "") -> str:
    lines = [
        f"# 清河县模拟网站群（{len(estate.sites)} 个网站）的审计配置，由 auditor.demo 生成；审计日期 {estate.as_of.isoformat()}",
        'timezone = "Asia/Shanghai"',
        f"rulesets = {toml_value(list(rulesets))}",
        "",
        "[storage]",
        f"url = {toml_value(storage_url)}",
        "",
        "[crawl]",
        *_pairs(CRAWL.items()),
    ]
    for site in estate.sites:
        lines += ["", *_site(site)]
    text = "\n".join(lines) + "\n"
    return text + (extra if extra.endswith("\n") or not extra else extra + "\n")


def _site(site: SiteSpec) -> list[str]:
    lines = ["[[sites]]", *_pairs((("id", site.id), ("name", site.name), ("url", site.url),
                                   ("kind", site.kind), ("unit", site.unit)))]
    for column in site.columns:
        if column.in_config:
            lines += ["", *_column(column)]
    return lines


def _column(column: ColumnSpec) -> list[str]:
    pairs = (("id", column.id), ("name", column.name), ("url", column.url), ("kind", column.kind),
             ("category", column.category), ("update_within", column.update_within))
    return ["  [[sites.columns]]", *_pairs(pairs, "  ")]
