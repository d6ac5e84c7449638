"""Soft 404s found by comparison: what does this host answer for a page that cannot exist?

Many sites answer every unknown path with status 200 and the same "not found" page, or
redirect it to the home page, in words no list can foresee. So for each host that
answered a linked page with 200, the link stage asks once for a random path
(`/auditor-<random>-missing.html`). A host that answers it with an error is honest and
its 200s are believed. Otherwise a target that lands where the random path landed, or
whose page reads like the random path's page, is a soft 404.

A host whose answer to the random path is a near-empty shell (a page its scripts fill
in) cannot be judged by comparison: its look-alike targets are `unverified`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from ..models import FetchResult, Outcome, PageRequest
from .sample import PageSample, sample_page

SIMILAR = 0.9  # Jaccard similarity of 4-character shingles at or above which two pages are one
SHELL_CHARS = 50  # readable text shorter than this: a page its scripts fill in, nothing to compare
SHINGLE = 4
ROOT_PATHS = frozenset({"", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/index.php"})

Fetch = Callable[[PageRequest], Awaitable[FetchResult]]


@dataclass(frozen=True, slots=True)
class MissingPage:
    """A host's answer to a path that cannot exist."""

    final_url: str
    sent_elsewhere: bool  # redirected to a fixed page (the home page, /404.html), not just to https
    title: str
    shingles: frozenset[str]
    shell: bool


class MissingPages:
    """One random-path probe per origin per run, shared by every target on it."""

    def __init__(self, fetch: Fetch, trusted_hosts: frozenset[str]) -> None:
        self._fetch = fetch
        self._trusted = trusted_hosts
        self._probes: dict[str, asyncio.Task[MissingPage | None]] = {}

    async def for_url(self, url: str) -> MissingPage | None:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._probes:
            self._probes[origin] = asyncio.ensure_future(self._probe(origin, parts.hostname or ""))
        return await self._probes[origin]

    async def _probe(self, origin: str, host: str) -> MissingPage | None:
        token = secrets.token_hex(8)
        url = f"{origin}/auditor-{token}-missing.html"
        answer = await self._fetch(PageRequest(url=url, site_id="", peek=True, trusted=host in self._trusted))
        if answer.outcome not in (Outcome.OK, Outcome.REDIRECTED):
            return None  # the honest answer (404, 410, ...), or none: 200s on this host are believed
        sample = sample_page(answer.text)
        return MissingPage(
            final_url=answer.final_url,
            sent_elsewhere=bool(answer.redirects) and token not in answer.final_url,
            title=sample.title,
            shingles=shingles(_without_path(sample.text, url)),
            shell=len(sample.text) < SHELL_CHARS,
        )


def has_own_path(url: str) -> bool:
    """A deep link: the site's root is compared with nothing (a parked root is judged by its words)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.path.lower() not in ROOT_PATHS or bool(parts.query)


def resembles(fetch: FetchResult, sample: PageSample, missing: MissingPage) -> bool:
    """Whether the target answered the way the host answers for a page that does not exist:
    it landed where the missing page landed (a redirect to the home page, to /404.html), or
    it reads the same, apart from the path it was asked for."""
    if missing.sent_elsewhere:
        return fetch.final_url == missing.final_url
    if sample.title != missing.title:
        return False
    return similarity(shingles(_without_path(sample.text, fetch.url)), missing.shingles) >= SIMILAR


def shingles(text: str) -> frozenset[str]:
    folded = "".join(text.split())[:4000]
    return frozenset(folded[i:i + SHINGLE] for i in range(max(1, len(folded) - SHINGLE + 1)))


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _without_path(text: str, url: str) -> str:
    """Error pages often repeat the path asked for; two misses then differ only there."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return text
    for echoed in (url, parts.path, parts.path.rsplit("/", 1)[-1]):
        if len(echoed) > 1:
            text = text.replace(echoed, " ")
    return text
