"""The dashboard in headless Chromium: the ranking, a site and a problem page load, the filter
form narrows the list, the hostile town name is text (no dialog ever opens), and no request
goes to any host but the dashboard's."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.browser.chromium import browser_page, chromium_missing_reason
from tests.dashboard_fixtures import DEAD_NAME, TOWN_NAME, audit_estate, dashboard
from tests.untrusted import SCRIPT


@pytest.fixture(scope="module")
def estate(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard-browser")
    return audit_estate(folder, f"sqlite:///{folder / 'auditor.db'}")


def test_dashboard_pages_in_chromium(estate) -> None:
    reason = chromium_missing_reason()
    if reason:
        pytest.skip(reason)
    dialogs: list[str] = []
    requests: list[str] = []
    errors: list[str] = []
    with dashboard(estate) as (base, store), browser_page() as page:
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: requests.append(request.url))
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

        page.goto(base + "/")
        ranking = page.locator("table.ranking")
        assert ranking.locator("tr").count() == 4  # a header and three sites
        assert page.get_by_role("link", name=TOWN_NAME).count() == 1  # the name as text, tags and all
        dead_row = ranking.locator("tr", has=page.get_by_role("link", name=DEAD_NAME))
        assert "不合格" in dead_row.inner_text()
        assert page.locator("svg.spark").count() == 3

        page.get_by_role("link", name=TOWN_NAME).click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == "/sites/chengguan"
        assert page.locator("h1").inner_text() == TOWN_NAME
        assert page.locator("table.columns tr").count() == 4  # a header and three columns

        run = store.latest_run()
        problem = next(p for p in store.violations(site="chengguan", run_id=run.id) if p.url.endswith("/gone.html"))
        page.locator(f'a[href="/problems/{problem.id}"]').first.click()
        page.wait_for_load_state("load")
        assert page.locator("h2", has_text="证据").count() == 1
        assert "404" in page.locator("dl.evidence").inner_text()
        assert SCRIPT in page.locator("table.pages").inner_text()  # the source page's title, shown as text

        page.goto(base + "/problems")
        everything = int(page.locator("b.count").inner_text())
        page.select_option("select[name=site]", "chengguan")
        page.select_option("select[name=check]", "link.broken")
        page.get_by_role("button", name="筛选").click()
        page.wait_for_load_state("load")
        query = urlsplit(page.url).query
        assert "site=chengguan" in query and "check=link.broken" in query
        narrowed = int(page.locator("b.count").inner_text())
        expected = [p for p in store.violations(run_id=run.id) if p.site == "chengguan" and p.check == "link.broken"]
        assert narrowed == len(expected) and 0 < narrowed < everything

    assert dialogs == []
    assert errors == []
    dashboard_host = urlsplit(base).netloc
    assert requests and all(urlsplit(url).netloc == dashboard_host for url in requests), requests
