"""What `link.broken` and `link.wrong` share: which occurrences count, and the finding.

Both judge R5's scope the same way ("网站链接类栏目和各镇、委局门户网站"): on the site
kinds in `all_links_on_site_kinds` every link counts; on every site, the links a link
column lists count: the links to other sites on the list pages of `link_column_kinds`
columns. A link column lists other sites; its page's links back into the site are the
template's menu and footer, which R5 leaves out on a county portal. They differ only in the outcomes they
pick and in the words of the message. One finding per distinct target per site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from typing import Literal

from ..models import ColumnKind, Finding, LinkOccurrence, Outcome, SiteKind, SiteSnapshot
from ..urls import host_of
from .common import (
    MAX_TEXT_IN_MESSAGE,
    MAX_URL_IN_MESSAGE,
    CheckParams,
    CheckRule,
    clip,
    make_finding,
    requirement,
)

MAX_SOURCES_IN_EVIDENCE = 20

# (target, one of its occurrences) -> the message's opening clause, e.g. "链接失效：<url> （HTTP 404）"
DescribeTarget = Callable[[str, LinkOccurrence], str]


class LinkScopeParams(CheckParams):
    """Where links count: the scope parameters of every link check."""

    all_links_on_site_kinds: tuple[SiteKind, ...] = (SiteKind.TOWN, SiteKind.DEPARTMENT)
    link_column_kinds: tuple[ColumnKind, ...] = (ColumnKind.LINKS,)
    # which pages count: every page, only the home page, or every page but the home page
    # (the national indicators deduct 1 point per dead link on the home page, 0.1 elsewhere)
    where: Literal["all", "home", "other"] = "all"


def occurrences_by_target(
    site: SiteSnapshot, params: LinkScopeParams, outcomes: Collection[Outcome],
) -> dict[str, list[LinkOccurrence]]:
    """The counted occurrences whose target came back with one of `outcomes`, by target URL."""
    link_columns = {c.column_id for c in site.columns if c.kind in params.link_column_kinds}
    every_link = site.site_kind in params.all_links_on_site_kinds
    own_host = host_of(site.url)
    by_target: dict[str, list[LinkOccurrence]] = defaultdict(list)
    for occurrence in site.links:
        if occurrence.result.outcome not in outcomes or not _on_chosen_page(occurrence, params.where):
            continue
        listed = occurrence.column_id in link_columns and host_of(occurrence.link.target) != own_host
        if every_link or listed:
            by_target[occurrence.result.url].append(occurrence)
    return dict(sorted(by_target.items()))


def _on_chosen_page(occurrence: LinkOccurrence, where: str) -> bool:
    return where == "all" or occurrence.on_home == (where == "home")


def distinct_sources(occurrences: list[LinkOccurrence]) -> list[LinkOccurrence]:
    """One occurrence per source page, home page first, then by URL: stable whatever the input order."""
    ordered = sorted(occurrences, key=lambda o: (not o.on_home, o.link.source, o.link.text, o.link.element))
    first_per_page: dict[str, LinkOccurrence] = {}
    for occurrence in ordered:
        first_per_page.setdefault(occurrence.link.source, occurrence)
    return list(first_per_page.values())


def seen_on(sources: list[LinkOccurrence]) -> str:
    """`见于 <page>「<text>」` or `见于 3 个页面，如 <page>`: where the office finds the link."""
    example = sources[0].link
    page = clip(example.source, MAX_URL_IN_MESSAGE)
    if example.text:
        page += f"「{clip(example.text, MAX_TEXT_IN_MESSAGE)}」"
    return f"见于 {page}" if len(sources) == 1 else f"见于 {len(sources)} 个页面，如 {page}"


def link_finding(
    site: SiteSnapshot, rule: CheckRule, target: str, occurrences: list[LinkOccurrence], describe: str,
) -> Finding:
    """One finding for one target; `describe` is the sentence before `，见于 …` and the requirement."""
    result = occurrences[0].result
    sources = distinct_sources(occurrences)
    return make_finding(
        rule, site, column=None, url=target,
        message=f"{describe}，{seen_on(sources)}{requirement(rule)}",
        evidence={
            "outcome": str(result.outcome),
            "status": result.status,
            "error": result.error,
            "final_url": result.final_url,
            "redirects": list(result.redirects),
            "title": result.title,
            "sources": [
                {"page": o.link.source, "text": clip(o.link.text, MAX_TEXT_IN_MESSAGE), "element": o.link.element}
                for o in sources[:MAX_SOURCES_IN_EVIDENCE]
            ],
            "source_count": len(sources),
        },
    )


def findings_for(
    site: SiteSnapshot, rule: CheckRule, params: LinkScopeParams, outcomes: Collection[Outcome],
    describe: DescribeTarget,
) -> Iterator[Finding]:
    """A finding per counted target with one of `outcomes`, in target order."""
    for target, occurrences in occurrences_by_target(site, params, outcomes).items():
        yield link_finding(site, rule, target, occurrences, describe(target, occurrences[0]))

