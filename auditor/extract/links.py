"""Every link on a page, read from one table of elements and attributes (as LinkChecker and lychee do).

    element                      attributes                 notes
    a, area                      href                       followed as pages
    base                         href                       resolved against the page URL
    link                         href                       every rel but dns-prefetch and preconnect (hints)
    img                          src, srcset, longdesc      usemap is not read: "#map" names this page
    script                       src
    iframe, frame                src                        followed as pages
    embed, track                 src
    source                       src, srcset
    video                        src, poster
    audio                        src
    object                       data, codebase, archive    codebase is the base of data and archive
    applet                       code, codebase, archive    code is a class ("a.B" -> a/B.class), read
                                                            only when no archive holds it
    form                         action
    button                       formaction
    input                        formaction, src            src only of type="image"
    blockquote, q, del, ins      cite
    html                         manifest
    body, table, tr, td, th      background
    meta                         content                    http-equiv="refresh" (followed); og:image,
                                                            og:url, twitter:image ... (the attribute
                                                            recorded is the property's name)
    style                        text                       CSS url() and @import of a <style> element
    (any element)                style                      CSS url() of a style attribute, recorded
                                                            as element "style", attribute "style"

Targets are made absolute against <base href> and the page URL, with fragments dropped and
backslashes before the query read as slashes, as browsers do. Raw spaces and non-ASCII
characters are kept here and percent-encoded in UTF-8 (an international host turned into
its IDNA form) by `auditor.urls.normalise` when the crawler takes the link; the query of a
page in another encoding is encoded in that encoding first (`page.in_page_encoding`).
`mailto:`, `tel:`, `javascript:` and `data:` targets are kept as written: the link stage
records them and never fetches them (a `data:` URI in CSS is not read at all). Links inside
HTML comments are not on the page (the parser drops comments). `cite`, `longdesc` and
`background` are often prose or a colour in the wild ("人民日报", "none"): only a value that
reads as an address is taken. Only `PAGE_LINKS` are crawled as pages; every other kind is a
resource whose target is checked. A hostile value (10,000 characters, a malformed IPv6 host,
broken percent-encoding) is dropped or kept verbatim, never raised on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

import lxml.etree
import lxml.html

from ..models import Link
from .css import css_urls
from .html import MAX_URL_CHARS, fold, visible_text

LINK_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "area": ("href",),
    "base": ("href",),
    "link": ("href",),
    "img": ("src", "srcset", "longdesc"),
    "script": ("src",),
    "iframe": ("src",),
    "frame": ("src",),
    "embed": ("src",),
    "track": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "object": ("data", "codebase", "archive"),
    "applet": ("code", "codebase", "archive"),
    "form": ("action",),
    "button": ("formaction",),
    "input": ("formaction", "src"),
    "blockquote": ("cite",),
    "q": ("cite",),
    "del": ("cite",),
    "ins": ("cite",),
    "html": ("manifest",),
    "body": ("background",),
    "table": ("background",),
    "tr": ("background",),
    "td": ("background",),
    "th": ("background",),
    "meta": ("content",),  # a refresh's, or an og:/twitter: property's (recorded under the property's name)
    "style": ("text",),  # the CSS of a <style> element
}
# The kinds a browser opens as a document of their own: the crawler follows these; every
# other kind is a resource (an image, a manifest, a quotation's source) it only checks.
PAGE_LINKS = frozenset({("a", "href"), ("area", "href"), ("iframe", "src"), ("frame", "src"), ("meta", "content")})
# og:url and twitter:url name the page itself; the others an image, video or sound it shows
META_URL_PROPERTIES = frozenset({
    "og:url", "og:image", "og:image:url", "og:image:secure_url", "og:video", "og:video:url",
    "og:video:secure_url", "og:audio", "og:audio:url", "og:audio:secure_url",
    "twitter:url", "twitter:image", "twitter:image:src", "twitter:player", "twitter:player:stream",
})
MAX_TEXT_CHARS = 200
MAX_LINKS_PER_PAGE = 20_000  # a hostile page must not make one page cost unbounded memory
VERBATIM_SCHEMES = ("mailto:", "tel:", "javascript:", "data:")
WEB_SCHEMES = ("http://", "https://")
# <link rel> values that name no resource to check (an origin hint, not a document)
_HINT_RELS = frozenset({"dns-prefetch", "preconnect"})
_URL_INNER_WHITESPACE = re.compile(r"[\t\n\r]")  # browsers drop these inside URLs
_REFRESH_URL = re.compile(r"^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(?P<url>.*)$", re.IGNORECASE | re.DOTALL)
# attributes whose values are often not addresses on real pages (see `reads_as_address`)
_PROSE_PRONE = frozenset({"cite", "longdesc", "background"})
_ADDRESS_START = re.compile(r"[a-z][a-z0-9+.-]*:|/|\.\.?/", re.IGNORECASE)
_FILE_SUFFIX = re.compile(r"\.[a-z][a-z0-9]{0,4}$", re.IGNORECASE)
_QUERY_OR_FRAGMENT = re.compile(r"[?#]")
_LIST_SEPARATORS = re.compile(r"[\s,]+")  # an applet's archive is comma-separated, an object's space-separated
# a path relative to the base's folder: it starts with a name character (no scheme, no leading
# slash, query or fragment), so `urljoin` reads only the base's scheme, host and folder
_IN_FOLDER = re.compile(r"(?![a-z][a-z0-9+.-]*:)[\w.%~-]", re.IGNORECASE)
_STYLE_ATTRIBUTES_LOADING = lxml.etree.XPath("//@style[contains(., 'url(') or contains(., 'URL(')]")


def extract_links(tree: lxml.html.HtmlElement, page_url: str) -> list[Link]:
    """Each distinct (target, element, attribute) on the page: the table's in document order,
    then the CSS of style attributes."""
    base = document_base(tree, page_url)
    links: list[Link] = []
    seen: set[tuple[str, str, str]] = set()
    for element in tree.iter(*LINK_ATTRIBUTES):
        tag = str(element.tag)  # one of LINK_ATTRIBUTES' names (lxml's stubs also allow bytes and QName)
        reader = _READERS.get(tag)
        text: str | None = None  # read once per element, and only when it carries a new link
        for attribute, raw, against in _plain_targets(element, tag, base) if reader is None else reader(
                element, base, page_url):
            target = resolve(raw, against)
            if target is None or (target, tag, attribute) in seen:
                continue
            seen.add((target, tag, attribute))
            text = link_text(element) if text is None else text
            links.append(Link(page_url, target, tag, attribute, text))
            if len(links) >= MAX_LINKS_PER_PAGE:
                return links
    for style in _styles_loading(tree):
        for raw in css_urls(style):
            target = resolve(raw, base)
            if target is None or (target, "style", "style") in seen:
                continue
            seen.add((target, "style", "style"))
            links.append(Link(page_url, target, "style", "style", ""))
            if len(links) >= MAX_LINKS_PER_PAGE:
                return links
    return links


@lru_cache(maxsize=2048)  # the list and pager readers resolve the same hrefs again
def resolve(raw: str, base: str, *, as_written: bool = False) -> str | None:
    """The absolute URL of `raw` read on a page whose links resolve against `base`, or None.

    The one URL resolution of the extract stage, in two readings:

    - a link target (the default): as a browser follows it, tabs and newlines dropped,
      backslashes before the query read as slashes, the fragment dropped, `mailto:`,
      `tel:`, `javascript:` and `data:` kept verbatim;
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
    if "\\" in value:  # upload\2019\a.pdf from a Windows editor: a browser asks for upload/2019/a.pdf
        mark = _QUERY_OR_FRAGMENT.search(value)
        path_end = mark.start() if mark else len(value)
        value = value[:path_end].replace("\\", "/") + value[path_end:]
    if value.startswith(WEB_SCHEMES) and "[" not in value:
        return value.partition("#")[0]  # already absolute: what urljoin would return, faster
    try:
        absolute = _joined(_reduced_base(base, value), value)
    except ValueError:  # "http://[::1" and other unparseable hosts
        return None
    return absolute if absolute and len(absolute) <= MAX_URL_CHARS else None


def _reduced_base(base: str, value: str) -> str:
    """As much of the base as joining `value` reads: its origin for a path from the root
    ("/xwzx/index.html"), its folder for a path relative to it ("a.html", "../list/"), else all
    of it. The pages of one site and folder share most of their links (menus, neighbours, a
    footer): joined against the part they share, the join is cached once for all of them (issue 20)."""
    if value.startswith("/"):
        return base if value.startswith("//") else _origin_and_folder(base)[0]
    return _origin_and_folder(base)[1] if _IN_FOLDER.match(value) else base


@lru_cache(maxsize=1024)
def _origin_and_folder(base: str) -> tuple[str, str]:
    parts = urlsplit(base)
    return (urlunsplit((parts.scheme, parts.netloc, "", "", "")),
            urlunsplit((parts.scheme, parts.netloc, parts.path[:parts.path.rfind("/") + 1], "", "")))


@lru_cache(maxsize=8192)
def _joined(base: str, value: str) -> str:
    return urldefrag(urljoin(base, value)).url


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


# (attribute, raw value, the URL it resolves against) of one element of the table
RawTargets = Iterator[tuple[str, str, str]]


def _plain_targets(element: lxml.html.HtmlElement, tag: str, base: str) -> list[tuple[str, str, str]]:
    """The targets of an element no reader in `_READERS` needs to look at more closely."""
    found: list[tuple[str, str, str]] = []
    for attribute in LINK_ATTRIBUTES[tag]:
        value = element.get(attribute)
        if not value:
            continue
        if attribute == "srcset":
            found.extend((attribute, url, base) for url in srcset_urls(value))
        elif attribute not in _PROSE_PRONE or reads_as_address(value):
            found.append((attribute, value, base))
    return found


def _link_targets(element: lxml.html.HtmlElement, base: str, _page_url: str) -> RawTargets:
    rels = set((element.get("rel") or "").lower().split())
    href = element.get("href")
    if href and not (rels and rels <= _HINT_RELS):
        yield "href", href, base


def _base_targets(element: lxml.html.HtmlElement, _base: str, page_url: str) -> RawTargets:
    href = element.get("href")
    if href:
        yield "href", href, page_url  # <base href> itself resolves against the page, never against itself


def _meta_targets(element: lxml.html.HtmlElement, base: str, _page_url: str) -> RawTargets:
    content = element.get("content")
    if not content:
        return
    if (element.get("http-equiv") or "").strip().lower() == "refresh":
        match = _REFRESH_URL.match(content)
        url = match["url"].strip().strip("'\"").strip() if match else ""
        if url:
            yield "content", url, base
        return
    name = (element.get("property") or element.get("name") or "").strip().lower()
    if name in META_URL_PROPERTIES and reads_as_address(content):
        yield name, content, base


def _input_targets(element: lxml.html.HtmlElement, base: str, _page_url: str) -> RawTargets:
    formaction = element.get("formaction")
    if formaction:
        yield "formaction", formaction, base
    src = element.get("src")
    if src and (element.get("type") or "").strip().lower() == "image":  # browsers load no other input's src
        yield "src", src, base


def _embedded_targets(element: lxml.html.HtmlElement, base: str, _page_url: str) -> RawTargets:
    """An applet's or object's code: codebase, and the class, archives and data it is the base of."""
    tag = str(element.tag)
    codebase = (element.get("codebase") or "").strip()
    within = _code_base(codebase, tag, base)
    archives = [part for part in _LIST_SEPARATORS.split(element.get("archive") or "") if part]
    for attribute in LINK_ATTRIBUTES[tag]:
        if attribute == "codebase" and codebase:
            yield attribute, codebase, base
        elif attribute == "archive":
            yield from ((attribute, archive, within) for archive in archives)
        elif attribute == "code" and not archives:  # with an archive, the class is inside it
            code = (element.get("code") or "").strip().removesuffix(".class")
            if code:
                yield attribute, code.replace(".", "/") + ".class", within  # how Java finds a class
        elif attribute == "data":
            data = element.get("data")
            if data:
                yield attribute, data, within


def _code_base(codebase: str, tag: str, base: str) -> str:
    """What an applet's or object's other URLs resolve against: its codebase as a folder (Java
    reads "classes" as "classes/"), unless it names a file (an ActiveX .cab to install)."""
    if not codebase or (tag == "object" and _names_a_file(codebase)):
        return base
    return resolve(codebase if codebase.endswith("/") else codebase + "/", base) or base


def _style_targets(element: lxml.html.HtmlElement, base: str, _page_url: str) -> RawTargets:
    yield from (("text", url, base) for url in css_urls(element.text or ""))


_READERS: dict[str, Callable[[lxml.html.HtmlElement, str, str], RawTargets]] = {
    "link": _link_targets,
    "base": _base_targets,
    "meta": _meta_targets,
    "input": _input_targets,
    "applet": _embedded_targets,
    "object": _embedded_targets,
    "style": _style_targets,
}


def _styles_loading(tree: lxml.html.HtmlElement) -> list[str]:
    """The style attributes that name a URL: one pass in C, so pages without any cost little."""
    found = _STYLE_ATTRIBUTES_LOADING(tree)
    return [str(value) for value in found] if isinstance(found, list) else []


def reads_as_address(value: str) -> bool:
    """Whether an attribute that is often prose or a colour in the wild (cite, longdesc,
    background, og: properties) holds an address: a scheme, a path from the root or a dot,
    or an ASCII value with a slash or a file suffix. "人民日报", "none" and "{$url}" do not."""
    value = value.strip()
    if not value or any(character.isspace() for character in value):
        return False
    if _ADDRESS_START.match(value):
        return True
    return value.isascii() and ("/" in value or _FILE_SUFFIX.search(value) is not None)


def _names_a_file(value: str) -> bool:
    path = _QUERY_OR_FRAGMENT.split(value, maxsplit=1)[0]
    if "//" in path:
        path = path.split("//", 1)[1].partition("/")[2]  # past the host: "http://x.com" names no file
    return _FILE_SUFFIX.search(path.rsplit("/", 1)[-1]) is not None


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
