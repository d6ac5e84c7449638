"""Is an answering target what was linked? The rules that turn OK into WRONG or UNVERIFIED.

    challenge words in the page      unverified, CHALLENGE (a bot wall, not the page)
    redirected to another owner      wrong, OFFSITE (not to a government suffix
                                       or an audited site: those are sites moving house)
    gambling / adult words           wrong, GAMBLING / ADULT
    for-sale / expired phrases       wrong, PARKED
    "页面不存在" in title, headings    wrong, SOFT_404
      or the text of a short page

The reasons are `FailureReason` members. Each rule reads `lexicon.toml`. Only answers that would otherwise be OK or REDIRECTED
are judged: a failure stays what it is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import FailureReason, Outcome
from ..urls import host_of
from .domains import registrable_domain, under_suffix
from .lexicon import Lexicon
from .sample import PageSample


@dataclass(frozen=True, slots=True)
class Judgement:
    outcome: Outcome
    reason: FailureReason


def judge_redirect(url: str, final_url: str, audited_hosts: frozenset[str], lexicon: Lexicon) -> Judgement | None:
    """WRONG when redirects led to a host of another owner that is neither audited nor governmental."""
    start, end = host_of(url), host_of(final_url)
    if not start or not end or start == end or end in audited_hosts:
        return None
    if registrable_domain(start) == registrable_domain(end) or under_suffix(end, lexicon.trusted_suffixes):
        return None
    return Judgement(Outcome.WRONG, FailureReason.OFFSITE)


def judge_page(sample: PageSample, lexicon: Lexicon, *, governmental: bool) -> Judgement | None:
    """What the page's words say; `governmental` pages (audited hosts, gov.cn) need the title to say it."""
    if lexicon.challenge.found(sample.markup[:16384]) or lexicon.challenge.found(sample.title):
        return Judgement(Outcome.UNVERIFIED, FailureReason.CHALLENGE)
    for words, reason in ((lexicon.gambling, FailureReason.GAMBLING), (lexicon.adult, FailureReason.ADULT)):
        if words.matches(sample.title, sample.text) and (not governmental or words.found(sample.title)):
            return Judgement(Outcome.WRONG, reason)
    if not governmental and (lexicon.parked.found(sample.heading_text) or lexicon.parked.found(sample.text)):
        return Judgement(Outcome.WRONG, FailureReason.PARKED)
    if says_missing(sample, lexicon):
        return Judgement(Outcome.WRONG, FailureReason.SOFT_404)
    return None


def judge_title(title: str, lexicon: Lexicon) -> Judgement | None:
    """For pages the crawler read (their text is gone): only what the title says."""
    if lexicon.challenge.found(title):
        return Judgement(Outcome.UNVERIFIED, FailureReason.CHALLENGE)
    if lexicon.soft404.found(title):
        return Judgement(Outcome.WRONG, FailureReason.SOFT_404)
    return None


def says_missing(sample: PageSample, lexicon: Lexicon) -> bool:
    if lexicon.soft404.found(sample.heading_text):
        return True
    return len(sample.text) < lexicon.short_page_chars and bool(lexicon.soft404.found(sample.text))


def governmental_host(host: str, audited_hosts: frozenset[str], lexicon: Lexicon) -> bool:
    return host in audited_hosts or under_suffix(host, lexicon.trusted_suffixes)

