"""The content scans: what each page read says that a content check judges (issue 19).

The crawler calls `scan_page` once per HTML page that opened, while its text is in hand
(pages are not kept), and hands the findings to the checks in the site's snapshot. A
scanner is a function `(ParsedPage) -> list[PageFinding]`, registered in `SCANNERS` by
the check it serves; a scanner that raises is logged and skipped for that page, never
stopping the crawl. Personal data is masked by the scanner itself, before it leaves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from ..models import PageFinding
from .hidden import CHECK as HIDDEN_LINKS_CHECK
from .hidden import scan_hidden_links
from .mixed import CHECK as MIXED_CONTENT_CHECK
from .mixed import scan_mixed_content
from .parsed import ParsedPage

log = logging.getLogger(__name__)

Scanner = Callable[[ParsedPage], list[PageFinding]]
SCANNERS: dict[str, Scanner] = {}  # check name -> its page scanner; filled by the scanner modules below


def register(check: str) -> Callable[[Scanner], Scanner]:
    def add(scanner: Scanner) -> Scanner:
        SCANNERS[check] = scanner
        return scanner

    return add


register(MIXED_CONTENT_CHECK)(scan_mixed_content)  # mixed does not import this module: no import cycle
register(HIDDEN_LINKS_CHECK)(scan_hidden_links)  # nor does hidden


def scan_page(parsed: ParsedPage, checks: Iterable[str] | None = None) -> list[PageFinding]:
    """Every registered scan (or those of `checks`) of one opened HTML page."""
    found: list[PageFinding] = []
    wanted = SCANNERS if checks is None else {c: SCANNERS[c] for c in checks if c in SCANNERS}
    for check, scanner in wanted.items():
        try:
            found.extend(scanner(parsed))
        except Exception:  # a scanner's bug must not end the crawl of a site
            log.exception("content scan %s failed on %s", check, parsed.url)
    return found
from . import personal  # noqa: E402,F401  registers its scanner
