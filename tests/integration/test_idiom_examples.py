"""Every CMS idiom example of `auditor.checks.idioms`, served on 127.0.0.1 and audited end to end.

A PASS example must give no violation of the checks it judges; a FAIL example exactly
the violations it lists, at the exact URLs (as the page links them); and what the checks
could not judge is exactly what the example says is unverified. Examples audited
more than once must give the same violation ids every time.
"""

from __future__ import annotations

import pytest

from auditor.checks.idioms import EXAMPLES, PATTERNS, IdiomExample
from tests.idiom_site import audit_example

CASES = [pytest.param(e, id=f"{e.pattern}: {e.verdict} {e.title}") for e in EXAMPLES]


@pytest.mark.parametrize("example", CASES)
async def test_idiom_example(example: IdiomExample, tmp_path) -> None:
    base, results = await audit_example(example, tmp_path)
    found = sorted((v.check, v.url) for v in results[0].violations if v.check in example.judges)
    expected = sorted((check, base + path) for check, path in example.expect)
    assert found == expected, [v.message for v in results[0].violations if v.check in example.judges]
    unverified = sorted((u.check, u.url) for u in results[0].unverified_checks if u.check in example.judges)
    assert unverified == sorted((check, base + path) for check, path in example.unverified)
    ids = [sorted(v.id for v in result.violations) for result in results]
    assert all(run == ids[0] for run in ids), "two audits of the same site gave different violations"


def test_every_pattern_shows_a_pass_and_a_fail() -> None:
    shown = {(e.pattern, e.verdict) for e in EXAMPLES}
    missing = [(p, v) for p in PATTERNS for v in ("PASS", "FAIL") if (p, v) not in shown]
    assert not missing, f"patterns without a PASS or FAIL idiom example: {missing}"
