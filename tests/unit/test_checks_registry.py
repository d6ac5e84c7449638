"""The registry and the county ruleset end to end on snapshots of a portal and a town site."""

from __future__ import annotations

import dataclasses
import json
import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from auditor.checks import CHECKS, describe_registry, evaluate
from auditor.models import (
    ColumnSnapshot,
    Link,
    LinkOccurrence,
    LinkResult,
    ListItem,
    Outcome,
    SiteSnapshot,
)
from auditor.rules import load_ruleset
from tests.spec_checks import built_spec_check_types

ROOT = Path(__file__).resolve().parents[2]
AS_OF = datetime(2026, 11, 28, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TODAY = AS_OF.date()




def test_registry_keys_are_the_modules_ids_and_params_have_defaults(spec_text: str) -> None:
    assert set(CHECKS) == built_spec_check_types(spec_text)  # SPEC §4's, issue 19's four included
    assert len(CHECKS) == 18
    for key, check in CHECKS.items():
        assert check.id == key
        assert issubclass(check.params, BaseModel)
        check.params()  # every parameter has a default
        assert check.params.model_config.get("extra") == "forbid"


def test_describe_registry_lists_ids_scopes_defaults_and_summaries() -> None:
    entries = {entry["id"]: entry for entry in describe_registry()}
    assert list(entries) == sorted(entries)
    cadence = entries["column.cadence"]
    assert cadence["scope"] == "column"
    assert cadence["params"]["max_interval"] == "1d" and cadence["params"]["window"] == "15d"
    assert entries["link.broken"]["params"]["all_links_on_site_kinds"] == ["town", "department"]
    assert entries["link.broken"]["scope"] == "site"
    assert entries["column.empty"]["summary"].startswith("栏目为空")
    json.dumps(describe_registry(), ensure_ascii=False)


def column(column_id: str, kind: str, dates: list[date], **extra: object) -> ColumnSnapshot:
    items = tuple(ListItem(f"{column_id}{n}", f"http://127.0.0.1/{column_id}/{n}.html", d) for n, d in enumerate(dates))
    fields = {"site_id": "portal", "column_id": column_id, "name": column_id, "kind": kind,
              "url": f"http://127.0.0.1/{column_id}/", "reachable": True, "status": 200, "error": "", "items": items}
    return ColumnSnapshot(**{**fields, **extra})  # type: ignore[arg-type]


def broken(source: str, target: str, column_id: str | None = None, outcome: Outcome = Outcome.BROKEN) -> LinkOccurrence:
    return LinkOccurrence(
        link=Link(source=source, target=target, element="a", attribute="href", text="链接"),
        result=LinkResult(url=target, outcome=outcome, status=404 if outcome is Outcome.BROKEN else 403),
        column_id=column_id,
    )


def days(*back: int) -> list[date]:
    return [TODAY - timedelta(days=n) for n in back]


def portal(site_kind: str = "county") -> SiteSnapshot:
    return SiteSnapshot(
        site_id="portal", site_kind=site_kind, name="孟津县人民政府", url="http://127.0.0.1/", unit="县政府办公室",
        as_of=AS_OF, home=None,
        columns=(
            column("news", "news", days(0, 1, 4, 5)),  # one gap of 3 days
            column("govinfo", "govinfo", days(2, 5, 8)),  # every three days: fine
            column("notices", "notices", days(40)),  # past the lenient 30 days
            column("documents", "documents", days(20), update_within_days=10.0),  # its own deadline
            column("personnel", "personnel", days(200), update_within_days=365.0),  # within its year
            column("plans", "plans", days(400)),  # no deadline of its own: not judged
            column("leaders", "leaders", []),  # empty
            column("services", "services", [], reachable=False, status=404, error="http-404"),
            column("links", "links", days(3)),
        ),
        links=(
            broken("http://127.0.0.1/a.html", "http://127.0.0.9/ordinary"),
            broken("http://127.0.0.1/links/", "http://127.0.0.9/in-link-column", "links"),
            broken("http://127.0.0.1/links/", "http://127.0.0.9/refused-robot", "links", Outcome.UNVERIFIED),
        ),
    )


def test_the_county_ruleset_on_a_county_portal() -> None:
    findings = evaluate([load_ruleset(ROOT / "rules" / "mengjin-2011.toml")], portal())
    assert [(f.rule, f.column, f.key or f.url) for f in findings] == [
        ("news-daily", "news", f"gap:{TODAY - timedelta(days=4)}:{TODAY - timedelta(days=1)}"),
        ("column-deadline", "notices", f"stale:{TODAY - timedelta(days=40)}"),
        ("column-deadline", "documents", f"stale:{TODAY - timedelta(days=20)}"),
        ("column-not-empty", "leaders", "http://127.0.0.1/leaders/"),
        ("column-reachable", "services", "http://127.0.0.1/services/"),
        ("links-not-broken", None, "http://127.0.0.9/in-link-column"),
    ]
    documents = findings[2]
    assert documents.message.endswith("已 20 天未更新（本栏目规定 10 天内更新）")
    for finding in findings:
        assert finding.ruleset == "mengjin-2011"
        json.dumps(finding.evidence)


def test_the_county_ruleset_counts_every_broken_link_on_a_town_site() -> None:
    findings = evaluate([load_ruleset(ROOT / "rules" / "mengjin-2011.toml")], portal("town"))
    links = [f.url for f in findings if f.check == "link.broken"]
    assert links == ["http://127.0.0.9/in-link-column", "http://127.0.0.9/ordinary"]


def test_findings_come_out_in_the_same_order_whatever_the_input_order() -> None:
    ruleset = load_ruleset(ROOT / "rules" / "mengjin-2011.toml")
    site = portal("town")
    first = evaluate([ruleset], site)
    rng = random.Random(3)
    for _ in range(5):
        links = list(site.links)
        rng.shuffle(links)
        columns = tuple(dataclasses.replace(c, items=tuple(rng.sample(c.items, len(c.items)))) for c in site.columns)
        assert evaluate([ruleset], dataclasses.replace(site, links=tuple(links), columns=columns)) == first
