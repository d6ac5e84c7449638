"""Who is in the estate: the fictional 清河县's portal, 10 towns and 21 departments.

Each row fixes a site's CMS family, encoding, date style and which columns it has.
The mix is deliberate: three CMS families, GBK sites that declare their charset only
in a <meta> tag, and every date style the extract stage must read.
"""

from __future__ import annotations

from dataclasses import dataclass

COUNTY = "清河县"
DIVISION_CODE = "410322"  # the county's division code, used in 网站标识码 and 公网安备


@dataclass(frozen=True, slots=True)
class SiteRow:
    id: str
    short: str  # 城关镇, 县教育局
    kind: str  # county | town | department
    family: str  # trs | hanweb | table
    encoding: str  # utf-8 | gbk
    meta_charset: str
    date_style: str
    kinds: tuple[str, ...]  # column kinds, in navigation order

    @property
    def name(self) -> str:
        if self.kind == "county":
            return f"{COUNTY}人民政府"
        if self.kind == "town":
            return f"{COUNTY}{self.short}人民政府"
        return COUNTY + self.short.removeprefix("县")

    @property
    def unit(self) -> str:
        if self.kind == "county":
            return "县政府办公室"
        if self.kind == "town":
            return f"{self.short}人民政府"
        return self.short


PORTAL = SiteRow(
    "portal", "县人民政府", "county", "trs", "utf-8", "utf-8", "dash",
    ("news", "govinfo", "notices", "documents", "personnel", "plans", "leaders",
     "services", "mailbox", "reports", "links"),
)

_TOWNS = (
    ("chengguan", "城关镇", "hanweb", "utf-8", "dash", "notices mailbox links"),
    ("huixi", "会溪镇", "trs", "utf-8", "bracket", "govinfo services"),
    ("baihe", "白鹤镇", "table", "gbk", "cn", "notices mailbox"),
    ("pingle", "平乐镇", "hanweb", "utf-8", "slash", "govinfo links"),
    ("liulin", "柳林镇", "table", "gbk", "dot", "notices"),
    ("shiqiao", "石桥镇", "trs", "gbk", "paren", "notices services"),
    ("dongguan", "东关镇", "hanweb", "utf-8", "dash", "govinfo mailbox"),
    ("mazhuang", "马庄镇", "table", "utf-8", "slash", "notices"),
    ("yanghu", "杨湖镇", "trs", "utf-8", "dash", "govinfo links"),
    ("longquan", "龙泉镇", "hanweb", "utf-8", "cn", "notices mailbox services"),
)

_DEPARTMENTS = (
    ("fgw", "县发展和改革委员会", "trs", "utf-8", "dash", "govinfo plans"),
    ("jyj", "县教育局", "hanweb", "utf-8", "dash", "notices mailbox services"),
    ("czj", "县财政局", "trs", "gbk", "paren", "notices"),
    ("gaj", "县公安局", "hanweb", "utf-8", "slash", "notices mailbox services"),
    ("rsj", "县人力资源和社会保障局", "table", "gbk", "cn", "notices services"),
    ("zrzyj", "县自然资源局", "trs", "utf-8", "bracket", "govinfo plans"),
    ("hbj", "县生态环境局", "hanweb", "utf-8", "dash", "notices"),
    ("jtj", "县交通运输局", "trs", "utf-8", "dash", "govinfo"),
    ("slj", "县水利局", "table", "utf-8", "dot", "notices"),
    ("nyncj", "县农业农村局", "hanweb", "utf-8", "cn", "govinfo services"),
    ("swj", "县商务局", "trs", "utf-8", "slash", "notices"),
    ("wjw", "县卫生健康委员会", "hanweb", "utf-8", "dash", "notices mailbox services"),
    ("yjglj", "县应急管理局", "table", "gbk", "dot", "notices"),
    ("scjgj", "县市场监督管理局", "trs", "utf-8", "paren", "notices services"),
    ("tjj", "县统计局", "hanweb", "utf-8", "slash", "govinfo plans"),
    ("mzj", "县民政局", "table", "utf-8", "cn", "notices mailbox"),
    ("sfj", "县司法局", "trs", "utf-8", "dash", "notices"),
    ("zjj", "县住房和城乡建设局", "hanweb", "utf-8", "dash", "notices mailbox"),
    ("wgxlj", "县文化广电和旅游局", "table", "gbk", "slash", "govinfo"),
    ("ybj", "县医疗保障局", "trs", "utf-8", "bracket", "notices"),
    ("xzfwzx", "县行政服务中心", "hanweb", "utf-8", "dash", "notices services mailbox"),
)

# GBK sites that declare gb2312 in <meta>, as many real ones still do (the bytes are GBK)
_GB2312_META = frozenset({"baihe", "shiqiao", "rsj"})
# the TRS site that spells the pager createPageHTML('page_div', total, current, 'index', 'html', count)
PAGER_VARIANT_SITES = frozenset({"zrzyj"})


def _row(site_id: str, short: str, kind: str, family: str, encoding: str, style: str, extra: str) -> SiteRow:
    kinds = ("news", *extra.split(), "documents", "leaders", "reports")
    meta = encoding if encoding == "utf-8" else ("gb2312" if site_id in _GB2312_META else "gbk")
    return SiteRow(site_id, short, kind, family, encoding, meta, style, _ordered(kinds))


_NAV_ORDER = ("news", "govinfo", "notices", "documents", "personnel", "plans", "leaders",
              "services", "mailbox", "reports", "links")


def _ordered(kinds: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(k for k in _NAV_ORDER if k in kinds)


TOWNS = tuple(_row(i, s, "town", f, e, d, x) for i, s, f, e, d, x in _TOWNS)
DEPARTMENTS = tuple(_row(i, s, "department", f, e, d, x) for i, s, f, e, d, x in _DEPARTMENTS)
ROSTER: tuple[SiteRow, ...] = (PORTAL, *TOWNS, *DEPARTMENTS)


def host_of(index: int) -> str:
    """Portal 127.0.0.10, towns .11–.20, departments .21–.41: roster order."""
    return f"127.0.0.{10 + index}"


def column_name(kind: str, row: SiteRow) -> str:
    """The name a column carries on this site (what the office writes in its config)."""
    county, town = row.kind == "county", row.kind == "town"
    names = {
        "news": "清河要闻" if county else ("镇村动态" if town else "工作动态"),
        "govinfo": "政务信息",
        "notices": "通知公告",
        "documents": "政府文件" if county else "政策文件",
        "personnel": "人事任免",
        "plans": "规划计划",
        "leaders": "领导信息",
        "services": "办事指南",
        "mailbox": "县长信箱" if county else ("镇长信箱" if town else "局长信箱"),
        "reports": "政府信息公开年度报告",
        "links": "网站链接",
    }
    return names[kind]
