"""content.wording's scan and lists: exact wrong forms in visible text, never in right text."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.extract import parse_page
from auditor.extract.html import parse_html
from auditor.extract.wording import (
    KINDS,
    Entry,
    build_list,
    builtin_list,
    find_errors,
    read_entries,
    scan,
    sentence_around,
    visible_text,
)
from auditor.models import FetchResult, Outcome


def found_in(html: str) -> list[tuple[str, str]]:
    return [(f.found, f.correction) for f in find_errors(visible_text(parse_html(html)))]


# ---- the lists ----

def test_the_lists_are_many_sourced_and_of_every_kind() -> None:
    entries = builtin_list().entries.values()
    assert len(entries) >= 40
    assert {e.kind for e in entries} == set(KINDS)
    assert all(e.source.strip() and e.right.strip() and e.wrong != e.right for e in entries)


def test_no_wrong_form_is_part_of_any_right_form() -> None:
    entries = list(builtin_list().entries.values())
    rights = " | ".join(e.right for e in entries)
    assert not [e.wrong for e in entries if e.wrong in rights]
    # the right forms, written out, are clean
    assert find_errors("。".join(e.right for e in entries)) == []


def test_a_list_whose_wrong_form_sits_in_a_right_form_is_refused() -> None:
    with pytest.raises(ValueError, match="part of the right form"):
        build_list([Entry("办公", "办公厅", "body_name", "s")])
    with pytest.raises(ValueError, match="listed twice"):
        build_list([Entry("再接再励", "再接再厉", "typo", "s"), Entry("再接再励", "再接再厉", "typo", "t")])


def test_a_list_file_without_a_source_or_with_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entries]]\nwrong = "a"\nright = "b"\nkind = "typo"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="bad.toml entry 1: missing source"):
        read_entries([bad])
    bad.write_text('[[entries]]\nwrong = "a"\nright = "b"\nkind = "slang"\nsource = "s"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="kind 'slang'"):
        read_entries([bad])


def test_the_lists_ship_as_package_data() -> None:
    text = (Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert "extract/wording_lists/*.toml" in text


# ---- what is found ----

def test_each_kind_is_found_with_its_correction() -> None:
    html = ("<body><p>根据国务院办公室通知，深入学习习近平新时期中国特色社会主义思想。</p>"
            "<p>依照《中华人民共和国土地法》处理。</p><p>大家再接再励。</p></body>")
    assert found_in(html) == [
        ("国务院办公室", "国务院办公厅"),
        ("习近平新时期中国特色社会主义思想", "习近平新时代中国特色社会主义思想"),
        ("《中华人民共和国土地法》", "《中华人民共和国土地管理法》"),
        ("再接再励", "再接再厉"),
    ]


def test_one_finding_per_distinct_wrong_form_with_its_sentence_and_source() -> None:
    found = find_errors("一、学习十九大四中全会精神。二、再次学习十九大四中全会精神。")
    assert len(found) == 1
    assert found[0].context == "一、学习十九大四中全会精神。"
    assert found[0].kind == "formulation" and "公报" in found[0].source
    assert found[0].key == "formulation:十九大四中全会"


def test_the_sentence_is_clipped_around_the_error_and_long_numbers_masked() -> None:
    text = "甲" * 100 + "国务院办公室" + "乙" * 100 + "。"
    assert sentence_around(text, 100, 106) == "…" + "甲" * 30 + "国务院办公室" + "乙" * 30 + "…"
    found = find_errors("联系人身份证410322199001011234，电话13812345678，再接再励。")
    assert "410322199001011234" not in found[0].context and "13812345678" not in found[0].context
    assert "410*************34" in found[0].context


def test_the_scan_reports_the_page_url() -> None:
    page = parse_page(FetchResult(url="http://127.0.0.1/a.html", final_url="http://127.0.0.1/b.html", outcome=Outcome.OK,
                                  status=200, content_type="text/html", text="<p>截止目前，已办结。</p>"))
    [finding] = scan(page)
    assert (finding.check, finding.url, finding.found, finding.correction) == (
        "content.wording", "http://127.0.0.1/b.html", "截止目前", "截至目前")


# ---- must not flag ----

def test_a_correct_quotation_of_a_law_s_full_name_is_not_flagged() -> None:
    assert found_in("<p>依据《中华人民共和国政府信息公开条例》第二十六条和《中华人民共和国行政许可法》，"
                    "《中华人民共和国土地管理法》《中华人民共和国道路交通安全法》《中华人民共和国妇女权益保障法》。</p>") == []


def test_correct_formulations_are_not_flagged() -> None:
    text = ("<p>高举中国特色社会主义伟大旗帜，坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻党的二十大和"
            "二十届二中、三中全会精神，中国共产党第二十次全国代表大会，十九届四中全会，第十四届全国人民代表大会第一次会议，"
            "以习近平同志为核心的党中央，全面从严治党，全面依法治国，增强“四个意识”，做到“两个维护”。"
            "国务院办公厅、中共中央办公厅、国务院新闻办公室、国务院台湾事务办公室、国家发展和改革委员会、"
            "县人力资源和社会保障局、住房和城乡建设局、国家卫生健康委员会、农业农村部、国家市场监督管理总局、"
            "县市场监督管理局、全国人民代表大会常务委员会、中国人民政治协商会议全国委员会。"
            "截至目前已竣工验收；报名截止，目前正在审核；按装修面积计算；既使群众满意又节约；发布署名文章；专家俱乐部；"
            "地势险峻工作难度大；一贯切实落实；鼓励行业自律。</p>")
    assert found_in(text) == []


def test_markup_scripts_styles_attributes_and_urls_are_not_text() -> None:
    html = ('<html><head><title>国务院办公室</title><style>.国务院办公室{}</style></head><body>'
            '<script>var s = "国务院办公室";</script><a href="/国务院办公室/" title="再接再励">链接</a>'
            '<img alt="再接再励" src="x.png"><!-- 国务院办公室 --><p>正文</p></body></html>')
    assert found_in(html) == []


def test_two_blocks_never_join_into_a_wrong_form() -> None:
    assert found_in("<table><tr><td>国务院办</td><td>公室</td></tr></table><ul><li>再接</li><li>再励</li></ul>") == []
    assert found_in("<p>国务院<b>办公室</b>通知</p>") == [("国务院办公室", "国务院办公厅")]  # inline markup does join


@pytest.mark.parametrize("sentence", [
    "原文中“国务院办公室”应为“国务院办公厅”，特此更正。",
    "应为“国务院办公厅”，而非“国务院办公室”。",
    "常见错误：把国务院办公厅误写为“国务院办公室”。",
    "应为《中华人民共和国政府信息公开条例》，不是《政府信息公开法》。",
    "将「十九大四中全会」更正为「十九届四中全会」。",
])
def test_a_wrong_form_quoted_in_a_correction_is_not_flagged(sentence: str) -> None:
    assert find_errors(sentence) == []


def test_a_correction_without_quotes_is_reported_a_documented_limit() -> None:
    assert [f.found for f in find_errors("应为国务院办公厅而非国务院办公室。")] == ["国务院办公室"]


def test_an_error_quoted_to_correct_it_does_not_hide_the_same_error_elsewhere() -> None:
    text = "文中“国务院办公室”应为“国务院办公厅”。另据国务院办公室通知。"
    assert [f.context for f in find_errors(text)] == ["另据国务院办公室通知。"]
