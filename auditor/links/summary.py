"""What the link stage reports apart from violations: counts by outcome, and the targets
it could not verify (robots.txt, 401/403/429, bot challenges), which are never counted
as broken but which the office may want to check by hand."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..models import LinkOccurrence, LinkResult, Outcome

UNVERIFIED_OUTCOMES = (Outcome.UNVERIFIED, Outcome.ROBOTS)
MAX_SOURCES = 5  # pages listed per target: enough to find the link


@dataclass(frozen=True, slots=True)
class UnverifiedLink:
    site: str
    url: str
    outcome: str
    status: int | None
    error: str
    sources: tuple[tuple[str, str], ...]  # (page, link text), the first few
    source_count: int

    def document(self) -> dict[str, Any]:
        return {
            "site": self.site, "url": self.url, "outcome": self.outcome, "status": self.status, "error": self.error,
            "sources": [{"page": page, "text": text} for page, text in self.sources],
            "source_count": self.source_count,
        }


def unverified_links(site_id: str, occurrences: Iterable[LinkOccurrence]) -> list[UnverifiedLink]:
    pages_by_target: dict[str, dict[str, str]] = defaultdict(dict)
    result_of: dict[str, LinkResult] = {}
    for occurrence in occurrences:
        if occurrence.result.outcome in UNVERIFIED_OUTCOMES:
            result_of[occurrence.result.url] = occurrence.result
            pages_by_target[occurrence.result.url].setdefault(occurrence.link.source, occurrence.link.text)
    return [
        UnverifiedLink(
            site=site_id, url=url, outcome=str(result_of[url].outcome), status=result_of[url].status,
            error=result_of[url].error, sources=tuple(sorted(pages.items()))[:MAX_SOURCES], source_count=len(pages),
        )
        for url, pages in sorted(pages_by_target.items())
    ]


def outcome_counts(results: Iterable[LinkResult]) -> dict[str, int]:
    """Distinct targets by outcome, every outcome present (0 when none), plus how many were reused."""
    counts = Counter(str(result.outcome) for result in results)
    reused = sum(1 for result in results if result.reused)
    return {str(outcome): counts.get(str(outcome), 0) for outcome in Outcome} | {"reused": reused}
