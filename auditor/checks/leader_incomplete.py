"""领导信息不全 / leader incomplete: a leader entry lacks photo, duties or CV, or its photo does not load.

R7 (孟津 2011): "进一步充实县政府领导照片、分工、简历等个人信息". The leaders are read from
the column's pages (its list page and each leader's own page); a leader seen on
several pages is judged once, by the entry that says most about them (usually their
own page). A photo counts only when it loads: its verdict in `resources` must not be
broken, timed out or wrong (a photo never checked is not judged). One finding per
leader, on the leader's page (key = the name), listing everything missing.

Examples::

    PASS: photo that loads, duties and CV
        column = { name = "领导信息", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        readings = [{ url = "http://127.0.0.1/ldxx/zs.html", leaders = [{ name = "张三", post = "县长", photo = "http://127.0.0.1/zs.jpg", duties = "主持县政府全面工作", cv = "男，汉族，1970年生" }] }]
        resources = [{ url = "http://127.0.0.1/zs.jpg", outcome = "ok", status = 200 }]

    PASS: the list page shows only the name, the leader's own page has everything
        column = { name = "领导信息", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        readings = [{ url = "http://127.0.0.1/ldxx/", leaders = [{ name = "张三", post = "县长", url = "http://127.0.0.1/ldxx/zs.html" }] }, { url = "http://127.0.0.1/ldxx/zs.html", leaders = [{ name = "张三", post = "县长", photo = "http://127.0.0.1/zs.jpg", duties = "主持县政府全面工作", cv = "男，汉族，1970年生" }] }]

    FAIL: the photo does not load and there is no CV
        requirement = "要求公开领导照片、分工、简历"
        column = { name = "领导信息", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        readings = [{ url = "http://127.0.0.1/ldxx/ls.html", leaders = [{ name = "李四", post = "副县长", photo = "http://127.0.0.1/ls.jpg", duties = "负责农业农村工作" }] }]
        resources = [{ url = "http://127.0.0.1/ls.jpg", status = 404 }]
        keys = ["李四"]
        messages = ["领导信息 李四（副县长）缺少：照片（无法加载，HTTP 404）、简历（要求公开领导照片、分工、简历）"]

    FAIL (2 findings): two leaders on the list page with duties, neither with a photo; only photos required
        params = { require = ["photo"] }
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        readings = [{ url = "http://127.0.0.1/ldxx/", leaders = [{ name = "王五", duties = "分管教育" }, { name = "赵六", cv = "男，1970年生" }] }]
        keys = ["王五", "赵六"]
        messages = ["领导之窗 王五缺少：照片", "领导之窗 赵六缺少：照片"]

    PASS: a name and a post alone (a list row, an article naming leaders) is no leader page to judge
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        readings = [{ url = "http://127.0.0.1/ldxx/202611/t20261120_1.html", leaders = [{ name = "张三", post = "县长" }, { name = "李四", post = "副县长" }] }]

    PASS: the list row links the leader's page, which could not be read: not judged on the row
        column = { name = "领导之窗", kind = "leaders", url = "http://127.0.0.1/ldxx/" }
        readings = [{ url = "http://127.0.0.1/ldxx/", leaders = [{ name = "张三", post = "县长", duties = "主持全面工作", url = "http://127.0.0.1/ldxx/zs.html" }] }]
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from ..models import ColumnSnapshot, Finding, Leader, SiteSnapshot
from .common import (
    MAX_TEXT_IN_MESSAGE,
    CheckInfo,
    CheckParams,
    CheckRule,
    Words,
    clip,
    make_finding,
    requirement,
)
from .resources import resource_failure

INFO = CheckInfo(
    id="leader.incomplete",
    scope="column",
    title=Words("领导信息不全", "leader information incomplete"),
    fix=Words(
        "补全领导的照片、工作分工和简历，并确认照片能正常显示",
        "Add each leader's photo, duties and CV, and check that the photo loads",
    ),
)

MAX_KEY_CHARS = 100
MAX_LEADERS = 200  # a leaders column lists a few dozen at most; more is a misread page

LeaderField = Literal["photo", "duties", "cv"]
FIELD_NAMES_ZH: dict[str, str] = {"photo": "照片", "duties": "分工", "cv": "简历"}


class Params(CheckParams):
    require: tuple[LeaderField, ...] = ("photo", "duties", "cv")


def check(site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot | None) -> Iterator[Finding]:
    params = rule.params
    assert isinstance(params, Params)
    if column is None:
        return
    for leader, page in column_leaders(site, column):
        gaps = _gaps(site, leader, params.require)
        if gaps:
            yield _finding(site, rule, column, leader, page, gaps)


def column_leaders(site: SiteSnapshot, column: ColumnSnapshot) -> list[tuple[Leader, str]]:
    """Each leader of the column once, with the page they are judged on, in name order.

    Only what can be judged is: an entry that says nothing but a name and a post (a
    list row, or a news article naming leaders) is no leader page, and a list row whose
    own page was linked but could not be read is not judged on the list row alone.
    """
    read_pages = {reading.url for reading in site.readings if reading.column_id == column.column_id}
    own_pages = {(leader.name, reading.url) for reading in site.readings for leader in reading.leaders
                 if reading.column_id == column.column_id and leader.url == reading.url}
    best: dict[str, tuple[Leader, str]] = {}
    for reading in site.readings:
        if reading.column_id != column.column_id:
            continue
        for leader in reading.leaders:
            name = " ".join(leader.name.split())
            page = leader.url or reading.url
            if name and (name not in best or _richness(leader, page) > _richness(*best[name])):
                best[name] = (leader, page)
    return [best[name] for name in sorted(best)[:MAX_LEADERS] if _judgeable(*best[name], read_pages, own_pages)]


def _judgeable(leader: Leader, page: str, read_pages: set[str], own_pages: set[tuple[str, str]]) -> bool:
    """A leader's own page (read by its labels) is judged whatever it lacks; a list entry or a
    name in an article only when it says more than a name, and not when its own page went unread."""
    if (leader.name, page) in own_pages:
        return True
    says_something = bool(leader.photo or leader.duties.strip() or leader.cv.strip())
    own_page_unread = bool(leader.url) and leader.url not in read_pages
    return says_something and not own_page_unread


def _richness(leader: Leader, page: str) -> tuple[int, bool]:
    """How much an entry says; on a tie, the entry read on the leader's own page wins."""
    fields = sum(bool(value) for value in (leader.photo, leader.duties.strip(), leader.cv.strip(), leader.post.strip()))
    return fields, bool(leader.url) and leader.url == page


def _gaps(site: SiteSnapshot, leader: Leader, require: tuple[str, ...]) -> list[tuple[str, str]]:
    """(field, how it reads in the message) for each required field missing or failing."""
    gaps: list[tuple[str, str]] = []
    for field in dict.fromkeys(require):
        gap = _photo_gap(site, leader.photo) if field == "photo" else _text_gap(field, getattr(leader, field))
        if gap is not None:
            gaps.append((field, gap))
    return gaps


def _photo_gap(site: SiteSnapshot, photo: str | None) -> str | None:
    if not photo:
        return FIELD_NAMES_ZH["photo"]
    failure = resource_failure(site, photo)
    return None if failure is None else f"照片（无法加载，{failure}）"


def _text_gap(field: str, text: str) -> str | None:
    return None if text.strip() else FIELD_NAMES_ZH[field]


def _finding(
    site: SiteSnapshot, rule: CheckRule, column: ColumnSnapshot, leader: Leader, page: str, gaps: list[tuple[str, str]],
) -> Finding:
    name = clip(leader.name, MAX_TEXT_IN_MESSAGE)
    who = f"{name}（{clip(leader.post, MAX_TEXT_IN_MESSAGE)}）" if leader.post.strip() else name
    return make_finding(
        rule, site, column=column, url=page, key=clip(leader.name, MAX_KEY_CHARS),
        message=f"{column.name} {who}缺少：{'、'.join(words for _, words in gaps)}{requirement(rule)}",
        evidence={"name": name, "post": clip(leader.post, MAX_TEXT_IN_MESSAGE), "missing": [f for f, _ in gaps],
                  "photo": leader.photo},
    )
