"""content.wording's two patterns: law titles near exactly one real name, and body names
misspelled by a confusable pair; with the cases that must never be reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.extract.html import parse_html
from auditor.extract.wording import (
    LAW_PREFIX,
    BodyNames,
    Entry,
    LawNames,
    body_name_entries,
    builtin_law_names,
    builtin_list,
    find_errors,
    read_body_names,
    read_law_names,
    visible_text,
)


def errors(text: str, laws: LawNames | None = None) -> list[tuple[str, str]]:
    return [(f.found, f.correction) for f in find_errors(text, laws=laws)]


def law_file(tmp_path: Path, text: str) -> LawNames:
    path = tmp_path / "laws.toml"
    path.write_text(text, encoding="utf-8")
    return read_law_names(path)


# ---- law names: reported ----

def test_a_formal_title_with_a_dropped_character_is_reported_with_the_prefix_kept() -> None:
    text = "县发改委依据《中华人民共和国招投标法》，对全县在建工程建设项目开展招标投标领域专项检查。检查组查看了招标文件。"
    [finding] = find_errors(text)
    assert (finding.found, finding.correction) == ("《中华人民共和国招投标法》", "《中华人民共和国招标投标法》")
    assert (finding.kind, finding.key) == ("law_name", "law_name:《中华人民共和国招投标法》")
    assert finding.context == "县发改委依据《中华人民共和国招投标法》，对全县在建工程建设项目开展招标投标领域专项检查。"
    assert "现行有效法律目录" in finding.source


@pytest.mark.parametrize(("written", "right"), [
    ("《行政评可法》", "《行政许可法》"),  # one character swapped: with or without the prefix
    ("《中华人民共和国行政评可法》", "《中华人民共和国行政许可法》"),
    ("《中华人民共和国科技成果转化法》", "《中华人民共和国促进科技成果转化法》"),  # two dropped
    ("《中华人民共和国政府釆购法》", "《中华人民共和国政府采购法》"),
    ("《优化营商坏境条例》", "《优化营商环境条例》"),  # a long regulation name, one swapped
    ("《政府信息公开条列》", "《政府信息公开条例》"),  # 条列, never a right ending
    ("《中华人民共和国 行政评可法》", "《中华人民共和国行政许可法》"),  # spaces are not characters of the name
    ("《中华人民共和国促进就业法》", "《中华人民共和国就业促进法》"),  # the same characters in another order
    ("《促进就业法》", "《就业促进法》"),  # a reordered name is no short form: judged without the prefix
    ("《中华人民共和国促进中小企业法》", "《中华人民共和国中小企业促进法》"),
    ("《中华人民共和国许可行政法》", "《中华人民共和国行政许可法》"),
])
def test_a_title_near_exactly_one_real_name_is_reported(written: str, right: str) -> None:
    assert errors(f"依据{written}办理。") == [(written, right)]


def test_the_errors_of_a_page_come_in_text_order_listed_forms_and_titles_alike() -> None:
    text = "再接再励。依据《中华人民共和国招投标法》。根据国务院办公室通知。最高人民检查院。"
    assert [found for found, _ in errors(text)] == ["再接再励", "《中华人民共和国招投标法》", "国务院办公室", "最高人民检查院"]


def test_a_title_listed_as_a_wrong_form_is_reported_once() -> None:
    # 《中华人民共和国道路交通法》 is a listed entry and a near miss of 道路交通安全法 too
    assert errors("依据《中华人民共和国道路交通法》处罚。") == [
        ("《中华人民共和国道路交通法》", "《中华人民共和国道路交通安全法》")]


# ---- law names: never reported ----

def test_every_real_name_in_the_list_is_right_with_and_without_the_prefix() -> None:
    names = builtin_law_names().known
    text = "。".join(f"依据《{name}》和《{LAW_PREFIX}{name}》" for name in sorted(names))
    assert errors(text) == []


@pytest.mark.parametrize("sentence", [
    "培训会解读了《中华人民共和国招标投标法》《中华人民共和国个人信息保护法》和《优化营商环境条例》。",
    "依据《招标投标法》第三条和《政府采购法》，《预算法》，《民法典》，《中华人民共和国民法典》，《宪法》。",
    "近日，《中华人民共和国未来法》草案公开征求意见。",  # unknown, no near neighbour
    "根据《河南省招标投标条例》《郑州市城市管理条例》和《河南省政府信息公开规定》。",  # local regulations
    "学习《招投标法》《科技成果转化法》《乡村振兴法》《治安处罚法》《家庭教育法》。",  # short names people cite
    "依据《中华人民共和国所得税法》。",  # 2 dropped from 个人所得税法 and from 企业所得税法: which one?
    "《中华人民共和国国安法》《商法》《环保法》《刑诉法》。",  # fewer than 4 characters: too near too many
    "《中华人民共和国合同法》《中华人民共和国物权法》《中华人民共和国侵权责任法》同时废止。",  # repealed, real
    "1987年发布的《中华人民共和国公路管理条例》同时废止。",  # an old regulation, its successor adds a word
    "《中华人民共和国信访工作条例》《信访条例》《兽药管里条例》。",  # a short regulation name is not judged
    "依据《招标投标实施办法》《行政许可办法》。",  # 办法 are not laws
    "据悉，《耕地保护法》《国家公园法》《原子能法》正在审议。",  # drafts the list knows
])
def test_right_unknown_short_local_and_repealed_titles_are_never_reported(sentence: str) -> None:
    assert errors(sentence) == []


def test_no_two_real_names_are_made_of_the_same_characters() -> None:
    # a reordered title is judged against exactly one name: two names of one set of characters
    # would each be right, but every other order of them unjudged (see the next test)
    by_characters: dict[str, list[str]] = {}
    for name in builtin_law_names().known:
        by_characters.setdefault("".join(sorted(name)), []).append(name)
    assert [names for names in by_characters.values() if len(names) > 1] == []


def test_a_reordering_of_two_names_or_of_a_short_name_is_not_judged(tmp_path: Path) -> None:
    laws = law_file(tmp_path, '[laws]\nsource = "s"\nnames = ["甲乙丙丁法", "丙丁甲乙法", "商标法"]\n')
    assert errors("《甲乙丙丁法》《丙丁甲乙法》《商标法》", laws) == []  # both real
    assert errors("《乙甲丙丁法》", laws) == []  # a reordering of either: which one?
    assert errors("《标商法》《中华人民共和国标商法》", laws) == []  # fewer than 4 characters
    assert errors("《法丙丁甲乙》", laws) == []  # not a 法 title at all


@pytest.mark.parametrize("sentence", [
    "学习《就业促进法》《中华人民共和国就业促进法》《中小企业促进法》《促进科技成果转化法》。",  # right
    "《科技成果转化法》《中小企业法》《就业法》。",  # short forms, short names
    "《促进就业条例》《就业服务促进法》《促进创业就业法》。",  # unknown: not the same characters as a listed name
])
def test_right_short_and_unknown_names_near_a_reordering_are_never_reported(sentence: str) -> None:
    assert errors(sentence) == []


def test_a_title_right_after_a_foreign_country_s_name_is_that_country_s_law(tmp_path: Path) -> None:
    laws = law_file(tmp_path, '[laws]\nsource = "s"\nnames = ["出口管制法"]\n')
    assert errors("依照《出口管理法》办理。", laws) == [("《出口管理法》", "《出口管制法》")]
    assert errors("美国《出口管理法》、美国的《出口管理法》、境外《出口管理法》。", laws) == []


def test_a_name_never_offered_as_a_correction_is_right_and_makes_its_neighbours_ambiguous(tmp_path: Path) -> None:
    laws = law_file(tmp_path, '[laws]\nsource = "s"\nnames = ["湿地保护法"]\n'
                              '[known]\ncorrections = false\nsource = "t"\nnames = ["耕地保护法", "合同法"]\n')
    assert errors("《耕地保护法》《湿地保护法》", laws) == []
    assert errors("《湿地保户法》", laws) == [("《湿地保户法》", "《湿地保护法》")]
    assert errors("《耕地保户法》", laws) == []  # a misspelt draft is not reported as another law


def test_a_title_quoted_to_correct_it_is_not_reported_without_a_cue_it_is() -> None:
    assert errors("应为《中华人民共和国招标投标法》，而非《中华人民共和国招投标法》。") == []
    assert errors("文中《中华人民共和国招投标法》有误，已更正。") == []
    # the documented limit: a page naming the error without a cue word is reported
    assert [f for f, _ in errors("常见的不规范写法：《中华人民共和国招投标法》。")] == ["《中华人民共和国招投标法》"]


def test_the_law_file_refuses_what_would_make_it_wrong(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\[laws\]: a source and names"):
        law_file(tmp_path, '[laws]\nnames = ["招标投标法"]\n')
    with pytest.raises(ValueError, match="prefixed"):
        law_file(tmp_path, '[laws]\nsource = "s"\nnames = ["中华人民共和国招标投标法"]\n')
    with pytest.raises(ValueError, match="listed twice"):
        law_file(tmp_path, '[laws]\nsource = "s"\nnames = ["刑法"]\n[known]\nsource = "t"\nnames = ["刑法"]\n')
    with pytest.raises(ValueError, match="not a 法"):
        law_file(tmp_path, '[laws]\nsource = "s"\nnames = ["招标投标实施办法规定"]\n')
    with pytest.raises(ValueError, match="no name is offered"):
        law_file(tmp_path, '[known]\ncorrections = false\nsource = "t"\nnames = ["合同法"]\n')


def test_the_shipped_law_file_is_large_and_sourced() -> None:
    laws = builtin_law_names()
    offered_laws = [name for name in laws.sources if not name.endswith("条例")]
    assert len(offered_laws) >= 280 and len(laws.sources) - len(offered_laws) >= 200
    assert {"宪法", "民法典", "招标投标法", "政府采购法", "预算法", "行政许可法", "个人信息保护法", "安全生产法",
            "食品安全法", "道路交通安全法", "劳动合同法", "政府信息公开条例", "优化营商环境条例"} <= set(laws.sources)
    assert all(source.strip() for source in laws.sources.values())


# ---- body names ----

@pytest.mark.parametrize(("sentence", "wrong", "right"), [
    ("向群众讲解最高人民法院、最高人民检查院发布的典型案例。", "最高人民检查院", "最高人民检察院"),
    ("县人民检查院召开党组会议。", "人民检查院", "人民检察院"),
    ("县纪律检察委员会通报了三起典型问题。", "纪律检察委员会", "纪律检查委员会"),
    ("中央纪律检察委员会第三次全体会议。", "中央纪律检察委员会", "中央纪律检查委员会"),
    ("驻县教育局纪捡监察组开展监督。", "纪捡监察组", "纪检监察组"),
    ("最高人名法院发布第三批典型案例。", "最高人名法院", "最高人民法院"),
    ("县人名法院开展集中执行行动。", "人名法院", "人民法院"),
    ("云溪县人名政府关于印发通知。", "人名政府", "人民政府"),
    ("召开县第十八届人名代表大会第三次会议。", "人名代表大会", "人民代表大会"),
    ("第十四届全国人名代表大会常务委员会第十次会议。", "全国人名代表大会常务委员会", "全国人民代表大会常务委员会"),
    ("最高人名检察院发布指导性案例。", "最高人名检察院", "最高人民检察院"),
])
def test_a_misspelt_body_name_is_reported_with_its_sentence(sentence: str, wrong: str, right: str) -> None:
    [finding] = find_errors(sentence)
    assert (finding.found, finding.correction, finding.kind, finding.context) == (wrong, right, "body_name", sentence)
    assert "；" in finding.source  # the name's source and the confusion's reason


def test_right_body_names_and_the_ordinary_word_are_never_reported() -> None:
    text = ("县纪律检查委员会、中央纪律检查委员会、最高人民检察院、县人民检察院检察委员会、国家监察委员会、"
            "驻县教育局纪检监察组。检查组深入一线开展专项检查，督促检查落实，检查院子卫生，检察官出庭，"
            "检察机关依法履职，纪检监察干部，全国人民代表大会常务委员会，国家发展和改革委员会。")
    assert errors(text) == []


def test_人名_is_a_word_only_a_whole_generated_body_name_is_an_error() -> None:
    text = ("核对人名、地名和机构名称，人名地名词典，人名法规数据库，按人名检索，人名、政府机构名称均已脱敏。"
            "县人民法院、县人民政府、县人民代表大会常务委员会、最高人民法院、人民检察院。")
    assert errors(text) == []
    assert errors(text.replace("人名、政府", "人名政府")) == [("人名政府", "人民政府")]  # the whole name, however written
    generated = [wrong for wrong in builtin_list().entries if "人名" in wrong]
    assert generated and all(wrong.startswith(("人名", "最高", "全国")) and len(wrong) >= 4 for wrong in generated)


def test_a_listed_ministry_name_before_men_or_fen_is_a_phrase_about_departments() -> None:
    assert errors("各级人力资源与社会保障部门、住房与城乡建设部门，农业与农村部分内容。") == []
    assert errors("人力资源与社会保障部发布通知。") == [("人力资源与社会保障部", "人力资源和社会保障部")]


def test_a_body_name_quoted_to_correct_it_is_not_reported() -> None:
    assert errors("原文“最高人民检查院”应为“最高人民检察院”，特此更正。") == []


def test_generated_forms_inside_a_correct_name_are_dropped() -> None:
    bodies = BodyNames({"纪律检查委员会": "章程", "检察委员会": "组织法"},
                       (("检察", "检查", "同音"), ("检查", "检察", "同音")))
    made = body_name_entries(bodies, [])
    # 检察委员会 → 检查委员会 stands inside 纪律检查委员会: never matched
    assert [(e.wrong, e.right) for e in made] == [("纪律检察委员会", "纪律检查委员会")]
    assert made[0].source == "章程；同音"


def test_a_generated_form_already_listed_or_made_twice_is_not_added_again() -> None:
    bodies = BodyNames({"甲检察院": "s", "甲检查院": "t", "乙检察院": "u"}, (("检察", "检查", "r"), ("检查", "检察", "r")))
    listed = [Entry("乙检查院", "乙检察院", "body_name", "listed")]
    # 甲检查院 and 甲检察院 are names (right text); 乙检查院 is listed by hand
    assert body_name_entries(bodies, listed) == []
    twice = BodyNames({"丙检察院": "s", "丙检察所": "t"}, (("察院", "查所", "r"), ("察所", "查所", "r")))
    assert body_name_entries(twice, []) == []  # 丙检查所: two names, two corrections


def test_the_body_file_refuses_a_name_without_a_source_or_a_confusion_without_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "bodies.toml"
    path.write_text('[[names]]\nname = "人民检察院"\n[[confusions]]\nright = "检察"\nwrong = "检查"\nreason = "r"\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="name 1"):
        read_body_names(path)
    path.write_text('[[names]]\nname = "人民检察院"\nsource = "s"\n[[confusions]]\nright = "检察"\nwrong = "检查"\n',
                    encoding="utf-8")
    with pytest.raises(ValueError, match="confusion 1"):
        read_body_names(path)


def test_the_generated_body_forms_are_in_the_one_built_in_list() -> None:
    entries = builtin_list().entries
    assert entries["最高人民检查院"].right == "最高人民检察院"
    assert "检查委员会" not in entries and "纪律检查委员会" not in entries


def test_a_page_s_markup_is_read_as_text_for_both_patterns() -> None:
    html = ("<body><p>县发改委依据《中华人民共和国<b>招投标法</b>》开展检查。</p>"
            "<p>讲解最高人民检查院发布的案例。</p><script>var a='《中华人民共和国行政评可法》';</script></body>")
    assert errors(visible_text(parse_html(html))) == [
        ("《中华人民共和国招投标法》", "《中华人民共和国招标投标法》"), ("最高人民检查院", "最高人民检察院")]
