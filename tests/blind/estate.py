"""Builds the whole blind estate for one as_of date and port, and its auditor config."""

from __future__ import annotations

import datetime as dt

from .common import COMMON_OUTSIDE, Estate
from .fam_asp import build_mzj, build_qingshi
from .fam_down import build_czj, build_shuili
from .fam_hanweb import build_chengguan, build_jyj
from .fam_jsp import build_fgw
from .fam_php import build_baima
from .fam_siteserver import build_hekou, build_rsj
from .fam_trs import build_portal, build_shimen
from .issue19 import build_issue19
from .issue19b import build_issue19b
from .outside import build_outside

BUILDERS = (build_portal, build_chengguan, build_qingshi, build_fgw, build_rsj, build_baima,
            build_jyj, build_shimen, build_mzj, build_hekou, build_shuili, build_czj)

# The addresses the server binds (every site that answers, and the outside world) and the ones it
# must leave free (sites where nothing listens: connection refused).
LISTEN_IPS = [f"127.0.0.{n}" for n in range(150, 160)] + ["127.0.0.161"]
DEAD_IPS = ["127.0.0.160"]


def build(as_of: dt.date, port: int) -> Estate:
    est = Estate(as_of, port)
    for b in BUILDERS:
        b(est)
    build_outside(est)
    town = next(s for s in est.sites if s.kind == "town")
    for path, title in COMMON_OUTSIDE:
        est.ok("*", town, est.out(path), "one-problem-one-row",
               f"{title}: healthy, linked from the footer of every page of all "
               f"{sum(s.listening for s in est.sites)} sites that answer")
    build_issue19(est)  # issue 19's pages, hidden links and the HTTPS sites (TLS_IPS), last
    build_issue19b(est)  # issue 19's second set of cases (new pages and home blocks only)
    return est


def _q(v: str) -> str:
    return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'


def config_toml(est: Estate, storage_url: str, ca_bundle: str | None = None) -> str:
    out = [
        "# blind test estate (tests/blind): generated, do not edit",
        'timezone = "Asia/Shanghai"',
        'rulesets = ["mengjin-2011"]',
        "",
        "[storage]",
        f"url = {_q(storage_url)}",
        "",
        "[crawl]",
        "per_host_concurrency = 4",
        "per_host_delay = 0.02",
        "timeout = 10",
        "respect_robots = true",
        "allow_private_addresses = true",
        "home_retry_span = 2",
    ]
    if ca_bundle:  # the CA of the HTTPS sites' certificates (made by the server at start)
        out.append(f"ca_bundle = {_q(ca_bundle)}")
    out.append("")
    for s in est.sites:
        out += ["[[sites]]", f"id = {_q(s.id)}", f"name = {_q(s.name)}", f"url = {_q(s.base + '/')}",
                f"kind = {_q(s.kind)}", ""]
        for c in s.columns:
            out += ["  [[sites.columns]]"]
            for k in ("id", "name", "url", "kind", "category", "update_within"):
                if k in c:
                    out.append(f"  {k} = {_q(c[k])}")
            out.append("")
    return "\n".join(out)
