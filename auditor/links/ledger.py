"""The run-wide ledger of link targets: what was linked, what is already known about it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..models import FetchResult, LinkResult
from .classify import link_result_from_fetch

# a crawled page's fetch and title -> its verdict as a link target
JudgeCrawled = Callable[[FetchResult, str], LinkResult]


class LinkLedger:
    """Distinct targets across every site of a run, and the verdicts already in hand.

    A page the crawler fetched is its own link verdict, so a target that was crawled
    is never requested a second time by the link check.
    """

    def __init__(self, judge_crawled: JudgeCrawled = link_result_from_fetch) -> None:
        self._targets: dict[str, None] = {}  # insertion-ordered set: deterministic check order
        self._results: dict[str, LinkResult] = {}
        self._judge_crawled = judge_crawled

    def add_targets(self, urls: Iterable[str]) -> list[str]:
        """Record the targets; the ones not met before are returned, in order."""
        new = []
        for url in urls:
            if url not in self._targets:
                self._targets[url] = None
                new.append(url)
        return new

    def record_fetch(self, fetch: FetchResult, title: str = "") -> None:
        if fetch.url not in self._results:
            self._results[fetch.url] = self._judge_crawled(fetch, title)

    def record(self, result: LinkResult) -> None:
        self._results[result.url] = result

    def result(self, url: str) -> LinkResult | None:
        return self._results.get(url)

    def known(self, url: str) -> bool:
        return url in self._results

    def unchecked(self) -> list[str]:
        return [url for url in self._targets if url not in self._results]

    def results(self) -> list[LinkResult]:
        return list(self._results.values())

    @property
    def target_count(self) -> int:
        return len(self._targets)
