"""The content scans: what each page read says that a content check judges (issue 19).

The crawler calls `scan_page` once per HTML page that opened, while its text is in hand
(pages are not kept), and hands the findings to the checks in the site's snapshot. A
scanner is a function `(ParsedPage) -> list[PageFinding]`, registered in `SCANNERS` by
the check it serves (a check may have several: content.wording's lists and its leader
mentions); a scanner that raises is logged and skipped for that page, never stopping the
crawl. Personal data is masked by the scanner itself, before it leaves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import date

from ..models import PageFinding
from .hidden import CHECK as HIDDEN_LINKS_CHECK
from .hidden import scan_hidden_links
from .leader_mentions import CHECK as LEADER_MENTIONS_CHECK
from .leader_mentions import scan_leader_mentions
from .mixed import CHECK as MIXED_CONTENT_CHECK
from .mixed import scan_mixed_content
from .parsed import ParsedPage
from .personal import CHECK as PERSONAL_DATA_CHECK
from .personal import scan_personal, scan_personal_attachment
from .wording import CHECK as WORDING_CHECK
from .wording import scan as scan_wording

log = logging.getLogger(__name__)

Scanner = Callable[[ParsedPage], list[PageFinding]]
SCANNERS: dict[str, list[Scanner]] = {}  # check name -> its page scanners, in order; filled below


def register(check: str) -> Callable[[Scanner], Scanner]:
    def add(scanner: Scanner) -> Scanner:
        SCANNERS.setdefault(check, []).append(scanner)
        return scanner

    return add


# every scanner is registered here, by the check it serves; no scanner module imports this one,
# so the scans make no import cycle
register(MIXED_CONTENT_CHECK)(scan_mixed_content)
register(HIDDEN_LINKS_CHECK)(scan_hidden_links)
register(PERSONAL_DATA_CHECK)(scan_personal)
register(WORDING_CHECK)(scan_wording)
register(LEADER_MENTIONS_CHECK)(scan_leader_mentions)


# an attachment's scan: (its body, ".docx", ".xlsx" or ".pdf", its URL, the page linking it, the audit day)
AttachmentScanner = Callable[[bytes, str, str, str, date], list[PageFinding]]
ATTACHMENT_SCANNERS: dict[str, AttachmentScanner] = {}  # check name -> its attachment scanner


def register_attachment(check: str) -> Callable[[AttachmentScanner], AttachmentScanner]:
    def add(scanner: AttachmentScanner) -> AttachmentScanner:
        ATTACHMENT_SCANNERS[check] = scanner
        return scanner

    return add


register_attachment(PERSONAL_DATA_CHECK)(scan_personal_attachment)


def scan_attachment(
    data: bytes, kind: str, url: str, page_url: str, as_of: date, checks: Iterable[str],
) -> list[PageFinding]:
    """Every attachment scan of `checks` of one fetched attachment, logged and skipped when one raises."""
    found: list[PageFinding] = []
    for check in checks:
        scanner = ATTACHMENT_SCANNERS.get(check)
        if scanner is None:
            continue
        try:
            found.extend(scanner(data, kind, url, page_url, as_of))
        except Exception:  # a scanner's bug must not end the crawl of a site
            log.exception("attachment scan %s failed on %s", check, url)
    return found


def scan_page(parsed: ParsedPage, checks: Iterable[str] | None = None) -> list[PageFinding]:
    """Every registered scan (or those of `checks`) of one opened HTML page."""
    found: list[PageFinding] = []
    wanted = SCANNERS if checks is None else {c: SCANNERS[c] for c in checks if c in SCANNERS}
    for check, scanners in wanted.items():
        for scanner in scanners:
            try:
                found.extend(scanner(parsed))
            except Exception:  # a scanner's bug must not end the crawl of a site
                log.exception("content scan %s (%s) failed on %s", check, getattr(scanner, "__name__", "?"), parsed.url)
    return found
