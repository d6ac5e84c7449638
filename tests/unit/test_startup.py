"""Start-up of `auditor audit` (issue 20): what its imports leave out, and the patterns
rewritten to compile faster (one copy of the label alternatives, `\\s` for the spaces,
Han classes outside case folding) still reading what they read before."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from auditor.extract import document, identity
from auditor.extract.labelled import Vocabulary
from auditor.extract.selectors import compile_selector

VOCABULARY = Vocabulary({"办理时限": "time", "办理": "do", "收费标准": "fee"})


def test_a_json_audit_imports_neither_rich_nor_pygments_nor_cssselect() -> None:
    code = ("import sys; from auditor import cli, api; api.load; "
            "print(sorted(n for n in sys.modules if n.split('.')[0] in ('rich', 'pygments') or n == 'lxml.cssselect'))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_httpx_still_imports_with_its_command_line_left_out() -> None:
    code = "from auditor import cli; import httpx; print(callable(httpx.main), httpx.Client.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "Client"]


def test_a_column_selector_still_compiles_on_first_use() -> None:
    selector = compile_selector("ul.list li")
    assert selector is not None and compile_selector("ul[") is None


@pytest.mark.parametrize(("line", "labels"), [
    ("【办理时限】5个工作日", ["办理时限"]),
    ("【 办理 时限 】：5个工作日", ["办理 时限"]),
    ("（一）办理时限：5个工作日　收费标准：免费", ["办理时限", "收费标准"]),
    ("【办理时限：5个工作日", ["办理时限"]),  # a bracket never closed: the label with its colon
    ("【办理】时限：5日", ["办理"]),
    ("办理时限】5个工作日", []),  # neither a colon nor an opening bracket
    ("审批办理时限：5日", []),  # the tail of a longer word
])
def test_inline_labels_bracketed_or_with_a_colon(line: str, labels: list[str]) -> None:
    assert [Vocabulary.label_of(match) for match in VOCABULARY.inline.finditer(line)] == labels


@pytest.mark.parametrize(("text", "label"), [
    ("【办理时限】", "办理时限"), ("一、办理时限：", "办理时限"), (" 【 办理时限 】： ", "办理时限"), ("办理", "办理"),
    ("办理时限】", None), ("【办理时限", None), ("【办理时限：】", None),
])
def test_a_label_standing_alone(text: str, label: str | None) -> None:
    match = VOCABULARY.alone.fullmatch(text)
    assert (Vocabulary.label_of(match) if match else None) == label


def test_a_document_label_may_be_spaced_with_any_unicode_space() -> None:
    for space in (" ", "\u3000", "\xa0", "\t"):
        match = document._LABEL_AT_START.match(f"{space}索{space}引{space}号{space}：123")
        assert match is not None and match["colon"] == "："
    assert document._LABEL_AT_START.match("分类号：1") is None  # 分类号 is not 分类


@pytest.mark.parametrize(("pattern", "text", "found"), [
    (identity._ICP, "豫icp备12345678号-1", "豫icp备12345678号-1"),
    (identity._ICP, "ICP备12345678号", None),  # no province before it
    (identity._SPONSOR, "主办单位：清河县人民政府办公室 豫ICP备12345678号", "清河县人民政府办公室"),
    (identity._SPONSOR, "主办单位：清河县政府豫ICP备1号", "清河县政府"),  # 豫ICP starts the filing
    (identity._SPONSOR, "承主办：某单位", None),
])
def test_identity_patterns_keep_their_case_folding_outside_han(pattern: re.Pattern[str], text: str,
                                                               found: str | None) -> None:
    match = pattern.search(text)
    value = (match["value"] if "value" in pattern.groupindex else match.group()) if match else None
    assert value == found
