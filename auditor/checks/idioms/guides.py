"""Guides name themselves: 办事指南 as county sites write them (issue 14, item 4).

A services column is an undated list of `show.asp?id=N` links to its guides. A guide
often has no 事项名称 field: its title or heading names it ("农村宅基地审批办事指南").
Its sections use the names of the unit's template (办事程序, 收费标准, 减免政策, 申请表格,
办公地点, 承诺时限, 办理依据 …), in table rows, numbered or bracketed headings or bold
leads, and its forms are linked files that must download. The county rule asks for
办理流程, 收费依据, 优惠政策 and 表格下载; the national one for nine elements, 事项名称 first.
"""

from __future__ import annotations

from typing import TypedDict

from .model import ExampleColumn, IdiomExample, Served, html


class _Encoding(TypedDict):
    """How a `Served` body is sent: `Served(body, **GBK)`."""

    encoding: str
    content_type: str | None


PATTERN = "guides-name-themselves"
LIST = "/bszn/index.asp"
COLUMN = (ExampleColumn(id="bszn", name="办事指南", kind="services", path=LIST),)
DOC = Served("PK\x03\x04 申请表", content_type="application/msword")
GBK: _Encoding = {"encoding": "gbk", "content_type": "text/html"}


def _list(*entries: tuple[int, str]) -> Served:
    items = "".join(f'<li><a href="show.asp?id={number}" target="_blank">{title}</a></li>' for number, title in entries)
    return Served(html("办事指南_示例县人民政府", f'<div class="list"><ul>{items}</ul></div>'))


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f'<tr><td class="t" width="120">{label}</td><td>{value}</td></tr>' for label, value in rows)
    return f'<table class="bszn" border="1" cellspacing="0">{cells}</table>'


def _headings(rows: list[tuple[str, str]]) -> str:
    numbers = "一二三四五六七八九十"
    return "".join(f"<h3>{numbers[i]}、{label}</h3><p>{value}</p>" for i, (label, value) in enumerate(rows))


# a GBK ASP guide with no 事项名称 field: its sections in the template's own names
HOMESTEAD = [
    ("办理依据", "《中华人民共和国土地管理法》第六十二条"),
    ("受理条件", "本村集体经济组织成员，一户只能拥有一处宅基地。"),
    ("所需材料", "1.农村宅基地和建房（规划许可）申请表；2.户口簿；3.身份证"),
    ("办公地点", "示例县自然资源局一楼3号窗口"),
    ("办事程序", "农户申请—村级审查—乡镇审核—县级审批—发证"),
    ("承诺时限", "20个工作日"),
    ("收费标准", "不收费"),
    ("减免政策", "无"),
    ("咨询电话", "0379-67123456"),
    ("申请表格", '<a href="/uploadfile/2026/zjdsqb.doc">农村宅基地和建房（规划许可）申请表</a>'),
]
DISABILITY = [
    ("设定依据", "《残疾人残疾分类和分级》"),
    ("申请条件", "本县户籍的残疾人"),
    ("申请材料", "身份证、户口簿、近期免冠照片"),
    ("办理地点", "县残疾人联合会"),
    ("办理流程", "申请—评残—审核—发证"),
    ("办理时限", "15个工作日"),
    ("收费依据", "无"),
    ("优惠政策", "无"),
    ("咨询电话", "0379-67000001"),
]


def _homestead(charset: str | None) -> Served:
    body = f'<div class="content"><h2>农村宅基地审批办事指南</h2>{_table(HOMESTEAD)}</div>'
    return Served(html("农村宅基地审批办事指南_示例县人民政府", body, charset=charset), **GBK)


NEWS = html("县政务服务中心开展延时服务_示例县人民政府", (
    "<h1>县政务服务中心开展延时服务</h1><p>发布时间：2026-11-20</p>"
    "<p>为方便群众办理事项，县政务服务中心即日起开展延时服务，各窗口优化办理流程、压缩办理时限。</p>"
))


EXAMPLES: tuple[IdiomExample, ...] = (
    IdiomExample(
        pattern=PATTERN, verdict="PASS",
        title="GBK 办事指南以标题命名，要素用模板自己的名称（办事程序、收费标准、减免政策、申请表格），表格可下载",
        columns=COLUMN,
        pages={
            LIST: _list((12, "农村宅基地审批办事指南"), (13, "县政务服务中心开展延时服务")),
            "/bszn/show.asp?id=12": _homestead(charset=None),  # GBK, declared nowhere
            "/bszn/show.asp?id=13": Served(NEWS),  # a news item in the column: not a guide, not judged
            "/uploadfile/2026/zjdsqb.doc": DOC,
        },
        judges=("service.incomplete",),
        notes="事项名称取自标题；办事程序≈办理流程，收费标准“不收费”≈收费依据，减免政策≈优惠政策，申请表格≈表格下载",
    ),
    IdiomExample(
        pattern=PATTERN, verdict="PASS",
        title="国家指标九要素：无“事项名称”字段的指南以标题命名，编号标题分节，附件表格无标题也算表格下载",
        columns=COLUMN,
        rulesets=("mengjin-2011", "gov-cn-2019"),
        pages={
            LIST: _list((21, "残疾人证办理办事指南")),
            "/bszn/show.asp?id=21": Served(html(
                "残疾人证办理办事指南_示例县人民政府",
                f'<div class="zn"><h1>残疾人证办理办事指南</h1>{_headings(DISABILITY)}'
                '<p>附件：<a href="/uploadfile/2026/cjrz.docx">残疾人证申请表</a></p></div>',
            )),
            "/uploadfile/2026/cjrz.docx": DOC,
        },
        judges=("service.incomplete",),
        notes="两个规则集都不报：事项名称由标题“残疾人证办理办事指南”给出，表格下载由附件中的 .docx 给出",
    ),
    IdiomExample(
        pattern=PATTERN, verdict="FAIL",
        title="指南没有任何名称的收费依据（收费依据、收费标准、是否收费均无）",
        columns=COLUMN,
        pages={
            LIST: _list((12, "农村宅基地审批办事指南"), (14, "取水许可办事指南")),
            "/bszn/show.asp?id=12": _homestead(charset="gb2312"),
            "/bszn/show.asp?id=14": Served(html(
                "取水许可办事指南_示例县人民政府",
                '<div class="content"><h2>取水许可办事指南</h2>' + _table([
                    ("办理依据", "《取水许可和水资源费征收管理条例》"), ("受理条件", "需要取用水资源的单位和个人"),
                    ("办事程序", "申请—受理—审查—决定"), ("减免政策", "无"),
                    ("申请表格", '<a href="/uploadfile/2026/qsxk.doc">取水许可申请书</a>'),
                ]) + "</div>", charset="gb2312",
            ), **GBK),
            "/uploadfile/2026/zjdsqb.doc": DOC,
            "/uploadfile/2026/qsxk.doc": DOC,
        },
        judges=("service.incomplete",),
        expect=(("service.incomplete", "/bszn/show.asp?id=14"),),
        notes="取水许可缺收费依据；同栏目完整的宅基地指南不报",
    ),
    IdiomExample(
        pattern=PATTERN, verdict="FAIL",
        title="要素齐全的指南，申请表格链接 404",
        columns=COLUMN,
        pages={
            LIST: _list((12, "农村宅基地审批办事指南")),
            "/bszn/show.asp?id=12": _homestead(charset="gb2312"),
            # /uploadfile/2026/zjdsqb.doc is not served: 404
        },
        judges=("service.incomplete",),
        expect=(("service.incomplete", "/bszn/show.asp?id=12"),),
        notes="表格无法下载记在指南页上；表格链接本身的 link.broken 不在此例评判之列",
    ),
)
