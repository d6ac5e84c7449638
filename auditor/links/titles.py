"""On a link column, does the target's title contradict the link text?

A link column names each site it links ("县教育局"); when the domain lapses and is
sold, the link still answers, under a title that names something else. A title
contradicts a link text when, after the words that only name a kind of site
("门户网站", "人民政府") are dropped, they share no two-character run and neither
contains the other. Generic link texts ("更多", "点击进入"), generic titles ("首页"),
and targets on audited or government hosts (where names change with reorganisations,
"国务院" linking to "中国政府网") are never judged this way.
"""

from __future__ import annotations

import dataclasses
import re

from ..models import FailureReason, LinkOccurrence, Outcome
from ..urls import host_of
from .judge import governmental_host
from .lexicon import Lexicon

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)
_LATIN_WORD = re.compile(r"[a-z0-9]{3,}")


def title_contradicts(link_text: str, title: str, lexicon: Lexicon) -> bool:
    text_folded, title_folded = link_text.strip().lower(), title.strip().lower()
    if text_folded in lexicon.generic_link_texts or title_folded in lexicon.generic_titles:
        return False
    if "://" in text_folded or text_folded.startswith("www."):
        return False  # the link text is a URL: nothing to compare a title with
    text, heading = _core(text_folded, lexicon), _core(title_folded, lexicon)
    if len(text) < 2 or len(heading) < 2 or text in heading or heading in text:
        return False
    if _LATIN_WORD.findall(text) and set(_LATIN_WORD.findall(text)) & set(_LATIN_WORD.findall(heading)):
        return False
    return not (_pairs(text) & _pairs(heading))


def judge_link_texts(
    occurrences: list[LinkOccurrence], link_columns: frozenset[str], lexicon: Lexicon, audited_hosts: frozenset[str],
) -> list[LinkOccurrence]:
    """The occurrences, with those on link columns whose target's title contradicts their text made WRONG."""
    return [_judged(o, lexicon, audited_hosts) if o.column_id in link_columns else o for o in occurrences]


def _judged(occurrence: LinkOccurrence, lexicon: Lexicon, audited_hosts: frozenset[str]) -> LinkOccurrence:
    result = occurrence.result
    if result.outcome not in (Outcome.OK, Outcome.REDIRECTED) or not result.title or occurrence.link.element != "a":
        return occurrence
    if governmental_host(host_of(result.final_url or result.url), audited_hosts, lexicon):
        return occurrence
    if not title_contradicts(occurrence.link.text, result.title, lexicon):
        return occurrence
    wrong = dataclasses.replace(result, outcome=Outcome.WRONG, error=FailureReason.TITLE_MISMATCH)
    return dataclasses.replace(occurrence, result=wrong)


def _core(text: str, lexicon: Lexicon) -> str:
    for word in lexicon.noise_words:
        text = text.replace(word, "")
    return _NOT_WORD.sub("", text)


def _pairs(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1)}
