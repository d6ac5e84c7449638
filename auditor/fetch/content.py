"""Which answers are pages to read, and which are files to leave alone.

Markup (downloaded in full, up to the size cap, and decoded): text/html,
application/xhtml+xml, text/xml, application/xml and any `+xml` type (RSS, Atom: the
Hanweb jpage data proxy answers XML). An answer with no Content-Type is sniffed from its
first bytes. Everything else (images, PDF, Office files, archives, text/plain, octet
streams) is a file: only a short prefix is read, enough to prove it downloads.
"""

from __future__ import annotations

import re

MARKUP_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/xml", "application/xml"})
SNIFF_BYTES = 512
# a file's body is proof that it downloads; reading more would only cost bandwidth
FILE_PREFIX_BYTES = 64 * 1024

_MARKUP_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*<(?:!doctype\s+html|html|head|body|title|meta|script|div|table|p\b|!--|\?xml)",
    re.IGNORECASE,
)


def media_type(content_type: str) -> str:
    """`text/html; charset=gbk` -> `text/html`."""
    return content_type.split(";", 1)[0].strip().lower()


def is_markup_type(content_type: str) -> bool | None:
    """True for markup, False for files, None when the header says nothing (sniff the body)."""
    kind = media_type(content_type)
    if not kind:
        return None
    return kind in MARKUP_TYPES or kind.endswith("+xml")


def sniff_markup(prefix: bytes) -> bool:
    """Whether a body without Content-Type starts like an HTML or XML document."""
    return bool(_MARKUP_START.match(prefix[:SNIFF_BYTES]))
