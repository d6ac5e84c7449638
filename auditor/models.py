"""The typed values that cross every pipeline stage.

    PageRequest ─▶ FetchResult ─▶ Page(links, items, next_pages) ─▶ LinkResult / Finding ─▶ Problem

No parser object, HTTP response or ORM row leaves the stage that made it; each stage
hands the next one of these frozen dataclasses.
"""

from __future__ import annotations

import dataclasses
import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class Outcome(enum.StrEnum):
    """The closed set of results of fetching or checking one URL.

    Non-failures are results too: a robots.txt refusal or an excluded scheme is an
    answer, not an error.
    """

    OK = "ok"
    REDIRECTED = "redirected"  # answered after redirects; the chain is kept
    BROKEN = "broken"  # DNS, refused, TLS, 4xx, 5xx after retries
    WRONG = "wrong"  # answers, but not what was linked
    UNVERIFIED = "unverified"  # 401/403/429 to a bot, or a JavaScript challenge
    ROBOTS = "robots"  # robots.txt disallows us: never fetched
    EXCLUDED = "excluded"  # not fetched by policy: scheme, private address, out of scope
    TIMEOUT = "timeout"  # no answer in time, after retries

    @property
    def is_failure(self) -> bool:
        return self in (Outcome.BROKEN, Outcome.TIMEOUT, Outcome.WRONG)

    @property
    def answered(self) -> bool:
        return self in (Outcome.OK, Outcome.REDIRECTED, Outcome.WRONG)


@dataclass(frozen=True, slots=True)
class PageRequest:
    url: str
    site_id: str
    depth: int = 0
    column_id: str | None = None  # set when the page is a column list page (or its pagination)
    # configured sites are always allowed; link targets found in pages are checked
    trusted: bool = True
    method: str = "GET"
    etag: str | None = None  # for conditional requests on re-audits
    last_modified: str | None = None
    # a link check's GET: read only the start of a page (enough to judge it), nothing of a file
    peek: bool = False


@dataclass(frozen=True, slots=True)
class FetchResult:
    url: str  # as requested
    final_url: str  # after redirects
    outcome: Outcome
    status: int | None = None  # last HTTP status, None when no answer
    error: str = ""  # short machine-readable reason: "dns", "refused", "tls", "timeout", "too-large", "http-404", "robots", "private-address", "redirect-loop", ...
    redirects: tuple[str, ...] = ()  # every URL visited before final_url
    content_type: str = ""
    encoding: str = ""  # the codec the text was decoded with
    text: str = ""  # decoded body for HTML/XML; empty otherwise
    size: int = 0  # bytes of (decompressed) body read
    content_hash: str = ""  # sha256 hex of the raw body
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # 304 to a conditional request
    fetched_at: datetime | None = None
    elapsed: float = 0.0  # seconds, including retries
    attempts: int = 1

    @property
    def failed(self) -> bool:
        """No answer, or an error status. A bot wall (401/403/429, a challenge), a robots.txt
        refusal or a policy exclusion is not a failure: the page may well open for people."""
        if self.outcome in (Outcome.UNVERIFIED, Outcome.ROBOTS, Outcome.EXCLUDED):
            return False
        if self.outcome in (Outcome.BROKEN, Outcome.TIMEOUT):
            return True
        return self.status is not None and self.status >= 400

    @property
    def opened(self) -> bool:
        """The page answered with its content: neither failed nor walled off."""
        return self.outcome.answered and not self.failed


@dataclass(frozen=True, slots=True)
class Link:
    """One link occurrence on a page."""

    source: str  # the page URL it was found on
    target: str  # absolute URL, resolved against the page and <base href>
    element: str  # a, img, script, link, iframe, area, meta, form, ...
    attribute: str  # href, src, srcset, content, ...
    text: str = ""  # anchor text or alt, whitespace folded, capped


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a column list page."""

    title: str
    url: str  # absolute
    date: date | None


@dataclass(frozen=True, slots=True)
class Page:
    """What the extract stage read from one fetched page."""

    url: str
    final_url: str
    site_id: str
    column_id: str | None
    status: int | None
    outcome: Outcome
    title: str = ""
    links: tuple[Link, ...] = ()
    items: tuple[ListItem, ...] = ()  # list items when the page is a column list page
    next_pages: tuple[str, ...] = ()  # pagination targets (下一页, createPageHTML)
    depth: int = 0


@dataclass(frozen=True, slots=True)
class LinkResult:
    """The verdict on one distinct target URL in one run."""

    url: str
    outcome: Outcome
    status: int | None = None
    error: str = ""
    final_url: str = ""
    redirects: tuple[str, ...] = ()
    checked_at: datetime | None = None
    elapsed: float = 0.0
    title: str = ""  # the target page's title, when it is a page: link columns compare it with the link text
    reused: bool = False  # taken from an earlier run's check (within `[links] reuse_within`), not requested


@dataclass(frozen=True, slots=True)
class ColumnSnapshot:
    """Everything the checks need about one configured column in one run."""

    site_id: str
    column_id: str
    name: str
    kind: str
    url: str
    reachable: bool
    status: int | None
    error: str
    items: tuple[ListItem, ...]
    update_within_days: float | None = None
    category: str | None = None
    # the list page's scripts fetch or write content the auditor cannot read (ajax, document.write)
    scripted: bool = False
    capped: bool = False  # older list pages were left unread at `[crawl] max_column_pages`


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule broken, as a check reports it, before storage gives it a lifecycle.

    The findings of one check at one place under several rules are one problem (`Problem`)."""

    ruleset: str
    rule: str
    check: str
    severity: str
    points: float
    veto: bool
    site: str
    column: str | None
    url: str
    message: str
    key: str = ""  # what makes this problem distinct within (check, site, column, url): e.g. a gap's dates
    evidence: dict[str, Any] = field(default_factory=dict)


SEVERITY_RANK = {"critical": 3, "major": 2, "minor": 1}  # an unknown severity ranks below minor


@dataclass(frozen=True, slots=True)
class BrokenRule:
    """One rule of one ruleset that a problem breaks (SPEC §5 `rules`)."""

    ruleset: str
    rule: str
    severity: str
    points: float
    veto: bool

    @property
    def order(self) -> tuple[bool, int, float, str, str]:
        """Most severe first: a veto rule, then the higher severity, then more points; then by name."""
        return (not self.veto, -SEVERITY_RANK.get(self.severity, 0), -self.points, self.ruleset, self.rule)


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with its stable id and lifecycle: SPEC §5's "violation".

    A problem is what one check found at one place: (check, site, column, url, key).
    `rules` lists every rule of every ruleset it breaks, most severe first (`BrokenRule.order`);
    `ruleset`, `rule`, `severity`, `points` and `veto` repeat the first. Each ruleset scores it
    by its own rule. A Problem made without `rules` breaks just its top-level rule.
    """

    id: str
    ruleset: str
    rule: str
    check: str
    severity: str
    points: float
    veto: bool
    site: str
    column: str | None
    url: str
    message: str
    evidence: dict[str, Any]
    status: str  # new | open | resolved
    first_seen: datetime
    last_seen: datetime
    rules: tuple[BrokenRule, ...] = ()

    def __post_init__(self) -> None:
        if not self.rules:
            object.__setattr__(self, "rules", (BrokenRule(self.ruleset, self.rule, self.severity, self.points, self.veto),))

    def breaks(self, ruleset: str) -> tuple[BrokenRule, ...]:
        """The rules of `ruleset` this problem breaks."""
        return tuple(rule for rule in self.rules if rule.ruleset == ruleset)


Violation = Problem  # SPEC §5's word for a problem: one violation, whatever number of rules it breaks


@dataclass(frozen=True, slots=True)
class LinkOccurrence:
    """A link on an audited site together with the verdict on its target."""

    link: Link
    result: LinkResult
    on_home: bool = False  # found on the site's home page
    column_id: str | None = None  # the column whose list page carries it


@dataclass(frozen=True, slots=True)
class PageReading:
    """What a kind-specific extractor read from one page of a column (Rules engine issue).

    Document pages are the items of `documents` columns; leader, letter and service pages
    are a column's list page or its item pages.
    """

    url: str
    column_id: str
    kind: str  # the column kind: documents | leaders | mailbox | services | ...
    title: str = ""
    published: date | None = None
    document: DocumentMeta | None = None
    leaders: tuple[Leader, ...] = ()
    letters: tuple[Letter, ...] = ()
    service: ServiceGuide | None = None


@dataclass(frozen=True, slots=True)
class Probe:
    """One availability probe of a home page."""

    at: datetime
    ok: bool  # the page opened within the limit
    status: int | None = None
    seconds: float | None = None
    error: str = ""


@dataclass(frozen=True, slots=True)
class UnverifiedCheck:
    """A place a check could not judge, and why: reported apart, never a violation.

    When in doubt the auditor does not accuse; it says what it could not read instead."""

    site: str
    column: str | None
    check: str
    url: str
    reason: str  # for office staff, in Chinese


@dataclass(frozen=True, slots=True)
class ColumnCoverage:
    """How much of one column a run read: its list pages, its items, and whether it stopped early."""

    column: str
    name: str
    list_pages: int  # list pages answered (pagination included)
    items: int  # distinct items listed
    capped: bool = False  # stopped at `[crawl] max_column_pages` with older pages still listed
    reachable: bool = True


@dataclass(frozen=True, slots=True)
class SiteCoverage:
    """What an audit read of one site and what it could not read, so that "no problems"
    is never the silent result of reading nothing (Completeness issue, item 5)."""

    site: str
    pages: int = 0  # pages fetched, of every kind
    home_read: bool = False  # the home page answered
    columns: tuple[ColumnCoverage, ...] = ()
    detail_pages: int = 0  # item pages of the columns read (documents, letters, leaders, guides, articles)
    failed_pages: int = 0  # pages that did not answer (broken, timed out)
    robots_pages: int = 0  # pages robots.txt kept us from
    unverified_pages: int = 0  # pages refused to a bot (401, 403, 429, a script challenge)
    over_budget: int = 0  # pages found but not fetched: over `[crawl] max_pages_per_site`
    timed_out: bool = False  # the site's crawl stopped at `[crawl] site_timeout`

    @property
    def list_pages(self) -> int:
        return sum(column.list_pages for column in self.columns)

    @property
    def items(self) -> int:
        return sum(column.items for column in self.columns)

    @property
    def capped_columns(self) -> tuple[ColumnCoverage, ...]:
        return tuple(column for column in self.columns if column.capped)

    @property
    def columns_read(self) -> int:
        return sum(1 for column in self.columns if column.reachable)

    def gaps(self) -> list[str]:
        """What could not be read, in Chinese, one phrase each: empty when everything was read."""
        gaps = []
        if not self.home_read:
            gaps.append("首页未能读取")
        gaps += [f"栏目“{c.name}”读到 {c.list_pages} 页上限，更早的列表页未读" for c in self.capped_columns]
        if self.failed_pages:
            gaps.append(f"{self.failed_pages} 个页面无法打开")
        if self.robots_pages:
            gaps.append(f"{self.robots_pages} 个页面按 robots.txt 未读取")
        if self.unverified_pages:
            gaps.append(f"{self.unverified_pages} 个页面拒绝自动访问")
        if self.over_budget:
            gaps.append(f"{self.over_budget} 个页面超出每站页数上限未读取")
        if self.timed_out:
            gaps.append("网站抓取超时，未读完")
        return gaps

    def document(self) -> dict[str, Any]:
        return {
            "site": self.site, "pages": self.pages, "home_read": self.home_read,
            "columns": len(self.columns), "columns_read": self.columns_read,
            "list_pages": self.list_pages, "items": self.items, "detail_pages": self.detail_pages,
            "failed_pages": self.failed_pages, "robots_pages": self.robots_pages,
            "unverified_pages": self.unverified_pages, "over_budget": self.over_budget, "timed_out": self.timed_out,
            "column_detail": [dataclasses.asdict(column) for column in self.columns],
            "not_read": self.gaps(),
        }


@dataclass(frozen=True, slots=True)
class SiteSnapshot:
    """Everything the checks see of one site in one run.

    `links` holds only occurrences whose target did not come back ok or redirected:
    the checks judge problems, and keeping every occurrence of a 30,000-page estate
    in memory would defeat streaming pages to the database.
    """

    site_id: str
    site_kind: str
    name: str
    url: str
    unit: str
    as_of: datetime
    home: FetchResult | None
    columns: tuple[ColumnSnapshot, ...] = ()
    links: tuple[LinkOccurrence, ...] = ()
    pages: int = 0
    readings: tuple[PageReading, ...] = ()  # kind-specific pages of the site's columns
    identity: Identity | None = None  # read from the home page
    resources: dict[str, LinkResult] = field(default_factory=dict)  # verdicts on leader photos and service forms
    probes: tuple[Probe, ...] = ()  # availability probes in the rule's window, oldest first
    extra_workdays: tuple[date, ...] = ()  # the config's [calendar] corrections, for working-day rules
    extra_holidays: tuple[date, ...] = ()


@dataclass(frozen=True, slots=True)
class Score:
    """One site's score under one ruleset in one run (SPEC §5 `scores`)."""

    site: str
    ruleset: str
    score: float  # 100 minus deducted points, never below 0
    veto: bool  # a single-veto item failed: 不合格 whatever the score
    rank: int  # 1 = best, ties share a rank
    points: float = 0.0  # deducted
    previous: float | None = None  # the score of the previous complete run, when there was one


# ---- what the page-kind extractors read (Extraction issue) ----


@dataclass(frozen=True, slots=True)
class DocumentMeta:
    """The metadata block of a 信息公开 document page. Dates are ISO dates or None."""

    index_no: str | None = None  # 索引号
    category: str | None = None  # 信息分类 / 主题分类
    publisher: str | None = None  # 发布机构 / 发文机关
    formed: date | None = None  # 成文日期 / 生成日期
    published: date | None = None  # 发布日期
    doc_no: str | None = None  # 文号 / 发文字号, brackets normalised to 〔〕
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Leader:
    name: str
    post: str = ""  # 职务
    photo: str | None = None  # absolute URL of the photo
    duties: str = ""  # 分工 / 分管
    cv: str = ""  # 简历
    url: str = ""  # the leader's own page, when there is one


@dataclass(frozen=True, slots=True)
class Letter:
    """One letter of a mailbox column (县长信箱 / 连线政府 / 留言)."""

    subject: str
    url: str = ""
    sent: date | None = None  # 来信 / 留言时间
    status: str = ""  # as the site says it: 已回复, 未回复, 办理中, ...
    answered: bool | None = None  # read from status or reply presence; None when unknown
    replied: date | None = None  # 回复 / 答复时间
    replier: str = ""  # 答复单位


@dataclass(frozen=True, slots=True)
class ServiceGuide:
    """A 办事指南 page: which required elements it carries, and its form downloads."""

    name: str = ""  # 事项名称
    elements: tuple[str, ...] = ()  # the element keys present, from SERVICE_ELEMENTS in extract/services.py
    forms: tuple[str, ...] = ()  # absolute URLs of the downloadable forms (表格下载)


@dataclass(frozen=True, slots=True)
class Identity:
    """Footer identity elements (《政府网站发展指引》)."""

    site_id_code: str | None = None  # 网站标识码: 10 digits, or bm + 8 digits
    icp: str | None = None  # e.g. 豫ICP备12345678号
    police_record: str | None = None  # e.g. 豫公网安备 41032202000123号
    conac: bool = False  # 党政机关网站标识 (conac link or script)
    sponsor: str | None = None  # 主办单位
    contact: str | None = None  # a phone number or an address
