"""Leader mentions (content.wording, kind leader_title): a post written just before what may be a name.

Chinese official news writes people post first: 副县长张卫东; a chain of posts joined by 、
(县委副书记、县长王建国); one post before a list of names (副县长张卫东、赵志刚). Which names
are the unit's leaders is only known once its leader pages are read, maybe after this page,
so this scan only notes each post and the characters after it; `checks.wording` matches
them with the leaders at check time (`parse_post` is the one reading of a post both use).

A mention is noted only

- in the page's own text: not inside a link (list pages, home-page headlines and 相关新闻
  boxes carry other pages' titles, some of them years old);
- when the characters after the post start like a name (a common surname), so that 常委会,
  委员会 or 县长信箱 do not fill the page's quota;
- never after a word saying the post is not the person's current one (原, 时任, 退休, 挂职 …);
- on a page whose publication date is known and at most MAX_RECENT_DAYS old (titles change,
  and an undated page could be of any year). The date travels in the finding's
  `published`; the check applies its own, shorter window.

One PageFinding per distinct post chain and following text on a page (at most
MAX_PER_PAGE): `found` the chain as written (the first post with up to MAX_LEAD characters
of what precedes it in the clause: the check cuts it to the part that names a body),
`key` the CJK characters after it (up to AFTER_CHARS), `context` the sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import lxml.etree
import lxml.html

from ..models import PageFinding
from .leaders import POST_WORDS
from .parsed import ParsedPage
from .published import extract_published
from .wording import SKIPPED_ELEMENTS, sentence_around, visible_text_and_links

CHECK = "content.wording"
KIND = "leader_title"
MAX_PER_PAGE = 30
MAX_RECENT_DAYS = 366  # pages older than this are not noted at all: the check's window is never longer
MAX_TEXT_CHARS = 300_000  # an article names its people early; never read an endless page to the end
MAX_LEAD = 10  # characters before a post kept as its possible body (县人大常委会, 中共云溪县委)
MAX_CHAIN = 4  # posts joined by 、 before one name
AFTER_CHARS = 6  # a name (2 to 4) and what follows it, to tell 张卫 from 张卫东

_CJK = "\u4e00-\u9fff"
_POST_WORD = "|".join(sorted(map(re.escape, POST_WORDS), key=len, reverse=True))
# a post word followed (after at most one space) by a CJK character: where a name may start
_POST_HIT = re.compile(rf"(?:{_POST_WORD})(?=[ \u3000\xa0]?[{_CJK}])")
_POST_END = re.compile(rf"(?:{_POST_WORD})$")
_POST_OFFICE = re.compile(rf"(?P<office>{_POST_WORD})$")
_CJK_RUN_BEFORE = re.compile(rf"[{_CJK}]{{1,{MAX_LEAD}}}$")
_AFTER = re.compile(rf"[ \u3000\xa0]?(?P<after>[{_CJK}]{{1,{AFTER_CHARS}}})")
# said of a post that is not the person's current one, or not yet
_NOT_CURRENT = re.compile(r"原|前任|时任|曾任|历任|退休|离任|卸任|挂职|拟任|拟提名|提名|新任|当选|老")
# qualifiers of rank written between a body and the post word: 常务副县长, 县委副书记, 代县长
RANK_WORDS = ("常务", "副", "代", "第一", "执行", "专职")
_RANK = re.compile(rf"(?:{'|'.join(RANK_WORDS)})+$")
_PARENTHESES = re.compile(r"[（(][^（）()]{0,20}[)）]")
_POST_SEPARATORS = re.compile(r"[、，,；;/\s]+")

# common surnames: the first character of nearly every name in county news (minority names
# written otherwise are missed, a limit); words that often follow a post are left out
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳穆农司卓古吉"
    "缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂佟臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛"
    "仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆冀郁胥班储栗燕楚鄢劳谌奚皮粟冼蔺楼满闻厉伊仝郜阚权强帅屠豆朴"
    "盖练廉禹井祖漆巴丰卿狄索宣晋扈晁芮普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况宿鲜逯隆茹诸战慕危"
    "亢嵇哈湛宾戎勾茅揭尉冶斯束檀智幸奉植衡尧闭"
)


@dataclass(frozen=True)
class Post:
    """One post, read as body + rank + office: 县委 + 副 + 书记, "" + 常务副 + 县长."""

    body: str  # who the post is of, as written (may hold the clause's preceding words)
    rank: str  # 常务副, 副, 代 … ("" for the head)
    office: str  # the post word: 县长, 书记, 常委

    @property
    def text(self) -> str:
        return self.body + self.rank + self.office


def parse_post(piece: str) -> Post | None:
    """A single post (no 、) as body, rank and office; None when it does not end with a post word."""
    piece = _PARENTHESES.sub("", piece).strip()
    match = _POST_OFFICE.search(piece)
    if match is None:
        return None
    before = piece[: match.start()]
    rank = _RANK.search(before)
    cut = rank.start() if rank else len(before)
    return Post(body=before[:cut], rank=before[cut:], office=match["office"])


def split_posts(text: str) -> list[Post]:
    """The posts of a post string as a leader page or a chain writes it: 县委常委、常务副县长（挂职）."""
    posts = (parse_post(piece) for piece in _POST_SEPARATORS.split(_PARENTHESES.sub("", text)))
    return [post for post in posts if post is not None]


def scan_leader_mentions(parsed: ParsedPage) -> list[PageFinding]:
    """The leader mentions of an opened page, when it is dated and recent; [] otherwise."""
    if _POST_HIT.search(parsed.text) is None:
        return []  # most pages: no post word before a CJK character anywhere in the source
    text, links = own_text(parsed.tree)
    mentions = find_mentions(text, links)
    if not mentions:
        return []
    fetched = parsed.fetch.fetched_at
    as_of = fetched.date() if fetched is not None else date.today()
    published = extract_published(parsed.tree, parsed.text, parsed.url, as_of)
    if published is None or (as_of - published).days > MAX_RECENT_DAYS:
        return []
    return [
        PageFinding(check=CHECK, url=parsed.url, kind=KIND, found=chain, context=sentence,
                    key=after, published=published)
        for chain, after, sentence in mentions
    ]


def find_mentions(text: str, links: list[tuple[int, int]] | None = None) -> list[tuple[str, str, str]]:
    """(post chain as written, the CJK text after it, the sentence) of each distinct mention."""
    found: dict[tuple[str, str], str] = {}
    for hit in _POST_HIT.finditer(text):
        after = _AFTER.match(text, hit.end())
        if after is None or after["after"][0] not in SURNAMES:
            continue
        if links and any(start <= hit.start() < end for start, end in links):
            continue
        start = _chain_start(text, hit.start())
        chain = text[start:hit.end()]
        if _NOT_CURRENT.search(chain) or (chain, after["after"]) in found:
            continue
        found[chain, after["after"]] = sentence_around(text, start, after.end())
        if len(found) >= MAX_PER_PAGE:
            break
    return [(chain, after, sentence) for (chain, after), sentence in found.items()]


def _chain_start(text: str, post_start: int) -> int:
    """Where the chain ending in the post word at `post_start` begins: back over the CJK text of
    its post (up to MAX_LEAD characters more) and over earlier posts joined to it by 、."""
    start = post_start
    for _ in range(MAX_CHAIN):
        lead = _CJK_RUN_BEFORE.search(text, max(0, start - MAX_LEAD), start)
        start = lead.start() if lead else start
        # an earlier post joined by 、: 县委常委、|常务副县长
        if start > 0 and text[start - 1] == "、" and _POST_END.search(text, max(0, start - 13), start - 1):
            start -= 1
            continue
        break
    return start


# besides what the wording scan leaves out, form controls: their words are choices, not prose about people
_SKIPPED = SKIPPED_ELEMENTS | {"select", "option", "textarea", "button"}


def own_text(root: lxml.html.HtmlElement) -> tuple[str, list[tuple[int, int]]]:
    """The body's visible text and the spans of it that are the text of links."""
    return visible_text_and_links(root, skipped=_SKIPPED, max_chars=MAX_TEXT_CHARS)
