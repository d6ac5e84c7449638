"""Leader pages (领导信息 / 领导之窗 / 领导班子), for R7: photo, division of duties, CV.

Two kinds of page:

    one leader   姓名：张三  职务：县长  <img …>  工作分工：…  个人简历：…  (a table, lines or headings)
    a list       <li><a href="…"><img src="…"></a><a href="…">张三</a><span>副县长</span></li>
                 <li><a href="…">张三 副县长</a></li>

A leader is only believed when a post (县长, 副局长, 党委书记 …) stands beside a name of
two to four Chinese characters: nav entries like 县长信箱 or 领导之窗 are not leaders.
A photo whose file is a stand-in image (nophoto.jpg, default.png) is no photo.
"""

from __future__ import annotations

import re
from datetime import date

import lxml.etree
import lxml.html

from ..models import Leader
from .html import fold, visible_text
from .labelled import Field, Vocabulary, first_values, read_fields
from .links import document_base, resolve
from .title import page_title

MAX_TEXT_CHARS = 2_000
MAX_LEADERS = 100
MAX_PAGE_TEXT = 200_000
MAX_ITEM_TEXT = 150  # a list entry of one leader is short; longer text holds several
PHOTO_LEVELS = 5  # ancestors of a leader's fields searched for the photo

POST_WORDS = (
    "书记", "县长", "镇长", "乡长", "区长", "市长", "省长", "局长", "主任", "组长", "部长", "主席", "委员",
    "成员", "调研员", "巡视员", "秘书长", "检察长", "院长", "庭长", "所长", "馆长", "站长", "队长", "科长",
    "政委", "总工程师", "总经济师", "总会计师", "督学", "专员", "常委", "理事长", "社长", "行长", "厅长",
    "处长", "司长", "署长", "主任科员", "指挥长", "校长", "董事长",
)
_POST_WORD = "|".join(sorted(POST_WORDS, key=len, reverse=True))
_CJK = "\u4e00-\u9fff"
_NAME = rf"[{_CJK}]{{2,4}}|[{_CJK}]{{1,6}}·[{_CJK}]{{1,6}}"
_POST = rf"[{_CJK}、，,（）()]{{0,30}}?(?:{_POST_WORD})(?:[)）]|[（(][{_CJK}]{{1,8}}[)）])?"  # 副县长（挂职）
_NAME_THEN_POST = re.compile(rf"(?P<name>{_NAME})(?:同志)?[\s:：|，,]+(?P<post>{_POST})")
_NAME_ONLY = re.compile(rf"(?P<name>{_NAME})(?:同志)?")
_POST_IN_TEXT = re.compile(_POST)
_NOT_NAMES = re.compile(rf"信箱|领导|政府|办公|首页|简介|简历|分工|(?:{_POST_WORD})$")
_PLACEHOLDER = re.compile(r"no[_-]?photo|no[_-]?pic|no[_-]?img|default|zanwu|place[_-]?holder|blank|nopicture", re.I)
_DECORATIVE = re.compile(r"logo|icon|banner|dzjg|conac|jiucuo|beian|gongan|/ga\.|wza|search|btn|arrow|spacer", re.I)
_CV_SHAPE = re.compile(r"[男女]，|出生|生，|参加工作|学历")

_LEADER_LABELS = {
    "name": ("姓名",),
    "post": ("现任职务", "职务", "职位", "现任"),
    "duties": ("工作分工", "分工", "分管工作", "分管", "主要职责", "工作职责", "职责", "负责工作", "分管领域",
               "分管范围", "分管部门"),
    "cv": ("个人简历", "简历", "工作简历", "个人简介", "简介", "履历"),
}
# the shortest post words cover the longer ones (副局长, 党组书记): a cheap test for text near a post
_POST_HINT = re.compile("长|书记|主任|委员|成员|员|部长|主席|政委|专员|督学|常委|师")
_WHITESPACE = re.compile(r"\s+")
_LABEL_HINTS = ("姓", "简历", "简介", "履历", "分工", "分管", "职责")  # 姓　　名 is spaced out
_VOCABULARY = Vocabulary({label: key for key, labels in _LEADER_LABELS.items() for label in labels})


def extract_leaders(tree: lxml.html.HtmlElement, page_url: str, as_of: date) -> list[Leader]:
    """The leader of a leader's page, or the leaders listed on a leaders page; [] otherwise.

    `as_of` is taken for symmetry with the other extractors: leader entries carry no dates.
    """
    text = lxml.etree.tostring(tree, method="text", encoding=str)[:MAX_PAGE_TEXT]
    if not any(word in text for word in ("长", "书记", "主任", "员", "姓名", "简历", "分工")):
        return []
    base = document_base(tree, page_url)
    listed = _listed_leaders(tree, base)[:MAX_LEADERS]
    if len(listed) >= 2:  # a list whose entries carry 分工 lines is still a list
        return listed
    squeezed = _WHITESPACE.sub("", text)  # labels are spaced out: 简　　历
    single = _single_leader(tree, page_url, base) if any(word in squeezed for word in _LABEL_HINTS) else None
    return [single] if single is not None else listed


# one leader's page ----------------------------------------------------------------------


def _single_leader(tree: lxml.html.HtmlElement, page_url: str, base: str) -> Leader | None:
    fields = first_values([item for item in read_fields(tree, _VOCABULARY) if item.key])
    if not ({"name", "duties", "cv"} & fields.keys()):
        return None
    name, post, heading = _name_and_post(tree, fields)
    if not name:
        return None
    anchor_node = fields["name"].nodes[0] if "name" in fields else (heading if heading is not None else _any_node(fields))
    cv = _text(fields, "cv") or _cv_paragraph(tree, name)
    return Leader(
        name=name,
        post=fold(_text(fields, "post") or post, MAX_TEXT_CHARS),
        photo=_photo_near(anchor_node, base),
        duties=_text(fields, "duties"),
        cv=cv,
        url=page_url,
    )


def _name_and_post(tree: lxml.html.HtmlElement, fields: dict[str, Field]
                   ) -> tuple[str, str, lxml.html.HtmlElement | None]:
    if "name" in fields:
        match = _NAME_ONLY.match(fields["name"].text)
        if match and not _NOT_NAMES.search(match["name"]):
            return match["name"], "", None
    for heading in tree.iter("h1", "h2", "h3", "h4"):
        name, post = _name_post_of(visible_text(heading, 60))
        if name:
            return name, post or _post_after(heading), heading
    name, post = _name_post_of(page_title(tree)[:60])
    return name, post, None


def _post_after(heading: lxml.html.HtmlElement) -> str:
    """<h2>张三</h2><p class="zw">副县长</p>: the post printed right under the name."""
    sibling = heading.getnext()
    text = visible_text(sibling, 40) if sibling is not None and isinstance(sibling.tag, str) else ""
    return text if _POST_IN_TEXT.fullmatch(text) else ""


def _name_post_of(text: str) -> tuple[str, str]:
    match = _NAME_THEN_POST.fullmatch(text)
    if match and not _NOT_NAMES.search(match["name"]):
        return match["name"], match["post"]
    match = _NAME_ONLY.fullmatch(text)
    if match and not _NOT_NAMES.search(match["name"]):
        return match["name"], ""
    return "", ""


def _any_node(fields: dict[str, Field]) -> lxml.html.HtmlElement | None:
    return next((item.nodes[0] for item in fields.values() if item.nodes), None)


def _text(fields: dict[str, Field], key: str) -> str:
    return fields[key].text if key in fields else ""


def _cv_paragraph(tree: lxml.html.HtmlElement, name: str) -> str:
    """An unlabelled CV: a paragraph that starts with the name and reads like one (男，汉族，1970年生…)."""
    for paragraph in tree.iter("p"):
        text = visible_text(paragraph, MAX_TEXT_CHARS)
        if text.startswith(name) and _CV_SHAPE.search(text[:80]):
            return text
    return ""


def _photo_near(node: lxml.html.HtmlElement | None, base: str) -> str | None:
    """The first content image in the nearest ancestors of the leader's fields."""
    level = 0
    while node is not None and level < PHOTO_LEVELS and node.tag not in ("body", "html"):
        for image in node.iter("img"):
            src = (image.get("src") or "").strip()
            if src and not _DECORATIVE.search(src):
                return _photo_url(base, src)
        node, level = node.getparent(), level + 1
    return None


def _photo_url(base: str, src: str) -> str | None:
    if _PLACEHOLDER.search(src.rsplit("/", 1)[-1]):
        return None
    return resolve(src, base, as_written=True)


# a list of leaders ----------------------------------------------------------------------


def _listed_leaders(tree: lxml.html.HtmlElement, base: str) -> list[Leader]:
    leaders: dict[tuple[str, str], Leader] = {}
    near_posts = _near_post_words(tree)
    for anchor in tree.iter("a"):
        leader = _leader_of_anchor(anchor, base, near_posts)
        if leader is not None:
            leaders.setdefault((leader.name, leader.url), leader)
    return list(leaders.values())


def _near_post_words(tree: lxml.html.HtmlElement) -> set[lxml.html.HtmlElement]:
    """Elements within three levels above a text that names a post: where a name alone may be a leader."""
    near: set[lxml.html.HtmlElement] = set()
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and _POST_HINT.search(element.text):
            _add_with_ancestors(near, element)
        if element.tail and _POST_HINT.search(element.tail):
            _add_with_ancestors(near, element.getparent())
    return near


def _add_with_ancestors(near: set[lxml.html.HtmlElement], node: lxml.html.HtmlElement | None) -> None:
    for _ in range(4):
        if node is None:
            break
        near.add(node)
        node = node.getparent()


def _leader_of_anchor(anchor: lxml.html.HtmlElement, base: str,
                      near_posts: set[lxml.html.HtmlElement]) -> Leader | None:
    text = visible_text(anchor, 60)
    if not text:
        return None
    name, post = _name_post_of(text)
    if not name or not post and not _has_ancestor_in(anchor, near_posts):
        return None
    entry = _entry_of(anchor, name)
    if not post:
        post = _post_beside(entry, name) if entry is not None else ""
    if not post:
        return None
    fields = first_values([item for item in read_fields(entry, _VOCABULARY) if item.key]) if entry is not None else {}
    return Leader(name=name, post=post, photo=_entry_photo(entry, base), duties=_text(fields, "duties"),
                  cv=_text(fields, "cv"), url=_link_url(base, anchor.get("href")))


def _has_ancestor_in(node: lxml.html.HtmlElement, elements: set[lxml.html.HtmlElement]) -> bool:
    ancestor = node.getparent()
    for _ in range(3):  # the parent, the grandparent and the one above
        if ancestor is None:
            return False
        if ancestor in elements:
            return True
        ancestor = ancestor.getparent()
    return False


def _entry_of(anchor: lxml.html.HtmlElement, name: str) -> lxml.html.HtmlElement | None:
    """The element holding this leader's entry: the largest of three ancestors still short and about them."""
    entry = None
    node = anchor.getparent()
    for _ in range(3):
        if node is None or node.tag in ("body", "html", "ul", "ol", "table", "tbody"):
            break
        text = visible_text(node, MAX_ITEM_TEXT + 1)
        if len(text) > MAX_ITEM_TEXT or name not in text or _images(node) > 1:
            break  # grown past this one leader: the text or the photos of others
        entry = node
        node = node.getparent()
    return entry


def _images(node: lxml.html.HtmlElement) -> int:
    return sum(1 for _ in node.iter("img"))


def _post_beside(entry: lxml.html.HtmlElement, name: str) -> str:
    pieces = (piece.strip() for piece in entry.itertext())  # entries of divs have no spaces between parts
    rest = " ".join(piece for piece in pieces if piece)[:MAX_ITEM_TEXT].replace(name, " ", 1)
    for part in re.split(r"[\s|：:]+", rest):
        if _POST_IN_TEXT.fullmatch(part):
            return part
    return ""


def _entry_photo(entry: lxml.html.HtmlElement | None, base: str) -> str | None:
    if entry is None:
        return None
    for image in entry.iter("img"):
        src = (image.get("src") or "").strip()
        if src:
            return _photo_url(base, src)
    return None


def _link_url(base: str, href: str | None) -> str:
    href = (href or "").strip()
    if not href or href.lower().startswith(("javascript:", "#", "mailto:")):
        return ""
    return resolve(href, base, as_written=True) or ""
