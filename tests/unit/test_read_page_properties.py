"""read_page on anything: never raises, never dates past the audit day plus one, always the same answer."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.extract import read_page

AS_OF = date(2026, 11, 28)
LATEST = AS_OF + timedelta(days=1)

FRAGMENTS = st.sampled_from([
    "<li><a href='/a/t20261127_1.html'>", "</a>", "<span>", "2026-11-27", "[12-30]", "2027年1月3日", "索 引 号：",
    "发布日期：", "成文日期", "文号：孟政〔2026〕1号", "今天是 2026年11月28日 星期六", "<table><tr><td>", "</td>",
    "<script type='text/xml'><datastore><record><![CDATA[", "]]></record>", "var itemObj = [{", "title:'x',",
    "date:'2099-01-01'}", "</html>", "<meta name='PubDate' content='2031-01-01'>", "县长信箱", "已回复", "办理流程：",
    "<img src='p.jpg'>", "姓名：张三", "网站标识码", "bm12345678", "\x00", "\ufffd", "<", ">", "&#x;", "%E4%",
])
MARKUP = st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=60).map("".join)


def _dates(document: dict) -> list[str]:
    found = [document["published"]]
    found += [item["date"] for item in document["items"]]
    if document["document"]:
        found += [document["document"]["formed"], document["document"]["published"]]
    found += [letter[key] for letter in document["letters"] for key in ("sent", "replied")]
    return [d for d in found if d]


@settings(max_examples=150, deadline=None)
@given(MARKUP, st.sampled_from(["auto", "list", "document", "leader", "mailbox", "service", "home", "article"]))
def test_markup_never_raises_nor_dates_the_future(markup: str, kind: str) -> None:
    document = read_page(markup, "http://127.0.0.10/xwzx/index.html", as_of=AS_OF, kind=kind)
    assert all(date.fromisoformat(d) <= LATEST for d in _dates(document))
    assert read_page(markup, "http://127.0.0.10/xwzx/index.html", as_of=AS_OF, kind=kind) == document


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["text/html", "text/html; charset=gbk", "text/xml", ""]))
def test_bytes_never_raise(content: bytes, content_type: str) -> None:
    document = read_page(content, "http://127.0.0.10/", as_of=AS_OF, content_type=content_type)
    assert document["kind"] in {"list", "document", "leader", "mailbox", "service", "home", "article"}
    assert all(date.fromisoformat(d) <= LATEST for d in _dates(document))
