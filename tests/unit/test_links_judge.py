"""The rules that judge an answering link target: owners, words, titles, missing pages, word lists."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.errors import ConfigError
from auditor.links import load_lexicon
from auditor.links.check import mailto_result
from auditor.links.domains import registrable_domain, under_suffix
from auditor.links.judge import judge_page, judge_redirect, judge_title
from auditor.links.missing import MissingPage, has_own_path, resembles, shingles
from auditor.links.sample import sample_page
from auditor.links.titles import title_contradicts
from auditor.models import FetchResult, Outcome
from auditor.urls import is_asset

LEXICON = load_lexicon()


@pytest.mark.parametrize(
    ("host", "owner"),
    [
        ("www.mengjin.gov.cn", "mengjin.gov.cn"),
        ("xxgk.mengjin.gov.cn", "mengjin.gov.cn"),
        ("luoyang.gov.cn", "luoyang.gov.cn"),
        ("a.b.example.com.cn", "example.com.cn"),
        ("foo.github.io", "foo.github.io"),
        ("127.0.0.5", "127.0.0.5"),
        ("WWW.Example.COM.", "example.com"),
        ("例子.中国", "xn--fsqu00a.xn--fiqs8s"),
    ],
)
def test_registrable_domains_from_the_public_suffix_list(host: str, owner: str) -> None:
    assert registrable_domain(host) == owner


def test_government_suffixes_match_on_label_boundaries() -> None:
    assert under_suffix("www.mengjin.gov.cn", ("gov.cn",))
    assert not under_suffix("notgov.cn", ("gov.cn",))


@pytest.mark.parametrize(
    ("start", "end", "wrong"),
    [
        ("http://www.mengjin.gov.cn/a", "https://www.mengjin.gov.cn/a", False),  # same site, https
        ("http://old.mengjin.gov.cn/", "http://www.mengjin.gov.cn/", False),  # same owner
        ("http://www.qhly.com/", "http://www.henan.gov.cn/", False),  # moved to a government site
        ("http://www.qhly.com/", "http://127.0.0.9/", True),
        ("http://www.qhly.com/", "http://www.casino-888.com/", True),
        ("http://www.qhly.com/", "http://audited.example.org/", False),  # an audited site
    ],
)
def test_redirects_to_another_owner(start: str, end: str, wrong: bool) -> None:
    judgement = judge_redirect(start, end, frozenset({"audited.example.org"}), LEXICON)
    assert (judgement is not None) == wrong
    if wrong:
        assert (judgement.outcome, judgement.reason) == (Outcome.WRONG, "redirected off site")


def _page(title: str, body: str) -> str:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("title", "body", "governmental", "expected"),
    [
        ("葡京娱乐城", "<p>真人荷官 百家乐 彩金</p>", False, (Outcome.WRONG, "gambling")),
        ("某某网", "<p>真人荷官 百家乐 彩金 老虎机</p>", False, (Outcome.WRONG, "gambling")),  # four in the text
        ("某某网", "<p>百家乐 彩金</p>", False, None),  # two words in the text are not enough
        # a government notice against gambling names the games, but its title is not selling them
        ("关于打击网络赌博的通告", "<p>打击六合彩、时时彩、百家乐、赌场等违法活动</p>", True, None),
        ("午夜福利", "<p>成人视频 无码</p>", False, (Outcome.WRONG, "adult")),
        ("example.com", "<p>This domain may be for sale!</p>", False, (Outcome.WRONG, "parked domain")),
        ("提示", "<h1>您访问的页面不存在</h1>", False, (Outcome.WRONG, "soft 404")),
        ("404 Not Found", "<p>nginx</p>", True, (Outcome.WRONG, "soft 404")),
        ("新闻", "<p>" + "正文内容" * 1000 + "信息不存在时请联系我们</p>", False, None),  # long page: only headings
        ("", "<script>var a='acw_sc__v2';</script>", False, (Outcome.UNVERIFIED, "challenge")),
        ("Just a moment...", "", False, (Outcome.UNVERIFIED, "challenge")),
        ("县教育局", "<p>工作动态</p>", False, None),
    ],
)
def test_pages_judged_by_their_words(title, body, governmental, expected) -> None:
    judgement = judge_page(sample_page(_page(title, body)), LEXICON, governmental=governmental)
    assert (None if judgement is None else (judgement.outcome, judgement.reason)) == expected


def test_crawled_pages_are_judged_by_their_title() -> None:
    assert judge_title("页面不存在", LEXICON).reason == "soft 404"
    assert judge_title("孟津要闻", LEXICON) is None


@pytest.mark.parametrize(
    ("text", "title", "contradicts"),
    [
        ("县教育局", "鑫源科技有限公司", True),
        ("县教育局", "孟津县教育体育局", False),
        ("清河旅游网", "清河县文化广电和旅游局", False),
        ("河南省人民政府", "河南省人民政府门户网站", False),
        ("更多", "鑫源科技有限公司", False),  # a generic link text names nothing
        ("县教育局", "首页", False),  # a generic title says nothing
        ("http://www.qhly.com/", "鑫源科技", False),  # a URL as link text
        ("CNKI 知网", "cnki 中国知网", False),
        ("县", "鑫源科技", False),  # too short to compare
    ],
)
def test_titles_that_contradict_link_texts(text: str, title: str, contradicts: bool) -> None:
    assert title_contradicts(text, title, LEXICON) is contradicts


def _fetch(url: str, final_url: str | None = None, redirected: bool = False) -> FetchResult:
    return FetchResult(url=url, final_url=final_url or url, outcome=Outcome.OK, status=200,
                       redirects=(url,) if redirected else ())


def test_a_target_like_the_hosts_missing_page_is_a_soft_404() -> None:
    missing_text = sample_page(_page("欢迎", "<p>欢迎访问 /auditor-x-missing.html 本站</p>" * 5))
    missing = MissingPage(final_url="http://h/auditor-x-missing.html", sent_elsewhere=False, title="欢迎",
                          shingles=shingles(missing_text.text.replace("/auditor-x-missing.html", " ")), shell=False)
    lookalike = sample_page(_page("欢迎", "<p>欢迎访问 /old/page.html 本站</p>" * 5))
    article = sample_page(_page("欢迎", "<p>关于冬季安全生产的通知，各单位认真落实。</p>" * 5))
    assert resembles(_fetch("http://h/old/page.html"), lookalike, missing)
    assert not resembles(_fetch("http://h/a.html"), article, missing)
    sent_home = MissingPage(final_url="http://h/", sent_elsewhere=True, title="", shingles=frozenset(), shell=False)
    assert resembles(_fetch("http://h/old.html", "http://h/", redirected=True), article, sent_home)
    assert not resembles(_fetch("http://h/a.html"), article, sent_home)


def test_roots_are_not_compared_with_missing_pages() -> None:
    assert not has_own_path("http://h/") and not has_own_path("http://h/index.html")
    assert has_own_path("http://h/a.html") and has_own_path("http://h/?id=3")


def test_files_by_extension() -> None:
    assert is_asset("http://h/a/附件.PDF") and is_asset("http://h/x.docx?v=1")
    assert not is_asset("http://h/a.html") and not is_asset("http://h/list")


@pytest.mark.parametrize(
    ("url", "ok"),
    [("mailto:xxgk@mengjin.gov.cn", True), ("mailto:a@b.cn,c@d.cn", True), ("mailto:%20a@b.cn", True),
     ("mailto:a@b", False), ("mailto:a b@c.cn", False), ("mailto:", False), ("mailto:<a@b.cn>", False)],
)
def test_mail_addresses(url: str, ok: bool) -> None:
    assert (mailto_result(url).outcome == Outcome.EXCLUDED) is ok


def test_a_countys_own_words_are_added(tmp_path: Path) -> None:
    extra = tmp_path / "words.toml"
    extra.write_text('[gambling]\nwords = ["清河彩票网"]\nmin_score = 3\n[parked]\nphrases = ["域名拍卖"]\n',
                     encoding="utf-8")
    lexicon = load_lexicon(extra)
    assert lexicon.gambling.matches("清河彩票网", "") and not LEXICON.gambling.matches("清河彩票网", "")
    assert "域名出售" in lexicon.parked.words and "域名拍卖" in lexicon.parked.words


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('[gambling]\nwordz = ["x"]\n', "无法识别"),
        ("[casino]\n", "无法识别"),
        ('[gambling]\nwords = "x"\n', "字符串列表"),
        ("[gambling]\nmin_score = 0\n", "正整数"),
        ("[gambling\n", "not valid TOML"),
    ],
)
def test_a_bad_word_list_is_refused_with_what_to_fix(tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / f"bad{abs(hash(text))}.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=said):
        load_lexicon(path)


def test_a_config_naming_a_missing_word_list_is_refused_before_any_audit(tmp_path: Path) -> None:
    from auditor import api

    config = tmp_path / "auditor.toml"
    config.write_text(
        'rulesets = ["mengjin-2011"]\n[links]\nlexicon = "county-words.toml"\n'
        '[[sites]]\nid = "a"\nname = "甲"\nurl = "http://127.0.0.1/"\nkind = "town"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="county-words.toml"):
        api.load(config)


@settings(max_examples=200, deadline=None)
@given(markup=st.text(max_size=3000), link_text=st.text(max_size=60))
def test_any_page_and_link_text_is_judged_without_raising(markup: str, link_text: str) -> None:
    sample = sample_page(markup)
    judgement = judge_page(sample, LEXICON, governmental=False)
    assert judgement is None or judgement.outcome in (Outcome.WRONG, Outcome.UNVERIFIED)
    assert isinstance(title_contradicts(link_text, sample.title, LEXICON), bool)
    assert len(sample.title) <= 200


def test_a_gambling_word_inside_an_ordinary_phrase_of_official_writing_is_not_found() -> None:
    from auditor.links.lexicon import load_lexicon

    gambling = load_lexicon().gambling
    assert gambling.found("县政府召开专题会议，研究加快三农工作，明确注册送达地址") == set()
    assert gambling.found("江苏快三开奖直播，注册送彩金") == {"快三", "注册送", "彩金"}
