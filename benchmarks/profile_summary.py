"""Summarise py-spy's folded stacks (`py-spy record --format raw`): the functions where the
samples were taken (self) and those on the stack (cumulative), by share of all samples.

    BENCH_LINKS_PROFILE=/tmp/prof .venv/bin/python benchmarks/links.py --pages 500 --settings b --tools auditor
    .venv/bin/python benchmarks/profile_summary.py /tmp/prof/auditor-b-*.txt --top 30 --only auditor
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_LINE = re.compile(r":\d+\)$")  # a frame's line number: the function is what counts


def summarise(path: Path) -> tuple[int, Counter[str], Counter[str]]:
    total, own, on_stack = 0, Counter[str](), Counter[str]()
    for line in path.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        frames = [_LINE.sub(")", frame) for frame in stack.split(";")]
        total += samples
        own[frames[-1]] += samples
        for frame in set(frames):
            on_stack[frame] += samples
    return total, own, on_stack


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("stacks", type=Path, nargs="+")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--only", default="", help="cumulative list: frames whose text contains this")
    args = parser.parse_args()
    for path in args.stacks:
        total, own, on_stack = summarise(path)
        print(f"{path}: {total} samples")
        print("  self:")
        for frame, samples in own.most_common(args.top):
            print(f"    {samples / total:6.1%}  {frame[:140]}")
        print("  cumulative:")
        shown = [(f, n) for f, n in on_stack.most_common() if args.only in f][:args.top]
        for frame, samples in shown:
            print(f"    {samples / total:6.1%}  {frame[:140]}")


if __name__ == "__main__":
    main()
