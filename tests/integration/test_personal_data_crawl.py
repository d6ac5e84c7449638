"""content.personal_data on a real local server crawled by the real crawler: a 公示 page with an
ID number, a bank card and a mobile next to a name is one finding, masked everywhere; a service
guide's 联系电话, the 12345 hotline, a landline, an 18-digit document number that fails the
check code, an order number and the footer's mobile are not reported."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from auditor.checks import CHECKS
from auditor.checks.common import AppliesTo, CheckRule
from auditor.config import CrawlConfig
from auditor.models import Severity
from tests.crawl_context import crawl_scanning, judge_findings, town_site
from tests.httpserver import Page, make_app, serve
from tests.officefiles import docx, xlsx

AS_OF = datetime(2026, 11, 28, 9, tzinfo=ZoneInfo("Asia/Shanghai"))
CRAWL = CrawlConfig(per_host_delay=0, per_host_concurrency=4, allow_private_addresses=True, retries=0, timeout=5)
ID = "410322199003071237"  # a valid check code (GB 11643)
CARD = "6222021234567890128"  # passes Luhn
MOBILE = "13812345678"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FOOTER = '<div class="footer">主办：孟津县人民政府办公室 联系电话：0379-67912345 值班手机 13912345678</div>'
PAGES = {
    "/": Page(f'<html><head><title>县政府</title></head><body><a href="/gs/">公示公告</a>{FOOTER}</body></html>'),
    "/gs/": Page('<ul><li><a href="/gs/1.html">低保公示</a><span>2026-11-27</span></li>'
                 '<li><a href="/gs/2.html">办事指南</a><span>2026-11-26</span></li>'
                 f'<li><a href="/gs/3.html">采购结果</a><span>2026-11-25</span></li>'
                 f'<li><a href="/gs/4.html">临时救助名单</a><span>2026-11-24</span></li></ul>{FOOTER}'),
    "/gs/1.html": Page(f'<html><head><title>2026年低保对象公示</title><script>var u="{ID}";</script></head><body>'
                       f'<p>经村民代表评议，拟将张三（身份证号：{ID}，银行卡号：{CARD}）纳入低保，'
                       f'其子李四 {MOBILE} 签字确认。</p>{FOOTER}</body></html>'),
    "/gs/2.html": Page('<html><head><title>低保申请办事指南</title></head><body><table>'
                       '<tr><td>办理地点</td><td>县民政局</td></tr><tr><td>联系电话</td><td>13712345678</td></tr>'
                       '<tr><td>监督电话</td><td>0379-67912345；12345政务服务热线</td></tr></table>'
                       f'<p>索引号：410322202611280001</p>{FOOTER}</body></html>'),
    "/gs/3.html": Page(f'<p>采购结果公告，订单号：{CARD}，合同编号 410322202611280001</p>{FOOTER}'),
    "/gs/4.html": Page('<p>2026年临时救助对象名单见附件。</p><p><a href="/files/mingdan.xlsx">名单.xlsx</a> '
                       '<a href="/files/lianxi.docx">联系方式.docx</a> <a href="/files/big.xlsx">全部名单.xlsx</a></p>'),
    "/files/mingdan.xlsx": Page(xlsx([["序号", "姓名", "身份证号", "联系电话"], ["1", "王五", ID, "13612345678"]]), XLSX),
    "/files/lianxi.docx": Page(docx(["县民政局社会救助股", "联系电话：13712345678"]), DOCX),
    "/files/big.xlsx": Page(xlsx([["姓名", "身份证号"], ["赵六", ID]], padding=2_100_000), XLSX),
}


def rule() -> CheckRule:
    check = CHECKS["content.personal_data"]
    return CheckRule(ruleset="t", id="personal", check="content.personal_data", applies_to=AppliesTo(),
                     params=check.params(), severity=Severity.CRITICAL, points=1.0, veto=False, message="")


async def test_a_leak_is_one_masked_finding_and_contact_fields_are_not_leaks() -> None:
    async with serve(make_app(PAGES), "127.0.0.219") as server:
        site = town_site(server.url("/"), ("gs", "公示公告", server.url("/gs/"), "notices"))
        result = await crawl_scanning(site, CRAWL, AS_OF, ["content.personal_data"])
    findings = judge_findings(rule(), server.url("/"), result)
    assert [f.url for f in findings] == [server.url("/gs/1.html"), server.url("/gs/4.html")]
    leak, attached = findings
    assert leak.evidence["counts"] == {"id_number": 1, "bank_card": 1, "mobile": 1}
    assert leak.message.startswith(f"页面 {server.url('/gs/1.html')} 公开了个人信息：身份证号码 1 个、银行卡号 1 个、手机号码 1 个，如“")
    assert "4103**********1237" in leak.message and "138****5678" in json.dumps(leak.evidence, ensure_ascii=False)
    # the spreadsheet's ID on the page linking it; its mobile, the docx's contact and the 2.1 MB file not
    assert attached.evidence["counts"] == {"id_number": 1}
    assert attached.evidence["attachments"] == [server.url("/files/mingdan.xlsx")]
    assert f"（其中 1 个在所链接的附件中，如 {server.url('/files/mingdan.xlsx')}）" in attached.message
    everything = repr(result.page_findings) + "".join(
        f.message + f.key + json.dumps(f.evidence, ensure_ascii=False) for f in findings)
    for value in (ID, CARD, MOBILE, "13712345678", "13912345678", "13612345678"):
        assert value not in everything, value


OLD = "410322195203170020"  # a valid check code, born 1952
OLD_X = "41032219520317008X"
GROUPED = {
    "/": Page('<html><head><title>县政府</title></head><body><a href="/gs/">公示公告</a></body></html>'),
    "/gs/": Page('<ul><li><a href="/gs/1.html">危房改造公示</a><span>2026-11-27</span></li>'
                 '<li><a href="/gs/2.html">采购公告</a><span>2026-11-26</span></li></ul>'),
    # the IDs written 6-8-4, with &nbsp;, a full-width space and hyphens between the groups
    "/gs/1.html": Page('<html><head><title>2026年农村危房改造对象公示</title></head><body><table>'
                       '<tr><th>序号</th><th>户主</th><th>身份证号码</th><th>等级</th></tr>'
                       f'<tr><td>1</td><td>张三</td><td>{OLD[:6]}&nbsp;{OLD[6:14]}&nbsp;{OLD[14:]}</td><td>C级</td></tr>'
                       f'<tr><td>2</td><td>李四</td><td>{OLD_X[:6]}\u3000{OLD_X[6:14]}\u3000{OLD_X[14:]}</td><td>D级</td></tr>'
                       f'<tr><td>3</td><td>王五</td><td>{OLD[:6]}-{OLD[6:14]}-{OLD[14:]}</td><td>D级</td></tr>'
                       '</table></body></html>'),
    # a check code that fails, a date range, a postcode and a phone, numbers after their labels
    "/gs/2.html": Page('<p>项目编号 410322-20260101-0017，服务期 20260101-20261231，'
                       f'邮编 471100 63912345 0379，{OLD[:6]} {OLD[6:14]} {OLD[14:16]}21，'
                       '联系电话：0379-67912345 13812345678</p>'),
}


async def test_id_numbers_written_in_groups_are_found_and_masked() -> None:
    async with serve(make_app(GROUPED), "127.0.0.224") as server:
        site = town_site(server.url("/"), ("gs", "公示公告", server.url("/gs/"), "notices"))
        result = await crawl_scanning(site, CRAWL, AS_OF, ["content.personal_data"])
    findings = judge_findings(rule(), server.url("/"), result)
    assert [f.url for f in findings] == [server.url("/gs/1.html")]
    assert findings[0].evidence["counts"] == {"id_number": 3}
    # the example shown is the first by key, a hash salted with the page's URL (the port varies)
    assert "4103**********0020" in findings[0].message or "4103**********008X" in findings[0].message
    everything = repr(result.page_findings) + json.dumps(findings[0].evidence, ensure_ascii=False)
    for value in (OLD[6:14], OLD_X[6:14]):
        assert value not in everything, value
