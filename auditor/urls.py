"""URL helpers shared by the crawl and link stages: dedup keys, schemes, hosts, assets."""

from __future__ import annotations

import posixpath
from functools import lru_cache
from urllib.parse import urlsplit

from w3lib.url import canonicalize_url

# Targets with these endings are checked as links, never crawled as pages.
ASSET_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .bmp .webp .svg .ico .tif .tiff .css .js .json .woff .woff2 .ttf "
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .wps .et .dps .ofd .txt .csv .xml "
    ".zip .rar .7z .gz .bz2 .tar .exe .apk .iso .mp3 .mp4 .avi .wmv .flv .mov .wav .swf".split()
)
CRAWL_ELEMENTS = frozenset({"a", "area", "iframe", "frame", "meta"})


@lru_cache(maxsize=65_536)  # menus and footers repeat the same links on every page of a site
def normalise(url: str) -> str:
    """The dedup key of a URL: canonical form without fragment (sorted query, case-folded host)."""
    try:
        return canonicalize_url(url, keep_fragments=False)
    except (ValueError, UnicodeError):
        return url


def is_fetchable(url: str) -> bool:
    return url.startswith(("http://", "https://"))


def is_asset(url: str) -> bool:
    try:
        path = urlsplit(url).path.lower()
    except ValueError:
        return False
    return posixpath.splitext(path)[1] in ASSET_SUFFIXES


def is_http_url(value: str) -> bool:
    """Only http(s) URLs become links in reports and mail: a crawled `javascript:` URL stays text."""
    try:
        return urlsplit(value).scheme in ("http", "https")
    except ValueError:
        return False


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
