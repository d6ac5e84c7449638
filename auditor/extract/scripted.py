"""Whether a page's scripts fetch or write content that the markup does not hold.

A column whose list an Ajax call or `document.write` fills in shows no items in its
markup, and is not empty for that: the auditor does not run scripts, so it cannot say.
Lists it can read from scripts (Hanweb datastores, JavaScript item arrays) are read
elsewhere; this only tells the checks when an empty-looking page must not be judged.
"""

from __future__ import annotations

import re

import lxml.html

MAX_SCRIPT_CHARS = 1_000_000
# loads from the server (Ajax); document.write is not among them: the statistics snippets
# (CNZZ, 51.la) on most government pages write with it
_LOADS = r"\$\.(?:ajax|get|post|getJSON)\s*\(|\.load\s*\(\s*['\"]|XMLHttpRequest|\bfetch\s*\(|\baxios\b"
_LOADS_CONTENT = re.compile(_LOADS)
_WRITES_CONTENT = re.compile(
    rf"document\.write|\.innerHTML\s*=|{_LOADS}|\.html\s*\(\s*[a-zA-Z_$]|\bv-for\b|ng-repeat|template\s*\(",
)
_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_INLINE_HOOK = re.compile(r"\b(?:v-for|ng-repeat)\s*=", re.IGNORECASE)


def scripts_write_content(text: str) -> bool:
    """True when an inline script (or a template attribute) loads or writes page content.

    A Hanweb jpage page is read, not guessed at: its `<datastore>` and data proxy are its list."""
    if "<datastore" in text[:MAX_SCRIPT_CHARS].lower():
        return False
    if _INLINE_HOOK.search(text[:MAX_SCRIPT_CHARS]):
        return True
    return any(_WRITES_CONTENT.search(body) for body in _SCRIPT.findall(text[:MAX_SCRIPT_CHARS]))


def scripts_load_content(tree: lxml.html.HtmlElement) -> bool:
    """True when an inline script of the parsed page loads content from the server (Ajax)."""
    return any(_LOADS_CONTENT.search(script.text or "") for script in tree.iter("script"))
