"""content.personal_data reads the text layer of the PDFs a page links, on a real local server
crawled by the real crawler: a 公示 PDF with an ID number (Chinese labels, a CID font) is one
masked finding on the page linking it; a procurement PDF with an ID-like project number that
fails its check code, an order number failing Luhn, 12345 and a landline is none; an
encrypted, a broken and a scanned PDF are fetched, read as nothing and raise nothing; a PDF
over the attachments' size cap is fetched but not read."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from auditor.checks import CHECKS
from auditor.checks.common import AppliesTo, CheckRule
from auditor.config import CrawlConfig
from auditor.crawl.site import MAX_ATTACHMENT_BYTES
from auditor.extract.pdftext import pdf_text
from auditor.models import Severity
from tests.crawl_context import crawl_scanning, judge_findings, town_site
from tests.httpserver import LOG_KEY, Page, make_app, serve
from tests.pdffiles import encrypted, image_only, pdf

AS_OF = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, allow_private_addresses=True, retries=0, timeout=5)
ID = "410322199003071237"  # a valid check code (GB 11643)
BAD_ID = ID[:-1] + "8"  # a wrong check code
BAD_CARD = "6222021234567890129"  # fails Luhn
PDF = "application/pdf"
GONGSHI = pdf([["孟津县2026年第四季度低保对象公示", "序号　姓名　身份证号　家庭人口",
                f"1　张三　{ID}　3"], ["公示期：2026年11月28日至12月4日", "监督电话：0379-67912345"]], cjk=True)
CAIGOU = pdf([["Mengjin County procurement result", f"Project No.: {BAD_ID}", f"Order No.: {BAD_CARD}",
               "Hotline: 12345   Office: 0379-67912345"]])
LOCKED = encrypted(pdf([["低保对象名单", f"张三 身份证号：{ID}"]], cjk=True), "mima")
BROKEN = GONGSHI[: len(GONGSHI) * 2 // 3]
# the whole 公示 again, past the size cap by a comment after its end (a reader still finds the ID)
BIG = GONGSHI.replace(b"%%EOF\n", b"%%EOF\n% " + b"0" * (MAX_ATTACHMENT_BYTES + 1000) + b"\n")
FOOTER = '<div class="footer">主办：孟津县人民政府办公室</div>'
FILES = {"gongshi.pdf": GONGSHI, "caigou.pdf": CAIGOU, "locked.pdf": LOCKED, "broken.pdf": BROKEN,
         "saomiao.pdf": image_only(), "big.pdf": BIG}


def article(title: str, *names: str) -> Page:
    links = " ".join(f'<a href="/files/{name}">{name}</a>' for name in names)
    return Page(f"<html><head><title>{title}</title></head><body><p>{title}，详见附件。</p><p>{links}</p>{FOOTER}</body></html>")


PAGES = {
    "/": Page(f'<html><head><title>县政府</title></head><body><a href="/gs/">公示公告</a>{FOOTER}</body></html>'),
    "/gs/": Page('<ul><li><a href="/gs/1.html">低保公示</a><span>2026-11-27</span></li>'
                 '<li><a href="/gs/2.html">采购结果</a><span>2026-11-26</span></li>'
                 f'<li><a href="/gs/3.html">低保名单</a><span>2026-11-25</span></li></ul>{FOOTER}'),
    "/gs/1.html": article("2026年第四季度低保对象公示", "gongshi.pdf"),
    "/gs/2.html": article("政府采购结果公告", "caigou.pdf", "locked.pdf", "broken.pdf", "saomiao.pdf"),
    "/gs/3.html": article("低保对象名单（全部）", "big.pdf"),
    **{f"/files/{name}": Page(body, PDF) for name, body in FILES.items()},
}


def rule() -> CheckRule:
    check = CHECKS["content.personal_data"]
    return CheckRule(ruleset="t", id="personal", check="content.personal_data", applies_to=AppliesTo(),
                     params=check.params(), severity=Severity.CRITICAL, points=1.0, veto=False, message="")


def test_the_files_are_what_they_claim() -> None:
    # what makes the crawl's answers below mean something: the skipped files hold an ID all the same
    assert ID in pdf_text(GONGSHI) and ID in pdf_text(BIG) and len(BIG) > MAX_ATTACHMENT_BYTES
    assert pdf_text(LOCKED) == pdf_text(BROKEN) == pdf_text(image_only()) == ""
    assert BAD_ID in pdf_text(CAIGOU) and BAD_CARD in pdf_text(CAIGOU)


async def test_a_pdf_leak_is_reported_on_its_page_and_nothing_else(caplog: pytest.LogCaptureFixture) -> None:
    app = make_app(PAGES)
    caplog.set_level(logging.WARNING)
    async with serve(app, "127.0.0.223") as server:
        site = town_site(server.url("/"), ("gs", "公示公告", server.url("/gs/"), "notices"))
        result = await crawl_scanning(site, CRAWL, AS_OF, ["content.personal_data"])
    assert sorted(p for p in app[LOG_KEY].paths("GET") if p.startswith("/files/")) == sorted(f"/files/{n}" for n in FILES)
    findings = judge_findings(rule(), server.url("/"), result)
    assert [f.url for f in findings] == [server.url("/gs/1.html")]
    (leak,) = findings
    assert leak.evidence["counts"] == {"id_number": 1}
    assert leak.evidence["attachments"] == [server.url("/files/gongshi.pdf")]
    assert leak.message.startswith(f"页面 {server.url('/gs/1.html')} 公开了个人信息：身份证号码 1 个，如“1 张三 4103**********1237 3”")
    assert f"（其中 1 个在所链接的附件中，如 {server.url('/files/gongshi.pdf')}）" in leak.message
    everything = repr(result.page_findings) + leak.message + leak.key + json.dumps(leak.evidence, ensure_ascii=False)
    assert ID not in everything
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records]
