"""What a column's name and address say about it: its kind, its id; and a site's own keys.

A column is named by what it lists, in a small vocabulary every county site shares:

    要闻 动态 新闻 资讯 → news        政务信息 政务动态 → govinfo     通知公告 公示公告 → notices
    政府文件 政策文件 规范性文件 → documents   人事任免 人事信息 → personnel
    规划计划 发展规划 → plans         网站链接 友情链接 → links       领导信息 领导之窗 → leaders
    办事指南 办事服务 → services      县长信箱 留言 连线 咨询投诉 → mailbox    年度报告 年报 → reports

The first matching word decides, in `KIND_WORDS` order (年度报告 before 信息公开, 政务动态
before 动态). The folder a CMS gives a column is often the pinyin initials of its name
(`/xxgk/tzgg/` 通知公告, `/bszn/` 办事指南): a weaker hint, `CODE_HINTS`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

# (kind, strong words (the column's usual full name), weak words (a part of it))
KIND_WORDS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("reports", ("年度报告", "工作年报", "年报"), ()),
    ("mailbox", ("县长信箱", "书记信箱", "局长信箱", "镇长信箱", "乡长信箱", "主任信箱", "区长信箱", "市长信箱",
                 "领导信箱", "咨询投诉", "连线政府", "网上留言", "在线留言", "政民互动"),
     ("信箱", "留言", "连线", "投诉", "咨询")),
    ("leaders", ("领导信息", "领导之窗", "领导简介", "领导班子", "领导介绍", "领导分工", "领导风采"), ("领导",)),
    ("documents", ("政府文件", "政策文件", "规范性文件", "县政府文件", "部门文件", "文件资料", "政府令"), ("文件",)),
    ("personnel", ("人事任免", "人事信息", "人事动态"), ("人事", "任免")),
    ("plans", ("规划计划", "发展规划", "计划规划", "计划总结", "专项规划"), ("规划", "计划")),
    ("services", ("办事指南", "办事服务", "服务指南", "便民服务"), ("办事", "指南")),
    ("links", ("网站链接", "友情链接", "相关链接", "网站导航"), ("链接",)),
    ("notices", ("通知公告", "公示公告", "公告公示", "通知通告", "公告通知"), ("通知", "公告", "公示", "通告")),
    ("govinfo", ("政务信息", "政务动态", "政务要闻"), ("政务",)),
    ("news", ("要闻", "工作动态", "新闻", "资讯", "动态"), ("快讯", "简讯", "头条")),
)
STRONG, WEAK = 0.85, 0.65  # what a full name, and a part of one, say about the kind
# pinyin initials of the usual names, as CMS folders spell them
CODE_HINTS: dict[str, str] = {
    "tzgg": "notices", "gsgg": "notices", "gggs": "notices", "tztg": "notices", "gg": "notices",
    "zfwj": "documents", "zcwj": "documents", "gfxwj": "documents", "wjzl": "documents", "xzfwj": "documents",
    "rsrm": "personnel", "rsxx": "personnel", "rsdt": "personnel",
    "ghjh": "plans", "fzgh": "plans", "jhgh": "plans", "gh": "plans",
    "ldxx": "leaders", "ldzc": "leaders", "ldjj": "leaders", "ldzz": "leaders", "ld": "leaders",
    "bszn": "services", "bsfw": "services", "fwzn": "services",
    "xjxx": "mailbox", "xzxx": "mailbox", "sjxx": "mailbox", "jzxx": "mailbox", "zzxx": "mailbox",
    "zxts": "mailbox", "lyb": "mailbox", "msg": "mailbox", "mailbox": "mailbox",
    "ndbg": "reports", "nb": "reports",
    "wzlj": "links", "yqlj": "links", "links": "links", "link": "links",
    "zwxx": "govinfo", "zwdt": "govinfo",
    "gzdt": "news", "xwzx": "news", "news": "news", "yw": "news", "jryw": "news", "xwdt": "news", "zxdt": "news",
}
# names of 信息公开 sections and catalogues: pages whose links are more columns, not columns themselves
CATALOGUE_WORDS = ("信息公开", "政务公开", "公开目录", "主动公开", "公开指南", "公开制度", "公开内容", "信息目录")
_ID_SAFE = re.compile(r"[^A-Za-z0-9_-]+")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")  # config.Identifier's pattern
_LIST_STEMS = frozenset({"index", "list", "default", "more", "main", "column", "lm", "channel"})


@dataclass(frozen=True, slots=True)
class NameKind:
    kind: str
    confidence: float
    word: str  # the word of the name that says it


def kind_from_name(name: str) -> NameKind | None:
    """The kind a column's name states, with how surely; None when it names none of them."""
    squeezed = re.sub(r"\s+", "", name)
    for kind, strong, _weak in KIND_WORDS:
        for word in strong:
            if word in squeezed:
                return NameKind(kind, STRONG, word)
    for kind, _strong, weak in KIND_WORDS:
        for word in weak:
            if word in squeezed:
                return NameKind(kind, WEAK, word)
    return None


def kind_from_url(url: str) -> tuple[str, str] | None:
    """(kind, folder) when a folder of the URL's path is a known pinyin code of a column name."""
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    for part in reversed([p for p in path.lower().split("/") if p]):
        stem = posixpath.splitext(part)[0]
        if stem in CODE_HINTS:
            return CODE_HINTS[stem], stem
    return None


def is_catalogue_name(name: str) -> bool:
    return any(word in name for word in CATALOGUE_WORDS)


def column_id(url: str, kind: str, taken: set[str]) -> str:
    """A safe, unique id from the URL's path (`/xxgk/tzgg/` → tzgg, `/col/col1234/index.html` → col1234,
    `list.asp?classid=12` → classid-12, `/channels/123.html` → channels-123), else the kind."""
    try:
        parts = urlsplit(url)
    except ValueError:
        parts = urlsplit("")
    segments = [posixpath.splitext(p)[0] for p in parts.path.split("/") if p]
    while segments and (segments[-1].lower() in _LIST_STEMS or re.fullmatch(r"(?:index|list)[_-]\d+", segments[-1])):
        segments.pop()
    candidate = ""
    numbered = [(k, v) for k, v in parse_qsl(parts.query) if v and re.fullmatch(r"[A-Za-z0-9_-]{1,20}", v)]
    if numbered:
        candidate = f"{numbered[0][0]}-{numbered[0][1]}"
    elif segments:
        candidate = segments[-1]
        if candidate.isdigit() and len(segments) > 1:
            candidate = f"{segments[-2]}-{candidate}"
    candidate = _ID_SAFE.sub("-", candidate).strip("-_")[:48] or kind
    if not _IDENTIFIER.match(candidate):
        candidate = kind
    unique, number = candidate, 2
    while unique.lower() in taken:
        unique, number = f"{candidate}-{number}", number + 1
    taken.add(unique.lower())
    return unique


def site_id_from_url(url: str) -> str:
    """`http://www.mengjin.gov.cn/` → mengjin; an address → its numbers joined by dashes."""
    host = (urlsplit(url).hostname or "site").lower()
    if re.fullmatch(r"[\d.]+", host) or ":" in host:
        return "site-" + _ID_SAFE.sub("-", host).strip("-")
    labels = [label for label in host.split(".") if label not in ("www", "gov", "cn", "com", "org", "net", "edu")]
    candidate = _ID_SAFE.sub("-", labels[0] if labels else host.split(".")[0]).strip("-_")
    return candidate[:64] if candidate and _IDENTIFIER.match(candidate[:64]) else "site"


_ORG = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:人民政府|政府|委员会|办公室|管理局|局|中心|街道办事处|办事处|镇|乡|委)")


def site_name_from_title(title: str, site_name_meta: str = "") -> str:
    """The site's name: the CMS's SiteName meta, else the part of the home page's title naming the body."""
    if site_name_meta.strip():
        return site_name_meta.strip()
    parts = [p.strip() for p in re.split(r"[-_|—–－·]+", title) if p.strip()]
    named = [p for p in parts if _ORG.search(p) and p not in ("首页", "网站首页")]
    if named:
        return named[-1]
    return next((p for p in parts if p not in ("首页", "网站首页")), title.strip()) or "（请填写网站名称）"


def site_kind_from_name(name: str) -> str:
    """county | town | department, as the site's name reads."""
    if re.search(r"(?:镇|乡|街道)(?:人民政府|政府|办事处)?(?:门户网站|网站)?$", name) or name.endswith(("街道办事处",)):
        return "town"
    if re.search(r"(?:县|区|市|旗)人民政府(?:门户网站|网站)?$", name):
        return "county"
    return "department"
