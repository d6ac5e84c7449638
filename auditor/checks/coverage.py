"""What the checks could not judge on a site, and why (reported apart as `unverified`).

The checks never accuse on what they could not read. This says what that was, so the
office sees the limits of an audit instead of a silence:

- a column whose list page shows no items while its scripts load the list: `column.empty`
  was not judged (the auditor runs no scripts);
- an item of a documents, leaders, mailbox or services column whose page was not read
  (it failed, it is a file such as a PDF, or the crawl's page budget ended first): the
  column's item check did not judge it;
- a page of a documents column that shows no metadata block at all: it was not judged
  as a document (`document.metadata`, `document.late`);
- a letter that says nothing of its answer (no status, no reply): `mailbox.overdue`
  did not judge it;
- a column read only to `[crawl] max_column_pages` list pages: its older items were
  not judged (by `content.outdated` and the item checks);
- a home page behind a bot wall (401/403/429, a script challenge) or robots.txt:
  `site.availability` did not judge whether it opens; a home page not read at all
  (dead or walled): `site.identity` did not judge its footer;
- leaders named with their posts on the site's pages while no leader page was read:
  `content.wording` did not compare their titles (when its rule judges leader_title).

Pure: it reads the snapshot, like every check, so it repeats exactly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..models import ColumnSnapshot, SiteSnapshot, UnverifiedCheck, describe_reason
from ..urls import is_asset, normalise
from .common import RuleList, zh_day
from .document_metadata import is_document_page
from .mailbox_overdue import column_letters

# the check that judges each item of a column of these kinds, on the item's own page
ITEM_CHECKS = {
    "documents": ("document.late", "document.metadata"),
    "leaders": ("leader.incomplete",),
    "mailbox": ("mailbox.overdue",),
    "services": ("service.incomplete",),
}
MAX_PER_COLUMN = 50  # a column of 3,000 PDFs is one line of coverage, not 3,000


def unverified_checks(rulesets: Sequence[RuleList], site: SiteSnapshot) -> list[UnverifiedCheck]:
    """Each place a check that applies here could not judge, in column and URL order."""
    applied = _applied_checks(rulesets, site)
    found: list[UnverifiedCheck] = list(_walled_home(rulesets, site))
    found.extend(_leaders_unread(rulesets, site))
    for column in site.columns:
        checks = applied.get(column.column_id, set())
        found.extend(_script_list(site, column, checks))
        found.extend(_unread_items(site, column, checks))
        found.extend(_not_documents(site, column, checks))
        found.extend(_silent_letters(site, column, checks))
        found.extend(_capped(site, column, checks))
    return found


def _walled_home(rulesets: Sequence[RuleList], site: SiteSnapshot) -> Iterator[UnverifiedCheck]:
    home = site.home
    if home is None or home.opened:
        return
    rules = [rule for ruleset in rulesets for rule in ruleset.rules
             if rule.applies_to.selects_site(site.site_id, site.site_kind)]
    reason = describe_reason(home.error, home.status)
    if not home.failed and any(r.check == "site.availability" and getattr(r.params, "judge", "") == "audit" for r in rules):
        yield UnverifiedCheck(site.site_id, None, "site.availability", site.url,
                              f"首页拒绝自动访问（{reason}），未判定能否打开，请人工核对")
    if any(r.check == "site.identity" for r in rules):
        yield UnverifiedCheck(site.site_id, None, "site.identity", site.url, f"首页未能读取（{reason}），未检查网站标识")


def _leaders_unread(rulesets: Sequence[RuleList], site: SiteSnapshot) -> Iterator[UnverifiedCheck]:
    judged = any(
        rule.check == "content.wording" and "leader_title" in getattr(rule.params, "kinds", ())
        and rule.applies_to.selects_site(site.site_id, site.site_kind)
        for ruleset in rulesets for rule in ruleset.rules
    )
    if not judged or any(r.kind == "leaders" and r.leaders for r in site.readings):
        return
    if any(f.check == "content.wording" and f.kind == "leader_title" for f in site.page_findings):
        yield UnverifiedCheck(site.site_id, None, "content.wording", site.url, "未读取到领导信息页，未核对领导职务")


def _capped(site: SiteSnapshot, column: ColumnSnapshot, checks: set[str]) -> Iterator[UnverifiedCheck]:
    judged_by = sorted(checks & {"content.outdated", *ITEM_CHECKS.get(column.kind, ())})
    if column.capped and judged_by:
        yield UnverifiedCheck(site.site_id, column.column_id, judged_by[0], column.url,
                              f"{column.name}：列表页数达到抓取上限（[crawl] max_column_pages），更早的条目未按 "
                              f"{'、'.join(judged_by)} 判定")


def _applied_checks(rulesets: Sequence[RuleList], site: SiteSnapshot) -> dict[str, set[str]]:
    applied: dict[str, set[str]] = {}
    for ruleset in rulesets:
        for rule in ruleset.rules:
            if not rule.applies_to.selects_site(site.site_id, site.site_kind):
                continue
            for column in site.columns:
                if rule.applies_to.selects_column(column.kind):
                    applied.setdefault(column.column_id, set()).add(rule.check)
    return applied


def _script_list(site: SiteSnapshot, column: ColumnSnapshot, checks: set[str]) -> Iterator[UnverifiedCheck]:
    if "column.empty" in checks and column.reachable and column.scripted and not column.items:
        yield UnverifiedCheck(site.site_id, column.column_id, "column.empty", column.url,
                              f"{column.name} 列表由脚本加载，审计程序不执行脚本，未判定是否为空，请人工核对")


def _not_documents(site: SiteSnapshot, column: ColumnSnapshot, checks: set[str]) -> Iterator[UnverifiedCheck]:
    if column.kind != "documents" or "document.metadata" not in checks:
        return
    pages = sorted(r.url for r in site.readings if r.column_id == column.column_id and not is_document_page(r))
    for url in pages[:MAX_PER_COLUMN]:
        yield UnverifiedCheck(site.site_id, column.column_id, "document.metadata", url,
                              f"{column.name}：页面未见文件信息（索引号、发布机构、成文日期、文号），未按文件页判定")


def _silent_letters(site: SiteSnapshot, column: ColumnSnapshot, checks: set[str]) -> Iterator[UnverifiedCheck]:
    if "mailbox.overdue" not in checks:
        return
    silent = [letter for letter in column_letters(site, column)
              if letter.sent is not None and letter.answered is None and letter.replied is None]
    for letter in silent[:MAX_PER_COLUMN]:
        yield UnverifiedCheck(site.site_id, column.column_id, "mailbox.overdue", letter.url or column.url,
                              f"{column.name} 来信《{letter.subject[:60]}》（{zh_day(letter.sent)}）未注明办理状态或答复，无法判定是否超期")


def _unread_items(site: SiteSnapshot, column: ColumnSnapshot, checks: set[str]) -> Iterator[UnverifiedCheck]:
    judged_by = [check for check in ITEM_CHECKS.get(column.kind, ()) if check in checks]
    if not judged_by or not column.reachable:
        return
    read = {normalise(r.url) for r in site.readings if r.column_id == column.column_id}
    unread = sorted({normalise(item.url) for item in column.items} - read)
    for url in unread[:MAX_PER_COLUMN]:
        what = "条目链接为文件（PDF、Word 等），无法读取其内容" if is_asset(url) else "条目页面未能读取（访问失败或超出抓取范围）"
        yield UnverifiedCheck(site.site_id, column.column_id, judged_by[0], url,
                              f"{column.name}：{what}，未按 {'、'.join(judged_by)} 判定")
    if len(unread) > MAX_PER_COLUMN:
        yield UnverifiedCheck(site.site_id, column.column_id, judged_by[0], column.url,
                              f"{column.name}：另有 {len(unread) - MAX_PER_COLUMN} 个条目页面未能读取，未判定")
