"""A tolerant reader of JavaScript literals (arrays, objects, strings, numbers) found in page scripts.

List pages ship items as `var itemObj = [{title: '..', url: '..', date: '2026-11-27'}, ...]`
and the Hanweb jpage component as `var InitData = ['<li>..</li>', ...]`. These are
JavaScript, not JSON: single quotes, unquoted keys, trailing commas, comments, string
concatenation with `+`. Nothing is evaluated. A value the reader does not understand (a
function call, `new Date()`) becomes None and reading goes on after it.

Scripts come from sites we do not control: reading is bounded in tokens, nesting depth
and string length, and a literal cut short (unbalanced brackets, a 5 MB script) yields
what was read before the cut, never an exception.
"""

from __future__ import annotations

import re
from typing import Any

MAX_TOKENS = 60_000  # per literal: several thousand list items of a few keys each
MAX_DEPTH = 12
MAX_STRING_CHARS = 20_000

_SPACE = re.compile(r"(?:\s++|//[^\n]*+|/\*(?:[^*]|\*(?!/))*+\*/)*+")
_STRING = re.compile(r""""((?:[^"\\\n]|\\.)*+)"|'((?:[^'\\\n]|\\.)*+)'|`((?:[^`\\]|\\.)*+)`""", re.DOTALL)
_NUMBER = re.compile(r"-?(?:0[xX][0-9a-fA-F]++|\d++(?:\.\d*+)?(?:[eE][-+]?\d++)?|\.\d++)(?![\w$])")
_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$]*+")
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\n|.)", re.DOTALL)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0", "\n": ""}
_KEYWORDS: dict[str, Any] = {"true": True, "false": False, "null": None, "undefined": None}
_OPENERS = {"[": "]", "{": "}", "(": ")"}
_PLAIN_RUN = re.compile(r"[^\"'`\[\]{}(),]++")  # what an unread expression holds between brackets and commas


class _Stop(Exception):
    """The literal ends here: budget spent, nesting too deep or the text cut short."""


def read_literal(text: str, start: int = 0) -> tuple[Any, int]:
    """The literal that begins at `start` (after whitespace) and the position after it.

    A literal cut short comes back as far as it was read: a list holds the elements
    read before the cut. Never raises.
    """
    reader = _Reader(text)
    holder: list[Any] = []
    try:
        reader.position = start
        holder.append(reader.value(0, holder))
    except (_Stop, RecursionError, ValueError):
        pass
    return (holder[0] if holder else None), reader.position


class _Reader:
    def __init__(self, text: str) -> None:
        self.text = text
        self.position = 0
        self.tokens = 0

    def value(self, depth: int, sink: list[Any]) -> Any:
        """One value; containers are appended to `sink` first, so a cut keeps what was read."""
        self._tick(depth)
        char = self._peek()
        if char == "[":
            items: list[Any] = []
            sink.append(items)
            self._array(items, depth)
            return sink.pop()
        if char == "{":
            fields: dict[str, Any] = {}
            sink.append(fields)
            self._object(fields, depth)
            return sink.pop()
        return self._scalar()

    def _array(self, items: list[Any], depth: int) -> None:
        self.position += 1
        while True:
            char = self._peek()
            if char == "]":
                self.position += 1
                return
            if char == ",":  # an elision or a trailing comma
                self.position += 1
                continue
            holder: list[Any] = []
            try:
                items.append(self.value(depth + 1, holder))
            except _Stop:
                if holder:
                    items.append(holder[0])
                raise
            self._after_value("]")

    def _object(self, fields: dict[str, Any], depth: int) -> None:
        self.position += 1
        while True:
            char = self._peek()
            if char == "}":
                self.position += 1
                return
            if char == ",":
                self.position += 1
                continue
            key = self._key()
            if self._peek() != ":":  # shorthand `{a, b}` or a method: nothing to read here
                self._skip_expression()
                self._after_value("}")
                continue
            self.position += 1
            holder: list[Any] = []
            try:
                fields[key] = self.value(depth + 1, holder)
            except _Stop:
                if holder:
                    fields[key] = holder[0]
                raise
            self._after_value("}")

    def _key(self) -> str:
        match = _STRING.match(self.text, self.position)
        if match:
            self.position = match.end()
            return _unescape(_string_body(match))
        match = _IDENTIFIER.match(self.text, self.position) or _NUMBER.match(self.text, self.position)
        if match is None:
            raise _Stop
        self.position = match.end()
        return match.group()

    def _after_value(self, closer: str) -> None:
        """After an element: a comma or the closer; anything else is skipped up to one of them."""
        char = self._peek()
        if char == ",":
            self.position += 1
        elif char != closer:
            self._skip_expression()

    def _scalar(self) -> Any:
        match = _STRING.match(self.text, self.position)
        if match:
            return self._concatenation(match)
        match = _NUMBER.match(self.text, self.position)
        if match:
            self.position = match.end()
            return _number(match.group())
        match = _IDENTIFIER.match(self.text, self.position)
        if match and match.group() in _KEYWORDS and self._ends_value(match.end()):
            self.position = match.end()
            return _KEYWORDS[match.group()]
        self._skip_expression()
        return None

    def _concatenation(self, match: re.Match[str]) -> str:
        """'a' + "b": strings joined with + are one string."""
        parts = [_string_body(match)]
        self.position = match.end()
        while self._peek() == "+":
            after = _SPACE.match(self.text, self.position + 1)
            following = _STRING.match(self.text, after.end() if after else self.position + 1)
            if following is None:
                self._skip_expression()
                break
            self._tick(0)
            parts.append(_string_body(following))
            self.position = following.end()
        return _unescape("".join(parts))[:MAX_STRING_CHARS]

    def _ends_value(self, end: int) -> bool:
        rest = _SPACE.match(self.text, end)
        position = rest.end() if rest else end
        return position >= len(self.text) or self.text[position] in ",]})"

    def _skip_expression(self) -> None:
        """Skip an expression we do not read, up to a comma or closer at this level."""
        depth = 0
        text, length = self.text, len(self.text)
        while self.position < length:
            self._tick(0)
            run = _PLAIN_RUN.match(text, self.position)
            if run:
                self.position = run.end()
                continue
            char = text[self.position]
            if char in "\"'`":
                match = _STRING.match(text, self.position)
                self.position = match.end() if match else self.position + 1
                continue
            if char in _OPENERS:
                depth += 1
            elif char in "]})":
                if depth == 0:
                    return
                depth -= 1
            elif char == "," and depth == 0:
                return
            self.position += 1
        raise _Stop

    def _peek(self) -> str:
        space = _SPACE.match(self.text, self.position)
        if space:
            self.position = space.end()
        if self.position >= len(self.text):
            raise _Stop
        return self.text[self.position]

    def _tick(self, depth: int) -> None:
        self.tokens += 1
        if self.tokens > MAX_TOKENS or depth > MAX_DEPTH:
            raise _Stop


def _string_body(match: re.Match[str]) -> str:
    body = next((group for group in match.groups() if group is not None), "")
    return body[:MAX_STRING_CHARS]


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return _ESCAPE.sub(_escaped, body)


def _escaped(match: re.Match[str]) -> str:
    code = match.group(1)
    if code in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[code]
    if code[0] in "ux" and len(code) > 1:
        value = int(code.strip("u{}x"), 16)
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else ""
    return code


def _number(token: str) -> int | float | None:
    try:
        if token.lower().lstrip("-").startswith("0x"):
            return int(token, 16)
        return int(token) if token.lstrip("-").isdigit() else float(token)
    except ValueError:
        return None
