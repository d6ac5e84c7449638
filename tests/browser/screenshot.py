"""A screenshot of a report for the README: `python -m tests.browser.screenshot demo/ docs/report.png`.

The first argument is the report file or the folder holding `report.html` (the demo's).
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.browser.chromium import browser_page


def main(report: Path, image: Path) -> None:
    if report.is_dir():
        report = report / "report.html"
    if not report.is_file():
        raise SystemExit(f"no report at {report}: run `auditor demo` (it leaves demo/report.html) or `auditor report`")
    image.parent.mkdir(parents=True, exist_ok=True)
    with browser_page(width=1200, height=1400) as page:
        page.goto(report.resolve().as_uri())
        page.screenshot(path=str(image), clip={"x": 0, "y": 0, "width": 1200, "height": 1400})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
