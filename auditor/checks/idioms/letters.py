"""Every letter of a mailbox, on every page of its list, in every letter-page shape.

R4: "对连线政府、县长信箱等栏目诉求事项,按规定时限办理" (15 days in the county). A mailbox
lists its letters newest first over many pages; an overdue letter is usually not on the
first page. Sites give a letter its own page as a script with the letter's id
(Hanweb `letter.jsp?lid=`, ASP `show.asp?id=`) or a static page, and show its state as a
status word on the list row, on the letter's page, or only by the reply itself. Both an
unanswered letter older than the limit and an answer that came too late are problems;
a letter page whose reply section is empty (回复内容 with nothing, 暂无回复) is unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from .model import ExampleColumn, IdiomExample, Served, html

JUDGED = ("mailbox.overdue",)
PER_PAGE = 5
SUBJECTS = ("反映村道路灯不亮的问题", "咨询新农合报销比例", "建议增设公交站点", "反映小区噪音扰民", "咨询营业执照办理流程",
            "反映自来水水压不足", "咨询低保申请条件", "反映道路积水问题", "建议修缮村文化广场", "咨询养老保险补缴")


@dataclass(frozen=True)
class Letter:
    number: int
    sent: date
    replied: date | None  # None: not answered
    status: str = ""  # the status word the site writes ("" when it writes none)
    empty_reply: bool = False  # the page shows 回复内容 with nothing in it

    @property
    def subject(self) -> str:
        return f"{SUBJECTS[self.number % len(SUBJECTS)]}（{self.number}）"


AS_OF = date(2026, 11, 28)  # EXAMPLE_AS_OF


def _letters(count: int, newest: date, *, step: int = 5, answer_after: int = 6) -> list[Letter]:
    """`count` letters `step` days apart, each answered `answer_after` days later (or still open, when that is
    after the audit)."""
    letters = []
    for n in range(count):
        sent = newest - timedelta(days=n * step)
        replied = sent + timedelta(days=answer_after)
        letters.append(Letter(n, sent, replied, "已办结") if replied <= AS_OF else Letter(n, sent, None, "办理中"))
    return letters


def _replace(letters: list[Letter], letter: Letter) -> list[Letter]:
    return [letter if old.number == letter.number else old for old in letters]


def _letter_page(letter: Letter, charset: str) -> str:
    rows = [("信件标题", letter.subject), ("来信时间", letter.sent.isoformat()), ("来信内容", "您好，请有关部门尽快处理，谢谢！")]
    if letter.status:
        rows.append(("办理状态", letter.status))
    if letter.replied is not None:
        rows += [("答复单位", "示例县人民政府办公室"), ("答复时间", letter.replied.isoformat()),
                 ("答复内容", "您好，您反映的问题已转交相关部门办理，现已处理完毕。")]
    elif letter.empty_reply:
        rows += [("答复单位", ""), ("答复时间", ""), ("答复内容", "")]
    table = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
    return html(letter.subject, f'<div class="nav"><a href="/">首页</a></div><table class="letter">{table}</table>',
                charset=charset)


@dataclass(frozen=True)
class Shape:
    """How one CMS lists letters and names their pages."""

    column: ExampleColumn
    page_path: str  # the list's page N (N ≥ 2), with {n}
    letter_path: str  # a letter's page, with {n}
    encoding: str = "utf-8"

    def list_path(self, page: int) -> str:
        return self.column.path if page == 1 else self.page_path.format(n=page)


HANWEB = Shape(ExampleColumn("xzxx", "县长信箱", "mailbox", "/col/col1050/index.html"),
               "/col/col1050/index.html?uid=5050&pageNum={n}", "/letter.jsp?lid={n}&col=3")
ASP = Shape(ExampleColumn("lxzf", "连线政府", "mailbox", "/mail/list.asp?classid=2"),
            "/mail/list.asp?classid=2&page={n}", "/mail/show.asp?id={n}", encoding="gbk")
STATIC = Shape(ExampleColumn("zxts", "咨询投诉", "mailbox", "/hdjl/zxts/index.html"),
               "/hdjl/zxts/index_{n}.html", "/hdjl/zxts/2026/{n}.html")


def _site(shape: Shape, letters: list[Letter], *, status_on_list: bool) -> dict[str, Served]:
    pages = [letters[start:start + PER_PAGE] for start in range(0, len(letters), PER_PAGE)]
    served: dict[str, Served] = {}
    for index, chunk in enumerate(pages, start=1):
        rows = "".join(
            f'<tr><td><a href="{shape.letter_path.format(n=1000 + letter.number)}">{letter.subject}</a></td>'
            + (f"<td>{letter.status or '办理中'}</td>" if status_on_list else "")
            + f"<td>{letter.sent.isoformat()}</td></tr>"
            for letter in chunk
        )
        header = "<tr><th>信件标题</th>" + ("<th>办理状态</th>" if status_on_list else "") + "<th>来信时间</th></tr>"
        pager = f'<a href="{shape.list_path(index + 1)}">下一页</a>' if index < len(pages) else ""
        body = f'<table class="mail">{header}{rows}</table><div class="page">第{index}页/共{len(pages)}页 {pager}</div>'
        charset = "gb2312" if shape.encoding == "gbk" else "utf-8"
        served[shape.list_path(index)] = Served(html(shape.column.name, body, charset=charset), encoding=shape.encoding,
                                                content_type=f"text/html; charset={charset}")
        for letter in chunk:
            served[shape.letter_path.format(n=1000 + letter.number)] = Served(
                _letter_page(letter, charset), encoding=shape.encoding,
                content_type=f"text/html; charset={charset}")
    return served


NEWEST = date(2026, 11, 26)
ANSWERED_15 = _letters(15, NEWEST)  # 11-26 back to 09-16, each answered 6 days later
# page 3, the 13th letter (sent 10-06): still 办理中 on the list and on its page
OVERDUE_ON_PAGE_3 = _replace(ANSWERED_15, Letter(12, NEWEST - timedelta(days=60), None, "办理中"))
# page 3: no status anywhere, and an empty reply section on its page, sent 40 days before the audit
EMPTY_REPLY_ON_PAGE_3 = _replace(ANSWERED_15, Letter(11, date(2026, 10, 19), None, "", empty_reply=True))
LATE_ON_PAGE_2 = _replace(ANSWERED_15, Letter(7, date(2026, 10, 1), date(2026, 10, 20), "已回复"))
# page 3 at exactly 15 days, and the newest still open for 10 days: both in time
IN_TIME = _replace(_replace(ANSWERED_15, Letter(13, date(2026, 9, 20), date(2026, 10, 5), "已回复")),
                   Letter(0, date(2026, 11, 18), None, "办理中"))

EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern="letters-in-full", verdict="FAIL",
        title="大汉 letter.jsp?lid=：第 3 页的来信办理中已 62 天",
        columns=(HANWEB.column,), pages=_site(HANWEB, OVERDUE_ON_PAGE_3, status_on_list=True), judges=JUDGED,
        expect=(("mailbox.overdue", HANWEB.letter_path.format(n=1012)),),
    ),
    IdiomExample(
        pattern="letters-in-full", verdict="FAIL",
        title="ASP show.asp?id=（GBK）：列表不写状态，第 3 页来信的答复内容为空",
        columns=(ASP.column,), pages=_site(ASP, EMPTY_REPLY_ON_PAGE_3, status_on_list=False), judges=JUDGED,
        expect=(("mailbox.overdue", ASP.letter_path.format(n=1011)),),
    ),
    IdiomExample(
        pattern="letters-in-full", verdict="FAIL",
        title="静态来信页面：第 2 页的来信 19 天后才答复",
        columns=(STATIC.column,), pages=_site(STATIC, LATE_ON_PAGE_2, status_on_list=False), judges=JUDGED,
        expect=(("mailbox.overdue", STATIC.letter_path.format(n=1007)),),
    ),
    IdiomExample(
        pattern="letters-in-full", verdict="PASS",
        title="三页来信全部按时：第 3 页恰好第 15 天答复，最新一封办理中 10 天",
        columns=(HANWEB.column,), pages=_site(HANWEB, IN_TIME, status_on_list=True), judges=JUDGED,
    ),
)
