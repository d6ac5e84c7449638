"""List items shipped as a JavaScript array of objects and rendered in the browser.

Some CMS templates write no list markup at all; a script carries the column instead:

    var itemObj = [{"title": "…", "url": "./202611/t20261127_1.html", "date": "2026-11-27"}, …];
    newsList = [{name: '…', link: '/art/2026/11/27/art_1_2.html', pubDate: '2026年11月27日',},];

Any variable name, keys quoted or not, single or double quotes, trailing commas. The
array may also sit inside an object (`var data = {total: 90, list: [...]}`). Each
object gives an item when it has a title and a URL; its date is read with the shared
date parser (a 10- or 13-digit number is a Unix timestamp, read in China time).
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import lxml.html

from ..models import ListItem
from .dates import as_day, believable, parse_date
from .html import fold
from .jsliteral import read_literal
from .links import resolve

TITLE_KEYS = ("title", "name", "tit", "t", "subject", "biaoti")
URL_KEYS = ("url", "link", "href", "u", "linkurl", "docurl")
DATE_KEYS = (
    "date", "time", "pubdate", "publishdate", "d", "pubtime", "publishtime", "releasedate",
    "showdate", "docreltime", "createdate", "createtime", "fbrq",
)
MAX_SCRIPT_CHARS = 5_000_000  # past this a script is not read any further
MAX_LITERALS = 30  # assignments read per page
MAX_OPENERS = 2_000  # "= [" looked at per script
MAX_ITEMS = 1_000
MAX_TITLE_CHARS = 500
MAX_WALK = 5  # levels searched inside an assigned object for its item array

# found by their "= [" / "= {" (a literal start: fast to search), then the name before it is checked
_ASSIGNED_OPENER = re.compile(r"(?<![=!<>])=\s*(?=[\[{])")
_NAME_BEFORE = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$.]{0,80}\s*$")
# a script worth reading names a link somewhere (a substring test: regexes are slow here)
_URL_KEY_HINTS = ("url", "link", "href", "u:", "u\":", "u':")
_TAG = re.compile(r"<[^<>]{0,500}>")
_CHINA = timedelta(hours=8)
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "javascript", "text/ecmascript", "module")


def script_array_items(tree: lxml.html.HtmlElement, base: str, as_of: date) -> list[ListItem]:
    """The items of the best JavaScript array on the page: most dated items, then most items."""
    best: list[ListItem] = []
    literals = 0
    for text in _inline_scripts(tree):
        for value in _assigned_literals(text):
            literals += 1
            for candidate in _object_lists(value, MAX_WALK):
                items = items_from_objects(candidate, base, as_of)
                if _score(items) > _score(best):
                    best = items
            if literals >= MAX_LITERALS:
                return best
    return best


def items_from_objects(objects: Iterable[Any], base: str, as_of: date) -> list[ListItem]:
    """One item per object that has a title and a usable URL, one per URL, in order."""
    items: dict[str, ListItem] = {}
    for entry in objects:
        if not isinstance(entry, dict):
            continue
        item = _item(entry, base, as_of)
        if item is not None and item.url not in items:
            items[item.url] = item
            if len(items) >= MAX_ITEMS:
                break
    return list(items.values())


def _inline_scripts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        text = script.text
        if text and kind in _SCRIPT_TYPES and not script.get("src"):
            text = text[:MAX_SCRIPT_CHARS]
            lowered = text.lower()
            if "=" in text and any(hint in lowered for hint in _URL_KEY_HINTS):
                yield text


def _assigned_literals(text: str) -> Iterator[Any]:
    position = 0
    for _ in range(MAX_OPENERS):
        match = _ASSIGNED_OPENER.search(text, position)
        if match is None:
            return
        position = match.end()
        if _NAME_BEFORE.search(text, max(0, match.start() - 90), match.start()) is None:
            continue
        value, end = read_literal(text, match.end())
        yield value
        position = max(end, position)


def _object_lists(value: Any, depth: int) -> Iterator[list[Any]]:
    """Lists of objects within a value: the value itself, or lists nested in its objects."""
    if depth <= 0:
        return
    if isinstance(value, list):
        if any(isinstance(entry, dict) for entry in value[:20]):
            yield value
    elif isinstance(value, dict):
        for inner in list(value.values())[:50]:
            yield from _object_lists(inner, depth - 1)


def _item(entry: dict[Any, Any], base: str, as_of: date) -> ListItem | None:
    fields = {str(key).lower(): value for key, value in list(entry.items())[:60]}
    raw_url = _first_text(fields, URL_KEYS)
    url = resolve(html.unescape(raw_url), base) if raw_url else None
    if url is None or not url.startswith(("http://", "https://")):
        return None
    title = _clean_title(_first_text(fields, TITLE_KEYS))
    if not title:
        return None
    return ListItem(title=title, url=url, date=_date_of(fields, as_of))


def _first_text(fields: dict[str, Any], keys: tuple[str, ...]) -> str:
    for key in keys:
        value = fields.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _clean_title(raw: str) -> str:
    """Titles sometimes carry markup (`<font color=red>置顶</font>`) and entities."""
    return fold(html.unescape(_TAG.sub("", raw[:5_000])), MAX_TITLE_CHARS)


def _date_of(fields: dict[str, Any], as_of: date) -> date | None:
    for key in DATE_KEYS:
        value = fields.get(key)
        if isinstance(value, str):
            found = parse_date(value[:100], as_of)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            found = _timestamp_date(value, as_of)
        else:
            continue
        if found is not None:
            return found
    return None


def _timestamp_date(value: float, as_of: date) -> date | None:
    """A Unix timestamp in seconds (10 digits) or milliseconds (13), as a date in China time."""
    if not math.isfinite(value):  # `1e999` in a script reads as infinity
        return None
    digits = len(str(int(abs(value))))
    if digits == 13:
        value /= 1000
    elif digits != 10:
        return None
    try:
        moment = datetime.fromtimestamp(value, UTC) + _CHINA
    except (OverflowError, OSError, ValueError):
        return None
    return believable(moment.year, moment.month, moment.day, as_day(as_of))


def _score(items: list[ListItem]) -> tuple[int, int]:
    return sum(1 for item in items if item.date is not None), len(items)
