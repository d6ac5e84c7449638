"""Which URLs belong to a site, and the guard against crawler traps."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from ..extract.undated import has_item_param
from ..models import FetchResult
from ..urls import host_of

MAX_URL_LENGTH = 500
MAX_PATH_SEGMENTS = 12
MAX_SEGMENT_REPEATS = 3
# distinct queries of one path and parameter set, when no parameter names an item: sort
# orders, filters and search forms permute without end, while an item id (show.asp?id=)
# is content and may vary as often as the site has items
MAX_LIST_VARIANTS = 20
# pages of one query shape answered with a body already seen for another query of it:
# that parameter changes nothing (a session id, an ignored filter, "信息不存在" for any id)
MAX_UNCHANGED = 5


class TrapGuard:
    """Refuses URLs shaped like crawler traps, deciding on evidence where the shape allows.

    Always refused: overlong URLs, deep paths, a path segment repeated (a relative-link
    loop). Query variants of one path are grouped by their parameter names (the shape):
    a shape whose parameters name an item is followed as far as the page budget goes,
    until MAX_UNCHANGED of its pages came back with bodies already seen for the shape;
    any other shape after MAX_LIST_VARIANTS variants too. Calendars and endless pagers
    end at the crawl depth and the column page cap.
    """

    def __init__(self) -> None:
        self._variants: Counter[str] = Counter()
        self._bodies: dict[str, set[str]] = {}
        self._unchanged: Counter[str] = Counter()

    def allows(self, url: str) -> bool:
        if len(url) > MAX_URL_LENGTH:
            return False
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > MAX_PATH_SEGMENTS:
            return False
        if segments and Counter(segments).most_common(1)[0][1] >= MAX_SEGMENT_REPEATS:
            return False
        if not parts.query:
            return True
        shape = _shape(parts.netloc, parts.path, parts.query)
        if self._unchanged[shape] >= MAX_UNCHANGED:
            return False
        self._variants[shape] += 1
        return has_item_param(parts.query) or self._variants[shape] <= MAX_LIST_VARIANTS

    def observe(self, url: str, fetch: FetchResult) -> None:
        """The evidence: a page of this shape answered with a body the shape has given before."""
        if not fetch.content_hash or not fetch.outcome.answered:
            return
        parts = urlsplit(url)
        if not parts.query:
            return
        shape = _shape(parts.netloc, parts.path, parts.query)
        seen = self._bodies.setdefault(shape, set())
        if fetch.content_hash in seen:
            self._unchanged[shape] += 1
        elif len(seen) < MAX_BODIES_PER_SHAPE:
            seen.add(fetch.content_hash)


MAX_BODIES_PER_SHAPE = 5_000  # hashes kept per shape: bounded memory on a huge catalogue


def _shape(netloc: str, path: str, query: str) -> str:
    names = sorted({pair.split("=", 1)[0].lower() for pair in query.split("&") if pair})
    return f"{netloc}{path}?{'&'.join(names)}"


class SiteScope:
    """A site's own hosts (its URL's host plus configured extra hosts)."""

    def __init__(self, hosts: frozenset[str]) -> None:
        self.hosts = hosts

    def contains(self, url: str) -> bool:
        return host_of(url) in self.hosts
