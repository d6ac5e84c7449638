"""`auditor report`: a run's report written as HTML, XLSX, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

from .data import RunReport
from .html import render_html
from .json_output import violation_document
from .names import zh_bool, zh_date
from .xlsx import VIOLATION_COLUMNS, cell_value, report_workbook, violation_row

FORMATS = ("html", "xlsx", "csv", "json")


def report_bytes(report: RunReport, fmt: str) -> bytes:
    if fmt == "html":
        return render_html(report).encode("utf-8")
    if fmt == "xlsx":
        return report_workbook(report)
    if fmt == "csv":
        return violations_csv(report).encode("utf-8-sig")  # the BOM makes Excel read UTF-8 Chinese right
    if fmt == "json":
        from zoneinfo import ZoneInfo

        zone = ZoneInfo(report.timezone)
        documents = [violation_document(v, zone) for v in report.violations]
        return json.dumps(documents, ensure_ascii=False, indent=2).encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}; one of {FORMATS}")


def violations_csv(report: RunReport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([name for name, _ in VIOLATION_COLUMNS])
    for violation in report.violations:
        writer.writerow([_csv_cell(value) for value in violation_row(report, violation)])
    return buffer.getvalue()


def write_report(report: RunReport, fmt: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(report_bytes(report, fmt))
    return path


def _csv_cell(value: object) -> object:
    """A workbook cell as CSV text: dates as 2026年11月20日 (the cell's local time), 是/否 for a flag."""
    value = cell_value(value)
    if isinstance(value, datetime | date):
        return zh_date(value)
    if isinstance(value, bool):
        return zh_bool(value)
    return value
