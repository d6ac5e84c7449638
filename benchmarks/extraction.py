"""Score extraction on the labelled corpus and print a Markdown table.

    .venv/bin/python benchmarks/extraction.py [--rounds 3] [--timeout 5]

Publication date (pages whose labels have `published`) for read_page, htmldate
(`find_date(html, url=…, original_date=True)`) and gne (`publish_time`), in the same
run; every other labelled field for read_page alone; then read_page's pages per
second on one core. Every call is capped (`--timeout`), so a tool that hangs on one
page scores it wrong instead of stalling the run. htmldate and gne get text decoded
with the page's true encoding, which is generous to them.
Needs the `bench` extra: htmldate, gne.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as CallTimeout
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from corpus.scoring import REAL_DIR, Case, compare, load_cases, load_real_cases  # noqa: E402

DATE_IN_TEXT = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
Reader = Callable[[Case], str | None]


def capped(call: Callable[[], Any], seconds: float) -> Any:
    """Run `call` in a worker thread; None when it raises or runs past `seconds`."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(call).result(timeout=seconds)
    except CallTimeout:
        return None
    except Exception:  # a tool failing on one page is that page scored wrong
        return None
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def page_text(case: Case) -> str:
    codec = "gbk" if case.encoding.startswith(("gbk", "gb2312")) else "utf-8-sig"
    return case.path.read_bytes().decode(codec, errors="replace")


def iso_date(value: Any) -> str | None:
    match = DATE_IN_TEXT.search(str(value or ""))
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3])).isoformat()
    except ValueError:
        return None


def htmldate_reader() -> Reader:
    from htmldate import find_date

    return lambda case: find_date(page_text(case), url=case.url, original_date=True, outputformat="%Y-%m-%d")


def gne_reader() -> Reader:
    from gne import GeneralNewsExtractor

    return lambda case: iso_date(GeneralNewsExtractor().extract(page_text(case)).get("publish_time"))


def read_page_call() -> Callable[[Case], dict[str, Any]] | None:
    try:
        from auditor.extract import read_page
    except ImportError as error:
        print(f"read_page unavailable: {error}\n")
        return None
    return lambda case: read_page(case.path.read_bytes(), case.url, as_of=date.fromisoformat(case.as_of), kind="auto")


def date_accuracy(reader: Reader, cases: list[Case], seconds: float) -> tuple[int, int]:
    dated = [case for case in cases if "published" in case.expect]
    right = sum(capped(lambda c=case: reader(c), seconds) == case.expect["published"] for case in dated)
    return right, len(dated)


def field_accuracy(read: Callable[[Case], dict[str, Any]], cases: list[Case], seconds: float) -> dict[str, list[int]]:
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for case in cases:
        result = capped(lambda c=case: read(c), seconds)
        for check in compare(case.expect, result if isinstance(result, dict) else {}):
            tally[check.field][0] += check.ok
            tally[check.field][1] += 1
    return dict(tally)


def pages_per_second(read: Callable[[Case], dict[str, Any]], cases: list[Case], rounds: int) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for case in cases:
            try:
                read(case)
            except Exception:  # counted in the accuracy table; here only time matters
                pass
    return rounds * len(cases) / (time.perf_counter() - started)


def row(name: str, right: int, total: int) -> str:
    return f"| {name} | {right}/{total} | {right / total if total else 0:.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the corpus for the speed figure")
    parser.add_argument("--timeout", type=float, default=5.0, help="seconds allowed per tool per page")
    parser.add_argument("--corpus", type=Path, default=None, help="another labelled folder, e.g. a held-out draw of make_corpus.py --seed N --out DIR")
    args = parser.parse_args()
    cases = load_cases(args.corpus) if args.corpus else load_cases()
    cases += load_real_cases() if (REAL_DIR / "expected.json").exists() else []
    read = read_page_call()
    readers: dict[str, Reader] = {"htmldate": htmldate_reader(), "gne": gne_reader()}
    if read is not None:
        readers = {"read_page": lambda case: (read(case) or {}).get("published"), **readers}
    print(f"Corpus: {len(cases)} pages\n\n## Publication date\n\n| extractor | right | accuracy |\n|---|---|---|")
    for name, reader in readers.items():
        print(row(name, *date_accuracy(reader, cases, args.timeout)))
    if read is None:
        return
    print("\n## read_page, every other labelled field\n\n| field | right | accuracy |\n|---|---|---|")
    for field, (right, total) in sorted(field_accuracy(read, cases, args.timeout).items()):
        if field != "published":
            print(row(field, right, total))
    print(f"\n## Speed\n\nread_page: {pages_per_second(read, cases, args.rounds):.0f} pages/s on one core "
          f"({args.rounds} rounds over {len(cases)} pages)")


if __name__ == "__main__":
    main()
