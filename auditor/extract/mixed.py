"""Mixed content (`site.https`, issue 19): an https:// page loading scripts, stylesheets,
frames or images over plain http://.

The scan runs on every opened HTML page the crawl reads when a `site.https` rule is in
scope, and answers only for pages read over https://; the check judges the home page's.
Counted: `<script src>` (a script type browsers run), `<link rel=stylesheet href>`,
`<iframe src>` / `<frame src>`, `<img src>`, each written as an absolute http:// URL.
Registered by `extract.scan` itself (this module does not import it: no cycle). Not counted: anything inside `<noscript>` or `<template>` (not loaded by a browser
running scripts), relative URLs made http:// by a `<base href>`, srcset candidates, CSS
`url()` and what scripts load (a documented limit: the check would rather miss).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from ..models import PageFinding
from .parsed import ParsedPage

CHECK = "site.https"
MAX_PER_KIND = 3  # examples kept per page and kind; the count rides in `context`
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}

# (kind, xpath, attribute)
_ELEMENTS = (
    ("script", "//script[@src]", "src"),
    ("stylesheet", "//link[@href]", "href"),
    ("iframe", "//iframe[@src] | //frame[@src]", "src"),
    ("image", "//img[@src]", "src"),
)


def scan_mixed_content(parsed: ParsedPage) -> list[PageFinding]:
    if not parsed.url.lower().startswith("https://") or "http://" not in parsed.text.lower():
        return []
    found: list[PageFinding] = []
    for kind, path, attribute in _ELEMENTS:
        urls: list[str] = []
        for element in parsed.tree.xpath(path):
            if not _loaded(kind, element):
                continue
            value = str(element.get(attribute) or "").strip()
            if value[:7].lower() == "http://" and len(value) > 7 and value not in urls:
                urls.append(value)
        found += [
            PageFinding(check=CHECK, url=parsed.url, kind=kind, found=url[:500], context=str(len(urls)), key=f"{kind}:{n}")
            for n, url in enumerate(urls[:MAX_PER_KIND])
        ]
    return found


def _loaded(kind: str, element: HtmlElement) -> bool:
    """Whether a browser running scripts loads this element's URL."""
    ancestors = [str(getattr(a, "tag", "")).lower() for a in element.iterancestors()]
    if "noscript" in ancestors or "template" in ancestors:
        return False
    if kind == "script":
        return str(element.get("type") or "").strip().lower() in SCRIPT_TYPES
    if kind == "stylesheet":
        rel = str(element.get("rel") or "").lower().split()
        return "stylesheet" in rel and "alternate" not in rel
    return True
