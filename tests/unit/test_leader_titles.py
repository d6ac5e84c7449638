"""content.wording's leader titles: posts written before a leader's name, compared with the leader pages.

The scan (extract/leader_mentions.py) notes "post + what follows" on dated pages; the check
(checks/wording.py, kind leader_title) judges the ones that name a leader of the site's
leader pages with a post those pages do not support.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from auditor.api import builtin_rulesets
from auditor.checks import CHECKS, evaluate
from auditor.checks.coverage import unverified_checks
from auditor.checks.examples import Example, build_site, run_example
from auditor.extract import parse_page
from auditor.extract.leader_mentions import (
    MAX_PER_PAGE,
    find_mentions,
    parse_post,
    scan_leader_mentions,
    split_posts,
)
from auditor.extract.scan import scan_page
from auditor.models import FetchResult, Finding, Outcome, PageFinding

GOV_CN = [r for r in builtin_rulesets() if r.id == "gov-cn-2019"]
FETCHED = datetime(2026, 11, 28, 9, 0)
PORTAL_LEADERS = [
    {"name": "王建国", "post": "县委副书记、县长", "url": "http://127.0.0.1/ldzc/wjg.html"},
    {"name": "李红梅", "post": "县委常委、常务副县长", "url": "http://127.0.0.1/ldzc/lhm.html"},
    {"name": "张卫东", "post": "副县长", "url": "http://127.0.0.1/ldzc/zwd.html"},
    {"name": "赵志刚", "post": "副县长", "url": "http://127.0.0.1/ldzc/zzg.html"},
]


def page(body: str, published: str | None = "2026-11-27", url: str = "http://127.0.0.1/xw/a.html") -> FetchResult:
    meta = f'<meta name="PubDate" content="{published}">' if published else ""
    return FetchResult(url=url, final_url=url, outcome=Outcome.OK, status=200, content_type="text/html",
                       text=f"<html><head>{meta}<title>新闻</title></head><body>{body}</body></html>",
                       fetched_at=FETCHED)


def mentions(body: str, published: str | None = "2026-11-27") -> list[tuple[str, str]]:
    return [(f.found, f.key) for f in scan_leader_mentions(parse_page(page(body, published)))]


# ---- the scan ----------------------------------------------------------------------------

def test_a_post_before_a_name_is_noted_with_its_chain_date_and_sentence() -> None:
    found = scan_leader_mentions(parse_page(page(
        "<p>我县召开推进会。县委副书记、县长王建国出席会议并讲话，常务副县长赵志刚主持会议。</p>")))
    assert [(f.kind, f.found, f.key, f.published) for f in found] == [
        ("leader_title", "县委副书记、县长", "王建国出席会", date(2026, 11, 27)),
        ("leader_title", "常务副县长", "赵志刚主持会", date(2026, 11, 27)),
    ]
    assert found[1].context == "县委副书记、县长王建国出席会议并讲话，常务副县长赵志刚主持会议。"
    assert {f.check for f in found} == {"content.wording"} and {f.url for f in found} == {"http://127.0.0.1/xw/a.html"}


def test_the_registered_wording_scan_runs_the_lists_and_the_leader_mentions() -> None:
    found = scan_page(parse_page(page("<p>常务副县长赵志刚强调，要再接再励。</p>")), {"content.wording"})
    assert sorted(f.kind for f in found) == ["leader_title", "typo"]


def test_the_clause_before_a_post_is_kept_for_the_check_to_cut() -> None:
    assert mentions("<p>会议由县委副书记王建国主持。</p>") == [("会议由县委副书记", "王建国主持")]
    assert mentions("<p>副县长 张卫东出席。</p>") == [("副县长", "张卫东出席")]


def test_posts_not_followed_by_a_name_are_not_noted() -> None:
    assert mentions("<p>县人大常委会委员会议召开，县长信箱、主任科员职位，副县长主持会议。</p>") == []


def test_a_former_or_seconded_or_past_post_is_not_noted() -> None:
    body = ("<p>原副县长赵志刚，时任县委常委、常务副县长李红梅，退休干部局局长王建国，挂职副县长张卫东，"
            "新任常务副县长赵志刚，代县长王建国出席。</p>")
    assert mentions(body) == [("代县长", "王建国出席")]  # an acting head: noted, the check leaves it alone


def test_link_text_is_not_the_pages_own_text() -> None:
    body = ('<ul><li><a href="/xw/1.html">常务副县长赵志刚调研农田水利建设</a></li></ul>'
            '<p>常务副县长<a href="/ldzc/zzg.html">赵志刚</a>主持会议。</p>')
    assert mentions(body) == [("常务副县长", "赵志刚主持会")]


def test_an_undated_or_old_page_is_not_scanned() -> None:
    body = "<p>常务副县长赵志刚主持会议。</p>"
    assert mentions(body, published=None) == []
    assert mentions(body, published="2024-05-10") == []
    assert mentions(body, published="2026-01-10") == [("常务副县长", "赵志刚主持会")]


def test_a_page_notes_at_most_its_quota_once_each() -> None:
    names = "陈刘杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    body = "".join(f"<p>副县长{n}一{n}出席。副县长{n}一{n}出席。</p>" for n in names)
    found = find_mentions(body)
    assert len(found) == MAX_PER_PAGE == len({(chain, after) for chain, after, _ in found})


def test_posts_are_read_as_body_rank_and_office() -> None:
    assert [(p.body, p.rank, p.office) for p in split_posts("县委常委、常务副县长（挂职）")] == [
        ("县委", "", "常委"), ("", "常务副", "县长")]
    post = parse_post("会议由县委副书记")
    assert post is not None and (post.body, post.rank, post.office) == ("会议由县委", "副", "书记")
    assert parse_post("县长助理") is None


# ---- the check ---------------------------------------------------------------------------

def judged(*found: tuple[str, str], published: date | None = date(2026, 11, 27), leaders: list[dict[str, Any]] | None = None,
           kinds: tuple[str, ...] = ("leader_title",), extra: dict[str, Any] | None = None) -> list[Finding]:
    spec: dict[str, Any] = {
        "params": {"kinds": list(kinds)},
        "page_findings": [{"check": "content.wording", "url": "http://127.0.0.1/xw/a.html", "kind": "leader_title",
                           "found": chain, "key": after, "context": chain + after, "published": published}
                          for chain, after in found],
    }
    if leaders is not None:
        spec["column"] = {"name": "领导之窗", "kind": "leaders", "url": "http://127.0.0.1/ldzc/"}
        spec["readings"] = [{"url": "http://127.0.0.1/ldzc/", "leaders": leaders}]
    spec.update(extra or {})
    return run_example(CHECKS["content.wording"], Example("FAIL", 0, "leader titles", spec))


def wrong(*found: tuple[str, str], **kw: Any) -> list[str]:
    return [e["wrong"] for f in judged(*found, **kw) for e in f.evidence["errors"]]


def test_the_blind_estates_right_sentence_is_not_flagged() -> None:
    assert wrong(("县委副书记、县长", "王建国主持会"), ("县委常委、常务副县长", "李红梅"), ("副县长", "张卫东"),
                 leaders=PORTAL_LEADERS) == []


def test_abbreviations_are_supported() -> None:
    assert wrong(("副县长", "李红梅出席"), ("县长", "王建国出席"), ("副书记", "王建国出席"), ("会议由县委副书记", "王建国主持"),
                 ("常委", "李红梅出席"), ("县政府副县长", "张卫东出席"), ("县长", "王建国同志"),
                 leaders=PORTAL_LEADERS) == []


def test_常务_added_is_wrong_and_quoted_as_written() -> None:
    (finding,) = judged(("常务副县长", "赵志刚主持会"), leaders=PORTAL_LEADERS)
    assert finding.url == "http://127.0.0.1/xw/a.html"
    assert finding.message.startswith("页面 http://127.0.0.1/xw/a.html 有 1 处领导职务错误：“常务副县长赵志刚”与领导信息页不符（领导信息页：赵志刚 副县长）")
    (error,) = finding.evidence["errors"]
    assert error == {"wrong": "常务副县长赵志刚", "right": "赵志刚 副县长", "kind": "leader_title",
                     "sentence": "常务副县长赵志刚主持会", "source": "http://127.0.0.1/ldzc/zzg.html"}


def test_副_dropped_or_another_post_altogether_is_wrong() -> None:
    assert wrong(("会议由县长", "张卫东主持"), leaders=PORTAL_LEADERS) == ["县长张卫东"]
    assert wrong(("县委常委、副县长", "王建国出席"), leaders=PORTAL_LEADERS) == ["副县长王建国"]
    assert wrong(("会议由县委书记", "王建国主持"), leaders=PORTAL_LEADERS) == ["县委书记王建国"]
    town = [{"name": "周丽", "post": "镇长"}, {"name": "吴强", "post": "副镇长"}]
    assert wrong(("副镇长", "周丽主持"), ("镇长", "吴强出席"), leaders=town) == ["副镇长周丽", "镇长吴强"]


def test_a_wrong_post_early_in_a_chain_is_quoted_from_there() -> None:
    assert wrong(("县委书记、县长", "王建国出席"), leaders=PORTAL_LEADERS) == ["县委书记、县长王建国"]


def test_posts_the_leader_pages_may_leave_out_are_not_judged() -> None:
    # party posts of a government leader, 书记 alone, another body's 书记, another office
    assert wrong(("县政府党组书记、县长", "王建国出席"), ("书记", "王建国出席"), ("县委常委", "张卫东出席"),
                 ("督导组组长", "赵志刚带队"), ("县长助理、副县长", "张卫东出席"), leaders=PORTAL_LEADERS) == []


def test_only_the_name_right_after_a_post_is_read() -> None:
    # in a list after one post, the first name only: 赵志刚 after 常务副县长李红梅、 is not judged
    assert mentions("<p>常务副县长李红梅、赵志刚，副县长张卫东、赵志刚参加。</p>") == [
        ("常务副县长", "李红梅"), ("副县长", "张卫东")]


def test_names_not_on_the_leader_pages_are_not_judged() -> None:
    # another unit's official (市委常委、常务副市长张三), a visiting one (常务副县长孙二)
    assert wrong(("市委常委、常务副市长", "张三出席"), ("常务副县长", "孙二出席"), leaders=PORTAL_LEADERS) == []


def test_a_name_running_on_into_a_longer_one_is_not_the_leader() -> None:
    leaders = [{"name": "张卫", "post": "副县长"}]
    assert wrong(("县长", "张卫东出席"), leaders=leaders) == []
    assert wrong(("县长", "张卫出席会"), leaders=leaders) == ["县长张卫"]


def test_a_name_two_leaders_share_is_not_judged() -> None:
    two = [{"name": "王伟", "post": "副县长", "url": "http://127.0.0.1/ldzc/ww1.html"},
           {"name": "王伟", "post": "县长", "url": "http://127.0.0.1/ldzc/ww2.html"}]
    assert wrong(("常务副县长", "王伟主持"), ("县长", "王伟主持"), leaders=two) == []


def test_a_name_on_several_leader_pages_has_every_post_they_give() -> None:
    spec = {"column": {"name": "领导之窗", "kind": "leaders", "url": "http://127.0.0.1/ldzc/"},
            "readings": [{"url": "http://127.0.0.1/ldzc/", "leaders": [{"name": "李红梅", "post": "常务副县长",
                                                                        "url": "http://127.0.0.1/ldzc/lhm.html"}]},
                         {"url": "http://127.0.0.1/ldzc/lhm.html", "leaders": [{"name": "李红梅", "post": "县委常委",
                                                                             "url": "http://127.0.0.1/ldzc/lhm.html"}]}]}
    assert wrong(("县委常委、常务副县长", "李红梅出席"), extra=spec) == []
    assert wrong(("县委副书记", "李红梅出席"), extra=spec) == []  # 县委 posts listed, 副书记 none: not comparable
    assert wrong(("县长", "李红梅出席"), extra=spec) == ["县长李红梅"]


def test_an_acting_head_an_old_or_undated_page_and_a_site_without_leader_pages_are_not_judged() -> None:
    assert wrong(("代县长", "赵志刚主持"), leaders=PORTAL_LEADERS) == []
    assert wrong(("常务副县长", "赵志刚主持"), published=date(2026, 8, 1), leaders=PORTAL_LEADERS) == []
    assert wrong(("常务副县长", "赵志刚主持"), published=None, leaders=PORTAL_LEADERS) == []
    assert wrong(("常务副县长", "赵志刚主持"), published=date(2026, 8, 1), leaders=PORTAL_LEADERS,
                 extra={"params": {"kinds": ["leader_title"], "leader_recent_days": 120}}) == ["常务副县长赵志刚"]
    assert wrong(("常务副县长", "赵志刚主持")) == []


def test_a_rule_without_leader_title_leaves_the_mentions_alone() -> None:
    assert wrong(("常务副县长", "赵志刚主持"), leaders=PORTAL_LEADERS, kinds=("formulation", "typo")) == []


def test_a_leader_title_and_a_listed_error_on_one_page_make_one_finding() -> None:
    typo = {"check": "content.wording", "url": "http://127.0.0.1/xw/a.html", "kind": "body_name", "found": "国务院办公室",
            "context": "根据国务院办公室通知。", "correction": "国务院办公厅"}
    findings = judged(("常务副县长", "赵志刚主持"), leaders=PORTAL_LEADERS, kinds=("body_name", "leader_title"))
    assert len(findings) == 1
    spec_findings = [typo, {"check": "content.wording", "url": "http://127.0.0.1/xw/a.html", "kind": "leader_title",
                            "found": "常务副县长", "key": "赵志刚主持", "context": "常务副县长赵志刚主持", "published": date(2026, 11, 27)}]
    (both,) = judged(leaders=PORTAL_LEADERS, kinds=("body_name", "leader_title"), extra={"page_findings": spec_findings})
    assert "有 2 处表述错误" in both.message and both.evidence["count"] == 2


# ---- the national rule and coverage --------------------------------------------------------

def national_site(leaders: list[dict[str, Any]] | None) -> Any:
    spec: dict[str, Any] = {"page_findings": [
        {"check": "content.wording", "url": "http://127.0.0.1/xw/a.html", "kind": "leader_title", "found": "常务副县长",
         "key": "赵志刚主持会", "context": "常务副县长赵志刚主持会议。", "published": date(2026, 11, 27)}]}
    if leaders is not None:
        spec["column"] = {"name": "领导之窗", "kind": "leaders", "url": "http://127.0.0.1/ldzc/"}
        spec["readings"] = [{"url": "http://127.0.0.1/ldzc/", "leaders": leaders}]
    return build_site(spec)


def test_the_national_serious_wording_rule_judges_leader_titles() -> None:
    found = [f for f in evaluate(GOV_CN, national_site(PORTAL_LEADERS)) if f.check == "content.wording"]
    assert [(f.rule, f.severity.value) for f in found] == [("wording-serious", "critical")]
    assert "“常务副县长赵志刚”与领导信息页不符" in found[0].message
    assert unverified_checks(GOV_CN, national_site(PORTAL_LEADERS)) == []


def test_mentions_on_a_site_without_leader_pages_are_listed_as_not_verified() -> None:
    site = national_site(None)
    assert [f for f in evaluate(GOV_CN, site) if f.check == "content.wording"] == []
    places = [(p.check, p.reason) for p in unverified_checks(GOV_CN, site)]
    assert places == [("content.wording", "未读取到领导信息页，未核对领导职务")]
    mengjin = [r for r in builtin_rulesets() if r.id == "mengjin-2011"]
    assert [p for p in unverified_checks(mengjin, site) if p.check == "content.wording"] == []


def test_page_findings_of_leader_title_are_plain_page_findings() -> None:
    # what the crawl hands the check: nothing but PageFinding fields (the date in `published`)
    (found,) = scan_leader_mentions(parse_page(page("<p>常务副县长赵志刚主持会议。</p>")))
    assert isinstance(found, PageFinding) and found.published == date(2026, 11, 27) and found.correction == ""


# ---- town and department sites ----------------------------------------------------------------

TOWN_LEADERS = [
    {"name": "刘振华", "post": "镇党委书记、镇人大主席"},
    {"name": "陈国栋", "post": "镇党委副书记、镇长"},
    {"name": "杨晓东", "post": "镇党委委员、副镇长"},
    {"name": "吴丽娟", "post": "镇党委副书记（专职）"},
    {"name": "黄建平", "post": "镇人大副主席"},
]
BUREAU_LEADERS = [
    {"name": "邓国华", "post": "局党组书记、局长"},
    {"name": "孙立新", "post": "局党组成员、副局长"},
    {"name": "马红霞", "post": "副局长"},
    {"name": "朱海涛", "post": "县民政局党组成员、县社会福利院院长"},
]


def test_a_town_s_leaders_as_town_news_writes_them_are_not_flagged() -> None:
    assert wrong(("镇党委书记", "刘振华主持"), ("党委书记", "刘振华出席"), ("书记", "刘振华强调"),
                 ("会议由镇党委书记、镇人大主席", "刘振华主持"), ("人大主席", "刘振华"), ("镇党委副书记、镇长", "陈国栋"),
                 ("镇长", "陈国栋出席"), ("会议由镇长", "陈国栋主持"), ("我镇镇长", "陈国栋"), ("副书记", "陈国栋"),
                 ("党委委员、副镇长", "杨晓东"), ("副镇长", "杨晓东带队"), ("镇政府副镇长", "杨晓东"),
                 ("党委副书记", "吴丽娟"), ("镇人大副主席", "黄建平"), leaders=TOWN_LEADERS) == []


def test_the_town_s_party_secretary_called_its_head_or_deputy_head_is_wrong() -> None:
    assert wrong(("镇长", "刘振华出席"), leaders=TOWN_LEADERS) == ["镇长刘振华"]
    assert wrong(("会议由副镇长", "刘振华主持"), leaders=TOWN_LEADERS) == ["副镇长刘振华"]
    assert wrong(("镇政府镇长", "刘振华"), leaders=TOWN_LEADERS) == ["镇政府镇长刘振华"]
    (finding,) = judged(("镇长", "刘振华出席"), leaders=TOWN_LEADERS)
    assert "（领导信息页：刘振华 镇党委书记、镇人大主席）" in finding.message
    county = [{"name": "高明远", "post": "县委书记"}]
    assert wrong(("县长", "高明远出席"), ("常务副县长", "高明远出席"), leaders=county) == ["县长高明远", "常务副县长高明远"]


def test_a_party_secretary_s_government_posts_of_another_level_or_unknown_body_are_not_judged() -> None:
    # a 县委书记 may be the city's 副市长, a 镇党委书记 the county's 副县长; 党委 of what (镇? 局?) is not known
    county = [{"name": "高明远", "post": "市委常委、县委书记"}, {"name": "林志强", "post": "镇党委书记"},
              {"name": "周文斌", "post": "党委书记"}, {"name": "罗永辉", "post": "社区党委书记"},
              {"name": "蒋文华", "post": "县纪委书记"}]
    assert wrong(("副市长", "高明远出席"), ("副县长", "林志强出席"), ("镇长", "周文斌"), ("区长", "罗永辉"),
                 ("县长", "蒋文华"), ("邻县县长", "林志强"), ("书记", "高明远"), leaders=county) == []
    # the 书记 who is also the government's head (both listed), and an acting head
    both = [{"name": "刘振华", "post": "镇党委书记、镇长"}]
    assert wrong(("镇长", "刘振华出席"), ("代镇长", "刘振华"), leaders=both) == []
    assert wrong(("代镇长", "刘振华"), leaders=TOWN_LEADERS) == []


def test_a_department_s_leaders_as_its_news_writes_them_are_not_flagged() -> None:
    assert wrong(("局党组书记、局长", "邓国华主持"), ("党组书记、局长", "邓国华"), ("局长", "邓国华强调"),
                 ("党组书记", "邓国华"), ("书记", "邓国华"), ("县民政局局长", "邓国华"), ("我局局长", "邓国华"),
                 ("会议由局长", "邓国华主持"), ("局党组成员、副局长", "孙立新"), ("副局长", "孙立新出席"),
                 ("副局长", "马红霞"), ("院长", "朱海涛"), ("县社会福利院院长", "朱海涛"), leaders=BUREAU_LEADERS) == []


def test_a_department_s_own_post_with_副_added_or_dropped_is_wrong() -> None:
    assert wrong(("副局长", "邓国华出席"), leaders=BUREAU_LEADERS) == ["副局长邓国华"]
    assert wrong(("会议由局长", "孙立新主持"), ("常务副局长", "马红霞"), ("副院长", "朱海涛"), leaders=BUREAU_LEADERS) == [
        "局长孙立新", "常务副局长马红霞", "副院长朱海涛"]
    (finding,) = judged(("副局长", "邓国华出席"), leaders=BUREAU_LEADERS)
    assert "（领导信息页：邓国华 局党组书记、局长）" in finding.message
    commission = [{"name": "韩志明", "post": "党组书记、主任"}, {"name": "冯晓燕", "post": "党组成员、副主任"}]
    assert wrong(("副主任", "韩志明"), ("主任", "冯晓燕"), ("主任", "韩志明"), leaders=commission) == [
        "副主任韩志明", "主任冯晓燕"]


def test_a_department_post_naming_another_body_or_a_party_post_is_not_judged() -> None:
    # 县财政局副局长邓国华 may be another unit's 邓国华; 副书记 of what? a 主任 of another body
    others = [*BUREAU_LEADERS, {"name": "谢宏伟", "post": "县人大常委会主任"}, {"name": "曾庆国", "post": "县老龄办主任"}]
    assert wrong(("县财政局副局长", "邓国华"), ("副书记", "邓国华"), ("党组副书记", "孙立新"),
                 ("副主任", "谢宏伟"), ("副主任", "曾庆国"), ("县委组织部副部长", "孙立新"), ("副组长", "邓国华"),
                 leaders=others) == []


def test_a_division_head_written_as_a_deputy_without_a_body_is_not_judged() -> None:
    # a 武装部部长 may be 宣传部副部长 too; only a unit's own 部长 (listed without a body) compares
    town = [{"name": "杨晓东", "post": "镇党委委员、武装部部长"}, {"name": "曹明", "post": "部长"}]
    assert wrong(("副部长", "杨晓东"), ("副部长", "曹明"), leaders=town) == ["副部长曹明"]
