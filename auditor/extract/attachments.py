"""The text of an attached Word (.docx), Excel (.xlsx) or PDF file, for the content scans.

A .docx and a .xlsx are zip files of XML, read here with the standard library and lxml,
bounded at every step (a zip bomb or a billion-laughs file yields nothing, never a crash
or a filled memory). A .docx gives a line per paragraph and a line per table row (cells
joined by tabs); a .xlsx a line per row of each sheet (cells joined by tabs, shared
strings resolved). A PDF gives its text layer (`extract.pdftext`: the first 50 pages; a
scanned or encrypted PDF has none to give). Old .doc/.xls are not read.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import lxml.etree

from .pdftext import pdf_text

ATTACHMENT_SUFFIXES = (".docx", ".xlsx", ".pdf")
MAX_MEMBER_BYTES = 8_000_000  # uncompressed, per XML part read
MAX_TOTAL_BYTES = 20_000_000  # uncompressed, per file
MAX_SHEETS = 20
MAX_TEXT_CHARS = 1_000_000

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHEET = re.compile(r"xl/worksheets/sheet\d+\.xml")
_PARSER = lxml.etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def attachment_kind(url: str) -> str | None:
    """".docx", ".xlsx" or ".pdf" when the URL's path names such a file, else None."""
    path = url.split("#", 1)[0].split("?", 1)[0].lower()
    return next((suffix for suffix in ATTACHMENT_SUFFIXES if path.endswith(suffix)), None)


def attachment_text(data: bytes, kind: str) -> str:
    """The text of a .docx, .xlsx or .pdf file's body; "" when it is not one or cannot be read."""
    if kind == ".pdf":
        return pdf_text(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            budget = [MAX_TOTAL_BYTES]
            lines = _docx_lines(archive, budget) if kind == ".docx" else _xlsx_lines(archive, budget)
            text = "\n".join(lines)
    except (zipfile.BadZipFile, lxml.etree.XMLSyntaxError, KeyError, ValueError, OSError, EOFError):
        return ""
    return text[:MAX_TEXT_CHARS]


def _part(archive: zipfile.ZipFile, name: str, budget: list[int]) -> lxml.etree._Element | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > min(MAX_MEMBER_BYTES, budget[0]):
        return None
    with archive.open(info) as member:
        raw = member.read(MAX_MEMBER_BYTES + 1)
    if len(raw) > min(MAX_MEMBER_BYTES, budget[0]):  # the header lied about its size
        return None
    budget[0] -= len(raw)
    return lxml.etree.fromstring(raw, _PARSER)


def _docx_lines(archive: zipfile.ZipFile, budget: list[int]) -> Iterator[str]:
    root = _part(archive, "word/document.xml", budget)
    if root is None:
        return
    for node in root.iter(f"{_W}p", f"{_W}tr"):
        if node.tag == f"{_W}tr":
            yield "\t".join(_text(cell, f"{_W}t") for cell in node.iter(f"{_W}tc"))
        elif not any(a.tag == f"{_W}tc" for a in node.iterancestors()):  # a cell's paragraphs are in its row
            yield _text(node, f"{_W}t")


def _xlsx_lines(archive: zipfile.ZipFile, budget: list[int]) -> Iterator[str]:
    strings_root = _part(archive, "xl/sharedStrings.xml", budget)
    strings = [_text(item, f"{_S}t") for item in strings_root.iter(f"{_S}si")] if strings_root is not None else []
    sheets = sorted((n for n in archive.namelist() if _SHEET.fullmatch(n)), key=lambda n: int(re.sub(r"\D", "", n)))
    for name in sheets[:MAX_SHEETS]:
        sheet = _part(archive, name, budget)
        if sheet is None:
            continue
        for row in sheet.iter(f"{_S}row"):
            yield "\t".join(_cell(cell, strings) for cell in row.iter(f"{_S}c"))


def _cell(cell: lxml.etree._Element, strings: list[str]) -> str:
    kind = cell.get("t")
    if kind == "inlineStr":
        return _text(cell, f"{_S}t")
    value = cell.find(f"{_S}v")
    text = value.text or "" if value is not None else ""
    if kind == "s":
        index = int(text) if text.isdigit() else -1
        return strings[index] if 0 <= index < len(strings) else ""
    return text


def _text(node: lxml.etree._Element, tag: str) -> str:
    return "".join(t.text or "" for t in node.iter(tag))
