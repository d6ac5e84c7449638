"""Turning the bytes of an HTML or XML page into text.

The order of evidence:

1. a byte-order mark: it cannot be there by accident, and browsers let it override the
   header too (WHATWG "BOM sniffing"), so it goes first;
2. the charset of the Content-Type header;
3. `<meta charset>`, `<meta http-equiv="Content-Type" content="...; charset=">` or the
   XML declaration's `encoding=` in the first 4 KB;
4. detection with charset-normalizer;
5. UTF-8 with replacement characters, so a page always becomes text.

A declaration is only believed when the body decodes strictly with it: a page that says
utf-8 but is GBK (common on Chinese sites moved between CMSs) goes on to the next
source. GB2312 and GBK are read as GB18030, their superset: pages labelled gb2312 often
carry characters outside it (names of people and places).

A Latin-1 or ASCII header (Tomcat's default when the JSP sets none) decodes almost
anything, so strict decoding cannot refute it: it is ignored in favour of the page's own
declaration, or of detection (which finds Latin-1 itself when the page really is).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

META_SCAN_BYTES = 4096
# how much of a large body charset-normalizer looks at; it samples within this itself
DETECTION_BYTES = 256 * 1024
CHINESE_SHARE = 0.95  # of the non-ASCII characters, for undeclared bytes to be read as GB18030

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "ascii": "cp1252", "latin-1": "cp1252", "iso8859-1": "cp1252"}
_WEAK_HEADER_CODECS = frozenset({"cp1252"})
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:\-]+)""", re.IGNORECASE)


def decode_html(body: bytes, content_type: str) -> tuple[str, str]:
    """Return the text of an HTML/XML body and the codec it was read with. Never raises."""
    bom = _from_bom(body)
    if bom is not None:
        return bom
    header = normalise_codec(_charset_in(content_type))
    meta = normalise_codec(_declared_in_markup(body))
    candidates = [meta] if header in _WEAK_HEADER_CODECS else [header, meta]
    for codec in candidates:
        if codec:
            text = _strict(body, codec)
            if text is not None:
                return text, codec
    codec = _detect(body)
    return body.decode(codec, errors="replace"), codec


def normalise_codec(name: str | None) -> str | None:
    """The Python codec for a declared charset name, or None when Python has no such codec."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except (LookupError, ValueError):
        return None
    if codec.startswith("utf-16") or codec.startswith("utf-32"):
        # a page that declares UTF-16 in its own ASCII-compatible bytes cannot be UTF-16 (WHATWG)
        return "utf-8"
    return _SUPERSETS.get(codec, codec)


def _from_bom(body: bytes) -> tuple[str, str] | None:
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(codec, errors="replace"), codec
    return None


def _charset_in(content_type: str) -> str | None:
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1) if match else None


def _declared_in_markup(body: bytes) -> str | None:
    head = body[:META_SCAN_BYTES]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii") if match else None


def _reads_as_chinese(body: bytes) -> bool:
    """Undeclared bytes that are not UTF-8 on a Chinese site are GBK far more often than
    anything else, and detection guesses wrong on short pages (a leader page holding a
    name and a post reads as Big5): GB18030 wins when it decodes the body strictly into
    text whose non-ASCII characters are nearly all common hanzi and CJK punctuation."""
    text = _strict(body[:DETECTION_BYTES], "gb18030")
    if text is None:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    chinese = sum(1 for c in wide if "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f" or "\uff00" <= c <= "\uffef")
    return bool(wide) and chinese >= CHINESE_SHARE * len(wide)


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _detect(body: bytes) -> str:
    if _strict(body, "utf-8") is not None:
        return "utf-8"  # the most common answer, and cheap to prove
    if _reads_as_chinese(body):
        return "gb18030"
    try:
        best = charset_normalizer.from_bytes(body[:DETECTION_BYTES]).best()
    except (ValueError, TypeError, LookupError):  # the detector on hostile input: not worth a crash
        best = None
    return (normalise_codec(best.encoding) if best is not None else None) or "utf-8"
