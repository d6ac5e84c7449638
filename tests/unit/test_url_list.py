"""Reading a list of URLs for `auditor links check`: which lines are URLs, which are the same URL, and
what a terminal is shown."""

from __future__ import annotations

from auditor.links.url_list import decode_list, line_problem, read_url_list, shown


def test_blank_lines_and_comments_are_skipped_and_duplicates_folded() -> None:
    listed = read_url_list(
        "\ufeff# 友情链接\n\n  http://WWW.Example.GOV.cn/a.html \u200b \r\nhttp://www.example.gov.cn/a.html#top\n"
        "http://www.example.gov.cn:80/a.html\nhttp://www.example.gov.cn/a.html?x=1\n"
    )
    assert listed.urls == ("http://www.example.gov.cn/a.html", "http://www.example.gov.cn/a.html?x=1")
    assert listed.first_line == {"http://www.example.gov.cn/a.html": 3, "http://www.example.gov.cn/a.html?x=1": 6}
    assert listed.duplicates == 2 and listed.bad_lines == ()


def test_a_url_is_requested_as_a_browser_requests_it() -> None:
    listed = read_url_list("http://www.example.gov.cn/政务公开/index.html\nhttp://政府.cn/\n")
    assert listed.urls == ("http://www.example.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/index.html",
                           "http://xn--mxtq1m.cn/")


def test_lines_that_are_no_url_say_why() -> None:
    assert line_problem("www.example.gov.cn/a.html") == (
        "不是网址：缺少 http:// 或 https://，应写成 http://www.example.gov.cn/a.html")
    assert line_problem("友情链接") == "不是网址：缺少 http:// 或 https://"
    assert line_problem("清河县 http://www.example.gov.cn/") == "一行只能写一个网址（行内有空格或控制字符）"
    assert line_problem("http://www.example.gov.cn/\x1b[2J") == "一行只能写一个网址（行内有空格或控制字符）"
    assert line_problem("http://example.gov.cn/a\u3000b") == "一行只能写一个网址（行内有空格或控制字符）"
    assert line_problem("http://example.gov.cn/a\u200bb") == "一行只能写一个网址（行内有空格或控制字符）"
    assert line_problem("http:www.example.gov.cn") == "网址格式错误：http: 后应为 //"
    for fine in ("https://www.example.gov.cn/", "HTTP://WWW.EXAMPLE.GOV.CN/", "mailto:office@example.gov.cn",
                 "tel:0379-12345678", "http://www.example.gov.cn/政务.html"):
        assert line_problem(fine) is None, fine


def test_bad_lines_keep_their_numbers_and_are_not_urls() -> None:
    listed = read_url_list("http://a.gov.cn/\nnot a url\n# fine\nb.gov.cn\n")
    assert listed.urls == ("http://a.gov.cn/",)
    assert [(bad.number, bad.text) for bad in listed.bad_lines] == [(2, "not a url"), (4, "b.gov.cn")]


def test_a_gbk_list_is_decoded() -> None:
    assert decode_list("# 县直部门\nhttp://a.gov.cn/\n".encode("gbk")) == "# 县直部门\nhttp://a.gov.cn/\n"
    assert decode_list("\ufeffhttp://a.gov.cn/".encode()) == "http://a.gov.cn/"


def test_control_and_direction_characters_are_shown_escaped() -> None:
    assert shown("葡京\x1b[2J娱乐\u202e城") == "葡京\\u001b[2J娱乐\\u202e城"
    assert shown("清河县人民政府") == "清河县人民政府"
