"""Why lxml and not beautifulsoup4: parse the real pages of `../shared/corpus/real/` both ways.

    .venv/bin/python benchmarks/parsing.py              # 200 rounds of each page
    .venv/bin/python benchmarks/parsing.py --rounds 50

Four figures, pages per second on one core over the same pages:
- lxml through `auditor.extract.parse_html` (the crawler's one parse of a page);
- the crawler's whole extraction of a page (`parse_page` then `extract_page`), as an
  ordinary page and as a column's list page (items and pagination read as well);
- beautifulsoup4 with its lxml tree builder, the parser the design first named
  (`pip install beautifulsoup4`; it is not a dependency of the auditor).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.extract import parse_html  # noqa: E402
from auditor.extract.page import extract_page  # noqa: E402
from auditor.extract.parsed import parse_page  # noqa: E402
from auditor.fetch.encoding import decode_html  # noqa: E402
from auditor.models import FetchResult, Outcome, PageRequest  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"
AS_OF = date(2026, 11, 28)


def _pages() -> list[tuple[str, str]]:
    if not CORPUS.is_dir():
        raise SystemExit(f"the real corpus is not at {CORPUS} (a checkout beside ../shared is needed)")
    return [(f"http://127.0.0.1/{path.name}", decode_html(path.read_bytes(), "text/html")[0])
            for path in sorted(CORPUS.glob("*.html"))]


def _rate(rounds: int, pages: list[tuple[str, str]], read: Callable[[str, str], object]) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for url, text in pages:
            read(url, text)
    return rounds * len(pages) / (time.perf_counter() - started)


def _extract(column: bool) -> Callable[[str, str], object]:
    def read(url: str, text: str) -> object:
        fetch = FetchResult(url=url, final_url=url, status=200, outcome=Outcome.OK, text=text, content_type="text/html")
        request = PageRequest(url=url, site_id="s", column_id="c" if column else None)
        return extract_page(parse_page(fetch), request, as_of=AS_OF)

    return read


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    pages = _pages()
    print(f"{len(pages)} real pages, {args.rounds} rounds each, one core")
    print(f"lxml (parse_html):            {_rate(args.rounds, pages, lambda url, text: parse_html(text)):7.0f} pages/s")
    print(f"extraction, ordinary page:    {_rate(args.rounds, pages, _extract(False)):7.0f} pages/s")
    print(f"extraction, column page:      {_rate(args.rounds, pages, _extract(True)):7.0f} pages/s")
    try:
        import bs4
    except ImportError:
        print("beautifulsoup4: not installed (pip install beautifulsoup4)")
        return
    soup_rounds = max(1, args.rounds // 10)  # ten times fewer: it is that much slower
    rate = _rate(soup_rounds, pages, lambda url, text: bs4.BeautifulSoup(text, "lxml"))
    print(f"beautifulsoup4 (lxml builder): {rate:6.0f} pages/s")


if __name__ == "__main__":
    main()
