"""The labelled corpus: every page in tests/corpus/pages read with `read_page`, every label checked.

The pages come from tests/corpus/make_corpus.py (committed, never regenerated here);
the three saved real pages live in ../shared/corpus/real beside the checkout.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from corpus.scoring import REAL_URLS, Case, compare, describe_failures, load_cases, load_real_cases

from tests.shared_files import REAL_PAGES

CASES = load_cases()
KINDS = {"list", "document", "article", "leader", "mailbox", "service", "home"}
ENCODINGS = {"utf-8", "utf-8-bom", "gbk-meta", "gb2312-meta", "gbk-undeclared", "gbk-declared-utf-8",
             "utf-8-declared-gb2312"}


def _reads_as_labelled(case: Case) -> None:
    from auditor.extract import read_page

    result = read_page(case.path.read_bytes(), case.url, as_of=date.fromisoformat(case.as_of), kind="auto")
    checks = compare(case.expect, result)
    assert checks, "a page with no labels checks nothing"
    failures = describe_failures(checks)
    assert not failures, f"{case.name} ({case.encoding}, {case.url}):\n{failures}"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_page_reads_as_labelled(case: Case) -> None:
    _reads_as_labelled(case)


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_page_reads_as_labelled(name: str, real_corpus: Path) -> None:
    [case] = [case for case in load_real_cases(real_corpus) if case.name == f"real/{name}"]
    _reads_as_labelled(case)


def test_every_real_page_is_labelled_and_read(real_expected: dict[str, Any]) -> None:
    assert sorted(real_expected) == sorted(REAL_URLS) == list(REAL_PAGES)


def test_corpus_is_large_and_covers_every_kind_family_and_encoding() -> None:
    assert len(CASES) >= 150
    assert {case.kind for case in CASES} == KINDS
    assert {case.encoding for case in CASES} == ENCODINGS
    families = Counter(case.name.split("-")[1] for case in CASES)
    assert set(families) == {"trs", "hanweb", "table"} and min(families.values()) >= 40
    per_kind = Counter(case.kind for case in CASES)
    assert min(per_kind.values()) >= 15


def test_corpus_plants_the_date_traps() -> None:
    texts = {case.name: case.path.read_bytes() for case in CASES}
    january = [case for case in CASES if case.as_of.startswith("2026-01") and case.kind == "list"]
    assert any(case.expect["items"]["last"]["date"].startswith("2025-12") for case in january)
    assert sum(b"\xe4\xbb\x8a\xe5\xa4\xa9\xe6\x98\xaf" in data for data in texts.values()) >= 50  # "今天是" banners in UTF-8
    assert any(b"<datastore>" in data for data in texts.values())
    assert any(b"var itemObj" in data or b"var listData" in data for data in texts.values())
    assert any(data.startswith(b"\xef\xbb\xbf") for data in texts.values())


@pytest.mark.parametrize("case", [c for c in CASES if c.encoding.startswith("gbk")], ids=lambda case: case.name)
def test_gbk_pages_really_are_gbk(case: Case) -> None:
    data = case.path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "人民政府" in data.decode("gbk")
