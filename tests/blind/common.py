"""Shared pieces of the blind estate: responses, sites, truth, page chrome and
content bodies (articles, documents, leaders, guides, letters).

Everything is a pure function of (as_of, port): no randomness, no wall clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urljoin

OUT_IP = "127.0.0.199"
WEEK = "一二三四五六日"
COUNTY = "云溪县"

PATTERNS = (
    "undated-lists",
    "script-item-pages",
    "script-lists",
    "guides-name-themselves",
    "links-as-linked",
    "one-problem-one-row",
    "deterministic",
    "full-depth-columns",
    "catalogue",
    "letters-in-full",
    "dead-home",
)
# Issue 19's patterns (content.wording, content.personal_data, link.hidden, site.https: issue19.py).
PATTERNS_19 = ("wording", "personal-data", "hidden-links", "https")

# Outside pages linked from the footer of every page of every site.
COMMON_OUTSIDE = [
    ("/www.gov.cn/index.htm", "中国政府网"),
    ("/sheng/index.html", "省人民政府"),
    ("/shi/index.html", "市人民政府"),
    ("/conac/bsjs.html", "党政机关"),
    ("/xinhua/index.htm", "新华网"),
]


class Resp:
    __slots__ = ("status", "body", "ctype", "delay", "flaky", "headers")

    def __init__(self, body=b"", status=200, ctype="text/html; charset=utf-8",
                 delay=0.0, flaky=False, headers=None):
        self.status = status
        self.body = body if isinstance(body, bytes) else body.encode("utf-8")
        self.ctype = ctype
        self.delay = delay
        self.flaky = flaky
        self.headers = headers or {}


class Site:
    def __init__(self, est, sid, name, ip, kind, home="/", enc="utf-8", listening=True):
        self.est, self.id, self.name, self.ip, self.kind = est, sid, name, ip, kind
        self.listening = listening  # False: nothing answers on this address (connection refused)
        self.home = home
        self.enc = enc
        self.scheme = "http"  # "https": served over TLS (issue19.py)
        self.pages: dict[str, Resp] = {}
        self.dynamic = {}  # path (no query) -> fn(path, params: dict) -> Resp | None
        self.columns: list[dict] = []
        self.nav: list[tuple[str, str]] = []  # (href, label) on every page

    @property
    def base(self):
        return f"{self.scheme}://{self.ip}:{self.est.port}"

    def url(self, href, page="/"):
        """Absolute URL of href as linked from page (a path or absolute URL)."""
        return urljoin(urljoin(self.base + "/", page), href)

    def add(self, raw, body, **kw):
        assert raw not in self.pages, (self.id, raw)  # one page per URL: ids never collide
        if isinstance(body, str):
            body = body.encode(self.enc, "xmlcharrefreplace")
        if "ctype" not in kw:
            kw["ctype"] = "text/html" if self.enc != "utf-8" else "text/html; charset=utf-8"
        self.pages[raw] = Resp(body, **kw)

    def column(self, cid, name, path, kind, category=None, update_within=None, nav=True):
        col = {"id": cid, "name": name, "url": self.url(path), "kind": kind}
        if category:
            col["category"] = category
        if update_within:
            col["update_within"] = update_within
        self.columns.append(col)
        if nav:
            self.nav.append((path, name))
        return col

    def robots(self):
        self.pages["/robots.txt"] = Resp(b"User-agent: *\nDisallow:\n", ctype="text/plain")


class Estate:
    def __init__(self, as_of: dt.date, port: int):
        self.as_of, self.port = as_of, port
        self.sites: list[Site] = []
        self.outside: Site | None = None
        self.planted: list[dict] = []
        self.mnf: list[dict] = []
        self.failing: list[dict] = []
        self._ids = 1000
        self._xids = 60000  # ids of the later patterns' items (the first ids stay as they were)

    def xid(self, step=1):
        self._xids += step
        return self._xids

    def d(self, n) -> dt.date:
        return self.as_of - dt.timedelta(days=n)

    def nid(self, step=1):
        self._ids += step
        return self._ids

    def out(self, path):
        return f"http://{OUT_IP}:{self.port}{path}"

    def plant(self, check, site, column, url, pattern, note):
        self.planted.append({"check": check, "site": site.id, "column": column, "url": url,
                             "pattern": pattern, "note": note})

    def ok(self, check, site, url, pattern, note):
        assert pattern in PATTERNS + PATTERNS_19 or pattern == "general", pattern
        self.mnf.append({"check": check, "site": site.id, "url": url, "pattern": pattern,
                         "note": note})

    def fail(self, site, reason):
        self.failing.append({"site": site.id, "reason": reason})

    def truth(self):
        return {"as_of": self.as_of.isoformat(), "planted": self.planted, "must_not_flag": self.mnf,
                "failing_sites": self.failing}


def iso(d: dt.date) -> str:
    return d.isoformat()


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def digest(*parts) -> str:
    return hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()


# ---------------------------------------------------------------- page chrome

def page_html(site: Site, title, body, meta_charset="utf-8", base=None, head_extra="",
              gov_meta=None):
    est = site.est
    a = est.as_of
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={meta_charset}">\n' \
        if meta_charset else ""
    base_tag = f'<base href="{base}">\n' if base else ""
    gm = ""
    if gov_meta:
        gm = "".join(f'<meta name="{k}" content="{v}">\n' for k, v in gov_meta.items())
    nav = "".join(f'<li><a href="{h}">{t}</a></li>' for h, t in site.nav)
    links = " | ".join(f'<a href="{est.out(p)}" target="_blank">{t}</a>'
                       for p, t in COMMON_OUTSIDE)
    sid_code = "41" + str(int(digest(site.id), 16) % 10**8).zfill(8)
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html>
<head>
{meta}{base_tag}<title>{title}_{site.name}</title>
<meta name="SiteName" content="{site.name}">
<meta name="SiteIDCode" content="{sid_code}">
{gm}{head_extra}</head>
<body>
<div class="top"><span class="today">今天是{a.year}年{a.month}月{a.day}日 星期{WEEK[a.weekday()]}</span>
<span class="weather">{COUNTY} 晴 3℃～12℃</span></div>
<div class="logo"><a href="{site.home}">{site.name}</a></div>
<ul class="nav"><li><a href="{site.home}">首页</a></li>{nav}</ul>
<div class="main">
{body}
</div>
<div class="footer">
<p>相关链接：{links}</p>
<p>版权所有 2005-{a.year} {site.name} 主办单位：{site.name}办公室 联系电话：0377-6612{sum(map(ord, site.id)) % 1000:03d}</p>
<p>网站标识码：{sid_code} 豫ICP备0501{len(site.id):04d}号 豫公网安备 41032202000{len(site.name):03d}号</p>
<p>技术支持：{COUNTY}信息中心 建议使用1024*768分辨率浏览 更新时间：{a.year}年</p>
</div>
</body>
</html>
"""


# ---------------------------------------------------------------- bodies

def article_body(title, date, source=None, extra=""):
    return f"""<div class="article"><h1>{title}</h1>
<div class="info">发布时间：{iso(date)} 来源：{source or COUNTY + '人民政府办公室'} 浏览次数：<span id="hits"></span></div>
<div class="content"><p>　　{cn_date(date)}，{title}。会议强调，要提高政治站位，压实工作责任，确保各项任务落到实处。</p>
<p>　　会上，有关单位负责同志汇报了近期工作进展情况。</p>{extra}</div></div>"""


def doc_body(title, index_no, org, formed, published, wenhao, style="td"):
    rows = [("索引号", index_no), ("发布机构", org)]
    if formed is not None:
        rows.append(("成文日期", iso(formed)))
    rows += [("发布日期", iso(published)), ("文号", wenhao), ("主题分类", "综合政务")]
    if style == "td":
        cells = "".join(f"<td class='t'>{k}：</td><td>{v}</td>" + ("</tr><tr>" if i % 2 else "")
                        for i, (k, v) in enumerate(rows))
        table = f'<table class="xxgk_table" border="0"><tr>{cells}</tr></table>'
    else:
        table = '<table class="meta">' + "".join(
            f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"
    return f"""{table}
<div class="doc"><h1>{title}</h1><p class="wh">{wenhao}</p>
<div class="content"><p>各乡镇人民政府，县政府各部门：</p>
<p>　　现将《{title.replace('关于印发', '').replace('的通知', '')}》印发给你们，请结合实际，认真贯彻执行。</p>
<p style="text-align:right">{org}</p></div></div>"""


def leader_body(name, post, photo, duties, cv, style="div", duty_label="工作分工",
                cv_label="个人简历"):
    img = f'<img src="{photo}" alt="{name}" width="150" height="200" border="0">' if photo else ""
    if style == "table":
        rows = f'<tr><td rowspan="4" class="pic">{img}</td><th>姓名</th><td>{name}</td></tr>'
        rows += f"<tr><th>职务</th><td>{post}</td></tr>"
        if duties:
            rows += f"<tr><th>{duty_label}</th><td>{duties}</td></tr>"
        if cv:
            rows += f"<tr><th>{cv_label}</th><td>{cv}</td></tr>"
        return f'<table class="leader" border="1">{rows}</table>'
    out = f'<div class="leader"><div class="pic">{img}</div><h2>{name}</h2><p class="post">{post}</p>'
    if duties:
        out += f"<h3>{duty_label}</h3><p>{duties}</p>"
    if cv:
        out += f'<h3>{cv_label}</h3><div class="jl"><p>{cv}</p></div>'
    return out + "</div>"


def cv_text(name, birth):
    return (f"{name}，男，汉族，{birth}年生，河南{COUNTY}人，大学学历，中共党员。"
            f"{birth + 22}年参加工作，历任乡镇干部、县直单位负责人，现任现职。")


GUIDE_LABELS = {
    "basis": ("设定依据", "办理依据"),
    "place": ("办理地点", "办公地点", "受理地点"),
    "limit": ("办理时限", "承诺时限"),
    "flow": ("办理流程", "办事流程"),
    "fee": ("收费依据", "收费标准"),
    "discount": ("优惠政策",),
    "forms": ("表格下载",),
}


def guide_body(item, form_href, form_name, style="table", variant=0, missing=(),
               name_row=True, free=False, discount_word="优惠政策"):
    """A service guide. variant picks label spellings; missing drops elements."""
    def lab(key):
        opts = GUIDE_LABELS[key]
        return opts[variant % len(opts)]
    texts = {
        "basis": f"《中华人民共和国行政许可法》及{item}相关管理办法",
        "place": f"{COUNTY}行政服务中心一楼{3 + variant}号窗口",
        "limit": f"{5 + variant}个工作日",
        "flow": "申请→受理→审查→决定→送达（申请人提交材料，窗口当场受理，审查合格后发放结果）",
        "fee": "不收费" if free else "按照豫价费〔2009〕12号文件规定收取工本费10元",
        "discount": "对低保户、残疾人等困难群众免收相关费用",
        "forms": f'<a href="{form_href}">{form_name}</a>' if form_href else "无",
    }
    order = ["basis", "place", "limit", "flow", "fee", "discount", "forms"]
    rows = []
    if name_row:
        rows.append(("事项名称", item))
    for k in order:
        if k in missing:
            continue
        label = discount_word if k == "discount" else lab(k)
        rows.append((label, texts[k]))
    head = f'<h1 class="title">{item}办事指南</h1>'
    if style == "table":
        return head + '<table class="bszn" border="1">' + "".join(
            f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in rows) + "</table>"
    nums = "一二三四五六七八九十"
    if style == "h3":
        return head + "".join(f"<h3>{nums[i]}、{k}</h3><p>{v}</p>" for i, (k, v) in enumerate(rows))
    return head + "".join(f"<p><strong>{k}：</strong>{v}</p>" for k, v in rows)


def letter_body(title, received, replied, status, variant=0):
    recv_l, rep_l = (("来信时间", "回复时间"), ("留言时间", "答复时间"))[variant % 2]
    out = f"""<table class="letter" border="1">
<tr><th>信件标题</th><td>{title}</td></tr>
<tr><th>{recv_l}</th><td>{iso(received)} 10:2{variant % 10}</td></tr>
<tr><th>处理状态</th><td>{status}</td></tr>
<tr><th>来信内容</th><td>您好，我想反映{title}的问题，希望有关部门尽快解决。</td></tr>
</table>"""
    if replied:
        out += f"""<div class="reply"><h4>回复内容</h4><p>您好！您反映的问题已转交有关部门办理，现答复如下：已安排专人处理，感谢您的关注。</p>
<p>回复单位：{COUNTY}人民政府办公室</p><p>{rep_l}：{iso(replied)} 16:30</p></div>"""
    return out


def form_bytes(name):
    # An OLE2 header and some filler: enough for a .doc/.xls download.
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + (name.encode("utf-8") * 20)[:2000]


def jpeg_bytes(name):
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + \
        hashlib.sha256(name.encode()).digest() * 8 + b"\xff\xd9"


NEWS_TOPICS = ["召开专题会议研究部署冬季安全生产工作", "开展秸秆禁烧专项督查", "调研重点项目建设",
               "召开脱贫攻坚成果巩固推进会", "组织开展消防安全演练", "推进人居环境整治",
               "举办农业技术培训班", "检查冬春农田水利建设", "召开民生实事工作推进会",
               "开展食品安全检查", "部署森林防火工作", "慰问困难群众", "召开党风廉政建设会议",
               "推进营商环境优化", "开展文明城市创建活动"]


def news_title(prefix, n):
    return f"{prefix}{NEWS_TOPICS[n % len(NEWS_TOPICS)]}"


def dates(est, n, start=0, step=1, skip=()):
    """n dates going back from as_of - start, every step days, skipping offsets."""
    out, off = [], start
    while len(out) < n:
        if off not in skip:
            out.append(est.d(off))
        off += step
    return out


def news_items(est, prefix, ds, body_source=None):
    """Article items: dicts with id, title, date, body."""
    items = []
    for i, d in enumerate(ds):
        t = news_title(prefix, i + d.toordinal())
        items.append({"id": est.nid(), "title": t, "date": d,
                      "body": article_body(t, d, body_source)})
    return items


def years_ago(d: dt.date, n: int) -> dt.date:
    try:
        return d.replace(year=d.year - n)
    except ValueError:  # 29 February
        return d.replace(year=d.year - n, day=28)


def months_ago(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.year * 12 + d.month - 1 - n, 12)
    m += 1
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(y, m, day)
        except ValueError:
            continue
    raise AssertionError(d)


def at_age(as_of: dt.date, years: int) -> dt.date:
    """The date exactly `years` before as_of, under both readings of a year (calendar years and
    365 days): the later of the two, so it is not older than `years` under either."""
    return max(years_ago(as_of, years), as_of - dt.timedelta(days=365 * years))


# ---------------------------------------------------------------- the 公开目录 block of a document

CAT_LABELS = {"index_no": "索引号", "publisher": "发布机构", "formed": "成文日期", "published": "发布日期",
              "wenhao": "文号", "topic": "主题分类"}
CAT_ORDER = ("index_no", "topic", "publisher", "formed", "wenhao", "published")


def catalogue_block(fields, layout, labels=None, colon="：", empty=""):
    """The metadata block of a document page, the way the CMS families print it.

    fields: key -> text; a key left out is not shown at all, a value "" shows the label with
    nothing after it (`empty` is what the template writes in an empty cell, e.g. "&nbsp;").
    layout: td4 (label td, value td, two pairs a row: TRS, gov.cn), th (th/td rows: Hanweb),
    cell (label and value in one cell: JSP), dl (definition list: SiteServer), span (PHP),
    none (no block)."""
    labs = dict(CAT_LABELS, **(labels or {}))
    pairs = [(labs[k], fields[k] if fields[k] != "" else empty) for k in CAT_ORDER if k in fields]
    if layout == "none" or not pairs:
        return ""
    if layout == "td4":
        rows = []
        for i in range(0, len(pairs), 2):
            rows.append("<tr>" + "".join(f'<td class="t" width="12%">{k}{colon}</td><td class="v" width="38%">{v}</td>'
                                         for k, v in pairs[i:i + 2]) + "</tr>")
        return '<table class="xxgk_table" border="0" cellspacing="1" cellpadding="0"><tbody>' + "".join(rows) + \
            "</tbody></table>"
    if layout == "th":
        return '<table class="xxgk_table" border="1"><tbody>' + "".join(
            f"<tr><th>{k}{colon}</th><td>{v}</td></tr>" for k, v in pairs) + "</tbody></table>"
    if layout == "cell":
        rows = []
        for i in range(0, len(pairs), 2):
            rows.append("<tr>" + "".join(f"<td>{k}{colon}{v}</td>" for k, v in pairs[i:i + 2]) + "</tr>")
        return '<table class="info" width="100%" border="0">' + "".join(rows) + "</table>"
    if layout == "dl":
        return '<dl class="xxgk-info">' + "".join(f"<dt>{k}{colon}</dt><dd>{v}</dd>" for k, v in pairs) + "</dl>"
    if layout == "span":
        return '<div class="docinfo">' + " ".join(f"<span>{k}{colon}{v}</span>" for k, v in pairs) + "</div>"
    raise ValueError(layout)


def catalogue_doc(title, org, fields, layout, labels=None, colon="：", empty="", show_wenhao=None):
    """A document page body: the catalogue block, then the document. `show_wenhao` prints a
    visible "文号：…" line under the title (pages whose block is empty or absent)."""
    block = catalogue_block(fields, layout, labels, colon, empty)
    wh = f'<p class="wh">文号：{show_wenhao}</p>' if show_wenhao else ""
    if "印发" in title:
        name = title.split("印发", 1)[1].replace("的通知", "")
        text = f"现将《{name}》印发给你们，请结合实际，认真贯彻执行。"
    else:
        name = title.split("关于", 1)[-1].replace("的通知", "")
        text = f"为切实{name}，确保各项措施落到实处，现将有关事项通知如下。"
    return f"""{block}
<div class="doc"><h1>{title}</h1>{wh}
<div class="content"><p>各村（居）委会，各有关单位：</p>
<p>　　{text}</p>
<p style="text-align:right">{org}</p></div></div>"""


# ---------------------------------------------------------------- letters, in the shapes of the families

REPLY_TEXT = "您好！您反映的问题已转交有关部门办理，现答复如下：已安排专人处理，感谢您对我们工作的关注和支持。"


def letter_page(title, received, shape, reply="answered", replied=None, status=None,
                recv_time="10:20", reply_time="16:30", unit=None):
    """A letter's own page.

    reply: answered (text and date), empty (the reply section is there, with no text),
    pending (the reply section says 暂无回复), absent (no reply section: the status says it).
    shape: hanweb (th/td table with 答复 rows), asp (two-column table), static (TRS static page)."""
    unit = unit or f"{COUNTY}人民政府办公室"
    topic = title.replace("关于", "").replace("的咨询", "").replace("的来信", "").removesuffix("问题")
    ask = f"您好，我想反映{topic}的问题，希望有关部门尽快解决。"
    if reply == "answered":
        text, when, who = REPLY_TEXT, f"{iso(replied)} {reply_time}", unit
    elif reply == "pending":
        text, when, who = "暂无回复", "", ""
    else:
        text, when, who = "", "", ""
    st = f"<tr><th>办理状态</th><td>{status}</td></tr>" if status else ""
    if shape == "hanweb":
        out = f"""<table class="xjxx" width="100%" border="1">
<tr><th width="15%">信件标题</th><td>{title}</td></tr>
<tr><th>来信时间</th><td>{iso(received)} {recv_time}:00</td></tr>{st}
<tr><th>来信内容</th><td>{ask}</td></tr>"""
        if reply != "absent":
            out += f"""
<tr><th>答复单位</th><td>{who}</td></tr>
<tr><th>答复时间</th><td>{when}</td></tr>
<tr><th>答复内容</th><td>{text}</td></tr>"""
        return out + "\n</table>"
    if shape == "asp":
        st = f'<tr><td class="l">处理状态：</td><td>{status}</td></tr>' if status else ""
        out = f"""<table width="98%" border="0" class="ly">
<tr><td class="l" width="100">留言主题：</td><td>{title}</td></tr>
<tr><td class="l">留言时间：</td><td>{iso(received)} {recv_time}</td></tr>{st}
<tr><td class="l">留言内容：</td><td>{ask}</td></tr>"""
        if reply != "absent":
            out += f"""
<tr><td class="l">回复内容：</td><td>{text}</td></tr>
<tr><td class="l">回复时间：</td><td>{when}</td></tr>"""
        return out + "\n</table>"
    if shape == "static":
        st = f"<li>办理状态：{status}</li>" if status else ""
        out = f"""<div class="xj-detail"><h1>{title}</h1>
<ul class="xj-info"><li>来信人：王**</li><li>来信时间：{iso(received)} {recv_time}</li>{st}</ul>
<div class="xj-q"><h4>来信内容</h4><p>{ask}</p></div>"""
        if reply != "absent":
            out += f"""
<div class="xj-a"><h4>回复内容</h4><div class="hfnr">{f'<p>{text}</p>' if text else ''}</div>
<p>回复单位：{who}</p><p>回复时间：{when}</p></div>"""
        return out + "\n</div>"
    raise ValueError(shape)
