"""From a fetch to a link verdict: the status decides first, then what answered (`judge.py`)."""

from __future__ import annotations

import dataclasses

from ..models import FailureReason, FetchResult, LinkResult, Outcome
from ..urls import host_of
from .judge import Judgement, governmental_host, judge_page, judge_redirect, judge_title
from .lexicon import Lexicon
from .missing import MissingPages, has_own_path, resembles
from .sample import MAX_TITLE_CHARS, sample_page

ANSWERED_FINE = (Outcome.OK, Outcome.REDIRECTED)


def link_result_from_fetch(fetch: FetchResult, title: str = "") -> LinkResult:
    return LinkResult(
        url=fetch.url,
        outcome=fetch.outcome,
        status=fetch.status,
        error=fetch.error,
        final_url=fetch.final_url,
        redirects=fetch.redirects,
        checked_at=fetch.fetched_at,
        elapsed=fetch.elapsed,
        title=title[:MAX_TITLE_CHARS],
    )


class Classifier:
    """Judges answers for one run: the audited hosts, the word lists, the hosts' missing pages."""

    def __init__(self, lexicon: Lexicon, audited_hosts: frozenset[str], missing: MissingPages | None = None) -> None:
        self._lexicon = lexicon
        self._audited = audited_hosts
        self._missing = missing

    def crawled(self, fetch: FetchResult, title: str) -> LinkResult:
        """A page the crawler read: its text is gone by now, so the redirect and the title decide."""
        result = link_result_from_fetch(fetch, title)
        if fetch.outcome not in ANSWERED_FINE:
            return result
        judgement = judge_redirect(fetch.url, fetch.final_url, self._audited, self._lexicon) or judge_title(
            title, self._lexicon
        )
        return _applied(result, judgement)

    async def checked(self, fetch: FetchResult) -> LinkResult:
        """A target the link stage requested: with a page's start in hand, every rule applies."""
        result = link_result_from_fetch(fetch)
        if fetch.outcome not in ANSWERED_FINE:
            return result
        judgement = judge_redirect(fetch.url, fetch.final_url, self._audited, self._lexicon)
        if judgement is not None or not fetch.text:
            return _applied(result, judgement)
        sample = sample_page(fetch.text)
        result = dataclasses.replace(result, title=sample.title)
        governmental = governmental_host(host_of(fetch.final_url), self._audited, self._lexicon)
        judgement = judge_page(sample, self._lexicon, governmental=governmental)
        if judgement is None and self._missing is not None and has_own_path(fetch.url):
            missing = await self._missing.for_url(fetch.url)
            if missing is not None and resembles(fetch, sample, missing):
                judgement = Judgement(Outcome.UNVERIFIED, FailureReason.SCRIPT_RENDERED) if missing.shell else Judgement(
                    Outcome.WRONG, FailureReason.SOFT_404
                )
        return _applied(result, judgement)


def _applied(result: LinkResult, judgement: Judgement | None) -> LinkResult:
    if judgement is None:
        return result
    return dataclasses.replace(result, outcome=judgement.outcome, error=judgement.reason)
