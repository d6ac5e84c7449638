"""Every link on a page, read from one table of elements and attributes (as LinkChecker does).

Targets are made absolute against <base href> and the page URL, with fragments dropped.
`mailto:`, `tel:`, `javascript:` and `data:` targets are kept as written: the link stage
records them and never fetches them. A hostile value (10,000 characters, a malformed
IPv6 host, broken percent-encoding) is dropped or kept verbatim, never raised on.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urldefrag, urljoin

import lxml.html

from ..models import Link
from .html import MAX_URL_CHARS, fold, visible_text

LINK_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "link": ("href",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "object": ("data",),
    "form": ("action",),
    "meta": ("content",),  # only <meta http-equiv="refresh" content="0; url=...">
}
MAX_TEXT_CHARS = 200
MAX_LINKS_PER_PAGE = 20_000  # a hostile page must not make one page cost unbounded memory
VERBATIM_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
WEB_SCHEMES = ("http://", "https://")
# <link rel> values that name no resource to check (an origin hint, not a document)
_HINT_RELS = frozenset({"dns-prefetch", "preconnect"})
_URL_INNER_WHITESPACE = re.compile(r"[\t\n\r]")  # browsers drop these inside URLs
_REFRESH_URL = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(?P<url>.*)$", re.IGNORECASE | re.DOTALL)


def extract_links(tree: lxml.html.HtmlElement, page_url: str) -> list[Link]:
    """Each distinct (target, element, attribute) on the page, in document order."""
    base = document_base(tree, page_url)
    links: list[Link] = []
    seen: set[tuple[str, str, str]] = set()
    for element in tree.iter(*LINK_ATTRIBUTES):
        tag = str(element.tag)  # one of LINK_ATTRIBUTES' names (lxml's stubs also allow bytes and QName)
        for attribute in LINK_ATTRIBUTES[tag]:
            for raw in _raw_targets(element, tag, attribute):
                target = resolve(raw, base)
                if target is None or (target, tag, attribute) in seen:
                    continue
                seen.add((target, tag, attribute))
                links.append(Link(page_url, target, tag, attribute, link_text(element)))
                if len(links) >= MAX_LINKS_PER_PAGE:
                    return links
    return links


@lru_cache(maxsize=2048)  # the list and pager readers resolve the same hrefs again
def resolve(raw: str, base: str, *, as_written: bool = False) -> str | None:
    """The absolute URL of `raw` read on a page whose links resolve against `base`, or None.

    The one URL resolution of the extract stage, in two readings:

    - a link target (the default): as a browser follows it, tabs and newlines dropped,
      the fragment dropped, `mailto:`, `tel:`, `javascript:` and `data:` kept verbatim;
      None for an empty or `#...` value, an unparseable host, or over `MAX_URL_CHARS`.
    - `as_written`: the address of a web page a reader records (a leader's page and photo,
      a letter, a service guide, `<base href>`): the trimmed value joined to `base` with its
      fragment kept (an empty value names `base` itself); None unless it is http(s).
    """
    if as_written:
        try:
            joined = urljoin(base, raw.strip())
        except ValueError:  # "http://[::1" and other unparseable hosts
            return None
        return joined if joined.startswith(WEB_SCHEMES) else None
    value = _URL_INNER_WHITESPACE.sub("", raw.strip())
    if not value or value.startswith("#") or len(value) > MAX_URL_CHARS:
        return None
    if value[:11].lower().startswith(VERBATIM_SCHEMES):
        return value
    if value.startswith(WEB_SCHEMES) and "[" not in value:
        return value.partition("#")[0]  # already absolute: what urljoin would return, faster
    try:
        absolute = urldefrag(urljoin(base, value)).url
    except ValueError:  # "http://[::1" and other unparseable hosts
        return None
    return absolute if absolute and len(absolute) <= MAX_URL_CHARS else None


def document_base(tree: lxml.html.HtmlElement, page_url: str) -> str:
    """The URL relative links resolve against: the first usable <base href>, else the page URL."""
    for base in tree.iter("base"):
        href = (base.get("href") or "").strip()
        if href:
            return resolve(href, page_url, as_written=True) or page_url
    return page_url


def link_text(element: lxml.html.HtmlElement) -> str:
    """Anchor text, else the alt of an image inside it, else its title; folded and capped."""
    if element.tag in ("a", "area"):
        text = visible_text(element, MAX_TEXT_CHARS)
        if text:
            return text
        for image in element.iter("img"):
            alt = fold(image.get("alt"), MAX_TEXT_CHARS)
            if alt:
                return alt
    return fold(element.get("alt") or element.get("title"), MAX_TEXT_CHARS)


def _raw_targets(element: lxml.html.HtmlElement, tag: str, attribute: str) -> list[str]:
    value = element.get(attribute)
    if not value:
        return []
    if attribute == "srcset":
        return srcset_urls(value)
    if tag == "meta":
        return _refresh_target(element, value)
    if tag == "link":
        rels = set((element.get("rel") or "").lower().split())
        if rels and rels <= _HINT_RELS:
            return []
    return [value]


def srcset_urls(value: str) -> list[str]:
    """The URLs of a srcset ("a.jpg 1x, b.jpg 2x"), after the HTML standard's splitting rules."""
    urls: list[str] = []
    position, length = 0, len(value)
    while position < length:
        while position < length and (value[position].isspace() or value[position] == ","):
            position += 1
        start = position
        while position < length and not value[position].isspace():
            position += 1
        url = value[start:position]
        if url.endswith(","):
            url = url.rstrip(",")
        else:  # skip the descriptors ("2x", "480w") up to the next comma
            comma = value.find(",", position)
            position = length if comma < 0 else comma + 1
        if url:
            urls.append(url)
    return urls


def _refresh_target(element: lxml.html.HtmlElement, content: str) -> list[str]:
    if (element.get("http-equiv") or "").strip().lower() != "refresh":
        return []
    match = _REFRESH_URL.match(content)
    url = match["url"].strip().strip("'\"").strip() if match else ""
    return [url] if url else []
