"""CSS selectors from the column config (item_selector, date_selector, next_selector).

Compiled once per distinct selector. A selector that does not compile is logged and
treated as absent, so the automatic detection still reads the page.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html

if TYPE_CHECKING:
    from lxml.cssselect import CSSSelector

log = logging.getLogger(__name__)


@lru_cache(maxsize=256)
def compile_selector(css: str) -> CSSSelector | None:
    # imported here: most columns are read by automatic detection, and lxml.cssselect with
    # cssselect's tokenizer patterns cost ~9 ms of every start-up
    from lxml.cssselect import CSSSelector, SelectorError

    try:
        return CSSSelector(css, translator="html")
    except (SelectorError, lxml.etree.XPathError, ValueError) as exc:
        log.warning("选择器无法解析，改用自动识别: %r (%s)", css, exc)
        return None


def select(element: lxml.html.HtmlElement, css: str | None) -> list[lxml.html.HtmlElement] | None:
    """The elements `css` matches under `element`, or None when there is no usable selector."""
    if not css or not css.strip():
        return None
    selector = compile_selector(css.strip())
    if selector is None:
        return None
    try:
        return [node for node in selector(element) if isinstance(node, lxml.html.HtmlElement)]
    except lxml.etree.XPathError:
        return None
