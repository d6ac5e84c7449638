"""The content scans' frame (extract/scan.py): only the checks asked for run, and a scanner that
raises is logged and skipped for that page instead of ending a site's crawl."""

from __future__ import annotations

import logging

import pytest

from auditor.extract import parse_page
from auditor.extract.scan import SCANNERS, register, scan_page
from auditor.models import FetchResult, Outcome, PageFinding

PAGE = parse_page(FetchResult(url="http://127.0.0.1/a.html", final_url="http://127.0.0.1/a.html", outcome=Outcome.OK,
                              status=200, content_type="text/html", text="<html><body><p>正文</p></body></html>"))


@pytest.fixture
def scanners(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("auditor.extract.scan.SCANNERS", {})

    @register("test.found")
    def found(parsed):  # type: ignore[no-untyped-def]
        return [PageFinding(check="test.found", url=parsed.url, kind="k", found="正文")]

    @register("test.broken")
    def broken(parsed):  # type: ignore[no-untyped-def]
        raise ValueError("a scanner's bug")


def test_only_the_checks_in_scope_are_scanned(scanners: None) -> None:
    assert scan_page(PAGE, {"test.found", "not.registered"}) == [
        PageFinding(check="test.found", url="http://127.0.0.1/a.html", kind="k", found="正文")]
    assert scan_page(PAGE, set()) == []


def test_a_scanner_that_raises_is_logged_and_the_others_still_run(scanners: None, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.ERROR, logger="auditor.extract.scan"):
        found = scan_page(PAGE)
    assert [f.check for f in found] == ["test.found"]
    assert "test.broken" in caplog.text and "http://127.0.0.1/a.html" in caplog.text


def test_the_registry_is_restored_after_the_test() -> None:
    assert "test.found" not in SCANNERS
