"""Whether a page's scripts fetch or write content that the markup does not hold.

A column whose list an Ajax call or `document.write` fills in shows no items in its
markup, and is not empty for that: the auditor does not run scripts, so it cannot say.
Lists it can read from scripts (Hanweb datastores, JavaScript item arrays) are read
elsewhere; this only tells the checks when an empty-looking page must not be judged.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

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
# what `written_markup` reads: the statements that write HTML, and the string literals in them
_WRITE = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(|\.innerHTML\s*\+?=", re.IGNORECASE)
_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'""")
_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|.)")


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


def written_markup(script: str) -> str:
    """The HTML a script writes: the string literals of its document.write and innerHTML statements, joined."""
    pieces: list[str] = []
    for match in _WRITE.finditer(script):
        end = _statement_end(script, match.end())
        statement = script[match.end():end]
        text = "".join(_unescape(m.group(1) if m.group(1) is not None else m.group(2))
                       for m in _STRING.finditer(statement))
        if "unescape(" in statement or "decodeURIComponent(" in statement:
            text = unquote(text)
        pieces.append(text)
    return "".join(pieces)


def _unescape(body: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] in "xu" and len(code) > 1:
            return chr(int(code[1:], 16))
        return {"n": "\n", "t": "\t", "r": ""}.get(code, code)

    return _ESCAPE.sub(one, body)


def _statement_end(text: str, start: int) -> int:
    position, depth = start, 1
    while position < len(text):
        char = text[position]
        if char in "'\"":
            match = _STRING.match(text, position)
            position = match.end() if match else position + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return position
        elif char in ";\n" and depth <= 1:
            return position
        position += 1
    return position
