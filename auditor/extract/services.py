"""Service guides (办事指南): which required elements a guide page carries, and its forms.

R8 of the county report asks each guide for 办事流程、收费依据、优惠政策、表格下载; the
national indicators score missing elements. A guide names an element by one of several
labels (申请材料 or 办理材料, 办事程序 or 办理流程, 受理地点 or 办理地点), in a label/value
table (a row per label, four cells a row, a header row over a value row, rowspan'd group
cells), under headings (`一、办理流程`, `（三）收费标准`, `【办理时限】`), after bold leads
(`<strong>收费标准：</strong>不收费`) or in a definition list (`labelled` reads them all).

What counts as shown:

- 事项名称: a labelled 事项名称 (服务事项, 项目名称 …), else the page's title or heading
  without its 办事指南 / 服务指南 words ("农村宅基地审批办事指南" → 农村宅基地审批): a
  guide names itself. The name is `ServiceGuide.name`; `elements` lists only labelled
  sections, and the check takes a non-empty name for 事项名称.
- 收费依据: shown by 收费依据 (or 收费依据及标准, 收费标准及依据) with any answer, "无"
  included. A 收费标准 / 是否收费 line shows it only when it says the service is free
  (不收费, 免费, 否, 无) or cites its basis itself: "按规定标准收取工本费" charges a fee
  without saying on what authority, and that is what the rule is about.
- 优惠政策: 优惠政策, or 减免政策 / 收费减免 / 减免依据, which guides use for the same
  section (who is exempted from or pays less of the fee). "无" is an answer.
- 表格下载: a 表格下载 section (申请表格, 相关表格, 表格及样表, 附件下载 …) with an answer
  ("无需表格" included), or a form file (.doc .docx .xls .xlsx .pdf .wps .zip .rar …)
  linked in the guide's body even without such a heading.
- 办理流程: 办事流程, 办理程序, 办事程序, 办理步骤, 流程图 …; a flow chart image is a value.
- Any other element: a section with text, an image or a link. A stand-in answer alone
  ("无", "/", "暂无") does not show 事项名称, 设定依据, 办理流程, 办理地点 or 咨询电话,
  which every service has; for the rest it is an answer. An empty section shows nothing.

A page is read as a guide only when its structure is one: at least three element
sections, two of them guide-specific (not only 办理地点 / 咨询电话 / 事项名称), or two
sections, one guide-specific, on a page whose title or heading calls it a 办事指南. A
news item, a notice, a login wall or a table listing many services (a header row of
labels over several rows) is not a guide, and nothing is judged on it.
"""

from __future__ import annotations

import re
from itertools import islice

import lxml.etree
import lxml.html

from ..models import ServiceGuide
from .html import fold
from .labelled import Field, Vocabulary, block_lines, first_values, read_fields
from .links import document_base, resolve
from .title import page_title

MIN_ELEMENTS = 3  # fewer element sections than this: not a guide (unless the page calls itself one)
MIN_SPECIFIC = 2  # of which guide-specific
MAX_FORMS = 50
MAX_NAME_CHARS = 200
MAX_PAGE_TEXT = 200_000
MAX_HEADINGS = 40  # title-like elements looked at for the guide's name
MAX_ROWS = 2_000  # table rows looked at for a list of services

SERVICE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "项目名称", "服务事项", "服务事项名称", "审批事项名称", "服务名称", "办理事项"),
    "设定依据": ("设定依据", "法律依据", "办理依据", "实施依据", "法定依据", "设立依据", "政策依据", "受理依据",
                 "审批依据", "法律法规依据"),
    "申请条件": ("申请条件", "办理条件", "受理条件", "申办条件", "准予许可的条件", "申请人条件", "受理范围及条件"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料目录", "申请材料目录", "办理材料目录",
                 "需提交材料", "提交的材料", "所需资料", "申请资料"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "办事程序", "审批流程", "审批程序", "办理步骤", "办事步骤",
                 "流程图", "办理流程图", "办事流程图", "审批流程图", "工作流程"),
    "办理时限": ("办理时限", "承诺时限", "法定时限", "办结时限", "审批时限", "承诺办结时限", "法定办结时限", "办理期限",
                 "承诺期限", "法定期限"),
    "收费依据": ("收费依据", "收费依据及标准", "收费标准及依据", "收费标准和依据", "收费依据和标准", "收费标准", "是否收费",
                 "收费情况", "收费项目及标准"),
    "优惠政策": ("优惠政策", "减免政策", "收费减免", "减免依据", "收费减免政策", "减免规定"),
    "办理地点": ("办理地点", "受理地点", "办公地点", "办理地址", "受理地址", "办理窗口", "受理窗口", "办事地点"),
    "咨询电话": ("咨询电话", "咨询方式", "联系电话", "咨询途径", "联系方式", "咨询投诉电话"),
    "表格下载": ("表格下载", "申请表格", "下载", "表格", "申请表下载", "申请表格下载", "相关表格下载", "相关表格",
                 "表格及样表下载", "表格及样表", "附件下载", "下载表格", "相关附件", "附件"),
}
# sections that are not specific to a guide: a notice prints them too
_GENERIC_ELEMENTS = frozenset({"事项名称", "办理地点", "咨询电话"})
# elements every service has: a stand-in answer ("无") there says nothing
_NEED_CONTENT = frozenset({"事项名称", "设定依据", "办理流程", "办理地点", "咨询电话"})
_FEE_STANDARD_LABELS = frozenset({"收费标准", "是否收费", "收费情况", "收费项目及标准"})
_FREE = re.compile(r"不收费|免费|免收|不收取|无收费|^否|^无|^零|^0元|^/$|^／$|^[-—－]+$")
_CITES_BASIS = re.compile(r"《|〔")  # a named regulation or document number
_PLACEHOLDER = re.compile(r"(?:无|暂无|没有|/|／|-+|—+|－+|空|null|none)[。.]?", re.I)
FORM_EXTENSIONS = (".doc", ".docx", ".xls", ".xlsx", ".pdf", ".wps", ".zip", ".rar", ".7z", ".et", ".ofd")
_VOCABULARY = Vocabulary({label: key for key, labels in SERVICE_ELEMENTS.items() for label in labels})
_SIGNALS = ("办理", "申请", "收费", "事项", "流程", "指南")

# the words that declare a page a guide, around the matter's name
_GUIDE = r"(?:办事|服务|办理|业务|事项)?(?:指南|须知)"
_BRACKETED_GUIDE = re.compile(rf"[（(【\[]\s*{_GUIDE}\s*[)）】\]]")
_LEADING_GUIDE = re.compile(rf"^\s*{_GUIDE}\s*[：:—\-－_|·]+\s*")
_TRAILING_GUIDE = re.compile(rf"\s*(?:的)?{_GUIDE}\s*(?:[（(][^（()）]{{0,16}}[)）])?\s*$")
_SITE_NAME = re.compile(r"人民政府|政府网|门户网|网站$")
_GENERIC_NAMES = frozenset({
    "办事指南", "服务指南", "便民服务", "办事服务", "网上办事", "政务服务", "在线办事", "办事大厅", "详细信息", "详细内容",
    "信息内容", "内容", "正文", "首页", "无标题文档", "无标题页", "untitled", "untitled document", "新建网页", "新建网页1",
})
_TITLE_CLASS = re.compile(r"title|biaoti|bt|tit|head", re.I)


def extract_service(tree: lxml.html.HtmlElement, page_url: str) -> ServiceGuide | None:
    """The guide on this page, or None when the page has no guide's structure (see the module doc)."""
    if not _may_be_guide(tree):
        return None
    fields = [item for item in read_fields(tree, _VOCABULARY) if item.key]
    if not fields or _lists_services(tree):
        return None
    base = document_base(tree, page_url)
    forms = _forms(fields, base)
    present = tuple(key for key in SERVICE_ELEMENTS if _shows(key, fields) or key == "表格下载" and forms)
    labelled = {item.key for item in fields}
    specific = labelled - _GENERIC_ELEMENTS
    name, declared = _name(tree, first_values(fields))
    is_guide = (len(labelled) >= MIN_ELEMENTS and len(specific) >= MIN_SPECIFIC) or (
        declared and len(labelled) >= 2 and specific
    )
    if not is_guide:
        return None
    return ServiceGuide(name=fold(name, MAX_NAME_CHARS), elements=present, forms=tuple(forms))


def _may_be_guide(tree: lxml.html.HtmlElement) -> bool:
    text = lxml.etree.tostring(tree, method="text", encoding=str)[:MAX_PAGE_TEXT]
    return sum(signal in text for signal in _SIGNALS) >= 2


def _shows(key: str, fields: list[Field]) -> bool:
    candidates = [item for item in fields if item.key == key]
    if key == "表格下载":
        return any(item.text or _form_anchors(item) for item in candidates)
    if key == "收费依据":
        return any(_shows_fee_basis(item) for item in candidates)
    if key in _NEED_CONTENT:
        return any(_has_content(item) for item in candidates)
    return any(item.text or _has_media(item) for item in candidates)


def _has_content(item: Field) -> bool:
    if item.text:
        return not _PLACEHOLDER.fullmatch(item.text)
    return _has_media(item)


def _has_media(item: Field) -> bool:
    """A value without text: a flow chart image or a linked file."""
    for node in item.nodes:
        if not isinstance(node.tag, str):
            continue
        if any(img.get("src") for img in node.iter("img")) or _form_anchors(Field(item.key, item.label, nodes=[node])):
            return True
    return False


def _shows_fee_basis(item: Field) -> bool:
    if not item.text:
        return False
    if item.label not in _FEE_STANDARD_LABELS:
        return True
    return bool(_FREE.search(item.text) or _CITES_BASIS.search(item.text))


def _name(tree: lxml.html.HtmlElement, chosen: dict[str, Field]) -> tuple[str, bool]:
    """(the matter's name, whether the page calls itself a guide): the labelled 事项名称, else the
    title or a heading with its 办事指南 words taken off, else the first title or heading that
    is neither the site's name, a column's name nor a section label."""
    candidates = [page_title(tree), *_headings(tree)]
    matters = [_matter(text) for text in candidates]
    declared = any(was_declared and _is_name(name) for name, was_declared in matters)
    labelled = chosen.get("事项名称")
    if labelled is not None and labelled.text and not _PLACEHOLDER.fullmatch(labelled.text):
        return _matter(labelled.text)[0] or labelled.text, declared
    for name, was_declared in matters:
        if was_declared and _is_name(name):
            return name, declared
    return next((name for name, _ in matters if _is_name(name)), ""), declared


def _headings(tree: lxml.html.HtmlElement) -> list[str]:
    found: list[str] = []
    for node in tree.iter("h1", "h2", "h3", "h4", "div", "p", "td", "span", "strong"):
        if len(found) >= MAX_HEADINGS:
            break
        if node.tag in ("div", "p", "td", "span", "strong") and not _TITLE_CLASS.search(
            f"{node.get('class', '')} {node.get('id', '')}"
        ):
            continue
        text = fold(" ".join(block_lines(node)), MAX_NAME_CHARS)
        if text:
            found.append(text)
    return found


def _matter(text: str) -> tuple[str, bool]:
    """`农村宅基地审批办事指南` → (`农村宅基地审批`, True); a text without guide words is kept."""
    name = fold(text, MAX_NAME_CHARS)
    stripped = _BRACKETED_GUIDE.sub("", name)
    stripped = _LEADING_GUIDE.sub("", stripped)
    stripped = _TRAILING_GUIDE.sub("", stripped)
    declared = stripped != name
    if declared:
        stripped = stripped.strip(" 《》〈〉“”\"'：:-—_|")
        if stripped.startswith("关于") and len(stripped) > 2:
            stripped = stripped[2:]
    return stripped, declared


def _is_name(text: str) -> bool:
    return (
        2 <= len(text) <= MAX_NAME_CHARS
        and text.lower() not in _GENERIC_NAMES
        and not _SITE_NAME.search(text)
        and not _VOCABULARY.alone.fullmatch(text)
        and not _VOCABULARY.inline.match(text)
    )


def _lists_services(tree: lxml.html.HtmlElement) -> bool:
    """A table of many services: a header row of three or more labels over two or more rows
    of as many cells (事项名称 | 办理地点 | 咨询电话 | 表格下载, one service a row)."""
    rows = 0
    for row in tree.iter("tr"):
        rows += 1
        if rows > MAX_ROWS:
            return False
        cells = _cells(row)
        if len(cells) < 3 or not all(_VOCABULARY.alone.fullmatch(" ".join(block_lines(cell))[:60] or "-") for cell in cells):
            continue
        following = list(islice((sibling for sibling in row.itersiblings() if sibling.tag == "tr"), 2))
        if len(following) == 2 and all(len(_cells(sibling)) == len(cells) for sibling in following):
            return True
    return False


def _cells(row: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [node for node in row if node.tag in ("td", "th")]


def _forms(fields: list[Field], base: str) -> list[str]:
    """Links in the 表格下载 section, then links to form files anywhere in the guide's body."""
    urls: list[str] = []
    for item in fields:
        if item.key == "表格下载":
            urls.extend(_absolute(base, anchor.get("href")) for anchor in _form_anchors(item))
    urls.extend(_absolute(base, href) for href in _file_hrefs(fields))
    unique = list(dict.fromkeys(url for url in urls if url))
    return unique[:MAX_FORMS]


def _form_anchors(item: Field) -> list[lxml.html.HtmlElement]:
    anchors = []
    for node in item.nodes:
        if not isinstance(node.tag, str):
            continue
        for anchor in node.iter("a"):
            href = (anchor.get("href") or "").strip()
            if href and not href.lower().startswith(("javascript:", "mailto:", "tel:", "#")):
                anchors.append(anchor)
    return anchors


def _file_hrefs(fields: list[Field]) -> list[str]:
    """Form files linked near the guide: in the smallest element holding all its fields, or beside it."""
    container = _container(fields)
    if container is None:
        return []
    parent = container.getparent()
    if parent is not None and parent.tag != "html":  # 附件 lines often follow the guide's table
        container = parent
    hrefs = []
    for anchor in container.iter("a"):
        href = (anchor.get("href") or "").strip()
        if _is_form_file(href):
            hrefs.append(href)
    return hrefs


def _is_form_file(href: str) -> bool:
    path = href.lower().split("#", 1)[0].split("?", 1)[0]
    return path.endswith(FORM_EXTENSIONS)


def _container(fields: list[Field]) -> lxml.html.HtmlElement | None:
    nodes = [node for item in fields for node in item.nodes[:1]]
    if not nodes:
        return None
    ancestors = list(nodes[0].iterancestors())
    common: lxml.html.HtmlElement | None = nodes[0]
    for node in nodes[1:]:
        while common is not None and common is not node and not _contains(common, node):
            common = ancestors.pop(0) if ancestors else None
    return common


def _contains(ancestor: lxml.html.HtmlElement, node: lxml.html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in node.iterancestors())


def _absolute(base: str, href: str | None) -> str:
    if not href:
        return ""
    return resolve(href, base, as_written=True) or ""
