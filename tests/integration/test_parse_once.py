"""Parse once: auditing the demo estate parses each fetched HTML page exactly once.

Every parse of the run is counted where all of them happen, at lxml's `etree.fromstring`
(`parse_html` calls it; a reader that parsed the page again by any road would pass there
too), by the bytes parsed. The pages are what the crawler fetched and read: each result
handed to `extract.parse_page`, the one entry point from a fetch to a tree. "A fetched
HTML page" is one that answered (ok or redirected) with text and an HTML content type:
each of its fetches must be parsed exactly once, whichever readers read it (the page
reader, a home page's identity, a column's leaders, letters, documents or guides). A page
that answered otherwise (an error page, a PDF) is parsed at most once, when a reader
asks for it. Parses of anything else are not pages of the estate and are not counted
against them: the start of an outside link target, read to judge the link (checking a
link is not crawling it), and the document a Hanweb data proxy's records make.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import lxml.etree
import pytest

from auditor import api
from auditor.demo import serve_estate
from auditor.demo.run import DEMO_RULESETS
from auditor.extract.html import parser_input
from auditor.extract.parsed import ParsedPage, parse_page
from auditor.models import FetchResult, Outcome

AS_OF = date(2026, 11, 28)
HTML_OUTCOMES = (Outcome.OK, Outcome.REDIRECTED)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_html_page(fetch: FetchResult) -> bool:
    return bool(fetch.text) and fetch.outcome in HTML_OUTCOMES and "html" in fetch.content_type.lower()


def test_auditing_the_demo_estate_parses_each_fetched_html_page_exactly_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses: Counter[str] = Counter()
    fetched: list[FetchResult] = []
    fromstring = lxml.etree.fromstring

    def counted_fromstring(data: Any, *args: Any, **kwargs: Any) -> Any:
        parses[digest(data if isinstance(data, bytes) else str(data).encode("utf-8"))] += 1
        return fromstring(data, *args, **kwargs)

    def recorded_parse_page(fetch: FetchResult) -> ParsedPage:
        fetched.append(fetch)
        return parse_page(fetch)

    with serve_estate(AS_OF, scale=1.0) as estate:
        path = tmp_path / "auditor.toml"
        path.write_text(estate.config_toml(storage_url="sqlite:///auditor.db", rulesets=DEMO_RULESETS), encoding="utf-8")
        config, rulesets = api.load(path)
        monkeypatch.setattr(lxml.etree, "fromstring", counted_fromstring)
        monkeypatch.setattr("auditor.crawl.site.parse_page", recorded_parse_page)
        result = api.as_json(api.audit(config, rulesets, as_of="2026-11-28T09:00:00"), config.tz)
        monkeypatch.undo()

    pages = [fetch for fetch in fetched if is_html_page(fetch)]
    fetches_of = Counter(digest(parser_input(fetch.text)) for fetch in pages)
    # every page the run stored went through the entry point (some pages are fetched twice:
    # a list page reached as a link, then read as its column's; an item listed after its visit)
    assert len(fetched) >= result["run"]["pages"] > 2_000
    assert len(pages) > 2_000
    twice_or_never = {key: (parses[key], count) for key, count in fetches_of.items() if parses[key] != count}
    assert not twice_or_never, f"{len(twice_or_never)} page texts parsed other than once per fetch"
    others = Counter(digest(parser_input(fetch.text)) for fetch in fetched if fetch.text and not is_html_page(fetch))
    assert all(parses[key] <= count for key, count in others.items())
