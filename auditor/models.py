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
from typing import Any, Literal, Self, get_args

# ---- the vocabulary: every closed set of words, each stored value with its Chinese label ----


class Labelled(enum.StrEnum):
    """A closed set of stored words, each member written `NAME = "value", "中文"`.

    The value is what the database, the JSON output and the config hold; `label` is what
    office staff read, in every report, bulletin and message. No other table of these words
    exists: a report and a bulletin say the same thing because they read the same label.
    """

    _value_: str
    label: str

    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def of(cls, value: str) -> Self | None:
        """The member stored as `value`; None for a word outside the set (one an older version stored)."""
        try:
            return cls(value)
        except ValueError:
            return None

    @classmethod
    def label_of(cls, value: str) -> str:
        """What office staff read for a stored `value`: its label, or the value itself when it is unknown."""
        member = cls.of(value)
        return member.label if member is not None else value


class Severity(Labelled):
    """How serious a rule says breaking it is (SPEC §4), least serious first."""

    MINOR = "minor", "轻微"
    MAJOR = "major", "较重"
    CRITICAL = "critical", "严重"

    @property
    def rank(self) -> int:
        """1 for minor up to 3 for critical."""
        return list(Severity).index(self) + 1


def severity_rank(severity: str) -> int:
    """A severity's rank; an unknown one ranks below minor."""
    member = Severity.of(severity)
    return member.rank if member is not None else 0


class Outcome(Labelled):
    """The closed set of results of fetching or checking one URL.

    Non-failures are results too: a robots.txt refusal or an excluded scheme is an
    answer, not an error.
    """

    OK = "ok", "正常"
    REDIRECTED = "redirected", "经重定向后正常"  # answered after redirects; the chain is kept
    BROKEN = "broken", "无法访问"  # DNS, refused, TLS, 4xx, 5xx after retries
    WRONG = "wrong", "内容与链接不符"  # answers, but not what was linked
    UNVERIFIED = "unverified", "无法核实"  # 401/403/429 to a bot, or a JavaScript challenge
    ROBOTS = "robots", "robots.txt 禁止访问"  # robots.txt disallows us: never fetched
    EXCLUDED = "excluded", "未检查"  # not fetched by policy: scheme, private address, out of scope
    TIMEOUT = "timeout", "访问超时"  # no answer in time, after retries

    @property
    def is_failure(self) -> bool:
        return self in (Outcome.BROKEN, Outcome.TIMEOUT, Outcome.WRONG)

    @property
    def answered(self) -> bool:
        return self in (Outcome.OK, Outcome.REDIRECTED, Outcome.WRONG)


class FailureReason(Labelled):
    """Why a URL did not simply open: the `error` of a `FetchResult`, a `LinkResult`, a column or a probe.

    Two reasons carry a detail after their value: an error status is stored as `http-<status>`
    (`http_reason(404)`), an unfetched scheme as `scheme:<name>` (`scheme_reason("mailto")`).
    `FailureReason.of` reads either back; `describe_reason` says any of them in Chinese.
    """

    # the server answered with an error status: `http-<status>`
    HTTP = "http", "HTTP 错误状态"
    # no answer (fetch/client.py names these from the exception)
    DNS = "dns", "域名无法解析"
    REFUSED = "refused", "连接被拒绝"
    CONNECT = "connect", "无法连接"
    TLS = "tls", "安全连接（TLS）失败"
    TIMEOUT = "timeout", "访问超时"
    RESET = "reset", "连接被服务器中断"
    PROTOCOL = "protocol", "服务器响应不合规范"
    HOST_UNRESPONSIVE = "host-unresponsive", "服务器多次无响应，本次未再访问"
    TOO_LARGE = "too-large", "页面过大"
    BAD_URL = "bad-url", "链接地址格式错误"
    BAD_REDIRECT = "bad-redirect", "重定向地址格式错误"
    TOO_MANY_REDIRECTS = "too-many-redirects", "重定向次数过多"
    REDIRECT_LOOP = "redirect-loop", "重定向循环"
    NOT_FETCHED = "not-fetched", "未能抓取"
    # not asked, by policy
    ROBOTS = "robots", "robots.txt 禁止访问"
    PRIVATE_ADDRESS = "private-address", "指向内网地址"
    SCHEME = "scheme", "不是网页地址，不访问"  # `scheme:<name>` for mailto, tel, javascript, ...
    EXCLUDED_HOST = "excluded-host", "按配置不检查的网站"
    EXTERNAL = "external", "外部链接，按配置不检查"
    BAD_MAILTO = "bad-mailto", "邮件地址格式错误"
    # answered, but not what was linked (links/judge.py, links/missing.py, links/titles.py)
    OFFSITE = "redirected off site", "被重定向至无关网站"
    GAMBLING = "gambling", "页面含赌博内容"
    ADULT = "adult", "页面含色情内容"
    PARKED = "parked domain", "域名已过期或被停放"
    SOFT_404 = "soft 404", "页面内容为“页面不存在”"
    TITLE_MISMATCH = "title mismatch", "页面标题与链接文字不符"
    CHALLENGE = "challenge", "需通过人机验证，无法自动核实"
    SCRIPT_RENDERED = "script-rendered", "页面由脚本生成，无法核实"

    @classmethod
    def of(cls, value: str) -> FailureReason | None:
        """The reason stored as `value`, `http-<status>` and `scheme:<name>` included; None when unknown."""
        head, dash, status = value.partition("-")
        if dash and head == cls.HTTP and status.isdigit():
            return cls.HTTP
        if value.startswith(cls.SCHEME + ":"):
            return cls.SCHEME
        return super().of(value)


def http_reason(status: int) -> str:
    """The stored reason for an error status: `http-404`."""
    return f"{FailureReason.HTTP}-{status}"


def scheme_reason(scheme: str) -> str:
    """The stored reason for a link not fetched because of its scheme: `scheme:mailto`."""
    return f"{FailureReason.SCHEME}:{scheme}"


def describe_reason(error: str, status: int | None = None, *, limit: int = 60) -> str:
    """Why a URL failed, in words for office staff: `HTTP 404`, `访问超时`, `连接被拒绝`, ...

    An error status says itself; a reason this version does not know (an older version's,
    read from the store) is shown as stored, cut at `limit` characters."""
    if status is not None and status >= 400:
        return f"HTTP {status}"
    reason = FailureReason.of(error)
    if reason is FailureReason.HTTP:
        return f"HTTP {error.partition('-')[2]}"
    if reason is not None:
        return reason.label
    if error.strip():
        folded = " ".join(error.split())
        return folded if len(folded) <= limit else folded[: limit - 1] + "…"
    return f"HTTP {status}" if status is not None else "原因不明"


class ColumnKind(Labelled):
    """What a column lists (SPEC §3), labelled as sites name such columns."""

    NEWS = "news", "资讯动态"
    GOVINFO = "govinfo", "政务信息"
    NOTICES = "notices", "通知公告"
    DOCUMENTS = "documents", "政府文件"
    PERSONNEL = "personnel", "人事任免"
    PLANS = "plans", "规划计划"
    LINKS = "links", "网站链接"
    LEADERS = "leaders", "领导信息"
    SERVICES = "services", "办事指南"
    MAILBOX = "mailbox", "政民互动"
    REPORTS = "reports", "年度报告"
    OTHER = "other", "其他栏目"


class SiteKind(Labelled):
    """Whose site it is (SPEC §3 `[[sites]] kind`)."""

    COUNTY = "county", "县级政府门户网站"
    TOWN = "town", "乡镇政府网站"
    DEPARTMENT = "department", "部门网站"


class RunKind(Labelled):
    """What an audit run covered."""

    FULL = "full", "全面检查"  # every site, scored and ranked
    CADENCE = "cadence", "更新检查"  # the daily look at cadence columns: neither scored nor ranked
    SITE = "site", "指定网站检查"  # some sites, on demand, scored


class RunStatus(Labelled):
    """Where an audit run stands."""

    RUNNING = "running", "进行中"
    COMPLETE = "complete", "完成"
    FAILED = "failed", "失败"
    INTERRUPTED = "interrupted", "中断"


class ViolationStatus(Labelled):
    """A problem's lifecycle across runs (SPEC §5 `status`)."""

    NEW = "new", "新发现"
    OPEN = "open", "未整改"
    RESOLVED = "resolved", "已整改"


class OutboxStatus(Labelled):
    """A bulletin in the outbox."""

    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"


# 主动公开 categories of the annual report table (R11), in the table's order: a column's
# `category`, and the rows of `auditor stats`
Category = Literal["机构职能", "政策/规范性文件", "规划/计划", "行政许可", "其他"]
CATEGORIES: tuple[Category, ...] = get_args(Category)


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
    error: str = ""  # why it failed, a `FailureReason` as stored ("dns", "timeout", "http-404"); "" when it opened
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
    kind: ColumnKind
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
    severity: Severity
    points: float
    veto: bool
    site: str
    column: str | None
    url: str
    message: str
    key: str = ""  # what makes this problem distinct within (check, site, column, url): e.g. a gap's dates
    evidence: dict[str, Any] = field(default_factory=dict)



@dataclass(frozen=True, slots=True)
class BrokenRule:
    """One rule of one ruleset that a problem breaks (SPEC §5 `rules`)."""

    ruleset: str
    rule: str
    severity: Severity
    points: float
    veto: bool

    @property
    def order(self) -> tuple[bool, int, float, str, str]:
        """Most severe first: a veto rule, then the higher severity, then more points; then by name."""
        return (not self.veto, -severity_rank(self.severity), -self.points, self.ruleset, self.rule)


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
    severity: Severity
    points: float
    veto: bool
    site: str
    column: str | None
    url: str
    message: str
    evidence: dict[str, Any]
    status: ViolationStatus
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
class PageFinding:
    """What a content scan of one page found for a content check (issue 19): a wording error,
    personal data, a hidden link. Read while the page is in hand, because pages are not kept;
    anything personal is masked here already, never stored in full.

    `check` names the check that judges it (content.wording, content.personal_data, link.hidden).
    """

    check: str
    url: str  # the page it is on (for an attachment: the attachment's URL)
    kind: str  # what it is, within the check: e.g. "id_number", "bank_card", "mobile"; "typo", "formulation"; "display-none"
    found: str  # the text found (masked when personal), or for a hidden link its target URL
    context: str = ""  # the sentence around it, clipped and masked; for a hidden link its link text
    correction: str = ""  # the right form (wording)
    source: str = ""  # where the list entry comes from (wording), or the page linking an attachment
    key: str = ""  # what makes it distinct on its page (a stable id part; never the unmasked value)
    published: date | None = None  # the page's publication date, where the check needs it (leader titles)


@dataclass(frozen=True, slots=True)
class HttpsReport:
    """What the audit's HTTPS probe of one site found (`site.https`, issue 19): made by
    `fetch.tls.probe_https` after the site's crawl; none on a cadence check, and none for a
    site whose HTTPS address cannot be known (an http:// URL on a port of its own).

    Mixed content is not here: the crawl's content scan of the home page reports it
    (`extract.mixed`, PageFindings of check "site.https").
    """

    https_url: str  # the https:// address tried
    served: bool  # a TLS handshake completed there (whatever the certificate)
    certificate_valid: bool = False  # trusted (system CAs plus `[crawl] ca_bundle`), in date, for the host
    certificate_problem: str = ""  # expired | not-yet-valid | hostname | untrusted | other; "" when valid
    not_after: datetime | None = None  # the certificate's end of validity (UTC), read even when it is invalid
    days_left: int | None = None  # whole days from the probe to not_after (negative once expired)
    http_url: str = ""  # the http:// counterpart asked, "" when none could be asked
    http_redirects_to_https: bool | None = None  # None: no http:// answer, or not asked
    error: str = ""  # why HTTPS did not answer, a FailureReason: refused, timeout, dns, connect, protocol (no TLS on the port), tls (see certificate_problem)


@dataclass(frozen=True, slots=True)
class SiteSnapshot:
    """Everything the checks see of one site in one run.

    `links` holds only occurrences whose target did not come back ok or redirected:
    the checks judge problems, and keeping every occurrence of a 30,000-page estate
    in memory would defeat streaming pages to the database.
    """

    site_id: str
    site_kind: SiteKind
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
    page_findings: tuple[PageFinding, ...] = ()  # what the content scans found on the pages read (issue 19)
    https: HttpsReport | None = None  # the audit's HTTPS and certificate probe (issue 19); None when not probed


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
    fail_reason: str = ""  # why the site fails whatever its score (单项否决, home page not read); "" otherwise


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
