"""decode_html: header, BOM, meta, detection; GB2312/GBK read as GB18030; never raises."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.fetch import decode_html
from auditor.fetch.encoding import normalise_codec
from tests.shared_files import REAL_PAGES

# a realistic page body: the office's own words, long enough for detection to be sure
NOTICE = (
    "<p>孟津县人民政府办公室关于做好2011年政府信息公开工作的通知。各乡镇人民政府，县政府各部门："
    "为进一步推进政府信息公开工作，确保每天更新、立即更新，政务信息坚持每三天更新一次。</p>"
)
# 镕 (as in 朱镕基) is in GBK but not in GB2312: pages labelled gb2312 carry it anyway
OUTSIDE_GB2312 = "朱镕基"


def page(charset_meta: str = "") -> str:
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset_meta}">' if charset_meta else ""
    return f"<html><head>{meta}<title>孟津县人民政府</title></head><body>{NOTICE * 3}</body></html>"


def test_gbk_declared_in_the_header_is_read_as_gb18030() -> None:
    text, codec = decode_html(page().encode("gbk"), "text/html; charset=GBK")
    assert codec == "gb18030"
    assert "确保每天更新" in text


def test_gb2312_label_reads_characters_outside_gb2312() -> None:
    body = f"<html><body>{OUTSIDE_GB2312}</body></html>".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        body.decode("gb2312")
    text, codec = decode_html(body, "text/html; charset=gb2312")
    assert codec == "gb18030"
    assert OUTSIDE_GB2312 in text


def test_meta_charset_is_used_when_the_header_has_none() -> None:
    text, codec = decode_html(page("gb2312").encode("gbk"), "text/html")
    assert codec == "gb18030"
    assert "政务信息" in text


def test_html5_meta_charset_and_xml_declaration() -> None:
    html5 = '<!doctype html><meta charset="gbk"><title>孟津</title>'.encode("gbk")
    assert decode_html(html5, "")[1] == "gb18030"
    xml = '<?xml version="1.0" encoding="GB2312"?><datastore><record>孟津要闻</record></datastore>'.encode("gbk")
    text, codec = decode_html(xml, "text/xml")
    assert (codec, "孟津要闻" in text) == ("gb18030", True)


def test_gbk_without_any_declaration_is_detected() -> None:
    text, codec = decode_html(page().encode("gbk"), "text/html")
    assert codec == "gb18030"
    assert "各乡镇人民政府" in text


def test_utf8_bom_wins_and_is_stripped() -> None:
    body = codecs.BOM_UTF8 + page().encode("utf-8")
    text, codec = decode_html(body, "text/html; charset=gbk")  # a wrong header loses to the BOM
    assert codec == "utf-8"
    assert text.startswith("<html>")
    assert "政务信息" in text


def test_wrong_declaration_falls_back_to_detection() -> None:
    body = page("utf-8").encode("gbk")  # says utf-8 twice, is GBK
    text, codec = decode_html(body, "text/html; charset=utf-8")
    assert codec == "gb18030"
    assert "确保每天更新" in text


def test_latin1_header_yields_to_the_pages_own_meta() -> None:
    body = page("gbk").encode("gbk")
    text, codec = decode_html(body, "text/html;charset=ISO-8859-1")  # Tomcat's default
    assert codec == "gb18030"
    assert "孟津县人民政府" in text


def test_unknown_charset_names_are_ignored() -> None:
    text, codec = decode_html(page().encode("utf-8"), "text/html; charset=x-no-such-thing")
    assert codec == "utf-8"
    assert "孟津县" in text


def test_normalise_codec() -> None:
    assert normalise_codec("GB2312") == "gb18030"
    assert normalise_codec("cp936") == "gb18030"
    assert normalise_codec("UTF8") == "utf-8"
    assert normalise_codec("utf-16") == "utf-8"  # declared inside ASCII-compatible bytes: cannot be true
    assert normalise_codec("bogus") is None
    assert normalise_codec("") is None


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_pages_decode_to_their_expected_titles(name: str, real_corpus: Path, real_expected: dict[str, Any]) -> None:
    expected = real_expected[name]
    body = (real_corpus / name).read_bytes()
    text, codec = decode_html(body, "text/html")
    assert codec == "utf-8"
    assert "\ufffd" not in text
    assert expected["identity"]["icp"] in text  # e.g. 晋ICP备12000773号
    if "title" in expected:
        assert expected["title"] in text


def test_real_page_re_encoded_as_gbk_and_declared_wrongly(real_corpus: Path) -> None:
    original = (real_corpus / "shanxi.html").read_text(encoding="utf-8")
    body = original.encode("gb18030", errors="replace")  # still says <meta charset="utf-8">
    text, codec = decode_html(body, "text/html; charset=utf-8")
    assert codec == "gb18030"
    assert "山西品牌丝路行" in text


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=2048), content_type=st.text(max_size=60))
def test_never_raises_on_garbage(body: bytes, content_type: str) -> None:
    text, codec = decode_html(body, content_type)
    assert isinstance(text, str)
    assert codecs.lookup(codec)
