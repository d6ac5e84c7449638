"""表述错误和错别字 / wording: a listed wrong form of a political formulation, a body's or a law's name, or a 错别字 in a page's text; a leader named with a post the leader pages do not give them.

The content scan (`auditor.extract.wording`) reads every HTML page the crawl opens and
matches its visible text against the lists of wrong forms (`wording_lists/*.toml`, each
entry with its right form and the source of it). Only forms that are never right are
listed, so a finding is an error wherever it stands; the office still confirms a
严重表述错误 before treating it as a veto. One finding per page, listing each distinct
error of the rule's `kinds` with its sentence and right form (up to 10 in the evidence).

Leader titles (kind leader_title): the scan (`auditor.extract.leader_mentions`) notes each
post written just before what may be a name (副县长张卫东; a chain: 县委常委、常务副县长李红梅)
on dated pages; here the name is looked up among the leaders of the site's leader pages
(readings of kind leaders; a name's posts on several pages are merged). The written post
is wrong when none of the leader's posts supports it: the same post, or one with a body or
a leading qualifier left out (常务副县长 as 副县长, 县委副书记 as 副书记), but never with 副 left
out (a 副县长 called 县长) or a word added (a 副县长 called 常务副县长). Judged only: on pages
published within `leader_recent_days` of the audit (titles change; undated pages never);
for a name on the leader pages that is one person's (not another unit's official, not a
name two leaders share, not 张卫 in 张卫东); for the name right after the post (not the
others of 副县长张卫东、赵志刚); against a listed post of the same office (the government's
县长/市长/区长/镇长/乡长 posts always; others only of the same body: 县委书记 against 县委副书记,
never 书记 alone or 党组书记 against 县委副书记, a post the leader pages may leave out). A
unit's head post written without a body (副局长, 主任; after 会议由 or 我局 too) is the unit's
own: it compares with the leader pages' 局长 or 县民政局局长 (a 局长 called 副局长), never with
another body's (县人大常委会主任) or a division's (武装部部长). The principal 书记 of a level's
party committee (县委书记, 镇党委书记) is never that level's 县长/镇长 or a deputy: a leader
listed only as 镇党委书记 called 镇长 or 副镇长 is wrong; not a 县委书记 called 副市长 (another
level), nor a 党委书记 whose committee the page does not name. A leader with two posts
(局党组书记、局长) is right under either. Never after
原/时任/退休/挂职/新任…, for an acting 代县长, or in a link's text (lists of other pages'
titles). No leader page read: nothing judged (reported as not verified).

Law names and body names are patterns besides the lists. A title in 《》 ending in 法, 法典 or
条例 is checked against the names of the laws in force and the common regulations
(`wording_lists/law_names.toml`): it is wrong only when exactly one listed name is a near miss
of it (one character swapped; the same characters in another order, 促进就业法 for 就业促进法;
or one or two left out of a law's name written with its 中华人民共和国), and the right form is
that name. An unknown name (a new law), a short form
without the prefix (《招投标法》 is how people cite it), a local or a foreign title, or a repealed
or draft name is never judged. A body's wrong forms (人民检查院, 纪律检察委员会, 纪捡, 最高人名法院) are made
from its fixed name and the confusable pairs of `body_names.toml`, dropping any form that is a
part of a correct name.

Not judged: wrong ordinals that depend on the date (党的十九大 in a text of 2023), a
leader's name misspelt (a name not on the leader pages is never judged), errors split by
markup across two blocks, and a correction written without quotes (应为国务院办公厅而非国务院
办公室), which is reported.

Examples::

    PASS: no wording error found on any page
        params = { kinds = ["formulation", "body_name", "law_name"] }

    PASS: a typo is not a rule's error when the rule judges serious errors only
        params = { kinds = ["formulation", "body_name", "law_name"] }
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "typo", found = "再接再励", context = "再接再励，再创佳绩。", correction = "再接再厉", source = "《现代汉语词典》" }]

    FAIL: a wrong name of a state body and a wrong formulation on one page: one finding
        params = { kinds = ["formulation", "body_name", "law_name"] }
        requirement = "网站不得出现严重表述错误"
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "body_name", found = "国务院办公室", context = "根据国务院办公室通知要求。", correction = "国务院办公厅", source = "国务院组成部门" }, { check = "content.wording", url = "http://127.0.0.1/a.html", kind = "formulation", found = "十九大四中全会", context = "学习十九大四中全会精神。", correction = "十九届四中全会", source = "全会公报" }]
        messages = ["页面 http://127.0.0.1/a.html 有 2 处表述错误：“国务院办公室”应为“国务院办公厅”（“根据国务院办公室通知要求。”）；“十九大四中全会”应为“十九届四中全会”（“学习十九大四中全会精神。”）（网站不得出现严重表述错误）"]

    FAIL (2 findings): 错别字 on two pages
        params = { kinds = ["typo"] }
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "typo", found = "再接再励", context = "再接再励，再创佳绩。", correction = "再接再厉" }, { check = "content.wording", url = "http://127.0.0.1/b.html", kind = "typo", found = "截止目前", context = "截止目前，已办结。", correction = "截至目前" }]
        messages = ["页面 http://127.0.0.1/a.html 有 1 处错别字：“再接再励”应为“再接再厉”（“再接再励，再创佳绩。”）", "页面 http://127.0.0.1/b.html 有 1 处错别字：“截止目前”应为“截至目前”（“截止目前，已办结。”）"]

    FAIL: 常务 added to a 副县长's post, on a recent page
        params = { kinds = ["leader_title"] }
        requirement = "网站不得出现严重表述错误"
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldzc/" }
        readings = [{ url = "http://127.0.0.1/ldzc/", leaders = [{ name = "王建国", post = "县委副书记、县长" }, { name = "李红梅", post = "县委常委、常务副县长" }, { name = "赵志刚", post = "副县长" }] }]
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "leader_title", found = "常务副县长", key = "赵志刚主持会", context = "常务副县长赵志刚主持会议。", published = 2026-11-27 }]
        messages = ["页面 http://127.0.0.1/a.html 有 1 处领导职务错误：“常务副县长赵志刚”与领导信息页不符（领导信息页：赵志刚 副县长）（“常务副县长赵志刚主持会议。”）（网站不得出现严重表述错误）"]

    PASS: posts as the leader pages give them, abbreviated, chained, one post before a list of names
        params = { kinds = ["leader_title"] }
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldzc/" }
        readings = [{ url = "http://127.0.0.1/ldzc/", leaders = [{ name = "王建国", post = "县委副书记、县长" }, { name = "李红梅", post = "县委常委、常务副县长" }, { name = "张卫东", post = "副县长" }] }]
        page_findings = [{ check = "content.wording", kind = "leader_title", found = "县委副书记、县长", key = "王建国主持会", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "县委常委、常务副县长", key = "李红梅", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "副县长", key = "李红梅出席", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "副县长", key = "张卫东", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "会议由副书记", key = "王建国主持", published = 2026-11-20 }]

    FAIL (2 findings): a town's party secretary called its 镇长, a department's 局长 called 副局长 (pages of one site each)
        params = { kinds = ["leader_title"] }
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldzc/" }
        readings = [{ url = "http://127.0.0.1/ldzc/", leaders = [{ name = "刘振华", post = "镇党委书记" }, { name = "陈国栋", post = "镇党委副书记、镇长" }, { name = "邓国华", post = "局党组书记、局长" }] }]
        page_findings = [{ check = "content.wording", url = "http://127.0.0.1/a.html", kind = "leader_title", found = "会议由镇长", key = "刘振华主持", context = "会议由镇长刘振华主持。", published = 2026-11-27 }, { check = "content.wording", url = "http://127.0.0.1/b.html", kind = "leader_title", found = "副局长", key = "邓国华出席", context = "副局长邓国华出席会议。", published = 2026-11-27 }]
        messages = ["页面 http://127.0.0.1/a.html 有 1 处领导职务错误：“镇长刘振华”与领导信息页不符（领导信息页：刘振华 镇党委书记）（“会议由镇长刘振华主持。”）", "页面 http://127.0.0.1/b.html 有 1 处领导职务错误：“副局长邓国华”与领导信息页不符（领导信息页：邓国华 局党组书记、局长）（“副局长邓国华出席会议。”）"]

    PASS: town and department posts as their leader pages give them, either of two posts, 书记 alone
        params = { kinds = ["leader_title"] }
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldzc/" }
        readings = [{ url = "http://127.0.0.1/ldzc/", leaders = [{ name = "刘振华", post = "镇党委书记" }, { name = "陈国栋", post = "镇党委副书记、镇长" }, { name = "邓国华", post = "局党组书记、局长" }, { name = "孙立新", post = "局党组成员、副局长" }] }]
        page_findings = [{ check = "content.wording", kind = "leader_title", found = "党委书记", key = "刘振华", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "镇党委副书记、镇长", key = "陈国栋", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "局长", key = "邓国华", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "书记", key = "邓国华", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "副局长", key = "孙立新", published = 2026-11-20 }]

    PASS: a name not on the leader pages (another unit's official), and a page older than the window
        params = { kinds = ["leader_title"], leader_recent_days = 90 }
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldzc/" }
        readings = [{ url = "http://127.0.0.1/ldzc/", leaders = [{ name = "赵志刚", post = "副县长" }] }]
        page_findings = [{ check = "content.wording", kind = "leader_title", found = "市委常委、常务副市长", key = "张三出席", published = 2026-11-20 }, { check = "content.wording", kind = "leader_title", found = "常务副县长", key = "赵志刚主持", published = 2026-05-10 }]

    PASS: no leader page read: nothing to compare the posts with
        params = { kinds = ["leader_title"] }
        page_findings = [{ check = "content.wording", kind = "leader_title", found = "常务副县长", key = "赵志刚主持", published = 2026-11-20 }]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from pydantic import Field

from ..extract.leader_mentions import KIND as LEADER_TITLE
from ..extract.leader_mentions import MAX_RECENT_DAYS, Post, parse_post, split_posts
from ..models import ColumnSnapshot, Finding, Leader, PageFinding, SiteSnapshot
from ..urls import normalise
from .common import (
    MAX_URL_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    NonEmpty,
    Words,
    clip,
    make_finding,
    requirement,
)

INFO = CheckInfo(
    id="content.wording",
    scope="site",
    title=Words("表述错误、错别字", "wording errors"),
    fix=Words(
        "核对并更正页面中的错误表述和错别字（党和国家重要会议、机构名称、法律法规名称以权威文本为准），严重表述错误须立即更正",
        "Check and correct the wrong wording and miswritten words on the page (names of congresses, bodies and laws as the official texts give them); correct serious errors at once",
    ),
)

CHECK = INFO.id  # the check its page findings are filed under
WordingKind = Literal["formulation", "body_name", "law_name", "typo", "leader_title"]
MAX_IN_MESSAGE = 3  # errors spelt out in the sentence; the evidence holds up to MAX_IN_EVIDENCE
MAX_IN_EVIDENCE = 10
MAX_SENTENCE = 60
KIND_LABELS = {"typo": "错别字", LEADER_TITLE: "领导职务错误"}  # a page's errors all of one kind; else 表述错误
# the government's head and deputies: one body, so 县长 and 常务副县长 compare without naming it
HEAD_OFFICES = frozenset({"县长", "区长", "市长", "镇长", "乡长", "省长"})
# the head posts of a unit whose deputy (副局长) is a post of the same unit: written without a
# body on the unit's own site (副局长邓国华), they name the unit's own post. Not 书记 (县委? 党组?
# 支部?), 委员/成员/常委 (no deputy), 组长/指挥长 (of passing 领导小组 and 指挥部)
UNIT_HEAD_OFFICES = frozenset({
    "局长", "主任", "院长", "所长", "馆长", "站长", "队长", "科长", "部长", "主席", "行长", "社长", "校长", "庭长",
    "检察长", "厅长", "处长", "司长", "署长", "秘书长", "理事长", "董事长", "政委",
})
# heads of a standalone unit: a leader page's 县民政局局长 is the unit's own post as 局长 is
STANDALONE_HEADS = frozenset({"局长", "院长", "所长", "馆长", "站长", "行长", "社长", "校长"})
# the words a clause puts before a post that name no body (会议由, 陪同人员有, 邀请), or the
# unit's own (我局, 本镇)
_NO_BODY = re.compile(r"(?:^|[由有请同及和与是为向对经在]|(?:我|本)(?:局|委|办|院|所|站|馆|队|镇|乡|中心|单位|街道))$")
# the principal 书记 of a level's party committee (县委, 镇党委, 中共某县委员会), never the
# government's head at that level (the 县长 is 县委副书记); not 社区党委 nor 园区党委
_LEVEL_PARTY = re.compile(r"(?<![社园景小校])(?P<level>[县市区镇乡旗])(?:党?委|委员会)$")
# what follows a two-character name in news (主持, 出席, 参加, 等, 同志 …): 张卫 is not 张卫东
NAME_FOLLOWERS = frozenset("主出参讲指强表要带率一等和与及同在到深先前赴对就向为陪调察检督作做宣介汇通传分也还首随会看慰听提部兼说称接亲视是的")


class Params(CheckParams):
    kinds: NonEmpty[WordingKind] = ("formulation", "body_name", "law_name", "typo", "leader_title")
    # leader_title: only pages published this recently are compared with today's leader pages
    leader_recent_days: int = Field(default=90, ge=1, le=MAX_RECENT_DAYS)


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    leaders = site_leaders(site) if LEADER_TITLE in params.kinds else Leaders({}, frozenset())
    as_of = site.as_of.date()
    by_page: dict[str, dict[str, PageFinding]] = {}
    for found in site.page_findings:
        if found.check != CHECK or found.kind not in params.kinds:
            continue
        error = wrong_title(found, leaders, as_of, params.leader_recent_days) if found.kind == LEADER_TITLE else found
        if error is not None:
            by_page.setdefault(found.url, {}).setdefault(error.found, error)
    key = "+".join(sorted(set(params.kinds)))
    for url, errors in by_page.items():
        listed = list(errors.values())
        kinds = {e.kind for e in listed}
        label = KIND_LABELS.get(next(iter(kinds)), "表述错误") if len(kinds) == 1 else "表述错误"
        shown = "；".join(_describe(e) for e in listed[:MAX_IN_MESSAGE]) + ("等" if len(listed) > MAX_IN_MESSAGE else "")
        yield make_finding(
            rule, site, column=None, url=url, key=key,
            message=f"页面 {clip(url, MAX_URL_IN_MESSAGE)} 有 {len(listed)} 处{label}：{shown}{requirement(rule)}",
            evidence={"errors": [
                {"wrong": e.found, "right": e.correction, "kind": e.kind, "sentence": clip(e.context, MAX_SENTENCE),
                 "source": e.source}
                for e in listed[:MAX_IN_EVIDENCE]
            ], "count": len(listed)},
        )


def _describe(error: PageFinding) -> str:
    sentence = f"（“{clip(error.context, MAX_SENTENCE)}”）" if error.context else ""
    if error.kind == LEADER_TITLE:
        return f"“{error.found}”与领导信息页不符（领导信息页：{error.correction}）{sentence}"
    return f"“{error.found}”应为“{error.correction}”{sentence}"


# leader titles ------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A leader as the site's leader pages give them: every post they list, merged."""

    name: str
    posts: tuple[str, ...]  # each post once, as written (县委常委, 常务副县长)
    url: str  # a leader page naming them


@dataclass(frozen=True)
class Leaders:
    """The site's leaders by name; `shared` names are two people's and never judged."""

    people: dict[str, Person]
    shared: frozenset[str]

    def named_at(self, text: str) -> Person | None:
        """The leader whose name `text` starts with (the longest), unless the name is two people's or
        runs on into a longer one (张卫 in 张卫东)."""
        names = [name for name in (*self.people, *self.shared) if text.startswith(name)]
        if not names:
            return None
        name = max(names, key=len)
        if name in self.shared or len(name) == 2 and len(text) > 2 and text[2] not in NAME_FOLLOWERS:
            return None
        return self.people[name]


def site_leaders(site: SiteSnapshot) -> Leaders:
    """The leaders of the site's leader pages (readings of kind leaders). A name listed with
    different posts on different pages is one person with every post; a name on two entries of
    one page, or linking two different leader's pages, is two people."""
    entries: dict[str, list[tuple[str, Leader]]] = {}
    shared: set[str] = set()
    for reading in site.readings:
        if reading.kind != "leaders":
            continue
        on_page: set[str] = set()
        for leader in reading.leaders:
            if leader.name in on_page:
                shared.add(leader.name)
            on_page.add(leader.name)
            entries.setdefault(leader.name, []).append((reading.url, leader))
    people: dict[str, Person] = {}
    for name, listed in entries.items():
        own_pages = {normalise(leader.url) for _, leader in listed if leader.url}
        if len(own_pages) > 1:
            shared.add(name)
        if name in shared:
            continue
        posts = _unique(post.text for _, leader in listed for post in split_posts(leader.post))
        if posts:
            people[name] = Person(name, posts, listed[0][1].url or listed[0][0])
    return Leaders(people, frozenset(shared))


def wrong_title(mention: PageFinding, leaders: Leaders, as_of: date, recent_days: int) -> PageFinding | None:
    """The mention as an error when it names a leader with a post their leader pages do not support.

    Judged only on a page published within `recent_days` (its `published` date), for a name on
    the leader pages, and for a post comparable with one they list; the error quotes the post
    from the wrong one on, as written, and the name.
    """
    published = mention.published
    person = leaders.named_at(mention.key)
    if published is None or not -1 <= (as_of - published).days <= recent_days or person is None:
        return None
    own = [post for post in map(parse_post, person.posts) if post is not None]
    pieces = mention.found.split("、")
    for index, piece in enumerate(pieces):
        written = parse_post(piece)
        against = _wrong_against(written, own) if written is not None else None
        if written is None or against is None:
            continue
        shown = "、".join([_shown(written, against), *pieces[index + 1:]]) + person.name
        return PageFinding(check=CHECK, url=mention.url, kind=LEADER_TITLE, found=shown, context=mention.context,
                           correction=f"{person.name} {'、'.join(person.posts)}", source=person.url,
                           key=f"{LEADER_TITLE}:{shown}")
    return None


def _wrong_against(written: Post, own: list[Post]) -> Post | None:
    """The leader's post that `written` contradicts, or None when one supports it or none compares."""
    if any(_supports(post, written) for post in own):
        return None
    if "代" in written.rank:  # an acting head, written before the election made them 县长
        return None
    same = next((post for post in own if _same_office(post, written)), None)
    return same or _party_head_as_government(written, own)


def _supports(own: Post, written: Post) -> bool:
    """The post as listed, or abbreviated: a body or a leading qualifier left out (常务副县长 as
    副县长, 县委副书记 as 副书记), never 副 (a 副县长 is no 县长) and nothing added (常务)."""
    body = _named_body(written.body)
    if own.office != written.office or body and own.body and not _same_body(own.body, body):
        return False
    dropped = own.rank[: len(own.rank) - len(written.rank)]
    return own.rank.endswith(written.rank) and "副" not in dropped


def _same_office(own: Post, written: Post) -> bool:
    """The same office of the same body: 县长 and 常务副县长 always (the government's), 县委书记 and
    县委副书记, but not 书记 alone (县委? 党组? 支部?) nor 党组书记 against 县委副书记; a unit's
    head post written without a body (副局长) against the unit's own (局长, 县民政局局长)."""
    if own.office != written.office:
        return False
    body = _named_body(written.body)
    if own.office in HEAD_OFFICES:
        return not (own.body and body and not _same_body(own.body, body))
    if own.body and body:
        return _same_body(own.body, body)
    return own.office in UNIT_HEAD_OFFICES and not body and _unit_own(own)


def _party_head_as_government(written: Post, own: list[Post]) -> Post | None:
    """The leader's principal 书记 of a level's party committee when `written` is a post of that
    level's government (镇长 or 副镇长 for a 镇党委书记) and they hold none: the 书记 and the
    government's head and deputies are different people. Only for a written post naming no
    other body than that government (县政府副县长; not another place's)."""
    if written.office not in HEAD_OFFICES or any(post.office in HEAD_OFFICES for post in own):
        return None
    level = written.office[0]
    body = _named_body(written.body)
    for government in (f"{level}人民政府", f"{level}政府"):
        if body.endswith(government) and not _named_body(body[: -len(government)]):
            body = ""
    if body:
        return None
    return next((post for post in own if post.office == "书记" and not post.rank
                 and (party := _LEVEL_PARTY.search(post.body)) is not None and party["level"] == level), None)


def _named_body(body: str) -> str:
    """The written body, or "" when the words before the post name none (会议由, 我局)."""
    return "" if _NO_BODY.search(body) else body


def _unit_own(own: Post) -> bool:
    """A leader page's post of the unit itself: written without a body (局党组书记、局长) or with
    a standalone unit whose head the office is (县民政局局长, 县社会福利院院长); not a division
    (武装部部长, 治安大队队长: a 部长 may well be another 部's 副部长)."""
    return not own.body or own.office in STANDALONE_HEADS and own.body.endswith(own.office[0])


def _same_body(one: str, other: str) -> bool:
    """县委 and 中共云溪县委: the shorter ends the longer (the written body may carry the words
    before it in its clause: 会议由县委)."""
    return one.endswith(other) or other.endswith(one)


def _shown(written: Post, own: Post) -> str:
    """The written post without the clause words before its body: its body only as far as the
    leader page's names it."""
    body = _named_body(written.body)
    if not own.body:
        body = ""
    elif body.endswith(own.body):
        body = own.body
    return body + written.rank + written.office


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
