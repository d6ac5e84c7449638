"""Publication dates of article and document pages (auditor.extract.published)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.demo import build_estate
from auditor.demo.articles import item_page
from auditor.extract.html import parse_html
from auditor.extract.published import extract_published
from tests.shared_files import REAL_PAGES

AS_OF = date(2026, 11, 28)
PLAIN_URL = "http://www.example.gov.cn/news/show.php?id=7"
BANNER = '<div class="top">今天是 2026年11月28日 星期六</div>'
NAV = '<div class="nav"><a href="/">首页</a> <a href="/x">2026-11-27 专题</a></div>'
FOOTER = '<div class="footer">Copyright © 2003-2026 孟津县人民政府 版权所有 日期：2026-11-28</div>'


def published(body: str, head: str = "", url: str = PLAIN_URL, as_of: date = AS_OF) -> date | None:
    html = f"<html><head>{head}</head><body>{body}</body></html>"
    return extract_published(parse_html(html), html, url, as_of)


def meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{name}" content="{content}">'


ARTICLE = '<h1>孟津县召开会议</h1><div class="info">{}</div><div class="content"><p>2025年3月1日起施行。</p></div>'

CASES = {
    # the metadata block's 发布日期 is the legal record and beats every other source
    "document block first": (
        "<table><tr><td>索引号：</td><td>001</td><td>发布日期：</td><td>2011年12月20日</td></tr></table>"
        + ARTICLE.format("发布时间：2011-12-25"),
        meta("PubDate", "2011-12-22 10:00"), "http://www.mengjin.gov.cn/xxgk/201112/t20111201_1.html",
        date(2011, 12, 20),
    ),
    "PubDate meta over visible label": (ARTICLE.format("发布时间：2019-09-19"), meta("PubDate", "2019-09-18 06:23"), PLAIN_URL, date(2019, 9, 18)),
    "firstpublishedtime meta": ("", meta("firstpublishedtime", "2007-08-20-23:59:59"), PLAIN_URL, date(2007, 8, 20)),
    "publishdate meta": ("", meta("publishdate", "2020-05-06"), PLAIN_URL, date(2020, 5, 6)),
    "article:published_time": ("", meta("article:published_time", "2021-03-04T08:00:00+08:00", "property"), PLAIN_URL, date(2021, 3, 4)),
    "weibo create_at": ("", meta("weibo: article:create_at", "2022-07-08 09:10:11"), PLAIN_URL, date(2022, 7, 8)),
    "build-time metas are ignored": (
        "",
        meta("others", "页面生成时间 2023-10-23 11:23:36") + meta("lastmodifiedtime", "2023-10-23-11:23:36")
        + meta("Maketime", "2019-03-22 12:28:37") + meta("generator", "TRS WCM 2023-01-01"),
        PLAIN_URL, None,
    ),
    "build-time meta ignored, publication meta read": (
        "", meta("others", "页面生成时间 2023-10-23 11:23:36") + meta("firstpublishedtime", "2007-08-20-23:59:59"),
        PLAIN_URL, date(2007, 8, 20),
    ),
    "future meta falls through to the label": (ARTICLE.format("发布日期：2026-11-20"), meta("PubDate", "2027-01-01"), PLAIN_URL, date(2026, 11, 20)),
    "发布时间 label": (ARTICLE.format("发布时间：2026-11-27 10:20　来源：县政府办"), "", PLAIN_URL, date(2026, 11, 27)),
    "发布日期 in Chinese digits style": (ARTICLE.format("发布日期：2011年12月1日"), "", PLAIN_URL, date(2011, 12, 1)),
    "label and date in separate spans": (ARTICLE.format("<span>发表时间：</span><span>2026/11/26</span>"), "", PLAIN_URL, date(2026, 11, 26)),
    "bare 时间 label": (ARTICLE.format("来源：山西日报 时间：2019-09-18 06:23"), "", PLAIN_URL, date(2019, 9, 18)),
    "bracketed 日期 label": (ARTICLE.format("【日期：2026-11-25】【字体：大 中 小】"), "", PLAIN_URL, date(2026, 11, 25)),
    "dated source line": (ARTICLE.format("来源：县政府办　2026-11-24"), "", PLAIN_URL, date(2026, 11, 24)),
    "strong label beats an earlier weak one": (
        ARTICLE.format("有效时间：2026-12-31　截止日期：2026-11-01　更新时间：2026-11-02　发布时间：2026-11-03"),
        "", PLAIN_URL, date(2026, 11, 3),
    ),
    "成文日期 is not a 日期 label": (ARTICLE.format("成文日期：2026-11-01"), "", PLAIN_URL, None),
    "a label followed by prose is not a stamp": (ARTICLE.format("时间：自2026年11月1日起"), "", PLAIN_URL, None),
    "future label date rejected": (ARTICLE.format("发布时间：2026-12-25"), "", PLAIN_URL, None),
    "script variable": ('<script>var pubDate = "2018-04-05 10:00";</script>', "", PLAIN_URL, date(2018, 4, 5)),
    "TRS URL": ("<p>正文</p>", "", "http://www.mengjin.gov.cn/xwzx/201701/t20170117_123456.html", date(2017, 1, 17)),
    "Hanweb URL": ("<p>正文</p>", "", "http://www.lyxin.gov.cn/art/2017/1/17/art_1201_5.html", date(2017, 1, 17)),
    "label beats URL": (ARTICLE.format("发布日期：2017-01-18"), "", "http://www.mengjin.gov.cn/201701/t20170117_1.html", date(2017, 1, 18)),
    "banner, nav and footer dates are never read": (BANNER + NAV + ARTICLE.format("来源：县政府办") + FOOTER, "", PLAIN_URL, None),
    "banner with a 日期 label outside chrome": ("<span>今天是：</span><span>日期：2026-11-28 星期六</span>", "", PLAIN_URL, None),
    "banner and footer around a labelled article": (
        BANNER + NAV + ARTICLE.format("发布时间：2026-11-20 星期五") + FOOTER, "", PLAIN_URL, date(2026, 11, 20),
    ),
    "banner falls back to the URL": (BANNER + "<p>正文</p>" + FOOTER, "", "http://x.gov.cn/art/2026/11/2/art_1_2.html", date(2026, 11, 2)),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_publication_date_sources_and_traps(case: str) -> None:
    body, head, url, expected = CASES[case]
    assert published(body, head, url) == expected


def test_a_date_one_day_after_as_of_is_believed_two_days_is_not() -> None:
    assert published(ARTICLE.format("发布时间：2026-11-29")) == date(2026, 11, 29)
    assert published(ARTICLE.format("发布时间：2026-11-30")) is None


def test_gbk_page_with_meta_charset() -> None:
    html = f'<html><head><meta charset="gbk"></head><body>{BANNER}{ARTICLE.format("发布时间：2026-11-21")}</body></html>'
    content = html.encode("gbk")
    assert extract_published(parse_html(content), html, PLAIN_URL, AS_OF) == date(2026, 11, 21)


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_pages_give_their_expected_date(name: str, real_corpus: Path, real_expected: dict[str, Any]) -> None:
    text = (real_corpus / name).read_text(encoding="utf-8")
    found = extract_published(parse_html(text), text, "http://www.example.gov.cn/", AS_OF)
    assert found == date.fromisoformat(real_expected[name]["published"])


@pytest.mark.parametrize(("name", "expected"), [("shanxi.html", date(2019, 9, 18)), ("gzggw.html", date(2016, 11, 22))])
def test_real_pages_without_their_metas_fall_back_to_the_visible_label(name: str, expected: date, real_corpus: Path) -> None:
    text = re.sub(r"<meta[^>]*>", "", (real_corpus / name).read_text(encoding="utf-8"))
    assert extract_published(parse_html(text), text, "http://www.example.gov.cn/", AS_OF) == expected


def test_demo_estate_articles_and_documents_give_the_item_date() -> None:
    estate = build_estate(AS_OF)
    checked: dict[str, int] = {}
    for site in estate.sites:
        for column in site.columns:
            if column.kind not in ("news", "govinfo", "notices", "documents"):
                continue
            for item in column.items[:3]:
                html = item_page(estate, site, column, item)
                url = f"{site.url.rstrip('/')}{item.path}"
                assert extract_published(parse_html(html), html, url, AS_OF) == item.day, url
                checked[site.family] = checked.get(site.family, 0) + 1
    assert set(checked) == {"trs", "hanweb", "table"} and sum(checked.values()) >= 200


MARKUP_TOKENS = ["<p>", "</p>", "<div class='footer'>", "</div>", "<meta name='PubDate' content='", "'>", "发布时间：",
                 "时间：", "日期:", "来源：", "今天是", "星期三", "2026-11-27", "2099-01-01", "11-27", "[", "<script>",
                 "var pubDate='", "</script>", "<", ">", "\x00", "０１"]
MARKUP = st.one_of(st.text(max_size=300), st.lists(st.sampled_from(MARKUP_TOKENS), max_size=80).map("".join))


@settings(max_examples=200, deadline=None)
@given(MARKUP, st.text(max_size=80))
def test_never_raises_on_arbitrary_markup(markup: str, url: str) -> None:
    result = extract_published(parse_html(markup), markup, url, AS_OF)
    assert result is None or date(1990, 1, 1) <= result <= date(2026, 11, 29)
