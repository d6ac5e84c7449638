"""The fuzzed properties of tests/unit/test_fuzz_properties.py, run long (not in CI).

    .venv/bin/python benchmarks/fuzz.py                                  # every target, 20,000 examples per property
    .venv/bin/python benchmarks/fuzz.py --target urls --examples 100000
    .venv/bin/python benchmarks/fuzz.py --target extract --seed 7        # a reproducible run
    .venv/bin/python benchmarks/fuzz.py --atheris --target config --runs 200000   # coverage-guided (needs atheris)

Each property is a hypothesis strategy and a check shared with the test module, so what
is fuzzed here is exactly what the suite asserts (the suite runs a few dozen examples of
each). Prints one Markdown row per property: examples run, seconds, examples per second,
and the failure (the falsifying example, shrunk) if any; exits 1 when a property fails.

`--atheris` feeds libFuzzer's coverage-guided bytes to the same strategies
(`fuzz_one_input`), every property of the target in one process; atheris is not a
dependency of the project (`.venv/bin/pip install atheris`). libFuzzer prints its own
progress (exec/s) and stops at `--runs` or at the first failure, which it saves as a
crash-* file.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402

from tests.unit.test_fuzz_properties import PROPERTIES  # noqa: E402

TARGETS = (*PROPERTIES, "all")


@dataclass
class Outcome:
    target: str
    name: str
    examples: int
    seconds: float
    failure: str = ""

    @property
    def rate(self) -> float:
        return self.examples / self.seconds if self.seconds else 0.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", choices=TARGETS, default="all")
    parser.add_argument("--examples", type=int, default=20_000, help="examples per property (default 20000)")
    parser.add_argument("--seed", type=int, default=None, help="hypothesis seed, for a reproducible run")
    parser.add_argument("--atheris", action="store_true", help="coverage-guided with atheris/libFuzzer instead")
    parser.add_argument("--runs", type=int, default=100_000, help="--atheris: libFuzzer runs (default 100000)")
    return parser.parse_args()


def run_property(target: str, name: str, strategy, check, examples: int, seed_value: int | None) -> Outcome:
    """One property for `examples` examples, counted as they run; the shrunk failure if one fails."""
    count = 0

    def counted(case) -> None:
        nonlocal count
        count += 1
        check(case)

    test = settings(
        max_examples=examples, deadline=None, database=None, print_blob=True,
        phases=[Phase.explicit, Phase.generate, Phase.shrink], suppress_health_check=list(HealthCheck),
    )(given(strategy)(counted))
    if seed_value is not None:
        test = seed(seed_value)(test)
    started = time.perf_counter()
    failure = ""
    try:
        test()
    except Exception as error:  # noqa: BLE001  (every failure is reported, then the next property runs)
        failure = "".join(traceback.format_exception_only(error)).strip()  # with hypothesis's notes: the example
    return Outcome(target, name, count, time.perf_counter() - started, failure)


def run_hypothesis(targets: list[str], examples: int, seed_value: int | None) -> int:
    outcomes = []
    print("| target | property | examples | seconds | examples/s | result |\n|---|---|---:|---:|---:|---|", flush=True)
    for target in targets:
        for name, strategy, check in PROPERTIES[target]:
            outcome = run_property(target, name, strategy, check, examples, seed_value)
            outcomes.append(outcome)
            result = "ok" if not outcome.failure else "FAILED"
            print(f"| {target} | {name} | {outcome.examples} | {outcome.seconds:.1f} | {outcome.rate:.0f} | {result} |", flush=True)
    failed = [o for o in outcomes if o.failure]
    for outcome in failed:
        print(f"\n## {outcome.target}: {outcome.name} FAILED\n{outcome.failure}", flush=True)
    total = sum(o.examples for o in outcomes)
    seconds = sum(o.seconds for o in outcomes)
    print(f"\n{total} examples in {seconds:.0f} s ({total / seconds if seconds else 0:.0f}/s); {len(failed)} properties failed")
    return 1 if failed else 0


def run_atheris(targets: list[str], runs: int) -> None:
    try:
        import atheris
    except ImportError:
        sys.exit("atheris is not installed: .venv/bin/pip install atheris (it is not a dependency of the project)")
    properties = [
        settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))(given(strategy)(check))
        for target in targets for _, strategy, check in PROPERTIES[target]
    ]

    def one_input(data: bytes) -> None:
        if len(data) < 2:
            return
        properties[data[0] % len(properties)].hypothesis.fuzz_one_input(data[1:])

    atheris.instrument_all()  # the auditor modules are imported already: instrument what is loaded
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-print_final_stats=1"], one_input)
    atheris.Fuzz()


def main() -> None:
    args = parse_args()
    logging.getLogger("auditor").setLevel(logging.ERROR)  # a hostile selector's warning, thousands of times
    targets = list(PROPERTIES) if args.target == "all" else [args.target]
    if args.atheris:
        run_atheris(targets, args.runs)
    sys.exit(run_hypothesis(targets, args.examples, args.seed))


if __name__ == "__main__":
    main()
