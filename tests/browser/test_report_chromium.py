"""The HTML report in headless Chromium: no console errors, and the charts are drawn."""

from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from auditor import api
from auditor.report.data import load_run_report
from auditor.report.files import write_report
from tests.browser.chromium import browser_page, chromium_missing_reason
from tests.mail_fixtures import county_config, seed_runs

BACKGROUND = (255, 255, 255)


@pytest.fixture
def report_file(tmp_path):
    config, rulesets = api.load(county_config(tmp_path))
    with api.open_store(config) as store:
        seed_runs(store)
        return write_report(load_run_report(store, config, rulesets), "html", tmp_path / "report.html")


def test_the_report_opens_without_errors_and_draws_its_charts(report_file):
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    errors: list[str] = []
    requests: list[str] = []
    with browser_page() as page:
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda request: requests.append(request.url))
        page.goto(report_file.as_uri())
        page.wait_for_load_state("load")
        bars = page.locator("svg.ranking rect.bar")
        widths = [bars.nth(i).bounding_box()["width"] for i in range(bars.count())]
        failed_rows = page.locator("svg.ranking rect.bar-none:not(.swatch)").count()
        # the hatched bar under the pass mark is painted through its pattern, not left empty
        hatched = page.locator("svg.ranking rect.bar-fail").first.screenshot()
        chart = page.locator("svg.ranking").first.screenshot()
    assert errors == []
    assert requests == [report_file.as_uri()]  # nothing but the file itself: no network at all
    assert len(widths) == 5 and all(width > 1 for width in widths) and failed_rows == 1  # the vetoed site: no bar
    stripes = Image.open(BytesIO(hatched)).convert("RGB")
    assert len(stripes.getcolors(maxcolors=stripes.width * stripes.height)) > 2  # orange and white stripes
    image = Image.open(BytesIO(chart)).convert("RGB")
    colours = dict((colour, count) for count, colour in image.getcolors(maxcolors=image.width * image.height))
    painted = image.width * image.height - colours.get(BACKGROUND, 0)
    assert painted > 0.1 * image.width * image.height  # bars and labels, not a blank box
