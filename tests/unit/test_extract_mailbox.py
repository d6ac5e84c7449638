"""Mailbox letters (auditor.extract.mailbox): list pages, letter pages, answered or not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.articles import item_page
from auditor.demo.pages import list_page
from auditor.extract import parse_html
from auditor.extract.mailbox import answered_from, extract_letters
from auditor.models import Letter
from tests.shared_files import REAL_PAGES

AS_OF = date(2026, 11, 28)
URL = "http://www.mengjin.gov.cn/hdjl/xzxx/index.html"


def page(body: str, title: str = "县长信箱") -> str:
    return (f"<html><head><title>{title}_孟津县人民政府</title></head><body>"
            f"<div class='top'>今天是 2026年11月28日 星期六</div>{body}"
            "<div class='footer'>主办单位：孟津县人民政府办公室　承办单位：县信息中心</div></body></html>")


HEADER_TABLE = page("""<table class="xxlb">
<tr><th>序号</th><th>信件标题</th><th>来信时间</th><th>办理状态</th><th>回复时间</th><th>答复单位</th></tr>
<tr><td>1</td><td><a href="detail.jsp?id=31" title="关于城关镇路灯不亮的问题反映">关于城关镇路灯...</a></td>
    <td>2026-11-20</td><td>已回复</td><td>2026-11-22</td><td>县城市管理局</td></tr>
<tr><td>2</td><td><a href="detail.jsp?id=32">咨询低保申请</a></td><td>2026/11/25</td><td>待处理</td><td></td><td></td></tr>
<tr><td>3</td><td><a href="detail.jsp?id=33">噪音扰民</a></td><td>2026年10月2日</td><td>未回复</td><td></td><td></td></tr>
</table>""")

STATUS_ROWS = page("""<ul class="list">
<li><a href="/art/2026/11/1/art_9_1.html">反映道路破损</a><span class="zt">[已办结]</span><span>2026-11-01</span></li>
<li><a href="/art/2026/11/3/art_9_2.html">咨询户口迁移</a><span class="zt">受理中</span><span>11-03</span></li>
<li><a href="/art/2026/11/4/art_9_3.html">办理中的路灯维修进展如何</a><span class="zt">已答复</span><span>2026-11-04</span></li>
</ul>""")

LETTER_LINES = page("""<div class="letter"><h2>关于公交线路调整的建议</h2>
<p>留言标题：关于公交线路调整的建议</p><p>留言时间：2026年11月3日 10:20</p>
<p>留言内容：建议增加早高峰班次。</p>
<div class="reply"><p>回复单位：县交通运输局　回复时间：2026-11-05 16:00</p><p>回复内容：已研究，下月起增加班次。</p></div>
</div>""", title="关于公交线路调整的建议")

LETTER_PENDING = page("""<table><tr><td>主题：</td><td>小区停车难</td></tr>
<tr><td>提交时间：</td><td>2026-10-01</td></tr><tr><td>状态：</td><td>受理中</td></tr>
<tr><td>来信内容：</td><td>小区周边无停车位。</td></tr>
<tr><td>回复内容：</td><td>暂无回复</td></tr></table>""")

LETTER_UNKNOWN = page("""<dl><dt>信件标题</dt><dd>垃圾清运不及时</dd><dt>来信时间</dt><dd>2026-11-10</dd>
<dt>信件内容</dt><dd>小区垃圾三天未清运。</dd></dl>""")

NEWS_LIST = page("""<ul class="list"><li><a href="t20261127_1.html">孟津县召开冬季安全生产工作会议</a><span>2026-11-27</span></li>
<li><a href="t20261126_2.html">全县秋粮收购工作有序推进</a><span>2026-11-26</span></li></ul>""", title="孟津要闻")

BASE = "http://www.mengjin.gov.cn/hdjl/xzxx/"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (HEADER_TABLE, [
            Letter("关于城关镇路灯不亮的问题反映", BASE + "detail.jsp?id=31", date(2026, 11, 20), "已回复", True,
                   date(2026, 11, 22), "县城市管理局"),
            Letter("咨询低保申请", BASE + "detail.jsp?id=32", date(2026, 11, 25), "待处理", False, None, ""),
            Letter("噪音扰民", BASE + "detail.jsp?id=33", date(2026, 10, 2), "未回复", False, None, ""),
        ]),
        (STATUS_ROWS, [
            Letter("反映道路破损", "http://www.mengjin.gov.cn/art/2026/11/1/art_9_1.html", date(2026, 11, 1), "已办结", True),
            Letter("咨询户口迁移", "http://www.mengjin.gov.cn/art/2026/11/3/art_9_2.html", date(2026, 11, 3), "受理中", False),
            # the status word in the subject is not the letter's status
            Letter("办理中的路灯维修进展如何", "http://www.mengjin.gov.cn/art/2026/11/4/art_9_3.html",
                   date(2026, 11, 4), "已答复", True),
        ]),
        (LETTER_LINES, [Letter("关于公交线路调整的建议", URL, date(2026, 11, 3), "", True, date(2026, 11, 5), "县交通运输局")]),
        (LETTER_PENDING, [Letter("小区停车难", URL, date(2026, 10, 1), "受理中", False, None, "")]),
        (LETTER_UNKNOWN, [Letter("垃圾清运不及时", URL, date(2026, 11, 10), "", None, None, "")]),
    ],
    ids=["header-table", "status-rows", "letter-lines", "letter-pending", "letter-unknown"],
)
def test_layouts(html: str, expected: list[Letter]) -> None:
    assert extract_letters(parse_html(html), URL, AS_OF) == expected


@pytest.mark.parametrize(
    ("status", "answered"),
    [("已回复", True), ("已办结", True), ("已答复", True), ("已处理", True), ("未回复", False), ("待回复", False),
     ("办理中", False), ("待处理", False), ("受理中", False), ("未办结", False), ("", None), ("公开", None)],
)
def test_status_words(status: str, answered: bool | None) -> None:
    assert answered_from(status) is answered


def test_banner_date_is_never_the_letter_date() -> None:
    html = LETTER_UNKNOWN.replace("<dt>来信时间</dt><dd>2026-11-10</dd>", "")
    [letter] = extract_letters(parse_html(html), URL, AS_OF)
    assert letter.sent is None


def test_a_dated_list_without_status_is_not_a_mailbox() -> None:
    assert extract_letters(parse_html(NEWS_LIST), URL, AS_OF) == []


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_article_pages_hold_no_letters(name: str, real_corpus: Path) -> None:
    tree = parse_html((real_corpus / name).read_bytes())
    assert extract_letters(tree, "http://www.example.gov.cn/art/page.html", AS_OF) == []


@pytest.fixture(scope="module")
def estate():
    return build_estate(AS_OF)


def _mailboxes(estate):
    for site in estate.sites:
        for column in site.columns:
            if column.kind == "mailbox":
                yield site, column


def test_demo_list_pages_list_every_letter(estate) -> None:
    checked = 0
    for site, column in _mailboxes(estate):
        for number in range(column.pages):
            url = site.absolute(column.path)
            letters = extract_letters(parse_html(list_page(estate, site, column, number)), url, AS_OF)
            items = column.items[number * column.page_size:(number + 1) * column.page_size]
            assert [letter.subject for letter in letters] == [item.title for item in items]
            assert [letter.url for letter in letters] == [site.absolute(item.path) for item in items]
            assert [letter.sent for letter in letters] == [item.day for item in items]
            assert [letter.answered for letter in letters] == [item.status == "已回复" for item in items]
            checked += len(letters)
    assert checked > 100


def test_demo_letter_pages(estate) -> None:
    for site, column in _mailboxes(estate):
        for item in column.items:
            url = site.absolute(item.path)
            [letter] = extract_letters(parse_html(item_page(estate, site, column, item)), url, AS_OF)
            assert (letter.subject, letter.url, letter.sent, letter.status) == (item.title, url, item.day, item.status)
            assert letter.replied == item.replied
            assert letter.answered is (item.replied is not None)
            assert bool(letter.replier) is (item.replied is not None)


def test_demo_planted_overdue_letters(estate) -> None:
    planted = [p for p in estate.truth if p.check == "mailbox.overdue"]
    assert len(planted) >= 3
    for problem in planted:
        site = estate.site(problem.site)
        column = site.column(problem.column)
        item = next(i for i in column.items if site.absolute(i.path) == problem.url)
        [letter] = extract_letters(parse_html(item_page(estate, site, column, item)), problem.url, AS_OF)
        assert str(letter.sent) == str(problem.details["received"])  # the truth holds ISO dates
        assert str(letter.replied) == str(problem.details.get("replied"))
        assert letter.answered is ("replied" in problem.details)


def test_demo_non_mailbox_pages_hold_no_letters(estate) -> None:
    site = estate.site("portal")
    for kind in ("news", "documents", "leaders", "services"):
        column = next(c for c in site.columns if c.kind == kind)
        assert extract_letters(parse_html(list_page(estate, site, column, 0)), site.absolute(column.path), AS_OF) == []
        html = item_page(estate, site, column, column.items[0])
        assert extract_letters(parse_html(html), site.absolute(column.items[0].path), AS_OF) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list("<>/=\"' atdhrlip:：\n信件标题来信时间状态已回复未回复内容2026-1")), max_size=400))
def test_never_raises_on_arbitrary_markup(markup: str) -> None:
    letters = extract_letters(parse_html(markup), URL, AS_OF)
    assert all(isinstance(letter, Letter) for letter in letters)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_never_raises_on_binary_garbage(data: bytes) -> None:
    assert extract_letters(parse_html(data), "not a url", AS_OF) == []


def _letter_page(reply_rows: str, script: str = "") -> str:
    return page(f"""<table><tr><th>信件标题</th><td>反映路灯不亮</td></tr><tr><th>来信时间</th><td>2026-10-01</td></tr>
<tr><th>来信内容</th><td>村口路灯坏了一个月</td></tr>{reply_rows}</table>{script}""")


@pytest.mark.parametrize("reply", ["<tr><th>答复内容</th><td></td></tr>", "<tr><th>回复内容</th><td>暂无回复</td></tr>",
                                   "<tr><th>答复单位</th><td></td></tr><tr><th>答复内容</th><td> </td></tr>"])
def test_an_empty_reply_section_is_unanswered(reply: str) -> None:
    [letter] = extract_letters(parse_html(_letter_page(reply)), URL, AS_OF)
    assert (letter.answered, letter.sent) == (False, date(2026, 10, 1))


def test_an_empty_reply_that_a_script_loads_is_not_judged() -> None:
    script = "<script>$.get('/reply.jsp?id=3', function (d) { $('#reply').html(d); });</script>"
    [letter] = extract_letters(parse_html(_letter_page('<tr><th>答复内容</th><td id="reply"></td></tr>', script)), URL, AS_OF)
    assert letter.answered is None


def test_a_letter_page_without_a_reply_section_says_nothing_of_its_answer() -> None:
    [letter] = extract_letters(parse_html(_letter_page("")), URL, AS_OF)
    assert letter.answered is None
