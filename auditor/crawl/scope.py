"""Which URLs belong to a site, and the guard against crawler traps."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from ..urls import host_of

MAX_URL_LENGTH = 500
MAX_PATH_SEGMENTS = 12
MAX_SEGMENT_REPEATS = 3
MAX_QUERY_VARIANTS = 20  # distinct query strings per path before we suspect a calendar or a session trap


class TrapGuard:
    """Refuses URLs shaped like crawler traps: endless query variants, repeating path segments."""

    def __init__(self) -> None:
        self._query_variants: Counter[str] = Counter()

    def allows(self, url: str) -> bool:
        if len(url) > MAX_URL_LENGTH:
            return False
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > MAX_PATH_SEGMENTS:
            return False
        if segments and Counter(segments).most_common(1)[0][1] >= MAX_SEGMENT_REPEATS:
            return False
        if parts.query:
            key = f"{parts.netloc}{parts.path}"
            self._query_variants[key] += 1
            if self._query_variants[key] > MAX_QUERY_VARIANTS:
                return False
        return True


class SiteScope:
    """A site's own hosts (its URL's host plus configured extra hosts)."""

    def __init__(self, hosts: frozenset[str]) -> None:
        self.hosts = hosts

    def contains(self, url: str) -> bool:
        return host_of(url) in self.hosts
