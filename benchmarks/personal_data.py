"""What content.personal_data's page scan adds per 1,000 pages (docs/benchmarks.md).

    .venv/bin/python benchmarks/personal_data.py

Three sets of 1,000 pages, each parsed before the clock starts (the crawl parses every page
for its other readers anyway): the real portal pages of the shared corpus (SHARED_DIR,
/work/shared by default), an article page of about 3,000 characters holding one 11-digit
run (so it is walked, not skipped), and a 公示 table of 50 people with ID and mobile numbers.
"""

from __future__ import annotations

import os
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path

from auditor.extract import parse_page
from auditor.extract.parsed import ParsedPage
from auditor.extract.personal import scan_personal
from auditor.models import FetchResult, Outcome

PAGES = 1000
SHARED = Path(os.environ.get("SHARED_DIR", "/work/shared"))
ROWS = "".join(f"<tr><td>{i}</td><td>张{i}</td><td>41032219900307123{i % 10}</td><td>1381234{i:04d}</td><td>某村</td></tr>"
               for i in range(50))
GONGSHI = (f"<html><body><div class='nav'>导航</div><p>{'经审核，以下人员符合条件，予以公示。' * 40}</p>"
           f"<table>{ROWS}</table><div class='footer'>电话 0379-67912345</div></body></html>")
ARTICLE = ("<html><body><div class='nav'>" + "<a href='/c/'>栏目</a>" * 30 + "</div><div class='article'>"
           + "<p>为进一步做好政府信息公开工作，根据有关规定，现将有关事项通知如下。联系电话：0379-67912345。</p>" * 40
           + "<p>发布时间：2026-11-27 访问量：12345678901</p></div><div class='footer'>豫ICP备05012345号</div></body></html>")


def pages(sources: list[str]) -> list[ParsedPage]:
    parsed = []
    for i in range(PAGES):
        fetch = FetchResult(url=f"http://x/{i}.html", final_url=f"http://x/{i}.html", outcome=Outcome.OK, status=200,
                            text=sources[i % len(sources)], fetched_at=datetime(2026, 11, 28, tzinfo=UTC))
        page = parse_page(fetch)
        _ = page.tree
        parsed.append(page)
    return parsed


def main() -> None:
    real = [p.read_text(encoding="utf-8", errors="replace") for p in sorted((SHARED / "corpus" / "real").glob("*.html"))]
    for name, sources in (("real portal pages", real), ("article", [ARTICLE]), ("公示 table", [GONGSHI])):
        if not sources:
            print(f"{name}: no pages under {SHARED}")
            continue
        parsed = pages(sources)
        runs = []
        for _ in range(3):
            started = time.perf_counter()
            found = sum(len(scan_personal(page)) for page in parsed)
            runs.append(time.perf_counter() - started)
        size = statistics.median(len(page.text) for page in parsed)
        print(f"{name}: {min(runs):.2f} s per {PAGES:,} pages ({size:,.0f} characters of HTML each), {found:,} findings")


if __name__ == "__main__":
    main()
