"""The URLs a piece of CSS loads: `url(...)` and `@import "..."`, as a browser reads them.

Only what a page carries inline is read (a `<style>` element's text, a `style` attribute);
stylesheets are not fetched. CSS comments are skipped, and `data:` URIs, which load
nothing, are not URLs to check.

    >>> css_urls('body { background: url("bg.png") } /* url(old.png) */ @import "print.css";')
    ('bg.png', 'print.css')
    >>> css_urls("background: URL( 'a b.png' ) no-repeat, url(data:image/gif;base64,R0lG)")
    ('a b.png',)
"""

from __future__ import annotations

import re

# Each mark is found with str.find, and read with an anchored pattern there: a regular
# expression searched over a page's 200 KB of inline CSS would cost more than its links.
_URL_AT = re.compile(r"""...\(\s*(?:"([^"]*)"|'([^']*)'|((?:\\.|[^)"'\s\\])*))\s*\)""")
_IMPORT_AT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
# Scanned CSS by (length, hash), never the text: 100 KB blocks must not pile up in memory.
MAX_REMEMBERED = 4096
_READ: dict[tuple[int, int], tuple[str, ...]] = {}
_MARKS = (("url(", _URL_AT), ("URL(", _URL_AT), ("@import", _IMPORT_AT))
_ESCAPE = re.compile(r"\\([^0-9a-fA-F\n])")  # "\(" stands for "(": hex escapes are left as written


def css_urls(css: str) -> tuple[str, ...]:
    """The URLs `css` loads, in order, as written (not resolved); `data:` URIs left out.
    `url(` and `@import` are read in lower case and `URL(` in upper case, as CSS is written."""
    key = (len(css), hash(css))  # a site's template repeats its <style> blocks on every page
    known = _READ.get(key)
    if known is None:
        if len(_READ) >= MAX_REMEMBERED:
            _READ.clear()
        known = _READ[key] = _scan(css)
    return known


def _scan(css: str) -> tuple[str, ...]:
    found: list[tuple[int, str]] = []
    for mark, pattern in _MARKS:
        position = css.find(mark)
        while position >= 0:
            start = position + len(mark)
            inline = css[start:start + 12].lstrip(" \t\n\"'")[:5].lower() == "data:"  # often 20 KB: not read
            match = None if inline or _in_comment(css, position) else pattern.match(css, position)
            if match is not None and not (position and (css[position - 1].isalnum() or css[position - 1] == "_")):
                url = _ESCAPE.sub(r"\1", next(group for group in match.groups() if group is not None).strip())
                if url and not url[:5].lower().startswith("data:"):
                    found.append((position, url))
            position = css.find(mark, position + len(mark))
    return tuple(url for _, url in sorted(found))


def _in_comment(css: str, position: int) -> bool:
    """Whether `position` lies in a /* comment */ (an unclosed one runs to the end, as in CSS):
    asked of each mark found, so comment-heavy CSS without URLs costs nothing."""
    opened = css.rfind("/*", 0, position)
    return opened >= 0 and css.find("*/", opened + 2, position) < 0
