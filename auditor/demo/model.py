"""The simulated estate as data: sites, columns, items, planted problems and traps.

Everything here is plain frozen values. `build.py` makes them, `respond.py` turns a
(host, path) into a reply, `server.py` serves the replies. Nothing in this module
does I/O, so the test suite can ask the model what exists without a server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

# Loopback addresses of the outside world the estate links to (SPEC-neutral names).
HEALTHY_HOST = "127.0.0.100"  # a healthy external site with a few pages
PARKED_HOST = "127.0.0.101"  # an expired domain, now a gambling page answering 200
REFUSED_HOST = "127.0.0.102"  # nothing listens: connection refused
SOFT404_HOST = "127.0.0.103"  # "页面不存在" with status 200 for unknown paths
CONTROL_HOST = "127.0.0.1"  # /__estate__/log, /__estate__/truth, /__estate__/reset-log
OUTSIDE_HOSTS = (HEALTHY_HOST, PARKED_HOST, SOFT404_HOST)  # the ones the server binds


@dataclass(frozen=True, slots=True)
class Item:
    """One entry of a column: an article, a document, a leader, a guide, a letter, a report."""

    id: int
    title: str
    day: date  # the date the list shows (publication; for letters the date received)
    minute: int  # time of day in minutes, for "(2026-11-27 10:20)" and article headers
    path: str  # site-relative URL of its page
    pinned: bool = False  # 置顶: listed first whatever its date
    defects: frozenset[str] = frozenset()  # planted problems of this item, see plants.py
    formed: date | None = None  # documents: 成文日期
    replied: date | None = None  # letters: 回复时间 (None: not answered)
    status: str = ""  # letters: 已回复 | 未回复 | 办理中
    links: tuple[tuple[str, str], ...] = ()  # extra anchors in the body: (text, href)
    images: tuple[str, ...] = ()  # <img src> in the body
    files: tuple[tuple[str, str], ...] = ()  # attachments or forms: (name, href)


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    id: str
    name: str
    kind: str  # a config column kind (SPEC §3)
    url: str  # absolute URL of its first list page, as the config names it
    category: str | None = None  # disclosure category for R11 statistics
    update_within: str | None = None  # the column's own deadline, as a config duration
    path: str = ""  # site-relative URL of the first list page
    items: tuple[Item, ...] = ()  # in list order (pinned first, then newest first)
    page_size: int = 20
    number: int = 0  # Hanweb column number (/col/col1234/)
    status: int = 200  # what its list page answers (planted 404/500)
    in_config: bool = True  # listed in the generated config
    in_nav: bool = True  # linked from the site's navigation
    links: tuple[tuple[str, str], ...] = ()  # a links column's entries: (name, absolute URL)

    @property
    def pages(self) -> int:
        """List pages (an empty column still has its first page)."""
        return max(1, -(-len(self.items) // self.page_size))


@dataclass(frozen=True, slots=True)
class Identity:
    """The footer's identity elements (国办发〔2017〕47号); empty string: left out."""

    site_code: str  # 网站标识码, 10 digits, also in <meta name="SiteIDCode">
    icp: str  # ICP备案号
    police: str  # 公网安备
    conac_id: str  # id of the 党政机关网站标识 link
    sponsor: str  # 主办单位
    phone: str  # 联系电话


@dataclass(frozen=True, slots=True)
class Special:
    """A path that behaves on purpose: a trap or a planted failure the server enacts."""

    behaviour: str  # status | redirect | slow | first-429 | flaky-home
    status: int = 200
    location: str = ""  # redirect target (site-relative path)
    delay: float = 0.0  # seconds before answering
    every: int = 0  # flaky-home: the nth, n+every, ... request fails
    first_failure: int = 0
    title: str = ""  # what the page shows when it answers 200


@dataclass(frozen=True, slots=True)
class SiteSpec:
    id: str
    name: str
    kind: str  # county | town | department
    unit: str
    host: str
    url: str  # absolute home page URL
    columns: tuple[ColumnSpec, ...] = ()
    family: str = "trs"  # trs | hanweb | table: the CMS whose markup it has
    encoding: str = "utf-8"  # utf-8 | gbk (GBK sites declare the charset only in <meta>)
    meta_charset: str = "utf-8"  # what the <meta> says (gb2312 for some GBK sites, as real ones do)
    date_style: str = "dash"  # see pages.DATE_STYLES
    pager_variant: bool = False  # TRS: the 6-argument createPageHTML('page_div', ...) spelling
    identity: Identity | None = None
    friends: tuple[tuple[str, str], ...] = ()  # 友情链接 on the home page: (name, absolute URL)
    home_links: tuple[tuple[str, str], ...] = ()  # other links on the home page (nav extras)
    specials: tuple[tuple[str, Special], ...] = ()  # (path, behaviour)
    missing: frozenset[str] = frozenset()  # paths linked from its pages on purpose but not served

    def column(self, column_id: str) -> ColumnSpec:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise KeyError(column_id)

    def absolute(self, path: str) -> str:
        return self.url.rstrip("/") + path


@dataclass(frozen=True, slots=True)
class Planted:
    """A problem the estate carries on purpose, as a correct audit reports it (SPEC §4)."""

    check: str  # a check type of SPEC §4
    site: str
    column: str | None
    url: str  # the URL the violation carries (SPEC §4's "url of the violation")
    note: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Trap:
    """Something that looks like a problem and is not: never to be reported."""

    kind: str
    site: str
    url: str
    note: str


@dataclass(frozen=True, slots=True)
class Estate:
    as_of: date
    scale: float
    port: int
    sites: tuple[SiteSpec, ...]
    truth: tuple[Planted, ...]
    traps: tuple[Trap, ...]

    def site(self, site_id: str) -> SiteSpec:
        for site in self.sites:
            if site.id == site_id:
                return site
        raise KeyError(site_id)

    def page_count(self) -> int:
        """HTML pages the estate's own sites hold: home pages, list pages, item pages, special pages."""
        total = 0
        for site in self.sites:
            total += 1 + sum(1 for path, special in site.specials if special.behaviour in ("first-429", "slow") and path != "/")
            for column in site.columns:
                if column.status == 200:
                    total += column.pages + sum(1 for item in column.items if item.path)
        return total

    def outside_url(self, host: str, path: str = "/") -> str:
        return f"http://{host}{port_suffix(self.port)}{path}"


def port_suffix(port: int) -> str:
    return "" if port == 80 else f":{port}"
