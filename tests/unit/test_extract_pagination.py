"""Next pages of column lists (auditor.extract.pagination): pager links and TRS createPageHTML."""

from __future__ import annotations

import pytest

from auditor.extract.html import parse_html
from auditor.extract.pagination import (
    _MAYBE_NEXT,
    _NEXT_ARROWS,
    _NEXT_WORDS,
    find_next_pages,
    is_next_text,
    is_pagination_text,
)

PAGE = "http://www.mengjin.gov.cn/xwzx/mjyw/index.html"
DIR = "http://www.mengjin.gov.cn/xwzx/mjyw/"


def next_of(html: str, page: str = PAGE, **options: str) -> list[str]:
    return find_next_pages(parse_html(html), html, page, **options)


@pytest.mark.parametrize(
    "pager",
    [
        '<a href="index_2.html">下一页</a>',
        '<a href="index_2.html">[下一页]</a>',
        '<a href="index_2.html"> 下页 </a>',
        '<a href="index_2.html">下一页&gt;&gt;</a>',
        '<a href="index_2.html">Next</a>',
        '<a href="index_2.html">›</a>',
        '<a href="index_2.html">&gt;</a>',
        '<a href="index_2.html"><img src="next.gif" alt="下一页"></a>',
        '<a href="index_2.html" rel="next">2</a>',
    ],
)
def test_next_links_in_their_spellings(pager: str) -> None:
    html = f'<div class="page"><a href="index.html">首页</a><a href="index.html">上一页</a>{pager}<a href="index_9.html">尾页</a></div>'
    assert next_of(html) == [DIR + "index_2.html"]


def test_every_next_word_and_arrow_passes_the_quick_look() -> None:
    """Links whose words hold none of `_MAYBE_NEXT` are not folded and compared: every next word
    and arrow, in any case and inside brackets or spaces, must hold one."""
    for word in _NEXT_WORDS | _NEXT_ARROWS:
        for spelled in (word, word.upper(), word.title(), f"[ {word} ]"):
            assert _MAYBE_NEXT.search(spelled) and is_next_text(spelled), spelled
            assert next_of(f'<p><a href="index_2.html">{spelled}</a></p>') == [f"{DIR}index_2.html"], spelled


def test_last_page_and_double_arrows_are_not_next() -> None:
    html = '<a href="index_9.html">尾页</a><a href="index_9.html">末页</a><a href="index_9.html">&gt;&gt;</a><a href="index_9.html">»</a>'
    assert next_of(html) == []


def test_next_link_to_nowhere_or_to_this_page_is_no_next_page() -> None:
    html = '<a href="#">下一页</a><a href="javascript:void(0)">下一页</a><a>下一页</a><a href="index.html#x">下一页</a>'
    assert next_of(html) == []


def test_link_rel_next_in_the_head() -> None:
    html = '<html><head><link rel="next" href="/xwzx/mjyw/index_2.html"></head><body></body></html>'
    assert next_of(html) == [DIR + "index_2.html"]


@pytest.mark.parametrize(
    ("script", "page", "expected"),
    [
        ('createPageHTML(10, 0, "index", "html");', PAGE, "index_1.html"),  # first page
        ("createPageHTML(10, 4, 'index', 'html');", DIR + "index_4.html", "index_5.html"),  # middle
        ('createPageHTML( 10 , 4 , "index" , "shtml" );', DIR + "index_4.shtml", "index_5.shtml"),
        ("createPageHTML('page_div', 10, 0, 'index', 'html', 195);", PAGE, "index_1.html"),
        ('createPageHTML("page_div",10,3,"index","htm",195);', DIR + "index_3.htm", "index_4.htm"),
        ('var countPage = 7//共多少页\nvar currentPage = 2;\ncreatePageHTML(countPage, currentPage, "index", "html");',
         DIR + "index_2.html", "index_3.html"),
        ('createPageHTML("5", "1", "index", "html");', DIR + "index_1.html", "index_2.html"),
    ],
)
def test_trs_create_page_html_spellings(script: str, page: str, expected: str) -> None:
    html = f"<div id='page_div'></div><script>{script}</script>"
    assert next_of(html, page) == [DIR + expected]


@pytest.mark.parametrize(
    "script",
    [
        'createPageHTML(10, 9, "index", "html");',  # last page
        "createPageHTML('page_div', 10, 9, 'index', 'html', 195);",
        'createPageHTML(1, 0, "index", "html");',  # a single page
        'createPageHTML(0, 0, "index", "html");',
        "function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){ return; }",
        'createPageHTML(countPage, 0, "index", "html");',  # a variable the page never sets
        'createPageHTML(10, 0, "../../etc/passwd", "html");',  # not a page name
    ],
)
def test_trs_calls_without_a_next_page(script: str) -> None:
    assert next_of(f"<script>{script}</script>") == []


def test_trs_definition_and_call_together_as_trs_pages_have_them() -> None:
    script = """function createPageHTML(_nPageCount,_nCurrIndex,_sPageName,_sPageExt){
        if(_nPageCount == null || _nPageCount <=1){ return; }
        var nCurrIndex = _nCurrIndex || 0;
    }
    createPageHTML(25,0,"index","html");"""
    assert next_of(f"<script>{script}</script>") == [DIR + "index_1.html"]


def test_trs_next_page_resolves_against_base_href() -> None:
    html = '<html><head><base href="http://cms.mengjin.gov.cn/col/"></head><body><script>createPageHTML(3,0,"index","html")</script></body></html>'
    assert next_of(html) == ["http://cms.mengjin.gov.cn/col/index_1.html"]


def test_link_and_script_giving_the_same_page_are_one() -> None:
    html = '<a href="index_1.html">下一页</a><script>createPageHTML(3,0,"index","html")</script>'
    assert next_of(html) == [DIR + "index_1.html"]


def test_next_selector_overrides_the_detection() -> None:
    html = '<a href="index_2.html">下一页</a><span class="pg"><a class="nx" href="list?p=2">后</a></span>'
    assert next_of(html, next_selector="span.pg a.nx") == [DIR + "list?p=2"]
    assert next_of(html, next_selector="span.pg") == [DIR + "list?p=2"]
    assert next_of(html, next_selector="a.missing") == [DIR + "index_2.html"]  # matched nothing: detection
    assert next_of(html, next_selector="a[[[") == [DIR + "index_2.html"]  # unparseable: detection


@pytest.mark.parametrize("text", ["下一页", "上一页", "首页", "尾页", "3", "[12]", "»", ">>", "Last"])
def test_pager_texts(text: str) -> None:
    assert is_pagination_text(text)


@pytest.mark.parametrize("text", ["孟津要闻", "2026年工作要点", "", "下一页面设计说明"])
def test_titles_are_not_pager_texts(text: str) -> None:
    assert not is_pagination_text(text)


def test_a_pager_of_page_numbers_alone_gives_its_pages() -> None:
    html = ('<div class="page"><a href="index.html">首页</a> <span>1</span> <a href="index_2.html">2</a> '
            '<a href="index_3.html">3</a> <a href="index_9.html">尾页</a></div>')
    assert next_of(html) == [DIR + "index_2.html", DIR + "index_3.html", DIR + "index_9.html"]  # never the page itself


def test_lone_number_links_are_not_a_pager() -> None:
    html = '<p>见附件<a href="fj1.html">1</a>。</p><p>另见<a href="fj2.html">2</a></p>'
    assert next_of(html) == []
