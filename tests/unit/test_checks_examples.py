"""Every PASS/FAIL example in every check module's docstring, run as a test."""

from __future__ import annotations

import json

import pytest

from auditor.checks import CHECKS, CheckType
from auditor.checks.examples import Example, parse_examples, run_example

CASES = [
    pytest.param(check, example, id=f"{check.id}: {example.verdict} {example.title}")
    for check in CHECKS.values()
    for example in parse_examples(check.doc)
]


@pytest.mark.parametrize(("check", "example"), CASES)
def test_docstring_example(check: CheckType, example: Example) -> None:
    findings = run_example(check, example)
    assert len(findings) == example.findings, [f.message for f in findings]
    if "keys" in example.spec:
        assert [f.key for f in findings] == example.spec["keys"]
    if "messages" in example.spec:
        assert [f.message for f in findings] == example.spec["messages"]
    for finding in findings:
        assert finding.check == check.id
        json.dumps(finding.evidence)  # evidence goes to the database and the JSON report as is


@pytest.mark.parametrize("check", list(CHECKS.values()), ids=list(CHECKS))
def test_every_check_shows_what_passes_and_what_fails(check: CheckType) -> None:
    verdicts = [example.verdict for example in parse_examples(check.doc)]
    assert "PASS" in verdicts and "FAIL" in verdicts
    assert check.summary and check.scope in ("column", "site")


def test_the_example_format_is_parsed_as_documented() -> None:
    doc = '''Summary.

    Examples::

        PASS: nothing wrong
            column = { items = [2026-11-27] }

        FAIL (3 findings): three things wrong
            params = { max_interval = "2d" }
            keys = ["a", "b", "c"]
        FAIL: one thing wrong
    '''
    examples = parse_examples(doc)
    assert [(e.verdict, e.findings, e.title) for e in examples] == [
        ("PASS", 0, "nothing wrong"), ("FAIL", 3, "three things wrong"), ("FAIL", 1, "one thing wrong"),
    ]
    assert examples[1].spec == {"params": {"max_interval": "2d"}, "keys": ["a", "b", "c"]}
    assert examples[2].spec == {}


def test_a_broken_example_names_itself() -> None:
    with pytest.raises(ValueError, match="example 'bad toml': invalid TOML"):
        parse_examples("Examples::\n\n    PASS: bad toml\n        column = {\n")
