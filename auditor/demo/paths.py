"""URL shapes of the three CMS families, as real county sites have them.

    TRS WCM   /xwzx/gzdt/            /xwzx/gzdt/index_1.html    /xwzx/gzdt/202611/t20261127_4001234.html
    Hanweb    /col/col1201/index.html  /col/col1201/index_2.html  /art/2026/11/27/art_1201_5678.html
    table     /news/list.htm          /news/list_2.htm           /news/html/123.htm

All paths are site-relative; `SiteSpec.absolute()` makes them URLs.
"""

from __future__ import annotations

import posixpath
from datetime import date

TRS_COLUMN_PATHS = {
    "news": "/xwzx/gzdt/", "govinfo": "/xwzx/zwxx/", "notices": "/xwzx/tzgg/",
    "documents": "/xxgk/zfwj/", "personnel": "/xxgk/rsrm/", "plans": "/xxgk/ghjh/",
    "leaders": "/xxgk/ldxx/", "services": "/bsfw/bszn/", "mailbox": "/hdjl/xjxx/",
    "reports": "/xxgk/ndbg/", "links": "/wzlj/", "zcjd": "/xxgk/zcjd/", "gsgg": "/xxgk/gsgg/",
}
TABLE_CODES = {
    "news": "news", "govinfo": "zwxx", "notices": "tzgg", "documents": "zcwj",
    "personnel": "rsrm", "plans": "ghjh", "leaders": "ldxx", "services": "bszn",
    "mailbox": "xjxx", "reports": "ndbg", "links": "links", "zcjd": "zcjd", "gsgg": "gsgg",
}
PAGE_SIZES = {"trs": 20, "hanweb": 15, "table": 15}


def column_path(family: str, key: str, number: int) -> str:
    """First list page of a column; `key` is the column kind or a special column's id."""
    if family == "trs":
        return TRS_COLUMN_PATHS[key]
    if family == "hanweb":
        return f"/col/col{number}/index.html"
    return f"/{TABLE_CODES[key]}/list.htm"


def list_page_path(family: str, first: str, page: int) -> str:
    """The 0-based `page`th list page of the column whose first page is `first`."""
    if page == 0:
        return first
    if family == "trs":
        return f"{first}index_{page}.html"
    stem, ext = posixpath.splitext(first)
    return f"{stem}_{page + 1}{ext}"


def item_path(family: str, first: str, number: int, item_id: int, day: date) -> str:
    if family == "trs":
        return f"{first}{day.year}{day.month:02d}/t{day:%Y%m%d}_{item_id}.html"
    if family == "hanweb":
        return f"/art/{day.year}/{day.month}/{day.day}/art_{number}_{item_id}.html"
    return f"{posixpath.dirname(first)}/html/{item_id}.htm"


def relative(from_path: str, to_path: str) -> str:
    """A link as TRS and home-made templates write them: relative to the page (./, ../)."""
    base = from_path if from_path.endswith("/") else posixpath.dirname(from_path) + "/"
    rel = posixpath.relpath(to_path, base)
    if to_path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel if rel.startswith(".") else "./" + rel
