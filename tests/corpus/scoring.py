"""Compare what `read_page` returned with a page's labels, field by field.

Shared by tests/unit/test_corpus.py (which shows the failing fields) and
benchmarks/extraction.py (which counts them). Each check is (field, ok, expected, got);
field names are dotted (`document.doc_no`, `items.first`, `leaders.photo`) so the
benchmark can report accuracy per field. Strings compare with all whitespace removed,
since sites pad Chinese labels and values with spaces, &nbsp; and full-width spaces.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PAGES_DIR = Path(__file__).resolve().parent / "pages"
REAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "real"
REAL_URLS = {
    "shanxi.html": "http://www.shanxi.gov.cn/yw/sxyw/201909/t20190918_693227.shtml",
    "gzggw.html": "http://fgw.zj.gov.cn/art/2016/11/22/art_1621004_30332664.html",
    "other.html": "https://www.gov.cn/gongbao/content/2007/content_711039.htm",
}
WHITESPACE = re.compile(r"[\s\u3000\xa0]+")


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    url: str
    as_of: str
    kind: str
    encoding: str
    expect: dict[str, Any]


@dataclass(frozen=True)
class Check:
    field: str
    ok: bool
    expected: Any
    got: Any


def load_cases(pages_dir: Path = PAGES_DIR) -> list[Case]:
    cases = []
    for label_path in sorted(pages_dir.glob("*.expected.json")):
        label = json.loads(label_path.read_text(encoding="utf-8"))
        page = label_path.with_name(label_path.name.replace(".expected.json", ".html"))
        cases.append(Case(page.name, page, label["url"], label["as_of"], label["kind"], label["encoding"], label["expect"]))
    return cases


def load_real_cases(real_dir: Path = REAL_DIR) -> list[Case]:
    """The three saved government pages, their `expected.json` keys mapped to read_page's."""
    labels = json.loads((real_dir / "expected.json").read_text(encoding="utf-8"))
    cases = []
    for name, label in sorted(labels.items()):
        expect: dict[str, Any] = {"kind": label["page_kind"], "published": label["published"], "identity": label["identity"]}
        if "title" in label:
            expect["title"] = label["title"]
        cases.append(Case(f"real/{name}", real_dir / name, REAL_URLS[name], "2026-11-28", label["page_kind"], "utf-8", expect))
    return cases


def same(expected: Any, got: Any) -> bool:
    if isinstance(expected, str) and isinstance(got, str):
        return WHITESPACE.sub("", expected) == WHITESPACE.sub("", got)
    return expected == got


def compare_dicts(prefix: str, expected: dict[str, Any], got: Any) -> Iterator[Check]:
    got = got if isinstance(got, dict) else {}
    for key, value in expected.items():
        yield Check(f"{prefix}.{key}", same(value, got.get(key)), value, got.get(key))


def compare_items(expected: dict[str, Any], got: Any) -> Iterator[Check]:
    items = got if isinstance(got, list) else []
    yield Check("items.count", len(items) == expected["count"], expected["count"], len(items))
    for end, position in (("first", 0), ("last", -1)):
        actual = items[position] if items else None
        trimmed = {key: actual.get(key) for key in ("title", "url", "date")} if isinstance(actual, dict) else actual
        ok = isinstance(trimmed, dict) and all(same(value, trimmed.get(key)) for key, value in expected[end].items())
        yield Check(f"items.{end}", ok, expected[end], trimmed)


def compare_entries(prefix: str, expected: list[dict[str, Any]], got: Any) -> Iterator[Check]:
    """Leaders or letters: the count, then each labelled key of each entry, in page order."""
    entries = got if isinstance(got, list) else []
    yield Check(f"{prefix}.count", len(entries) == len(expected), len(expected), len(entries))
    for position, wanted in enumerate(expected):
        actual = entries[position] if position < len(entries) and isinstance(entries[position], dict) else {}
        for key, value in wanted.items():
            yield Check(f"{prefix}.{key}", same(value, actual.get(key)), value, actual.get(key))


def compare_service(expected: dict[str, Any], got: Any) -> Iterator[Check]:
    got = got if isinstance(got, dict) else {}
    if "name" in expected:
        yield Check("service.name", same(expected["name"], got.get("name")), expected["name"], got.get("name"))
    for key in ("elements", "forms"):
        wanted, actual = sorted(expected[key]), sorted(got.get(key) or [])
        yield Check(f"service.{key}", wanted == actual, wanted, actual)


def compare(expect: dict[str, Any], result: dict[str, Any]) -> list[Check]:
    checks: list[Check] = []
    for key, value in expect.items():
        got = result.get(key)
        if key in ("document", "identity"):
            checks += compare_dicts(key, value, got)
        elif key == "items":
            checks += compare_items(value, got)
        elif key in ("leaders", "letters"):
            checks += compare_entries(key, value, got)
        elif key == "service":
            checks += compare_service(value, got)
        else:
            checks.append(Check(key, same(value, got), value, got))
    return checks


def describe_failures(checks: list[Check]) -> str:
    lines = [f"  {check.field}: expected {check.expected!r}\n  {' ' * len(check.field)}  got      {check.got!r}"
             for check in checks if not check.ok]
    return "\n".join(lines)
