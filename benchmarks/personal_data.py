"""What content.personal_data's page scan adds per 1,000 pages, and its attachment scan per
file (docs/benchmarks.md).

    .venv/bin/python benchmarks/personal_data.py                 # pages, then attachments
    .venv/bin/python benchmarks/personal_data.py --attachments   # attachments only

Three sets of 1,000 pages, each parsed before the clock starts (the crawl parses every page
for its other readers anyway): the real portal pages of the shared corpus (SHARED_DIR,
/work/shared by default), an article page of about 3,000 characters holding one 11-digit
run (so it is walked, not skipped), and a 公示 table of 50 people with ID and mobile numbers.

Attachments, generated (tests/officefiles.py, tests/pdffiles.py) and each read and scanned
100 times (`scan_personal_attachment`, the mean): a 500-row .xlsx, a 300-paragraph .docx, a
typical 2-page text PDF (a 公示 in a CID font with a ToUnicode map, as Word and WPS write
Chinese: 40 lines and about 1,500 characters a page), and the same at the 50-page cap.
The GET that fetches a file is not counted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from auditor.extract import parse_page
from auditor.extract.parsed import ParsedPage
from auditor.extract.personal import scan_personal, scan_personal_attachment
from auditor.models import FetchResult, Outcome

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.officefiles import docx, xlsx  # noqa: E402
from tests.pdffiles import pdf  # noqa: E402

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


def attachment_files() -> list[tuple[str, bytes, str]]:
    people = [[str(i), f"张{i}", f"41032219900307123{i % 10}", f"1381234{i:04d}", "某村"] for i in range(500)]
    paragraphs = [f"第{i}条 经审核，张{i}（身份证号41032219900307123{i % 10}）符合条件，予以公示。" for i in range(300)]
    intro = "经村（居）民委员会评议、乡镇人民政府审核、县民政局审批，以下对象符合最低生活保障条件，现予公示。"
    rows = [f"{i}　张{i}{'某' * (i % 2)}　41032219900307123{i % 10}　{i % 4 + 1}人　某某村　{300 + i}元" for i in range(78)]
    two_pages = [[intro[:36], intro[36:], *rows[:38]], rows[38:]]  # 40 lines, about 1,500 characters each
    return [
        ("500-row .xlsx", xlsx([["序号", "姓名", "身份证号", "联系电话", "村"], *people]), ".xlsx"),
        ("300-paragraph .docx", docx(paragraphs), ".docx"),
        ("2-page text PDF", pdf(two_pages, cjk=True), ".pdf"),
        ("50-page text PDF", pdf(two_pages * 25, cjk=True), ".pdf"),
    ]


def attachments() -> None:
    for name, data, kind in attachment_files():
        runs = []
        for _ in range(100):
            started = time.perf_counter()
            found = scan_personal_attachment(data, kind, "http://x/f" + kind, "http://x/1.html", date(2026, 11, 28))
            runs.append(time.perf_counter() - started)
        print(f"{name}: {statistics.mean(runs) * 1000:.1f} ms to read and scan ({len(data):,} bytes), {len(found):,} findings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attachments", action="store_true", help="measure the attachment scan only")
    if not parser.parse_args().attachments:
        pages_scan()
    attachments()


def pages_scan() -> None:
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
