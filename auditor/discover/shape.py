"""What a column's pages show, and the kind that follows from it with its evidence.

The list page: how many items, how many dated (`extract.extract_items`, which reads
markup, Hanweb datastores and script arrays), letters with a status (`extract.mailbox`),
leaders (`extract.leaders`), anchors that leave the site (a links column). One item
page: a 政府信息公开目录 block (索引号, 成文日期: `extract.document`), a letter, a
leader's page, a service guide's elements (`extract.services`).

`judge` weighs them with the name: a full name (通知公告) is believed unless the pages
say otherwise; a part of one (公告) or no name at all leans on the pages; where they
disagree, or nothing confirms the kind, the confidence drops below `UNCERTAIN` and the
proposal asks the person to confirm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..extract import ParsedPage, extract_items, extract_links
from ..extract.document import extract_document
from ..extract.leaders import extract_leaders
from ..extract.mailbox import extract_letters
from ..extract.services import extract_service
from ..models import FetchResult
from ..urls import crawl_key, host_of, is_fetchable
from .naming import STRONG, kind_from_name, kind_from_url

UNCERTAIN = 0.7  # below this a proposed kind is marked for the person to confirm
MIN_GUIDE_ELEMENTS = 3
MIN_OFFSITE = 3
READABLE_KINDS = frozenset({"documents", "mailbox", "leaders", "services", "links"})


@dataclass(frozen=True, slots=True)
class ListShape:
    status: int | None
    opened: bool
    items: int = 0
    dated: int = 0
    offsite: int = 0  # other sites linked from the page and not from the home page
    letters: int = 0  # letters with a status (已回复, 办理中 …)
    leaders: int = 0
    reports: int = 0  # items titled …年度报告
    sample: str | None = None  # an item page of the site, to look at
    error: str = ""


@dataclass(frozen=True, slots=True)
class ItemShape:
    document: bool = False  # 索引号 or 成文日期
    letter: bool = False
    leader: bool = False
    service: bool = False


@dataclass(frozen=True, slots=True)
class Judgement:
    kind: str
    confidence: float
    evidence: tuple[str, ...]


def list_shape(fetch: FetchResult, parsed: ParsedPage | None, hosts: frozenset[str], home_offsite: frozenset[str],
               as_of: date) -> ListShape:
    opened = fetch.outcome.answered and bool(fetch.text) and (fetch.status or 200) < 400
    if not opened or parsed is None:
        return ListShape(status=fetch.status, opened=False, error=fetch.error)
    tree, url = parsed.tree, parsed.url
    items = extract_items(tree, url, as_of)
    own = [i for i in items if host_of(i.url) in hosts]
    offsite = {crawl_key(link.target) for link in extract_links(tree, url)
               if link.element == "a" and is_fetchable(link.target) and host_of(link.target) not in hosts}
    letters = [letter for letter in extract_letters(tree, url, as_of) if letter.status or letter.answered is not None]
    leaders = extract_leaders(tree, url, as_of)
    sample = next((i.url for i in own if crawl_key(i.url) != crawl_key(url)), None)
    return ListShape(
        status=fetch.status, opened=True, items=len(own), dated=sum(1 for i in own if i.date is not None),
        offsite=len(offsite - home_offsite), letters=len(letters), leaders=len(leaders) if len(leaders) >= 2 else 0,
        reports=sum(1 for i in own if "年度报告" in i.title or "年报" in i.title), sample=sample,
    )


def item_shape(parsed: ParsedPage, as_of: date) -> ItemShape:
    if not parsed.fetch.outcome.answered or not parsed.text:
        return ItemShape()
    tree, url = parsed.tree, parsed.url
    document = extract_document(tree, url, as_of)
    guide = extract_service(tree, url)
    return ItemShape(
        document=document is not None and bool(document.index_no or document.formed),
        letter=bool(extract_letters(tree, url, as_of)),
        leader=bool(extract_leaders(tree, url, as_of)),
        service=guide is not None and len(guide.elements) >= MIN_GUIDE_ELEMENTS,
    )


def shape_kind(shape: ListShape, item: ItemShape | None) -> tuple[str | None, str]:
    """The kind the pages alone show, with the evidence in words; (None, "") when they show none."""
    item = item or ItemShape()
    if shape.letters >= 2 or item.letter and shape.letters:
        return "mailbox", f"列表为来信（{shape.letters} 封有办理状态）"
    if item.letter:
        return "mailbox", "条目页为来信（有来信、回复）"
    if shape.offsite >= MIN_OFFSITE and shape.offsite >= shape.items:
        return "links", f"链向 {shape.offsite} 个外站网址"
    if shape.leaders >= 2 or item.leader and shape.dated * 2 < shape.items:
        return "leaders", f"列出领导（{max(shape.leaders, 1)} 位）" if shape.leaders else "条目页为领导个人页"
    if item.service:
        return "services", "条目页有办事指南要素"
    if shape.reports and shape.reports * 2 >= shape.items:
        return "reports", f"条目为年度报告（{shape.reports} 篇）"
    if item.document:
        return "documents", "条目页有索引号/成文日期（公开目录要素）"
    return None, ""


def judge(name: str, url: str, shape: ListShape, item: ItemShape | None) -> Judgement:
    """The proposed kind of a column, how sure, and why."""
    evidence: list[str] = []
    by_name = kind_from_name(name)
    by_url = kind_from_url(url)
    by_pages, why = shape_kind(shape, item)
    if shape.opened:
        evidence.append(f"列表 {shape.items} 条，{shape.dated} 条有日期" if shape.items else "列表无条目")
    else:
        evidence.append(f"栏目页无法打开（{'HTTP ' + str(shape.status) if shape.status else shape.error or '无应答'}）")
    if by_name is not None:
        kind, confidence = by_name.kind, by_name.confidence
        evidence.insert(0, f"名称含“{by_name.word}”")
        if by_pages == kind:
            confidence = min(0.98, confidence + 0.12)
            evidence.append(why)
        elif by_pages in ("mailbox", "leaders", "links") and by_name.confidence < STRONG:
            kind, confidence = by_pages, UNCERTAIN
            evidence.append(f"{why}，与名称不符")
        elif by_pages == "documents":
            evidence.append(why)  # 信息公开 items of every kind carry the catalogue block
        elif by_pages is not None:
            confidence -= 0.2
            evidence.append(f"{why}，与名称不符")
        elif kind in READABLE_KINDS and shape.items and item is not None:
            confidence -= 0.1
            evidence.append("条目页未见该类栏目的特征")
        elif kind in ("news", "notices", "govinfo") and shape.dated:
            confidence = min(0.98, confidence + 0.05)
    elif by_pages is not None:
        kind, confidence = by_pages, UNCERTAIN
        evidence.insert(0, "名称无类型关键词")
        evidence.append(why)
    elif by_url is not None:
        kind, confidence = by_url[0], 0.6
        evidence.insert(0, "名称无类型关键词")
    else:
        kind, confidence = "other", 0.55 if shape.dated else 0.45
        evidence.insert(0, "名称无类型关键词")
    if by_url is not None:
        if by_url[0] == kind:
            confidence = min(0.98, confidence + 0.05)
        evidence.append(f"地址目录“{by_url[1]}”")
    if not shape.opened:
        confidence = min(confidence, 0.6)
    return Judgement(kind, round(max(0.05, confidence), 2), tuple(e for e in evidence if e))
