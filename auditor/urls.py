"""URL helpers shared by the crawl and link stages: dedup keys, schemes, hosts, assets."""

from __future__ import annotations

import ipaddress
import posixpath
from functools import cache, lru_cache
from urllib.parse import quote, urlsplit, urlunsplit

from publicsuffixlist import PublicSuffixList
from w3lib.url import canonicalize_url

# Targets with these endings are checked as links, never crawled as pages.
ASSET_SUFFIXES = frozenset(
    ".jpg .jpeg .png .gif .bmp .webp .svg .ico .tif .tiff .css .js .json .woff .woff2 .ttf "
    ".pdf .doc .docx .xls .xlsx .ppt .pptx .wps .et .dps .ofd .txt .csv .xml "
    ".zip .rar .7z .gz .bz2 .tar .exe .apk .iso .mp3 .mp4 .avi .wmv .flv .mov .wav .swf".split()
)


@lru_cache(maxsize=65_536)  # menus and footers repeat the same links on every page of a site
def normalise(url: str) -> str:
    """The URL as the page linked it, in the form a browser requests it.

    Only what no server sees changes: the fragment goes, scheme and host are lower-cased
    (an international host becomes its IDNA form), a default port goes, an empty path is
    "/", and characters a request line cannot carry (spaces, non-ASCII) are
    percent-encoded in UTF-8. The path and the query are otherwise kept byte for byte:
    same parameter order, same escapes (a GBK-encoded query stays GBK), because staff
    look a reported link up by the string they wrote, and servers with rewrite rules or
    signed links answer a re-ordered query with 404. `crawl_key` is the looser key that
    tells two spellings of one page apart.
    """
    try:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return url.partition("#")[0] if parts.scheme.lower() in ("http", "https") else url
        netloc = _netloc(parts.scheme.lower(), parts.netloc)
    except (ValueError, UnicodeError):
        return url
    path = _request_safe(parts.path) or "/"
    query = _request_safe(parts.query)
    has_query = "?" in url.partition("#")[0]
    return f"{parts.scheme.lower()}://{netloc}{path}" + (f"?{query}" if has_query else "")


def _netloc(scheme: str, netloc: str) -> str:
    userinfo, _, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    if hostport.startswith("["):
        end = hostport.find("]")
        host, port = hostport[: end + 1], hostport[end + 2:] if end >= 0 and hostport[end + 1:end + 2] == ":" else ""
    elif ":" in hostport:
        host, port = hostport.rsplit(":", 1)
    host = host.lower()
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    if port == _DEFAULT_PORTS[scheme] or port == "":
        port = ""
    return (f"{userinfo}@" if userinfo else "") + host + (f":{port}" if port else "")


_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _request_safe(text: str) -> str:
    if text.isascii() and " " not in text and text.isprintable():
        return text
    return quote(text, safe=PRINTABLE_ASCII, errors="surrogatepass")


PRINTABLE_ASCII = "".join(chr(c) for c in range(0x21, 0x7F))  # kept as they are when percent-encoding


def query_in(url: str, codec: str) -> str:
    """`url` with the non-ASCII characters of its query percent-encoded in `codec` (a GBK page's
    `search.asp?key=政府` as a browser sends it); unchanged when the codec cannot hold them."""
    head, mark, query = url.partition("?")
    if not mark or query.isascii() or not url.startswith(("http://", "https://")):
        return url
    try:
        return head + mark + quote(query, safe=PRINTABLE_ASCII, encoding=codec, errors="strict")
    except (UnicodeError, LookupError):
        return url  # left for the fetcher to encode in UTF-8


# session and cache-busting parameters: two URLs that differ only in them are one page
SESSION_PARAMS = frozenset({"sid", "sessionid", "jsessionid", "phpsessid", "aspsessionid", "token", "ticket",
                            "timestamp", "_", "t", "r", "rand", "random"})


@lru_cache(maxsize=65_536)
def crawl_key(url: str) -> str:
    """The crawler's dedup key: the canonical form (sorted query, escapes unified), without
    session ids (`;jsessionid=`, `?sid=`): one page reached by two spellings is crawled once."""
    try:
        canonical = canonicalize_url(normalise(url), keep_fragments=False)
        parts = urlsplit(canonical)
    except (ValueError, UnicodeError):
        return url
    path = parts.path.split(";", 1)[0]
    kept = [pair for pair in parts.query.split("&") if pair and pair.split("=", 1)[0].lower() not in SESSION_PARAMS]
    return urlunsplit((parts.scheme, parts.netloc, path, "&".join(kept), ""))


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


@cache
def _suffix_list() -> PublicSuffixList:
    return PublicSuffixList()


@cache
def registrable_domain(host: str) -> str:
    """The part of `host` one owner registered, from the Public Suffix List (offline): the host
    itself when it is an IP or a bare suffix. `links.domains` explains; the page scans use it too."""
    host = host.strip().lower().rstrip(".")
    if _is_ip(host):
        return host
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return host
    return _suffix_list().privatesuffix(host) or host


def under_suffix(host: str, suffixes: tuple[str, ...]) -> bool:
    """Whether `host` ends with one of `suffixes` on a label boundary (`gov.cn` covers `a.gov.cn`)."""
    host = host.lower().rstrip(".")
    return any(host == s or host.endswith("." + s) for s in suffixes)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True
