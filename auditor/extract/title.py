"""What a page is called: the CMS's title meta, else its <title> without the site's name."""

from __future__ import annotations

import re

import lxml.html

from .html import fold

MAX_TITLE_CHARS = 500
_TITLE_META = ("articletitle", "og:title")  # what CMSs (TRS, Hanweb, JCMS) say the article is called
_TITLE_SEPARATORS = " -_|—–－·:：»>"
_SITE_SUFFIX = re.compile(r"\s*[-_|—–－]+\s*[^-_|—–－]{2,30}(?:人民政府|政府网站?|门户网站?|网站|委员会|办公室|局|镇)$")
MIN_TITLE_BEFORE_SUFFIX = 4


def page_title(tree: lxml.html.HtmlElement) -> str:
    """The page's title: the CMS's ArticleTitle or og:title meta, else <title> without the site name."""
    metas = _title_metas(tree)
    for name in _TITLE_META:
        if metas.get(name):
            return metas[name]
    title = next((fold("".join(node.itertext()), MAX_TITLE_CHARS) for node in tree.iter("title")), "")
    site_name = metas.get("sitename", "")
    if site_name and title.endswith(site_name):
        shortened = title[: -len(site_name)].rstrip(_TITLE_SEPARATORS)
        return shortened or title
    return _without_site_suffix(title)


def _without_site_suffix(title: str) -> str:
    """`标题-某某县人民政府` → `标题`: CMS templates append the site's name to every title."""
    match = _SITE_SUFFIX.search(title)
    if match and match.start() >= MIN_TITLE_BEFORE_SUFFIX:
        return title[: match.start()].rstrip(_TITLE_SEPARATORS)
    return title


def _title_metas(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        if name in ("articletitle", "og:title", "sitename") and name not in found:
            content = fold(meta.get("content"), MAX_TITLE_CHARS)
            if content:
                found[name] = content
    return found
