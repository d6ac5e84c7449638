"""What staff read must name nothing by its internal id: the words to look for and where to look.

Shared by the report tests (a small estate) and the demo-estate test of every output."""

from __future__ import annotations

import re
from datetime import datetime
from io import BytesIO

from lxml import html as lxml_html
from openpyxl import load_workbook

from auditor.checks import CHECKS
from auditor.config import Config
from auditor.rules import Ruleset

URL = re.compile(r"https?://\S+")
STANDING_ALONE = r"(?<![A-Za-z0-9_./\-]){}(?![A-Za-z0-9_/\-])"


def forbidden_words(config: Config, rulesets: list[Ruleset]) -> set[str]:
    """Every id a reader must never meet: sites, columns, rulesets, rules and check types."""
    words = {site.id for site in config.sites} | {column.id for site in config.sites for column in site.columns}
    words |= {ruleset.id for ruleset in rulesets} | {rule.id for ruleset in rulesets for rule in ruleset.rules}
    words |= set(CHECKS) | {rule.check for ruleset in rulesets for rule in ruleset.rules}
    return words | {"minor", "major", "critical", "True", "False"}


def offending(texts: list[str], words: set[str]) -> list[tuple[str, str]]:
    """(word, text) for every forbidden word standing alone in a text, URLs left out."""
    patterns = {word: re.compile(STANDING_ALONE.format(re.escape(word)), re.IGNORECASE) for word in words}
    found = []
    for text in texts:
        plain = URL.sub(" ", text)
        found += [(word, text) for word, pattern in patterns.items() if pattern.search(plain)]
    return found


def html_texts(page: str) -> list[str]:
    """What a reader sees: every text node (SVG labels and tooltips included) and the aria labels; no CSS."""
    tree = lxml_html.fromstring(page)
    for style in tree.iter("style"):
        style.getparent().remove(style)
    return [str(t) for t in tree.xpath("//text()")] + [str(a) for a in tree.xpath("//@aria-label")]


def workbook_texts(data: bytes) -> list[str]:
    book = load_workbook(BytesIO(data))
    texts = list(book.sheetnames)
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            texts += [str(value) for value in row if value is not None and not isinstance(value, datetime)]
    return texts
