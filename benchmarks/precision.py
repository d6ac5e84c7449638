"""Precision and recall per check on two estates, and whether audits repeat themselves.

    .venv/bin/python benchmarks/precision.py                 # both estates, 5 audits each
    .venv/bin/python benchmarks/precision.py --estate blind --runs 2
    .venv/bin/python benchmarks/precision.py --content-checks   # issue 19's checks, under the national ruleset

Two estates, each served on 127.0.0.x with a truth file of planted problems:
- `demo`: the built-in estate (`auditor.demo`), written by the authors of the checks;
- `blind`: the independent estate (`tests/blind`), written from the pattern list of
  issue 14, SPEC.md and real page shapes by someone who had not read the checks. It also
  lists must-not-flag cases: places a wrong check would accuse.

Each audit is the real command (`auditor audit --format json`) against a fresh
database. A violation matches a planted problem when check, site and URL are equal
(the URL exactly as the truth writes it: as the page links it). Per check:

    planted   problems planted         found      planted ones reported
    false     reports matching nothing planted      traps   must-not-flag cases hit
    precision = matched reports / all reports       recall = found / planted

The first audit's figures are printed; the other audits are compared with it by
violation id, and any difference is listed (targets: none). The exit status is 1 when
a target is missed: precision >= 0.98, recall >= 0.95, no trap hit, identical audits.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_PRECISION, TARGET_RECALL = 0.98, 0.95


@dataclass(frozen=True)
class Truth:
    planted: list[dict]  # {check, site, url, ...}
    must_not_flag: list[dict]  # {check ("*" = any), site, url, pattern, note}


@dataclass
class Tally:
    planted: int = 0
    found: int = 0
    reports: int = 0
    matched: int = 0
    false: list[str] = field(default_factory=list)
    traps: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float | None:
        return self.matched / self.reports if self.reports else None

    @property
    def recall(self) -> float | None:
        return self.found / self.planted if self.planted else None


@contextmanager
def demo_estate(as_of: date, scale: float) -> Iterator[tuple[Callable[[str], str], Truth]]:
    from auditor.demo import serve_estate
    from auditor.demo.run import DEMO_RULESETS

    with serve_estate(as_of, scale) as handle:
        estate = handle.estate
        planted = [{"check": p.check, "site": p.site, "url": p.url, "note": p.note} for p in estate.truth]
        traps = [{"check": "*", "site": t.site, "url": t.url, "pattern": t.kind, "note": t.note} for t in estate.traps]
        yield (lambda url: handle.config_toml(storage_url=url, rulesets=DEMO_RULESETS)), Truth(planted, traps)


@contextmanager
def blind_estate(as_of: date, scale: float) -> Iterator[tuple[Callable[[str], str], Truth]]:
    from tests.blind import serve_blind_estate

    with serve_blind_estate(as_of) as handle:
        truth = handle.truth
        yield handle.config_toml, Truth(list(truth["planted"]), list(truth["must_not_flag"]))


ESTATES = {"demo": demo_estate, "blind": blind_estate}


def audit(config_text: str, as_of: date, workdir: Path, run: int) -> list[dict]:
    config = workdir / f"auditor-{run}.toml"
    config.write_text(config_text, encoding="utf-8")
    _week_of_probes(config, as_of)
    command = [sys.executable, "-m", "auditor.cli", "audit", "--config", str(config),
               "--as-of", f"{as_of.isoformat()}T09:00:00", "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode not in (0, 1):
        raise SystemExit(f"audit failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout)["violations"]


def _week_of_probes(config_path: Path, as_of: date) -> None:
    """The week of home-page probes the availability rule judges (as `auditor demo` makes them)."""
    from auditor import api
    from auditor.demo.run import week_of_probes

    config, rulesets = api.load(config_path)
    if any(rule.check == "site.availability" for ruleset in rulesets for rule in ruleset.rules):
        week_of_probes(config, api.parse_as_of(f"{as_of.isoformat()}T09:00:00", config.tz))


def evaluated(truth: Truth, config_path: Path, runs: list[list[dict]]) -> tuple[Truth, int]:
    """The truth restricted to the checks evaluated (those of the config's rulesets' rules, and
    any check that reported something in an audit): an estate may plant
    cases for checks a ruleset leaves out (the blind estate's issue-19 cases: content.wording,
    content.personal_data, link.hidden, site.https), which are not misses when nothing runs them.
    Returns the restricted truth and how many planted cases were left out."""
    from auditor import api

    _, rulesets = api.load(config_path)
    checks = {rule.check for ruleset in rulesets for rule in ruleset.rules}
    checks |= {v["check"] for violations in runs for v in violations}
    planted = [p for p in truth.planted if p["check"] in checks]
    traps = [t for t in truth.must_not_flag if t["check"] == "*" or t["check"] in checks]
    return Truth(planted, traps), len(truth.planted) - len(planted)


def tally(violations: list[dict], truth: Truth) -> dict[str, Tally]:
    tallies: dict[str, Tally] = {}
    planted = {(p["check"], p["site"], p["url"]) for p in truth.planted}
    for check, _, _ in planted:
        tallies.setdefault(check, Tally()).planted += 1
    reported = {(v["check"], v["site"], v["url"]) for v in violations}
    for key in sorted(planted & reported):
        tallies[key[0]].found += 1
    for violation in violations:
        key = (violation["check"], violation["site"], violation["url"])
        entry = tallies.setdefault(violation["check"], Tally())
        entry.reports += 1
        if key in planted:
            entry.matched += 1
            continue
        entry.false.append(f"{violation['site']} {violation['url']} {violation['message']}")
        for case in truth.must_not_flag:
            if case["url"] == violation["url"] and case["check"] in ("*", violation["check"]):
                entry.traps.append(f"[{case.get('pattern', '')}] {violation['url']} {case.get('note', '')}")
                break
    return tallies


def print_table(name: str, tallies: dict[str, Tally], truth: Truth, violations: list[dict]) -> None:
    print(f"\n## {name}: {len(truth.planted)} planted, {len(truth.must_not_flag)} must-not-flag cases\n")
    print("| check | planted | found | reported | false | must-not-flag hit | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    total = Tally()
    for check in sorted(tallies):
        t = tallies[check]
        print(f"| {check} | {t.planted} | {t.found} | {t.reports} | {len(t.false)} | {len(t.traps)} | "
              f"{_ratio(t.precision)} | {_ratio(t.recall)} |")
        total.planted += t.planted
        total.found += t.found
        total.reports += t.reports
        total.matched += t.matched
        total.false += t.false
        total.traps += t.traps
    print(f"| **all** | {total.planted} | {total.found} | {total.reports} | {len(total.false)} | {len(total.traps)} | "
          f"{_ratio(total.precision)} | {_ratio(total.recall)} |")
    patterns = Counter(case.get("pattern", "") for case in truth.must_not_flag)
    if patterns:
        print("\nmust-not-flag cases per pattern: " + ", ".join(f"{p} {n}" for p, n in sorted(patterns.items())))
    for check in sorted(tallies):
        for line in tallies[check].false:
            print(f"  false {check}: {line}")
        for line in tallies[check].traps:
            print(f"  TRAP  {check}: {line}")
    reported = {(v["check"], v["site"], v["url"]) for v in violations}
    for p in truth.planted:
        if (p["check"], p["site"], p["url"]) in reported:
            continue
        print(f"  missed {p['check']}: {p['site']} {p['url']} {p.get('note', '')}")


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def compare_runs(runs: list[list[dict]]) -> list[str]:
    """Each later audit's violation ids against the first audit's: what appeared, what went."""
    first = {v["id"]: v for v in runs[0]}
    differences = []
    for number, violations in enumerate(runs[1:], start=2):
        ids = {v["id"]: v for v in violations}
        for vid in sorted(ids.keys() - first.keys()):
            differences.append(f"audit {number} only: {ids[vid]['check']} {ids[vid]['url']}")
        for vid in sorted(first.keys() - ids.keys()):
            differences.append(f"audit 1 only (not in audit {number}): {first[vid]['check']} {first[vid]['url']}")
    return differences


# the content and security checks (issue 19): their truth does not depend on the ruleset, so
# they are measured under the national ruleset, which has their rules, on either estate
CONTENT_CHECKS = frozenset({"content.wording", "content.personal_data", "link.hidden", "site.https"})


def with_national(config_for: Callable[[str], str]) -> Callable[[str], str]:
    """The estate's config with gov-cn-2019 among its rulesets (once)."""
    def config(url: str) -> str:
        text = config_for(url)
        if "gov-cn-2019" in text:
            return text
        return re.sub(r"rulesets = \[([^\]]*)\]", lambda m: f'rulesets = [{m.group(1)}, "gov-cn-2019"]', text, count=1)
    return config


def only_content_checks(runs: list[list[dict]], truth: Truth) -> tuple[list[list[dict]], Truth]:
    """The audits and the truth narrowed to the content and security checks: the national rules
    of the other checks differ from the county rules the estates' other cases were written for."""
    narrowed = [[v for v in violations if v["check"] in CONTENT_CHECKS] for violations in runs]
    planted = [p for p in truth.planted if p["check"] in CONTENT_CHECKS]
    traps = [t for t in truth.must_not_flag if t["check"] in CONTENT_CHECKS or t["check"] == "*"]
    return narrowed, Truth(planted, traps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--estate", choices=[*ESTATES, "both"], default="both")
    parser.add_argument("--runs", type=int, default=5, help="audits per estate, compared by violation id")
    parser.add_argument("--as-of", default="2026-11-28")
    parser.add_argument("--scale", type=float, default=0.3, help="the demo estate's size (the demo's own)")
    parser.add_argument("--content-checks", action="store_true",
                        help="the content and security checks only (issue 19), with the national ruleset added")
    args = parser.parse_args()
    as_of = date.fromisoformat(args.as_of)
    ok = True
    for name in (list(ESTATES) if args.estate == "both" else [args.estate]):
        with tempfile.TemporaryDirectory() as tmp, ESTATES[name](as_of, args.scale) as (config_for, truth):
            make = with_national(config_for) if args.content_checks else config_for
            runs = [audit(make(f"sqlite:///{tmp}/audit-{n}.db"), as_of, Path(tmp), n) for n in range(args.runs)]
            if args.content_checks:
                runs, truth = only_content_checks(runs, truth)
            truth, left_out = evaluated(truth, Path(tmp) / "auditor-0.toml", runs)
        if left_out:
            print(f"\n{name}: {left_out} planted cases of checks the loaded rulesets do not evaluate left out")
        tallies = tally(runs[0], truth)
        print_table(name, tallies, truth, runs[0])
        differences = compare_runs(runs)
        print(f"\n{args.runs} audits of {name}: " + ("identical violation ids" if not differences else
                                                    f"{len(differences)} differences"))
        for line in differences:
            print(f"  {line}")
        totals = Tally(planted=sum(t.planted for t in tallies.values()), found=sum(t.found for t in tallies.values()),
                       reports=sum(t.reports for t in tallies.values()), matched=sum(t.matched for t in tallies.values()))
        traps = sum(len(t.traps) for t in tallies.values())
        ok &= (totals.precision or 0) >= TARGET_PRECISION and (totals.recall or 0) >= TARGET_RECALL
        ok &= traps == 0 and not differences
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
