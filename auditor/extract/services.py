"""Service guides (办事指南): which required elements a guide page carries, and its forms.

R8 of the county report asks each guide for 办事流程、收费依据、优惠政策、表格下载; the
national indicators score missing elements. A guide names an element by one of several
labels (申请材料 or 办理材料, 收费标准 or 收费依据), in a label/value table, under headings
or in a definition list (`labelled` reads all three).

A fee element is shown by 收费依据 (or 收费依据及标准); a 收费标准 / 是否收费 line shows it
only when it says the service is free or cites its basis itself: "按规定标准收取工本费"
charges a fee without saying on what authority, and that is what the rule is about.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from ..models import ServiceGuide
from .html import document_base, fold
from .labelled import Field, Vocabulary, first_values, read_fields
from .page import page_title

MIN_ELEMENTS = 3  # fewer element labels than this: not a guide
MAX_FORMS = 50
MAX_NAME_CHARS = 200
MAX_PAGE_TEXT = 200_000

SERVICE_ELEMENTS: dict[str, tuple[str, ...]] = {
    "事项名称": ("事项名称", "项目名称", "服务事项名称", "审批事项名称", "服务名称"),
    "设定依据": ("设定依据", "法律依据", "办理依据", "实施依据", "法定依据", "设立依据", "政策依据"),
    "申请条件": ("申请条件", "办理条件", "受理条件", "申办条件", "准予许可的条件", "申请人条件"),
    "办理材料": ("办理材料", "申请材料", "申报材料", "所需材料", "提交材料", "材料目录", "申请材料目录", "办理材料目录"),
    "办理流程": ("办理流程", "办事流程", "办理程序", "办事程序", "审批流程", "审批程序", "办理步骤"),
    "办理时限": ("办理时限", "承诺时限", "法定时限", "办结时限", "审批时限", "承诺办结时限", "法定办结时限"),
    "收费依据": ("收费依据", "收费依据及标准", "收费标准及依据", "收费标准", "是否收费", "收费情况"),
    "优惠政策": ("优惠政策", "减免政策", "收费减免", "减免依据"),
    "办理地点": ("办理地点", "受理地点", "办公地点", "办理地址", "受理地址", "办理窗口"),
    "咨询电话": ("咨询电话", "咨询方式", "联系电话", "咨询途径", "联系方式"),
    "表格下载": ("表格下载", "申请表格", "下载", "表格", "申请表下载", "申请表格下载", "相关表格下载", "相关表格", "表格及样表下载", "附件下载"),
}
_FEE_STANDARD_LABELS = frozenset({"收费标准", "是否收费", "收费情况"})
_FREE = re.compile(r"不收费|免费|免收|不收取|无收费|^否|^无$|^无[。.]?$|^零|^0元")
_CITES_BASIS = re.compile(r"《|〔")  # a named regulation or document number
FORM_EXTENSIONS = (".doc", ".docx", ".xls", ".xlsx", ".pdf", ".wps", ".zip", ".rar", ".et", ".ofd")
_VOCABULARY = Vocabulary({label: key for key, labels in SERVICE_ELEMENTS.items() for label in labels})
_SIGNALS = ("办理", "申请", "收费", "事项", "流程")


def extract_service(tree: lxml.html.HtmlElement, page_url: str) -> ServiceGuide | None:
    """The guide on this page, or None when fewer than three element labels are present."""
    if not _may_be_guide(tree):
        return None
    fields = [item for item in read_fields(tree, _VOCABULARY) if item.key]
    if len({item.key for item in fields}) < MIN_ELEMENTS:
        return None
    chosen = first_values(fields)
    present = tuple(key for key in SERVICE_ELEMENTS if _shows(key, fields))
    name = chosen["事项名称"].text if "事项名称" in chosen and chosen["事项名称"].text else page_title(tree)
    base = document_base(tree, page_url)
    return ServiceGuide(name=fold(name, MAX_NAME_CHARS), elements=present, forms=tuple(_forms(fields, base)))


def _may_be_guide(tree: lxml.html.HtmlElement) -> bool:
    text = lxml.etree.tostring(tree, method="text", encoding=str)[:MAX_PAGE_TEXT]
    return sum(signal in text for signal in _SIGNALS) >= 2


def _shows(key: str, fields: list[Field]) -> bool:
    candidates = [item for item in fields if item.key == key]
    if key == "表格下载":
        return any(item.text or _form_anchors(item) for item in candidates)
    if key == "收费依据":
        return any(_shows_fee_basis(item) for item in candidates)
    return any(item.text for item in candidates)


def _shows_fee_basis(item: Field) -> bool:
    if not item.text:
        return False
    if item.label not in _FEE_STANDARD_LABELS:
        return True
    return bool(_FREE.search(item.text) or _CITES_BASIS.search(item.text))


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
        for anchor in node.iter("a"):
            href = (anchor.get("href") or "").strip()
            if href and not href.lower().startswith(("javascript:", "mailto:", "#")):
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
        if href.lower().split("?", 1)[0].endswith(FORM_EXTENSIONS):
            hrefs.append(href)
    return hrefs


def _container(fields: list[Field]) -> lxml.html.HtmlElement | None:
    nodes = [node for item in fields for node in item.nodes[:1]]
    if not nodes:
        return None
    ancestors = list(nodes[0].iterancestors())
    common = nodes[0]
    for node in nodes[1:]:
        while common is not None and common is not node and not _contains(common, node):
            common = ancestors.pop(0) if ancestors else None
    return common


def _contains(ancestor: lxml.html.HtmlElement, node: lxml.html.HtmlElement) -> bool:
    return any(parent is ancestor for parent in node.iterancestors())


def _absolute(base: str, href: str | None) -> str:
    if not href:
        return ""
    try:
        url = urljoin(base, href.strip())
    except ValueError:
        return ""
    return url if url.startswith(("http://", "https://")) else ""
