"""HTML of item pages: articles, documents with their metadata table, leaders, service
guides, letters and annual reports. The planted defects of an item (plants.py) decide
which element is left out.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable
from datetime import date
from html import escape

from .model import ColumnSpec, Estate, Item, SiteSpec
from .pages import anchors, shell
from .text import DUTIES, letter_body, masked_person, paragraphs, reply_body, resume

Anchor = Callable[[str], str]
DOC_PREFIXES = {
    "portal": "清政", "fgw": "清发改", "jyj": "清教", "czj": "清财", "gaj": "清公", "rsj": "清人社",
    "zrzyj": "清自然资", "hbj": "清环", "jtj": "清交", "slj": "清水", "nyncj": "清农", "swj": "清商",
    "wjw": "清卫健", "yjglj": "清应急", "scjgj": "清市监", "tjj": "清统", "mzj": "清民", "sfj": "清司",
    "zjj": "清建", "wgxlj": "清文旅", "ybj": "清医保", "xzfwzx": "清政服",
}


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def stamp(day: date, minute: int) -> str:
    return f"{day:%Y-%m-%d} {minute // 60:02d}:{minute % 60:02d}"


def item_page(estate: Estate, site: SiteSpec, column: ColumnSpec, item: Item) -> str:
    a = anchors(site, item.path)
    rng = random.Random(f"{site.id}:{item.id}")
    render = {"documents": _document, "leaders": _leader, "services": _guide,
              "mailbox": _letter, "reports": _report}.get(column.kind, _article)
    crumbs = f' &gt; <a href="{a(column.path)}">{escape(column.name)}</a> &gt; 正文'
    return shell(estate, site, item.path, item.title, render(site, item, a, rng), crumbs=crumbs)


def plain_page(estate: Estate, site: SiteSpec, path: str, title: str) -> str:
    rng = random.Random(f"{site.id}:{path}")
    body = "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs(rng, title, 3))
    return shell(estate, site, path, title, f'<div class="article"><h1>{escape(title)}</h1>\n{body}\n</div>')


def _article(site: SiteSpec, item: Item, a: Anchor, rng: random.Random) -> str:
    info = f'<div class="info">发布时间：{stamp(item.day, item.minute)}　来源：{escape(site.unit)}　【字体：大 中 小】</div>'
    return _frame(item, info, _content(item, a, rng), a)


def _content(item: Item, a: Anchor, rng: random.Random) -> str:
    parts = [f"<p>{escape(p)}</p>" for p in paragraphs(rng, item.title)]
    parts[1:1] = [f'<p style="text-align:center"><img src="{a(src)}" alt="{escape(item.title)}" width="600"></p>'
                  for src in item.images]
    parts += [f'<p>详见：<a href="{a(href)}">{escape(text)}</a></p>' for text, href in item.links]
    return "\n".join(parts)


def _frame(item: Item, info: str, content: str, a: Anchor) -> str:
    files = ""
    if item.files:
        files = '<div class="fj">附件：' + " ".join(
            f'<p><a href="{a(href)}">{escape(name)}</a></p>' for name, href in item.files) + "</div>"
    return (f'<div class="article">\n<h1>{escape(item.title)}</h1>\n{info}\n'
            f'<div class="content" id="zoom">\n{content}\n</div>\n{files}\n'
            '<div class="close"><a href="javascript:window.print()">打印本页</a> '
            '<a href="javascript:window.close()">关闭窗口</a></div>\n</div>')


def _document(site: SiteSpec, item: Item, a: Anchor, rng: random.Random) -> str:
    padded = site.family == "trs"  # TRS 信息公开 templates space their labels out
    label = {"index": "索 引 号" if padded else "索引号", "number": "文　　号" if padded else "文号"}
    formed = item.formed or item.day
    number = f"{DOC_PREFIXES.get(site.id, site.unit[:1] + '政')}〔{formed.year}〕{item.id % 97 + 1}号"
    # a planted page without its formation date leaves the cell and the signature empty, as CMSs do
    formed_text = "" if "no-formed-date" in item.defects else cn_date(formed)
    cells = [(label["index"], f"{credit_code(site.id)}/{item.day.year}-{item.id % 100_000:05d}"),
             ("信息分类", "政府文件" if site.kind == "county" else "部门文件"),
             ("发布机构", "" if "no-publisher" in item.defects else site.unit), ("成文日期", formed_text),
             (label["number"], number),
             ("发布日期", cn_date(item.day))]
    rows = [f"<tr><th>{escape(k)}：</th><td>{escape(v)}</td><th>{escape(k2)}：</th><td>{escape(v2)}</td></tr>"
            for (k, v), (k2, v2) in zip(cells[::2], cells[1::2], strict=False)]
    if len(cells) % 2:
        rows.append(f"<tr><th>{escape(cells[-1][0])}：</th><td colspan=\"3\">{escape(cells[-1][1])}</td></tr>")
    rows.append(f'<tr><th>名　　称：</th><td colspan="3">{escape(item.title)}</td></tr>')
    table = '<table class="xxgk_table" width="100%">\n' + "\n".join(rows) + "\n</table>"
    addressees = "各乡（镇）人民政府，县人民政府各部门：" if site.kind == "county" else "各股室、局属各单位："
    subject = item.title.removeprefix("关于印发").removesuffix("的通知")
    text = [addressees, f"现将《{subject}》印发给你们，请结合实际，认真贯彻执行。" if subject != item.title
            else f"为进一步做好相关工作，{item.title.removeprefix('关于').removesuffix('的意见')}，现提出如下意见。",
            *paragraphs(rng, item.title, 2)]
    body = "\n".join(f"<p>{escape(t)}</p>" for t in text)
    body += f'\n<p style="text-align:right">{escape(site.unit)}<br>{escape(formed_text)}</p>'
    return table + "\n" + _frame(item, "", body, a)


def credit_code(site_id: str) -> str:
    """An 18-character 统一社会信用代码 shape for the 索引号 prefix."""
    return "11410322" + hashlib.md5(site_id.encode()).hexdigest().upper()[:9] + "X"  # noqa: S324


def _leader(site: SiteSpec, item: Item, a: Anchor, rng: random.Random) -> str:
    name, _, post = item.title.partition(" ")
    first = post in ("县长", "镇党委书记", "镇长") or post.startswith("党组书记")
    duties = "主持全面工作。" if first else "负责" + "；".join(rng.sample(DUTIES, 2)) + "。"
    rows = [("姓　　名", name), ("职　　务", post), ("工作分工", duties)]
    if "no-resume" not in item.defects:
        rows.append(("个人简历", resume(rng, name, post)))
    photo = "".join(f'<img src="{a(src)}" alt="{escape(name)}" width="150" height="200">' for src in item.images)
    table = "\n".join(f"<tr><th>{escape(k)}：</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return (f'<div class="leader">\n<h1>{escape(item.title)}</h1>\n<div class="photo">{photo}</div>\n'
            f'<table class="ldxx">\n{table}\n</table>\n</div>')


def _guide(site: SiteSpec, item: Item, a: Anchor, rng: random.Random) -> str:
    matter = item.title.removesuffix("办事指南")
    fee = rng.random() < 0.3
    rows = [
        ("事项名称", matter), ("事项类型", rng.choice(("行政许可", "公共服务", "行政确认"))),
        ("设定依据", f"《{rng.choice(('中华人民共和国行政许可法', '社会救助暂行办法', '河南省实施办法'))}》第{rng.randint(5, 40)}条"),
        ("申请条件", "符合法律法规规定条件的公民、法人或其他组织。"),
        ("申请材料", "1.申请表；2.申请人身份证明；3.其他相关证明材料。"),
        ("办理流程", "申请—受理—审查—决定—送达"),
        ("办理时限", f"法定时限20个工作日，承诺时限{rng.randint(1, 10)}个工作日"),
        ("办理地点", f"清河县行政服务中心{rng.randint(1, 40)}号窗口"),
        ("办理时间", "工作日 上午8:30—12:00 下午14:30—17:30（法定节假日除外）"),
        ("收费标准", "按规定标准收取工本费" if fee else "不收费"),
        ("收费依据", "《河南省行政事业性收费目录清单》" if fee else "无"),
        ("优惠政策", "对最低生活保障对象免收相关费用" if fee else "无"),
        ("咨询电话", site.identity.phone if site.identity else ""),
        ("监督投诉电话", "0379-12345"),
    ]
    if "no-fee-basis" in item.defects:
        rows = [(k, v) for k, v in rows if k != "收费依据"]
    cells = [f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in rows]
    forms = " ".join(f'<a href="{a(href)}">{escape(name)}</a>' for name, href in item.files)
    cells.append(f"<tr><th>表格下载</th><td>{forms}</td></tr>")
    return f'<div class="bszn">\n<h1>{escape(item.title)}</h1>\n<table class="bszn">\n' + "\n".join(cells) + "\n</table>\n</div>"


def _letter(site: SiteSpec, item: Item, a: Anchor, rng: random.Random) -> str:
    rows = [("信件标题", item.title), ("来信人", masked_person(rng)), ("来信时间", stamp(item.day, item.minute)),
            ("信件内容", letter_body(rng, item.title)), ("办理状态", item.status)]
    if item.replied is not None:
        unit = rng.choice((site.unit, "县住房和城乡建设局", "县城市管理局", "县交通运输局"))
        rows += [("答复单位", unit), ("回复时间", stamp(item.replied, (item.minute + 240) % (18 * 60))),
                 ("回复内容", reply_body(rng, unit))]
    table = "\n".join(f"<tr><th>{escape(k)}：</th><td>{escape(v)}</td></tr>" for k, v in rows)
    return f'<div class="letter">\n<h1>{escape(item.title)}</h1>\n<table class="xjxx">\n{table}\n</table>\n</div>'


def _report(site: SiteSpec, item: Item, a: Anchor, rng: random.Random) -> str:
    text = [
        "根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和上级有关要求，编制本报告。",
        "本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
        "存在的主要问题及改进情况、其他需要报告的事项六部分组成。",
        f"一、总体情况。全年共主动公开政府信息{rng.randint(200, 2000)}条，其中政策文件{rng.randint(10, 80)}件。",
        f"二、收到和处理政府信息公开申请情况。全年共收到申请{rng.randint(0, 40)}件，均已按期答复。",
    ]
    info = f'<div class="info">发布时间：{stamp(item.day, item.minute)}　来源：{escape(site.unit)}</div>'
    return _frame(item, info, "\n".join(f"<p>{escape(t)}</p>" for t in text), a)
