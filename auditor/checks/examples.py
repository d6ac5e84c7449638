"""The PASS/FAIL examples in each check module's docstring: format, parser, runner.

After a line ending in `Examples::`, each example is a header line

    PASS: what it shows                      no finding
    FAIL: what it shows                      exactly one finding
    FAIL (2 findings): what it shows         exactly that many

followed by more deeply indented TOML, every key optional:

    as_of = 2026-11-28          the audit date (09:00, Asia/Shanghai); default 2026-11-28
    site_kind = "town"          county (default) | town | department
    params = { ... }            the rule's params        applies_to = { ... }  the rule's filters
    requirement = "..."         the rule's message, appended in （）
    column = { name, kind, url, reachable, status, error, update_within, scripted, capped,
               items = [2026-11-01, ...], undated = 3 }      one column (孟津要闻, news, by default);
                                an item is a date or a table { title, url, date }
    readings = [{ url, title, published, document = { index_no, publisher, formed, published, doc_no },
                  leaders = [{ name, post, photo, duties, cv, url }],
                  letters = [{ subject, url, sent, status, answered, replied }],
                  service = { name, elements = [...], forms = [...] } }]
                                pages read from that column (a `document`, `service` only when given)
    resources = [{ url, outcome, status, error }]   verdicts on photos and forms (outcome "broken" by default)
    identity = { site_id_code, icp, police_record, conac, sponsor, contact }   the home page footer
    probes = { ok = 131, failed = 9 }   hourly home-page probes back from as_of, the oldest ones failing;
                                or a list [{ at, ok, status, error }]
    home = { outcome, status, error, attempts, elapsed }   the audit's fetch of the home page
                                (none by default: a cadence check, which does not fetch it)
    extra_workdays = [...]      the config's [calendar] corrections   extra_holidays = [...]
    links = [{ target, source, outcome, status, error, text, column_kind, on_home }]
                                broken links; `column_kind` puts one on that kind of column's list page
    page_findings = [{ check, url, kind, found, context, correction, source, key }]
                                what the content scans found (issue 19); `url` defaults to a page of the site
    https = { https_url, served, certificate_valid, certificate_problem, not_after, days_left, http_url,
              http_redirects_to_https, error }   the audit's HTTPS probe (site.https); none by default
    keys = [...]                the expected finding keys, in order
    messages = [...]            the expected messages, in order

`tests/unit/test_checks_examples.py` runs every example of every registered check.
"""

from __future__ import annotations

import re
import textwrap
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..durations import parse_days
from ..models import (
    ColumnSnapshot,
    DocumentMeta,
    FetchResult,
    Finding,
    HttpsReport,
    Identity,
    Leader,
    Letter,
    Link,
    LinkOccurrence,
    LinkResult,
    ListItem,
    Outcome,
    PageFinding,
    PageReading,
    Probe,
    ServiceGuide,
    Severity,
    SiteSnapshot,
)
from . import CheckType, apply_rule
from .common import AppliesTo, CheckRule

EXAMPLE_TZ = ZoneInfo("Asia/Shanghai")
DEFAULT_AS_OF = date(2026, 11, 28)
SITE_URL = "http://127.0.0.1/"
_HEADER = re.compile(r"^(?P<indent> *)(?P<verdict>PASS|FAIL)(?: \((?P<count>\d+) findings?\))?: (?P<title>.+)$")


@dataclass(frozen=True)
class Example:
    verdict: str  # PASS | FAIL
    findings: int  # how many findings it expects
    title: str
    spec: dict[str, Any]


def parse_examples(doc: str) -> list[Example]:
    """Every example after `Examples::`; ValueError naming the example whose TOML is bad."""
    lines = doc.split("\n")
    start = next((i for i, line in enumerate(lines) if line.rstrip().endswith("Examples::")), len(lines))
    examples: list[Example] = []
    index = start + 1
    while index < len(lines):
        header = _HEADER.match(lines[index])
        index += 1
        if header is None:
            continue
        body: list[str] = []
        while index < len(lines) and (not lines[index].strip() or _indent(lines[index]) > len(header["indent"])):
            body.append(lines[index])
            index += 1
        examples.append(_example(header, body))
    return examples


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _example(header: re.Match[str], body: list[str]) -> Example:
    verdict = header["verdict"]
    count = int(header["count"]) if header["count"] else (0 if verdict == "PASS" else 1)
    try:
        spec = tomllib.loads(textwrap.dedent("\n".join(body)))
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"example {header['title']!r}: invalid TOML: {exc}") from None
    return Example(verdict=verdict, findings=count, title=header["title"], spec=spec)


def run_example(check_type: CheckType, example: Example) -> list[Finding]:
    """Apply one rule of this check (the example's params, filters and requirement) to the example's site.

    The params and filters are validated as a ruleset's are (`pydantic.ValidationError` when wrong).
    """
    rule = CheckRule(
        ruleset="examples", id="example", check=check_type.id,
        applies_to=AppliesTo.model_validate(example.spec.get("applies_to", {})),
        params=check_type.params.model_validate(example.spec.get("params", {})),
        severity=Severity.MAJOR, points=1.0, veto=False, message=example.spec.get("requirement", ""),
    )
    return apply_rule(rule, build_site(example.spec))


def build_site(spec: dict[str, Any]) -> SiteSnapshot:
    as_of = spec.get("as_of", DEFAULT_AS_OF)
    if not isinstance(as_of, datetime):
        as_of = datetime.combine(as_of, time(9, 0), EXAMPLE_TZ)
    links = tuple(_occurrence(link) for link in spec.get("links", []))
    columns = [_column(spec.get("column", {}))] if "column" in spec or not links else []
    readings = tuple(_reading(reading, columns[0]) for reading in spec.get("readings", []) if columns)
    for kind in sorted({link["column_kind"] for link in spec.get("links", []) if "column_kind" in link}):
        columns.append(_column({"name": kind, "kind": kind, "url": f"{SITE_URL}{kind}/", "items": [DEFAULT_AS_OF]}, kind))
    return SiteSnapshot(
        site_id="example", site_kind=spec.get("site_kind", "county"), name="示例网站", url=SITE_URL,
        unit="", as_of=as_of, home=_home(spec["home"]) if "home" in spec else None,
        columns=tuple(columns), links=links, readings=readings,
        identity=Identity(**spec["identity"]) if "identity" in spec else None,
        resources={r["url"]: _resource(r) for r in spec.get("resources", [])},
        probes=_probes(spec.get("probes", []), as_of),
        extra_workdays=tuple(map(_date, spec.get("extra_workdays", []))),
        extra_holidays=tuple(map(_date, spec.get("extra_holidays", []))),
        page_findings=tuple(PageFinding(**{"url": f"{SITE_URL}page.html", **f}) for f in spec.get("page_findings", [])),
        https=HttpsReport(**spec["https"]) if "https" in spec else None,
    )


def _column(spec: dict[str, Any], column_id: str = "column") -> ColumnSnapshot:
    reachable = spec.get("reachable", True)
    dated = [_item(i, item) for i, item in enumerate(spec.get("items", []))]
    undated = [ListItem(f"无日期{i}", f"{SITE_URL}u{i}.html", None) for i in range(spec.get("undated", 0))]
    within = spec.get("update_within")
    return ColumnSnapshot(
        site_id="example", column_id=column_id, name=spec.get("name", "孟津要闻"), kind=spec.get("kind", "news"),
        url=spec.get("url", f"{SITE_URL}news/"), reachable=reachable,
        status=spec.get("status", 200 if reachable else None), error=spec.get("error", ""),
        items=tuple(dated + undated), update_within_days=parse_days(within) if within else None,
        scripted=spec.get("scripted", False), capped=spec.get("capped", False),
    )


def _item(index: int, spec: Any) -> ListItem:
    if not isinstance(spec, dict):
        return ListItem(f"信息{index}", f"{SITE_URL}{index}.html", _date(spec))
    day = spec.get("date")
    return ListItem(spec.get("title", f"信息{index}"), spec.get("url", f"{SITE_URL}{index}.html"),
                    _date(day) if day is not None else None)


def _reading(spec: dict[str, Any], column: ColumnSnapshot) -> PageReading:
    published = spec.get("published")
    document = spec.get("document")
    return PageReading(
        url=spec.get("url", f"{SITE_URL}doc.html"), column_id=column.column_id, kind=column.kind,
        title=spec.get("title", ""), published=_date(published) if published is not None else None,
        document=_document(document) if document is not None else None,
        leaders=tuple(Leader(**leader) for leader in spec.get("leaders", [])),
        letters=tuple(_letter(letter) for letter in spec.get("letters", [])),
        service=_service(spec["service"]) if "service" in spec else None,
    )


def _letter(spec: dict[str, Any]) -> Letter:
    fields: dict[str, Any] = dict(spec)
    fields.update({key: _date(spec[key]) for key in ("sent", "replied") if key in spec})
    return Letter(**fields)


def _service(spec: dict[str, Any]) -> ServiceGuide:
    return ServiceGuide(name=spec.get("name", ""), elements=tuple(spec.get("elements", [])),
                        forms=tuple(spec.get("forms", [])))


def _home(spec: dict[str, Any]) -> FetchResult:
    return FetchResult(url=SITE_URL, final_url=SITE_URL, outcome=Outcome(spec.get("outcome", "ok")),
                       status=spec.get("status", 200 if spec.get("outcome", "ok") == "ok" else None),
                       error=spec.get("error", ""), attempts=spec.get("attempts", 1),
                       elapsed=spec.get("elapsed", 0.1))


def _resource(spec: dict[str, Any]) -> LinkResult:
    return LinkResult(url=spec["url"], outcome=Outcome(spec.get("outcome", "broken")), status=spec.get("status"),
                      error=spec.get("error", ""))


def _probes(spec: dict[str, Any] | list[dict[str, Any]], as_of: datetime) -> tuple[Probe, ...]:
    if isinstance(spec, list):
        return tuple(Probe(**probe) for probe in spec)
    failed, total = spec.get("failed", 0), spec.get("ok", 0) + spec.get("failed", 0)
    return tuple(
        Probe(at=as_of - timedelta(hours=total - 1 - n), ok=True, status=200) if n >= failed
        else Probe(at=as_of - timedelta(hours=total - 1 - n), ok=False, error="timeout")
        for n in range(total)
    )


def _document(spec: dict[str, Any]) -> DocumentMeta:
    formed, published = spec.get("formed"), spec.get("published")
    return DocumentMeta(
        index_no=spec.get("index_no"), category=spec.get("category"), publisher=spec.get("publisher"),
        formed=_date(formed) if formed is not None else None,
        published=_date(published) if published is not None else None,
        doc_no=spec.get("doc_no"), title=spec.get("title"),
    )


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _occurrence(spec: dict[str, Any]) -> LinkOccurrence:
    target = spec["target"]
    link = Link(source=spec.get("source", f"{SITE_URL}page.html"), target=target, element=spec.get("element", "a"),
                attribute="href", text=spec.get("text", ""))
    result = LinkResult(url=target, outcome=Outcome(spec.get("outcome", "broken")), status=spec.get("status"),
                        error=spec.get("error", ""), title=spec.get("title", ""))
    return LinkOccurrence(link=link, result=result, on_home=spec.get("on_home", False), column_id=spec.get("column_kind"))
