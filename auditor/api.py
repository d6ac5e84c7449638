"""The Python API: the same operations as the `auditor` command (SPEC §6).

    >>> from auditor import api
    >>> config, rulesets = api.load("auditor.toml")          # validated before any work
    >>> result = api.audit(config, rulesets, as_of="2026-11-28")
    >>> api.as_json(result)["violations"][0]["message"]
"""

from __future__ import annotations

import asyncio
import os
import signal
from collections.abc import Coroutine
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .audit import AuditResult, run_audit
from .cadence import run_cadence_check
from .config import Config, CrawlConfig, load_config
from .errors import RunError, UsageError
from .links import load_lexicon
from .models import Probe, RunKind
from .progress import Progress
from .report.json_output import audit_document
from .rules import Ruleset, load_rulesets
from .store import Store


def load(config_path: str | Path) -> tuple[Config, list[Ruleset]]:
    """Load and validate the config and every ruleset it names; raises ConfigError/RulesetError."""
    config = load_config(config_path)
    rulesets = load_rulesets(config.ruleset_paths())
    load_lexicon(config.lexicon_path())  # a broken word list is refused now, not half-way through an audit
    return config, rulesets


def storage_url(config: Config) -> str:
    """A relative SQLite path is relative to the config file, so a daemon's working folder does not matter.
    The password, when `[storage] password_env` names a variable, is added here and never written anywhere."""
    url = _with_password(config.storage.url, config.storage.password_env)
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        return prefix + str((config.source.parent / url[len(prefix):]).resolve())
    return url


def _with_password(url: str, password_env: str | None) -> str:
    """The URL with the password from `password_env`; either password is registered to be masked in logs."""
    from sqlalchemy import exc, make_url

    from .logs import register_secret

    try:
        register_secret(make_url(url).password)  # should the file carry one after all
    except (exc.ArgumentError, ValueError):
        # unparseable, and about to be quoted in an error message: mask what looks like user:password@
        userinfo = url.rpartition("@")[0]
        candidate = userinfo.rpartition(":")[2] if ":" in userinfo else ""
        register_secret(candidate if "/" not in candidate else None)
    if not password_env:
        return url
    password = os.environ.get(password_env)
    if password is None:
        raise UsageError(f"[storage] password_env: 环境变量 {password_env} 未设置 (set it to the database password)")
    register_secret(password)
    return make_url(url).set(password=password).render_as_string(hide_password=False)


def open_store(config: Config) -> Store:
    return Store.open(storage_url(config))


def parse_as_of(value: str | datetime | date | None, tz: ZoneInfo) -> datetime:
    """The audit time: ISO date or datetime; naive values are in the config's timezone."""
    if value is None:
        return datetime.now(tz).replace(microsecond=0)
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if ("T" in value or " " in value) else date.fromisoformat(value)
        except ValueError:
            raise UsageError(f"--as-of {value!r}: 不是有效的日期时间，请写成 2026-11-28 或 2026-11-28T09:00:00+08:00") from None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(0, 0))
    return value if value.tzinfo else value.replace(tzinfo=tz)


def check_site_ids(config: Config, site_ids: list[str] | tuple[str, ...] | None) -> None:
    """Refuse `--site` values the config does not name, listing the ones it does."""
    unknown = [s for s in site_ids or [] if s not in {site.id for site in config.sites}]
    if unknown:
        known = "、".join(f"{site.id}（{site.name}）" for site in config.sites)
        raise UsageError(f"--site {', '.join(unknown)}: 配置中没有该网站 (unknown site)；可选 (known sites): {known}")


def audit(
    config: Config,
    rulesets: list[Ruleset],
    *,
    as_of: str | datetime | date | None = None,
    site_ids: list[str] | None = None,
    store: Store | None = None,
    progress: Progress | None = None,
    wait_seconds: float = 0.0,
    kind: RunKind | None = None,
) -> AuditResult:
    """One audit run (`kind`: "full" for every site, "site" for some, "cadence" for the daily
    cadence check). SIGTERM ends it as SIGINT does: the run is marked interrupted, RunError."""
    check_site_ids(config, site_ids)
    audit_time = parse_as_of(as_of, config.tz)
    kind = kind or (RunKind.SITE if site_ids else RunKind.FULL)
    own_store = store is None
    store = store or open_store(config)
    try:
        if kind == RunKind.CADENCE:
            work = run_cadence_check(
                config, rulesets, store, as_of=audit_time, site_ids=site_ids, progress=progress, wait_seconds=wait_seconds,
            )
        else:
            work = run_audit(
                config, rulesets, store, as_of=audit_time, site_ids=site_ids, progress=progress,
                kind=kind, wait_seconds=wait_seconds,
            )
        return asyncio.run(_stopped_by_sigterm(work))
    finally:
        if own_store:
            store.close()


async def _stopped_by_sigterm(work: Coroutine[Any, Any, AuditResult]) -> AuditResult:
    task = asyncio.ensure_future(work)
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, task.cancel)
    try:
        return await task
    except asyncio.CancelledError:
        if task.cancelled():  # cancelled by the signal: the run has recorded itself interrupted
            raise RunError("审计被中断 (SIGTERM)：本次运行已标记为 interrupted，下次审计会重新检查这些网站") from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


def as_json(result: AuditResult, tz: ZoneInfo | None = None) -> dict[str, Any]:
    return audit_document(
        result.run, result.violations, result.scores, tz,
        link_outcomes=result.link_outcomes, unverified=result.unverified,
        unverified_checks=result.unverified_checks, coverage=result.coverage,
    )


def builtin_rulesets() -> list[Ruleset]:
    """The rulesets that ship with the program, for `rules list` without a config."""
    from .config import BUILTIN_RULESETS_DIR
    from .config import builtin_rulesets as names

    return load_rulesets([BUILTIN_RULESETS_DIR / f"{name}.toml" for name in names()])


def extract(
    source: str, *, kind: str = "auto", as_of: str | date | None = None, config: Config | None = None
) -> dict[str, Any]:
    """What the auditor reads from one page: a local file, or a URL fetched as the crawler fetches it."""
    from .extract.reading import read_page

    tz = config.tz if config else ZoneInfo("Asia/Shanghai")
    day = parse_as_of(as_of, tz).date()
    if not source.startswith(("http://", "https://")):
        path = Path(source)
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise UsageError(f"无法读取文件 {source}: {exc.strerror}") from None
        return read_page(content, path.resolve().as_uri(), as_of=day, kind=kind)
    return asyncio.run(_extract_url(source, kind, day, config.crawl if config else CrawlConfig()))


async def _extract_url(url: str, kind: str, day: date, crawl: CrawlConfig) -> dict[str, Any]:
    from .extract.reading import read_page
    from .fetch import Fetcher
    from .models import PageRequest, describe_reason

    async with Fetcher(crawl) as fetcher:
        # the operator named this URL: it is trusted like a configured site
        fetched = await fetcher.fetch(PageRequest(url=url, site_id="", trusted=True))
    if not fetched.outcome.answered or not fetched.text:
        why = describe_reason(fetched.error, fetched.status) if fetched.error else "不是网页，或内容为空"
        raise UsageError(f"无法读取 {url}: {fetched.outcome.label}（{why}）")
    document = read_page(fetched.text, fetched.final_url, as_of=day, kind=kind)
    document["fetch"] = {"status": fetched.status, "encoding": fetched.encoding, "redirects": list(fetched.redirects)}
    return document


def probe(
    config: Config, *, site_ids: list[str] | None = None, at: datetime | None = None, store: Store | None = None
) -> list[tuple[str, Probe]]:
    """One availability probe of every (or the given) home page, stored; see `auditor.probe`."""
    from .probe import probe_sites

    check_site_ids(config, site_ids)
    own_store = store is None
    store = store or open_store(config)
    try:
        store.sync_sites(config)
        return asyncio.run(probe_sites(config, store, site_ids, at=at))
    finally:
        if own_store:
            store.close()
