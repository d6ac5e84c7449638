"""Pure parts of the store: fingerprints, string cleaning, JSON and UTC conversion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from auditor.models import BrokenRule, Finding, Outcome, Problem
from auditor.store import fingerprint, problem_id
from auditor.store.sqltypes import UTCDateTime, clean_text, dumps_json

ROOT = Path(__file__).resolve().parents[2]
FINDING = Finding(
    ruleset="mengjin-2011", rule="news-daily", check="column.cadence", severity="major", points=1.0, veto=False,
    site="portal", column="news", url="http://127.0.0.10/xwzx/", message="间隔 3 天未更新", key="2026-11-02/2026-11-05",
)


def test_fingerprint_is_a_pinned_sha1_prefix() -> None:
    # pinned: changing the recipe would turn every stored violation into a new one
    assert fingerprint(FINDING) == "59ee602a665ee740"


def test_fingerprint_is_the_same_in_another_process() -> None:
    code = (
        "from auditor.models import Finding; from auditor.store import fingerprint; "
        f"print(fingerprint(Finding(**{_finding_kwargs()!r})))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True, cwd=ROOT)
    assert out.stdout.strip() == fingerprint(FINDING)


def _finding_kwargs() -> dict:
    return {name: getattr(FINDING, name) for name in FINDING.__dataclass_fields__}


def test_fingerprint_depends_on_identity_not_on_wording() -> None:
    assert fingerprint(replace(FINDING, message="别的描述", points=5.0, evidence={"x": 1})) == fingerprint(FINDING)
    distinct = {
        fingerprint(replace(FINDING, **change))
        for change in ({"key": "other"}, {"url": "http://127.0.0.10/b"}, {"site": "town-a"}, {"column": None},
                       {"rule": "r2"}, {"ruleset": "gov-cn-2019"}, {})
    }
    assert len(distinct) == 7
    # a column named "" and no column are the same place; fields cannot bleed into each other
    assert fingerprint(replace(FINDING, column="")) == fingerprint(replace(FINDING, column=None))
    assert fingerprint(replace(FINDING, rule="ab", site="c")) != fingerprint(replace(FINDING, rule="a", site="bc"))


def test_a_problem_id_is_the_place_whatever_rule_it_breaks() -> None:
    assert problem_id(FINDING) == "4e39a50dafd49c46" != fingerprint(FINDING)
    national = replace(FINDING, ruleset="gov-cn-2019", rule="news-not-updated", severity="critical", veto=True,
                       message="另一条规则的描述")
    assert problem_id(national) == problem_id(FINDING) and fingerprint(national) != fingerprint(FINDING)
    distinct = {
        problem_id(replace(FINDING, **change))
        for change in ({"key": "other"}, {"url": "http://127.0.0.10/b"}, {"site": "town-a"}, {"column": None},
                       {"check": "content.outdated"}, {})
    }
    assert len(distinct) == 6


def test_rules_order_most_severe_first_and_a_problem_without_rules_breaks_its_own() -> None:
    rules = [
        BrokenRule("b", "minor-more", "minor", 2.0, False), BrokenRule("a", "major", "major", 1.0, False),
        BrokenRule("z", "veto", "minor", 0.0, True), BrokenRule("a", "minor-less", "minor", 0.5, False),
        BrokenRule("a", "minor-more", "minor", 2.0, False), BrokenRule("c", "critical", "critical", 0.0, False),
    ]
    ordered = sorted(rules, key=lambda rule: rule.order)
    assert [(r.ruleset, r.rule) for r in ordered] == [
        ("z", "veto"), ("c", "critical"), ("a", "major"), ("a", "minor-more"), ("b", "minor-more"), ("a", "minor-less"),
    ]
    moment = datetime(2026, 11, 28, tzinfo=UTC)
    alone = Problem(id="p", ruleset="a", rule="r", check="link.broken", severity="minor", points=0.5, veto=False,
                    site="s", column=None, url="http://x/", message="m", evidence={}, status="new",
                    first_seen=moment, last_seen=moment)
    assert alone.rules == (BrokenRule("a", "r", "minor", 0.5, False),)
    assert alone.breaks("a") == alone.rules and alone.breaks("b") == ()


@given(st.text(), st.integers(min_value=0, max_value=600))
def test_clean_text_never_fails_and_respects_the_byte_cap(value: str, limit: int) -> None:
    cleaned = clean_text(value, limit)
    encoded = cleaned.encode("utf-8")  # would raise on a lone surrogate
    assert len(encoded) <= limit
    assert "\x00" not in cleaned


def _clean_text_as_it_was(value: str | None, limit: int) -> str:
    """clean_text before its shortcuts: every string encoded, cut and decoded."""
    if not value:
        return ""
    raw = value.replace("\x00", "").encode("utf-8", "replace")
    return raw[:limit].decode("utf-8", "ignore")


# ASCII (the shortcut's), any character, and those the cleaning changes: NUL, lone surrogates, 4-byte ones
AWKWARD = st.text(st.one_of(st.characters(max_codepoint=0x7F), st.characters(), st.sampled_from("\x00\ud800\udfff😀路")))


@given(AWKWARD, st.integers(min_value=0, max_value=40))
def test_clean_text_gives_what_encoding_cutting_and_decoding_every_string_gave(value: str, limit: int) -> None:
    assert clean_text(value, limit) == _clean_text_as_it_was(value, limit)


def test_clean_text_cuts_on_a_character_boundary() -> None:
    assert clean_text("政府网站", 7) == "政府"  # 3 bytes each: the half character is dropped
    assert clean_text(None) == "" and clean_text("a\x00b") == "ab"
    assert clean_text("ab\x00cd", 3) == "abc" and clean_text("政\ud800府", 4) == "政?" and clean_text("😀a", 3) == ""


def test_dumps_json_handles_dates_enums_sets_and_surrogates() -> None:
    text = dumps_json({"d": date(2026, 11, 2), "o": Outcome.BROKEN, "s": (1, 2), "bad": "x\ud800", "zh": "要闻"})
    assert json.loads(text) == {"d": "2026-11-02", "o": "broken", "s": [1, 2], "bad": "x?", "zh": "要闻"}


def test_utc_datetime_binds_utc_and_returns_aware() -> None:
    column = UTCDateTime()
    beijing = datetime(2026, 11, 28, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert column.process_bind_param(beijing, sqlite.dialect()) == datetime(2026, 11, 28, 1, 0)
    assert column.process_bind_param(beijing, postgresql.dialect()) == datetime(2026, 11, 28, 1, 0, tzinfo=UTC)
    assert column.process_bind_param(datetime(2026, 11, 28, 1, 0), sqlite.dialect()) == datetime(2026, 11, 28, 1, 0)
    back = column.process_result_value(datetime(2026, 11, 28, 1, 0), sqlite.dialect())
    assert back == beijing and back.tzinfo is UTC
    assert column.process_result_value(beijing, postgresql.dialect()).tzinfo is UTC
    assert column.process_bind_param(None, sqlite.dialect()) is None
