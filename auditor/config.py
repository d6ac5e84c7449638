"""The config contract (SPEC §3): models that forbid unknown keys; `load_config(path)`.

Everything is validated before the first request. A refused config raises
`ConfigError` naming the file, the key (with its line where it can be found) and the fix.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from .durations import parse_days
from .errors import ConfigError
from .models import Category, ColumnKind, SiteKind

BUILTIN_RULESETS_DIR = Path(__file__).parent / "rulesets"
# ids become file names in reports and bulletins: keep them to a safe alphabet
Identifier = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
MAX_DURATION_DAYS = 36_500  # a century: longer durations overflow date arithmetic (timedelta stops at 999,999,999 days)


class _Strict(BaseModel):
    # inf and nan parse as TOML floats: an endless timeout or a nan delay is a typo, not a setting
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {value!r} (write it like 'http://www.example.gov.cn/')")
    try:
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError as exc:
        raise ValueError(f"malformed port in {value!r}") from exc
    return value


def _check_duration(value: str | None) -> str | None:
    if value is not None and parse_days(value) > MAX_DURATION_DAYS:
        raise ValueError(f"duration {value!r} is longer than {MAX_DURATION_DAYS // 365} years; e.g. '1d', '2w', '6mo', '1y'")
    return value


def _check_ca_bundle(value: str) -> str:
    if value and not Path(value).is_file():
        raise ValueError(f"CA bundle {value!r} is not a file (write the path of a PEM file, or leave it empty)")
    return value


def _check_cron(value: str | None) -> str | None:
    if not value:
        return None
    from .cron import cron_trigger

    try:
        cron_trigger(value)
    except ValueError as exc:
        raise ValueError(f"cron expression {value!r} does not parse ({exc}); write 5 fields, e.g. '0 2 1,16 * *'") from exc
    return value


class StorageConfig(_Strict):
    url: str = "sqlite:///auditor.db"
    password_env: str | None = None  # the environment variable holding the database password (never in the file)


class CrawlConfig(_Strict):
    max_pages_per_site: int = Field(5000, ge=1)
    max_depth: int = Field(8, ge=0)
    # list pages a full audit reads per column (every column to its last page, for outdated
    # items and every letter); reaching it is reported in the run's coverage, never silently
    max_column_pages: int = Field(100, ge=1, le=10_000)
    # a home page that fails is asked again over this many seconds before the audit calls it
    # dead (a critical problem): a minute's restart of a web server must not fail a site
    home_retry_span: float = Field(120, ge=0, le=3600)
    per_host_concurrency: int = Field(2, ge=1, le=64)
    per_host_delay: float = Field(0.5, ge=0)  # seconds between requests to one host
    timeout: float = Field(15, gt=0)  # seconds per request
    max_host_timeouts: int = Field(10, ge=0)  # requests in a row timing out after which a host is not asked again this run; 0: no limit
    site_timeout: float = Field(3600, gt=0)  # seconds for one site's whole crawl
    retries: int = Field(2, ge=0, le=10)
    max_retry_after: float = Field(30, ge=0)  # longest Retry-After we are willing to wait
    max_redirects: int = Field(10, ge=0, le=50)
    max_response_bytes: int = Field(10_000_000, ge=1024)
    # re-audits ask for each page with the ETag / Last-Modified it last came with, and read a
    # 304's page from the store's page cache (auditor/context.py); false: every page in full
    conditional_requests: bool = True
    respect_robots: bool = True
    allow_private_addresses: bool = False
    check_external_links: bool = True
    exclude_hosts: list[str] = []  # glob patterns of hosts never requested, e.g. "*.conac.cn"
    user_agent: str = "auditor/0.1 (government website compliance audit)"
    contact: str = ""  # appended to the User-Agent so site operators can reach the office
    ca_bundle: str = ""  # a PEM file of extra certificate authorities to trust (an intranet's own CA)

    _bundle = field_validator("ca_bundle")(_check_ca_bundle)


class LinksConfig(_Strict):
    """How link targets are judged (issue 5): read pages to find wrong links, reuse fresh verdicts."""

    read_pages: bool = True  # GET the start of linked pages to find parked, gambling and "not found" pages
    reuse_within: str = "1d"  # an ok target checked this recently (by an earlier run) is not asked again; "0h": never
    lexicon: str = ""  # a TOML file of extra words, added to auditor/links/lexicon.toml ("": none)

    _duration = field_validator("reuse_within")(_check_duration)

    @property
    def reuse_within_days(self) -> float:
        return parse_days(self.reuse_within)


class MailConfig(_Strict):
    host: str
    port: int = Field(587, ge=1, le=65535)
    starttls: bool = True
    ssl: bool = False  # implicit TLS (port 465)
    username: str | None = None
    password_env: str | None = None  # the environment variable holding the password
    sender: str
    office: list[str] = []
    timeout: float = 30
    ca_bundle: str = ""  # a PEM file of extra certificate authorities to trust for the mail server (an intranet's own CA)

    _bundle = field_validator("ca_bundle")(_check_ca_bundle)


IssueDate = date  # `BulletinConfig.date`'s type: a field named `date` hides the name in its own class


class DeadlineDays(_Strict):
    """整改期限 by a problem's severity: calendar days after the bulletin's issuing date."""

    critical: int = Field(5, ge=1, le=365)  # 严重 (and every veto item): within a working week
    major: int = Field(15, ge=1, le=365)  # 较重: before the next half-monthly audit
    minor: int = Field(30, ge=1, le=365)  # 轻微: within two audit cycles


class BulletinConfig(_Strict):
    """The bulletin's issuing header and deadlines (docs/configuration.md#bulletin)."""

    issuer: str = Field("县政府信息公开办公室", min_length=1)  # 发文单位
    number: str = "网站检查通报〔{year}〕{seq}号"  # {seq}: the run's place among the year's complete full audits
    date: IssueDate | None = None  # 发文日期; none: the audit's date
    deadline_days: DeadlineDays = DeadlineDays()
    feedback_to: str = ""  # where units send their 整改反馈; "": the [mail] office addresses

    @field_validator("number")
    @classmethod
    def _number_fields(cls, value: str) -> str:
        try:
            fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
            value.format(year=2026, seq=1) + value.format(year=2026, seq="补1")  # a re-audit's {seq} is text
        except (ValueError, KeyError, IndexError, AttributeError) as exc:
            raise ValueError(f"number {value!r} does not format ({exc}); e.g. '网站检查通报〔{{year}}〕{{seq}}号'") from exc
        if not fields <= {"year", "seq"} or "seq" not in fields:
            raise ValueError(f"number {value!r} may use only {{year}} and {{seq}}, and must use {{seq}}; "
                             "e.g. '网站检查通报〔{year}〕{seq}号'")
        return value


class ScheduleConfig(_Strict):
    """What `auditor schedule` runs, in the config's timezone (SPEC §3); a job set to "" is not scheduled."""

    full_audit: str | None = "0 2 1,16 * *"
    cadence_check: str | None = "0 9 * * *"
    availability_probe: str | None = "*/30 * * * *"
    bulletin: bool = True  # send the bulletins after each scheduled full audit (needs [mail])
    publish_dir: str = "reports"  # the run's HTML and XLSX reports go here after each scheduled full audit ("" = not written); relative to the config file
    missed_within: str = "2d"  # a run missed while the daemon was down runs once on start if it fell due this recently
    lock_wait: str = "2h"  # how long a scheduled audit waits for sites another audit is auditing

    _cron = field_validator("full_audit", "cadence_check", "availability_probe")(_check_cron)
    _durations = field_validator("missed_within", "lock_wait")(_check_duration)

    @property
    def missed_within_seconds(self) -> float:
        return parse_days(self.missed_within) * 86400

    @property
    def lock_wait_seconds(self) -> float:
        return parse_days(self.lock_wait) * 86400


class ServeConfig(_Strict):
    """`auditor serve`, the read-only dashboard: where it listens, and the environment variable
    holding its password (HTTP Basic; never in the file). A host other than loopback needs the password."""

    host: str = "127.0.0.1"
    port: int = Field(8080, ge=1, le=65535)
    password_env: str | None = None


class CalendarConfig(_Strict):
    """Local corrections to the official holiday calendar used for working-day rules."""

    extra_workdays: list[date] = []  # days worked although the national calendar rests
    extra_holidays: list[date] = []  # local rest days (or a year the holiday package lacks)


AlertEvent = Literal["site.down", "site.up", "column.overdue", "violation.critical", "run.failed"]
ALERT_EVENTS: tuple[AlertEvent, ...] = get_args(AlertEvent)
EnvName = Annotated[str, Field(pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,127}$")]


class AlertChannelConfig(_Strict):
    """One place alerts go (`[[alerts.channels]]`): a WeCom or DingTalk group robot, a JSON webhook, or email.
    URLs and secrets come only from the environment variables named here."""

    name: Identifier | None = None  # how the outbox and `auditor alerts status` name it; default "<kind>-<n>"
    kind: Literal["email", "wecom", "dingtalk", "webhook"]
    url_env: EnvName | None = None  # the variable holding the robot or webhook URL (with its key or token)
    secret_env: EnvName | None = None  # DingTalk's signed mode: the variable holding the robot's SEC… secret
    to: list[str] = []  # email: the addresses
    events: list[AlertEvent] = list(ALERT_EVENTS)
    sites: list[str] | None = None  # only these sites' events (site ids); absent: every site, and run.failed
    units: list[str] | None = None  # only the events of these units' sites ([[sites]] unit)

    @model_validator(mode="after")
    def _kind_needs(self) -> AlertChannelConfig:
        if self.kind == "email":
            if not self.to:
                raise ValueError("to: an email channel needs the addresses to send to, e.g. to = [\"xxgk@example.gov.cn\"]")
            if self.url_env or self.secret_env:
                raise ValueError("url_env: an email channel is sent through [mail]; url_env and secret_env are for robots and webhooks")
        else:
            if not self.url_env:
                raise ValueError(f"url_env: a {self.kind} channel needs url_env, the environment variable holding its URL")
            if self.to:
                raise ValueError(f"to: only an email channel has addresses (this one is {self.kind})")
            if self.secret_env and self.kind != "dingtalk":
                raise ValueError(f"secret_env: only a dingtalk channel signs its messages (this one is {self.kind})")
        if not self.events:
            raise ValueError("events: list at least one event, e.g. [\"site.down\", \"site.up\"]")
        return self


class AlertsConfig(_Strict):
    """`[alerts]`: instant notices when a home page goes down or comes back, a column overruns its
    deadline, an audit finds a critical problem or fails (docs/configuration.md#alerts)."""

    channels: list[AlertChannelConfig] = []
    down_after: int = Field(2, ge=1, le=100)  # consecutive failed probes before a site is called down
    digest_over: int = Field(5, ge=1, le=1000)  # more events than this at once for one channel: one digest message
    per_minute: int = Field(20, ge=1, le=600)  # messages per minute per channel (the robots allow 20)
    timeout: float = Field(10, gt=0, le=120)  # seconds per HTTP request to a robot or webhook
    retry_seconds: float = Field(30, ge=0, le=86_400)  # wait before the 2nd attempt; doubled after each failure (at most 1 h)
    max_attempts: int = Field(10, ge=1, le=100)  # attempts before a message is marked failed

    def named_channels(self) -> list[tuple[str, AlertChannelConfig]]:
        """(name, channel): the `name` given, else `<kind>-<position>` (wecom-1, email-2…)."""
        return [(c.name or f"{c.kind}-{i + 1}", c) for i, c in enumerate(self.channels)]

    @model_validator(mode="after")
    def _unique_names(self) -> AlertsConfig:
        seen: set[str] = set()
        for index, (name, _) in enumerate(self.named_channels()):
            if name in seen:
                raise ValueError(f"channels[{index}].name: duplicate channel name {name!r}")
            seen.add(name)
        return self


OptionalEnvName = Annotated[str, Field(pattern=r"^([A-Za-z_][A-Za-z0-9_]{0,127})?$")] | None
BROKER_SCHEMES = ("amqp", "pyamqp", "redis", "rediss")
QUEUE_MARGIN_SECONDS = 1800  # beyond a site's crawl: its links checked, its judgement made and saved


def _url_without_password(value: str, schemes: tuple[str, ...], password_key: str, wrong_scheme: str) -> str:
    """A service's URL as the file may hold it: "" (none), or one of `schemes` with no password in it
    (`password_key` names the variable that holds it)."""
    if not value:
        return value
    parts = urlsplit(value)
    if parts.password:  # checked first: the refusal below quotes the URL
        raise ValueError(f"密码不能写在配置文件里，请用 {password_key} 指定保存密码的环境变量 "
                         f"(no password in the file: name the variable holding it in {password_key})")
    if parts.scheme not in schemes:
        raise ValueError(f"{wrong_scheme}, not {value!r}")
    return value


class QueueConfig(_Strict):
    """`[queue]`: site audits as Celery tasks on a broker (docs/distributed.md). Absent: one process,
    no broker. The broker's password never goes in the file: `password_env` names the variable
    holding it, or `url_env` the variable holding the whole URL."""

    broker: str = ""  # amqp://user@host:5672/vhost or redis://host:6379/0, without a password
    url_env: OptionalEnvName = None  # the variable holding the whole broker URL (instead of `broker`); "": none
    password_env: OptionalEnvName = None  # the variable holding the broker's password, merged into `broker`; "": none
    name: Identifier = "auditor"  # the Celery queue the site tasks go to
    worker_concurrency: int = Field(2, ge=1, le=256)  # site tasks one `auditor worker` runs at once
    # seconds before Redis gives an unacknowledged task to another worker: longer than the longest
    # site audit, or a site still being audited is started again elsewhere (the site lock refuses it)
    visibility_timeout: float | None = Field(None, gt=0)  # default: [crawl] site_timeout + 1800
    task_retries: int = Field(3, ge=0, le=100)  # retries of a site task after a database, broker or network error
    # where every worker reserves its request starts to a host, so per-host delays hold across workers:
    # redis://host:6379/1 (no password in it); "": the broker when it is redis://, else each worker on its own
    rate_limits: str = ""
    rate_limits_password_env: OptionalEnvName = None  # the variable holding the rate_limits Redis's password

    @field_validator("rate_limits")
    @classmethod
    def _rate_limits_url(cls, value: str) -> str:
        return _url_without_password(value, ("redis", "rediss"), "rate_limits_password_env",
                                     "rate_limits 须为 redis:// 地址 (must be a redis:// URL)")

    @field_validator("broker")
    @classmethod
    def _broker_url(cls, value: str) -> str:
        return _url_without_password(value, BROKER_SCHEMES, "password_env",
                                     "消息队列地址须为 amqp:// 或 redis:// (the broker must be amqp:// or redis://)")

    @model_validator(mode="after")
    def _one_broker(self) -> QueueConfig:
        if bool(self.broker) == bool(self.url_env):
            raise ValueError("broker: 请填写 broker 或 url_env 其中之一 (give either broker or url_env, the variable holding the URL)")
        if self.url_env and self.password_env:
            raise ValueError("password_env: url_env 的地址已含密码 (url_env holds the whole URL, password included)")
        if self.rate_limits_password_env and not self.rate_limits:
            raise ValueError("rate_limits_password_env: 请同时填写 rate_limits (the password of which Redis? set rate_limits)")
        return self


class ColumnConfig(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    url: str
    kind: ColumnKind
    category: Category | None = None
    update_within: str | None = None
    item_selector: str | None = None
    date_selector: str | None = None
    next_selector: str | None = None

    _url = field_validator("url")(_check_http_url)
    _duration = field_validator("update_within")(_check_duration)

    @property
    def update_within_days(self) -> float | None:
        return parse_days(self.update_within) if self.update_within else None


class SiteConfig(_Strict):
    id: Identifier
    name: str = Field(min_length=1)
    url: str
    kind: SiteKind
    unit: str = ""
    contacts: list[str] = []
    extra_hosts: list[str] = []  # other hosts that belong to this site (CMS, file servers)
    columns: list[ColumnConfig] = []

    _url = field_validator("url")(_check_http_url)

    @property
    def hosts(self) -> frozenset[str]:
        own = urlsplit(self.url).hostname or ""
        return frozenset([own.lower(), *(h.lower() for h in self.extra_hosts)])

    @model_validator(mode="after")
    def _columns_inside_site(self) -> SiteConfig:
        seen: set[str] = set()
        for index, column in enumerate(self.columns):
            if column.id in seen:
                raise ValueError(f"columns[{index}].id: duplicate column id {column.id!r} in site {self.id!r}")
            seen.add(column.id)
            host = (urlsplit(column.url).hostname or "").lower()
            if host not in self.hosts:
                raise ValueError(
                    f"columns[{index}].url: column {column.id!r} URL {column.url!r} is outside site "
                    f"{self.id!r} (host {host!r}); use the site's host or list it in extra_hosts"
                )
        return self


class Config(_Strict):
    timezone: str = "Asia/Shanghai"
    language: Literal["zh-CN", "en"] = "zh-CN"
    rulesets: list[str] = Field(min_length=1)
    storage: StorageConfig = StorageConfig()
    crawl: CrawlConfig = CrawlConfig()
    links: LinksConfig = LinksConfig()
    mail: MailConfig | None = None
    bulletin: BulletinConfig = BulletinConfig()
    schedule: ScheduleConfig | None = None
    calendar: CalendarConfig = CalendarConfig()
    serve: ServeConfig = ServeConfig()
    alerts: AlertsConfig = AlertsConfig()
    queue: QueueConfig | None = None  # absent: every audit in one process, no broker
    sites: list[SiteConfig] = Field(min_length=1)
    # where the file was read from: ruleset paths are relative to it (not a TOML key)
    source: Path = Field(default=Path("."), exclude=True)

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown timezone {value!r}; e.g. 'Asia/Shanghai'") from exc
        return value

    @model_validator(mode="after")
    def _unique_site_ids(self) -> Config:
        seen: set[str] = set()
        for index, site in enumerate(self.sites):
            if site.id in seen:
                raise ValueError(f"sites[{index}].id: duplicate site id {site.id!r}")
            seen.add(site.id)
        return self

    @model_validator(mode="after")
    def _alert_channels_fit(self) -> Config:
        site_ids = {site.id for site in self.sites}
        units = {site.unit for site in self.sites if site.unit}
        for index, channel in enumerate(self.alerts.channels):
            where = f"alerts.channels[{index}]"
            if channel.kind == "email" and self.mail is None:
                raise ValueError(f"{where}.kind: an email channel needs the [mail] table (the server to send through)")
            unknown = [s for s in channel.sites or [] if s not in site_ids]
            if unknown:
                raise ValueError(f"{where}.sites: unknown site id(s) {unknown}; known: {sorted(site_ids)}")
            strangers = [u for u in channel.units or [] if u not in units]
            if strangers:
                raise ValueError(f"{where}.units: no site has unit {strangers}; units in the config: {sorted(units)}")
        return self

    @model_validator(mode="after")
    def _visibility_outlasts_a_site(self) -> Config:
        if self.queue is not None and self.queue.visibility_timeout is not None \
                and self.queue.visibility_timeout <= self.crawl.site_timeout:
            raise ValueError(f"queue.visibility_timeout: 须长于 [crawl] site_timeout（{self.crawl.site_timeout:g} 秒），"
                             "否则仍在审计的网站会被交给另一个 worker "
                             "(must be longer than the longest site audit, [crawl] site_timeout)")
        return self

    def queue_visibility_seconds(self) -> float:
        """How long the broker waits for a site task's acknowledgement before giving it to another worker."""
        assert self.queue is not None
        given = self.queue.visibility_timeout
        return given if given is not None else self.crawl.site_timeout + QUEUE_MARGIN_SECONDS

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def site(self, site_id: str) -> SiteConfig:
        for site in self.sites:
            if site.id == site_id:
                return site
        raise KeyError(site_id)

    def ruleset_paths(self) -> list[Path]:
        return [resolve_ruleset(entry, self.source) for entry in self.rulesets]

    def publish_path(self) -> Path | None:
        """Where the daemon writes each scheduled full audit's reports, relative to this file; None when not."""
        if self.schedule is None or not self.schedule.publish_dir:
            return None
        path = Path(self.schedule.publish_dir)
        return path if path.is_absolute() else self.source.parent / path

    def lexicon_path(self) -> Path | None:
        """The county's own word list, relative to this file, or None for the built-in lists only."""
        if not self.links.lexicon:
            return None
        path = Path(self.links.lexicon)
        return path if path.is_absolute() else self.source.parent / path


def resolve_ruleset(entry: str, config_file: Path) -> Path:
    """A ruleset entry is a path relative to the config file, or a built-in ruleset id."""
    candidate = (config_file.parent / entry) if not Path(entry).is_absolute() else Path(entry)
    if candidate.is_file():
        return candidate
    builtin = BUILTIN_RULESETS_DIR / f"{entry}.toml"
    if re.fullmatch(r"[a-z0-9-]+", entry) and builtin.is_file():
        return builtin
    raise FileNotFoundError(entry)


def load_config(path: str | Path) -> Config:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(str(path), ["file not found: give --config PATH or create auditor.toml (see config.example.toml)"]) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:  # ValueError: a NUL in the path
        raise ConfigError(str(path), [f"cannot read: {exc}"]) from None
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(str(path), [f"invalid TOML: {exc}"]) from None
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise ConfigError(str(path), ["invalid TOML: arrays or inline tables nested too deeply"]) from None
    try:
        config = Config.model_validate({**data, "source": path.resolve()})
    except ValidationError as exc:
        raise ConfigError(str(path), [_describe(err, text, data) for err in exc.errors()]) from None
    missing = []
    for index, entry in enumerate(config.rulesets):
        try:
            resolve_ruleset(entry, config.source)
        except FileNotFoundError:
            missing.append(
                f"rulesets[{index}] (line {_line_of(text, ['rulesets'])}): ruleset {entry!r} is neither a file "
                f"(relative to the config file) nor a built-in ruleset ({', '.join(builtin_rulesets())})"
            )
    if missing:
        raise ConfigError(str(path), missing)
    return config


def builtin_rulesets() -> list[str]:
    return sorted(p.stem for p in BUILTIN_RULESETS_DIR.glob("*.toml"))


def _describe(error: ErrorDetails, text: str, data: dict[str, Any]) -> str:
    loc: list[str | int] = [part for part in error["loc"] if part not in ("function-after",)]
    message = error["msg"].removeprefix("Value error, ")
    # model validators report their own key inside the message ("columns[1].url: ...")
    inner = re.match(r"^([a-z_]+)\[(\d+)\]\.([a-z_]+): ", message)
    if inner:
        loc = [*loc, inner.group(1), int(inner.group(2)), inner.group(3)]
        message = message[inner.end():]
    if error["type"] == "extra_forbidden":
        message = "unknown key (misspelt? see config.example.toml for every key)"
    elif error["type"] == "missing":
        message = "required key is missing"
    key = _dotted(loc)
    line = _line_of(text, loc)
    where = f"{key}" + (f" (line {line})" if line else "")
    site_id = _site_id_at(data, loc)
    if site_id:
        where += f" [site {site_id}]"
    return f"{where}: {message}"


def _dotted(loc: Sequence[str | int]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _site_id_at(data: dict[str, Any], loc: Sequence[str | int]) -> str | None:
    if len(loc) >= 2 and loc[0] == "sites" and isinstance(loc[1], int):
        sites = data.get("sites") or []
        if loc[1] < len(sites) and isinstance(sites[loc[1]], dict):
            value = sites[loc[1]].get("id")
            return str(value) if value is not None else None
    return None


def _line_of(text: str, loc: Sequence[str | int]) -> int | None:
    """Best-effort line of a key: walk [[table]] headers by index, then find `key =`."""
    lines = text.splitlines()
    start, end = 0, len(lines)
    table = ""
    parts = list(loc)
    while parts:
        part = parts.pop(0)
        if parts and isinstance(index := parts[0], int):
            parts.pop(0)
            table = f"{table}.{part}" if table else str(part)
            header = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]")
            hits = [i for i in range(start, end) if header.match(lines[i])]
            if index >= len(hits):
                return None
            start = hits[index]
            parent_header = re.compile(r"^\s*\[\[?\s*" + re.escape(table.rsplit(".", 1)[0]) + r"\s*\]\]?\s*$") if "." in table else None
            nxt = [i for i in range(start + 1, end) if header.match(lines[i]) or (parent_header and parent_header.match(lines[i]))]
            end = nxt[0] if nxt else end
            continue
        if not parts:
            key = re.compile(r"^\s*" + re.escape(str(part)) + r"\s*=")
            for i in range(start, end):
                if key.match(lines[i]):
                    return i + 1
            return start + 1 if table else None
        table = f"{table}.{part}" if table else str(part)
        header = re.compile(r"^\s*\[\s*" + re.escape(table) + r"\s*\]")
        hits = [i for i in range(start, end) if header.match(lines[i])]
        if hits:
            start = hits[0]
    return None
