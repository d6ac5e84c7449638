"""List items shipped as a JavaScript array and rendered in the browser.

Some CMS templates write no list markup at all; a script carries the column instead:

    var itemObj = [{"title": "…", "url": "./202611/t20261127_1.html", "date": "2026-11-27"}, …];
    newsList = [{name: '…', link: '/art/2026/11/27/art_1_2.html', pubDate: '2026年11月27日',},];
    var aNews = [{aT: '…', aU: '/art/2026/11/27/art_1_2.html', aPd: '2026/11/27'}, …];
    var rows = [["…", "/a/1.html", "20261127"], …];

Any variable name, keys quoted or not, single or double quotes, trailing commas. The
array may also sit inside an object (`var data = {total: 90, list: [...]}`), and its
items may be arrays of values instead of objects. Which key (or position) holds the
link, the date and the title is decided per array: a key known by its name (`url`,
`title`, `pubdate`, …) is taken first when its values have the right shape, and any
other key by the shape of its values alone: a URL or path (`/art/…html`,
`./t2026….html`, `show.asp?id=3`, `http://…`), a date (`2026-11-27`, `2026/11/27`,
`20261127`, `2026-11-27 10:00:00`, a Unix timestamp in seconds or milliseconds read in
China time), the Chinese text (the longest, a title rather than a summary). Each entry
gives an item when it has a title and a usable URL.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeGuard

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
MAX_KEYS = 60  # keys (or positions) of one entry that are looked at
SAMPLE = 50  # entries of an array whose values decide which key is which
MIN_SHARE = 0.6  # of a key's values that must have a role's shape for the key to take the role

# found by their "= [" / "= {" (a literal start: fast to search), then the name before it is checked
_ASSIGNED_OPENER = re.compile(r"(?<![=!<>])=\s*(?=[\[{])")
_NAME_BEFORE = re.compile(r"(?<![\w$.])[A-Za-z_$][\w$.]{0,80}\s*$")
# a script worth reading names a link somewhere (substring tests: regexes are slow here)
_URL_HINTS = ("url", "link", "href", "u:", "u\":", "u':", ".htm", ".jsp", ".asp", ".php", ".do?", "'/", "\"/")
_TAG = re.compile(r"<[^<>]{0,500}>")
_CHINA = timedelta(hours=8)
_SCRIPT_TYPES = ("", "text/javascript", "application/javascript", "javascript", "text/ecmascript", "module")

# shapes of values
_ABSOLUTE = ("http://", "https://", "//", "/", "./", "../", "?")
_PAGE_FILE = re.compile(
    r"^[\w\-.~%!$&'()*+,;=:@/]{0,1000}?"
    r"\.(?:s?html?|jsp|jspx|aspx?|php|do|action|cgi|pdf|docx?|xlsx?|wps|ofd|zip|rar)(?:[?#][^\s]*)?$",
    re.IGNORECASE | re.ASCII,
)
_SCRIPT_QUERY = re.compile(r"^[\w\-.~%/]{1,500}\?[\w\-.%]{1,100}=[^\s]*$", re.ASCII)
_ASSET = re.compile(r"\.(?:jpe?g|png|gif|bmp|webp|svg|ico|css|js)(?:[?#]|$)", re.IGNORECASE)
_DATE_CHARS = re.compile(r"^[\d\s年月日时分秒:：\-/.T+Z\[\]【】()（）]{4,40}$")
_COMPACT_DATE = re.compile(r"^\s*((?:19|20)\d{2})([01]\d)([0-3]\d)(?:\s*\d{2}:?\d{2}(?::?\d{2})?)?\s*$", re.ASCII)
_EPOCH = re.compile(r"^\s*\d{10}(?:\d{3})?\s*$", re.ASCII)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LETTER = re.compile(r"[^\W\d_]")
_ID_LIKE = re.compile(r"(?:^|_)id$|^(?:\w*id|index|no|num|count|hits|views|clicks|sort|order|seq|size)$", re.IGNORECASE)


def script_array_items(tree: lxml.html.HtmlElement, base: str, as_of: date) -> list[ListItem]:
    """The items of the best JavaScript array on the page: most dated items, then most items."""
    best: list[ListItem] = []
    literals = 0
    for text in _inline_scripts(tree):
        for value in _assigned_literals(text):
            literals += 1
            for candidate in _entry_lists(value, MAX_WALK):
                items = items_from_objects(candidate, base, as_of)
                if _score(items) > _score(best):
                    best = items
            if literals >= MAX_LITERALS:
                return best
    return best


def items_from_objects(objects: Iterable[Any], base: str, as_of: date) -> list[ListItem]:
    """One item per entry (an object, or an array of values) with a title and a usable URL, one per URL."""
    entries = [fields for entry in _bounded(objects) if (fields := _fields(entry))]
    roles = _roles(entries[:SAMPLE], as_of)
    items: dict[str, ListItem] = {}
    for fields in entries:
        item = _item(fields, roles, base, as_of)
        if item is not None and item.url not in items:
            items[item.url] = item
            if len(items) >= MAX_ITEMS:
                break
    return list(items.values())


def _bounded(objects: Iterable[Any]) -> Iterator[Any]:
    for count, entry in enumerate(objects):
        if count >= MAX_ITEMS * 2:
            return
        yield entry


def _fields(entry: Any) -> dict[str, Any]:
    """An entry's values by key: lower-cased keys of an object, positions ("0", "1", …) of an array."""
    if isinstance(entry, dict):
        return {str(key).lower(): value for key, value in list(entry.items())[:MAX_KEYS]}
    if isinstance(entry, list) and sum(1 for value in entry[:MAX_KEYS] if isinstance(value, str)) >= 2:
        return {str(index): value for index, value in enumerate(entry[:MAX_KEYS])}
    return {}


def _inline_scripts(tree: lxml.html.HtmlElement) -> Iterator[str]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").strip().lower()
        text = script.text
        if text and kind in _SCRIPT_TYPES and not script.get("src"):
            text = text[:MAX_SCRIPT_CHARS]
            lowered = text.lower()
            if "=" in text and any(hint in lowered for hint in _URL_HINTS):
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


def _entry_lists(value: Any, depth: int) -> Iterator[list[Any]]:
    """Lists of entries within a value: the value itself, or lists nested in its objects."""
    if depth <= 0:
        return
    if isinstance(value, list):
        if any(isinstance(entry, dict) or _fields(entry) for entry in value[:20]):
            yield value
    elif isinstance(value, dict):
        for inner in list(value.values())[:50]:
            yield from _entry_lists(inner, depth - 1)


# -- which key is which ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Roles:
    """The keys to read, in order of preference, for each part of an item."""

    urls: tuple[str, ...]
    titles: tuple[str, ...]
    dates: tuple[str, ...]


def _roles(sample: Sequence[dict[str, Any]], as_of: date) -> _Roles:
    keys = _keys_in_order(sample)
    url_keys = _ranked(keys, sample, lambda key, value: _url_shape(value, named=key in URL_KEYS), URL_KEYS)
    # a key holding pictures is a link of last resort: the item's page is elsewhere when a key says so
    url_keys = sorted(url_keys, key=lambda key: _share(sample, key, _is_asset_value))
    date_keys = _ranked(keys, sample, lambda key, value: _date_shape(key, value, as_of), DATE_KEYS)
    taken = set(url_keys[:1]) | set(date_keys[:1])
    title_keys = _title_keys([key for key in keys if key not in taken], sample)
    return _Roles(tuple(url_keys), tuple(title_keys), tuple(date_keys))


def _keys_in_order(sample: Sequence[dict[str, Any]]) -> list[str]:
    keys: dict[str, None] = {}
    for fields in sample:
        for key in fields:
            if len(keys) >= MAX_KEYS:
                return list(keys)
            keys.setdefault(key, None)
    return list(keys)


def _ranked(keys: list[str], sample: Sequence[dict[str, Any]], shaped: Any, names: tuple[str, ...]) -> list[str]:
    """Keys whose values mostly have the shape: named ones first (in `names` order), then by share."""
    shares = {}
    for key in keys:
        values = [fields[key] for fields in sample if _present(fields.get(key))]
        if values:
            share = sum(1 for value in values if shaped(key, value)) / len(values)
            if share >= MIN_SHARE:
                shares[key] = share
    named = [key for key in names if key in shares]
    others = sorted((key for key in shares if key not in named), key=lambda key: -shares[key])
    return named + others


def _title_keys(keys: list[str], sample: Sequence[dict[str, Any]]) -> list[str]:
    """Keys of text: a named title key first, then the key with the longest Chinese text.

    A summary is longer than a title but is written in sentences: keys whose values end
    sentences (。) come after those that do not.
    """
    stats: dict[str, tuple[int, float]] = {}
    for key in keys:
        texts = [_clean_title(value) for fields in sample if isinstance(value := fields.get(key), str)]
        texts = [text for text in texts if text and not _url_shape(text, named=False) and not _date_text(text)]
        if not texts or len(texts) < MIN_SHARE * sum(1 for fields in sample if _present(fields.get(key))):
            continue
        cjk = sum(len(_CJK.findall(text)) for text in texts) / len(texts)
        letters = sum(len(_LETTER.findall(text)) for text in texts) / len(texts)
        if cjk < 2 and letters < 4:
            continue
        prose = sum(1 for text in texts if "。" in text) / len(texts)
        stats[key] = (1 if prose >= 0.5 else 0, -(cjk * 10 + letters))
    named = [key for key in TITLE_KEYS if key in stats]
    return named + sorted((key for key in stats if key not in named), key=lambda key: stats[key])


def _present(value: Any) -> bool:
    return value is not None and value != "" and not isinstance(value, bool | list | dict)


def _share(sample: Sequence[dict[str, Any]], key: str, test: Any) -> float:
    values = [fields[key] for fields in sample if _present(fields.get(key))]
    return sum(1 for value in values if test(value)) / len(values) if values else 0.0


def _url_shape(value: object, *, named: bool) -> TypeGuard[str]:
    """A link or a path (so a string); under a key named for links, any path-like string without spaces will do."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or len(text) > 2_000 or any(char.isspace() for char in text) or _date_text(text):
        return False
    if text.lower().startswith(_ABSOLUTE):
        return not text.startswith("//") or "." in text[2:].split("/", 1)[0]
    if _PAGE_FILE.match(text) or _SCRIPT_QUERY.match(text):
        return True
    return named and ("/" in text or "." in text) and not _CJK.search(text)


def _is_asset_value(value: Any) -> bool:
    return isinstance(value, str) and _ASSET.search(value.split("?", 1)[0][-20:] + "?") is not None


def _date_text(text: str) -> bool:
    """A string that is a date and nothing else (a title mentioning a date is a title)."""
    text = text.strip()
    if _COMPACT_DATE.match(text):
        return True
    return bool(_DATE_CHARS.match(text)) and sum(char.isdigit() for char in text) >= 4 and not _EPOCH.match(text)


def _date_shape(key: str, value: Any, as_of: date) -> bool:
    """A date; under a key named for dates, any value a date can be read from will do."""
    if key in DATE_KEYS:
        return _date_value(value, as_of) is not None
    if isinstance(value, str):
        text = value[:100]
        if _EPOCH.match(text):
            return not _ID_LIKE.search(key) and _timestamp_date(int(text), as_of) is not None
        return _date_text(text) and _date_value(value, as_of) is not None
    if isinstance(value, int | float) and not isinstance(value, bool):
        # a number is a date only as a timestamp, never under a key that counts or names things
        return not _ID_LIKE.search(key) and _timestamp_date(value, as_of) is not None
    return False


# -- one item ----------------------------------------------------------------------------------


def _item(fields: dict[str, Any], roles: _Roles, base: str, as_of: date) -> ListItem | None:
    url = None
    for key in roles.urls:
        raw = fields.get(key)
        if _url_shape(raw, named=key in URL_KEYS):
            url = resolve(html.unescape(raw.strip()), base)
            if url is not None and url.startswith(("http://", "https://")):
                break
            url = None
    if url is None:
        return None
    title = ""
    for key in roles.titles:
        raw = fields.get(key)
        if isinstance(raw, str) and (title := _clean_title(raw)):
            break
    if not title:
        return None
    return ListItem(title=title, url=url, date=_date_of(fields, roles.dates, as_of))


def _clean_title(raw: str) -> str:
    """Titles sometimes carry markup (`<font color=red>置顶</font>`) and entities."""
    return fold(html.unescape(_TAG.sub("", raw[:5_000])), MAX_TITLE_CHARS)


def _date_of(fields: dict[str, Any], keys: tuple[str, ...], as_of: date) -> date | None:
    for key in keys:
        found = _date_value(fields.get(key), as_of)
        if found is not None:
            return found
    return None


def _date_value(value: Any, as_of: date) -> date | None:
    if isinstance(value, str):
        text = value[:100]
        compact = _COMPACT_DATE.match(text)
        if compact:
            return believable(int(compact[1]), int(compact[2]), int(compact[3]), as_day(as_of))
        if _EPOCH.match(text):
            return _timestamp_date(int(text), as_of)
        return parse_date(text, as_of)
    if isinstance(value, int) and not isinstance(value, bool) and 19_900_101 <= value <= 29_991_231:
        return believable(value // 10_000, value // 100 % 100, value % 100, as_day(as_of))  # 20261127
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _timestamp_date(value, as_of)
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
