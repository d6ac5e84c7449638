"""The text layer of an attached PDF, for the content scans (read with pypdf, pure Python).

What is read: the text a PDF draws with its fonts, in drawing order, from its first
`MAX_PAGES` pages, up to `MAX_TEXT_CHARS` characters and `MAX_SECONDS` of reading.
What is not read, and gives "":

    a scanned PDF       its pages are pictures: there is no text layer (no OCR here)
    an encrypted PDF    even one that opens without a password (only its permissions set)
    a broken PDF        anything pypdf cannot parse, or not a PDF at all (an error page)

Text drawn in a font without a ToUnicode map can come out as other characters, and its
numbers are then not seen. So "" means nothing was read, never that the file holds
nothing: a content scan finds nothing in it and accuses no one, and the file is a miss,
not a pass (no list of unread attachments is kept; see `checks.personal_data`).

A hostile file is bounded three ways: pypdf's own limits, lowered for the reading of one
file (a stream inflates to at most `MAX_STREAM_BYTES`, a content stream's parse and a
page's forms are budgeted, the page tree is capped, no outside jbig2dec is ever run); a
deadline checked before each page and before each drawing operator; and any exception
pypdf raises (its own errors, or a built-in one from a malformed object) makes a page, or
the whole file, unread. The crawl caps the file's size before it gets here.
"""

from __future__ import annotations

import io
import logging
import time
import warnings
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import Configuration, PdfReader

MAX_PAGES = 50
MAX_TEXT_CHARS = 1_000_000
MAX_SECONDS = 2.0  # a text PDF reads at about 15 ms a page: 50 pages take under a second
MAX_STREAM_BYTES = 20_000_000  # as a .docx or .xlsx may inflate to (attachments.MAX_TOTAL_BYTES)
_HEADER_WITHIN = 1024  # where a PDF's "%PDF-" may start

@cache
def _limits() -> Configuration:
    """pypdf's limits, made once. pypdf is imported on the first PDF: most audits read none, and
    importing it (with `cryptography`) took an eighth of a second of every run (issue 20)."""
    from pypdf import Configuration

    return Configuration(
        maximum_declared_stream_length=MAX_STREAM_BYTES,
        array_based_stream_maximum_output_length=MAX_STREAM_BYTES,
        zlib_maximum_output_length=MAX_STREAM_BYTES,
        lzw_maximum_output_length=MAX_STREAM_BYTES,
        run_length_maximum_output_length=MAX_STREAM_BYTES,
        brotli_maximum_output_length=MAX_STREAM_BYTES,
        jbig2_maximum_output_length=MAX_STREAM_BYTES,
        image_maximum_buffer_size=MAX_STREAM_BYTES,
        stream_decoding_work_maximum_length=3 * MAX_STREAM_BYTES,
        stream_parsing_work_maximum_count=200_000,  # about a second of parsing; a page of text needs a few thousand
        xform_maximum_invocations_per_extraction=1_000,
        page_tree_maximum_entries=10_000,
        page_tree_maximum_page_entries=100_000,
        jbig2dec_binary=None,  # never a program run on a stranger's file
        disable_legacy_handling=True,  # nothing here sets pypdf's old module constants
    )


# a sloppy or hostile PDF makes pypdf warn once per broken object: thousands of lines in
# the crawl's log saying nothing about the site
logging.getLogger("pypdf").setLevel(logging.ERROR)


class _OutOfTime(BaseException):
    """Raised from inside pypdf at the deadline: not an Exception, so that pypdf's own
    `except Exception` around a form's text does not swallow it."""


def pdf_text(data: bytes) -> str:
    """The text layer of a PDF's first pages, a line break between pages; "" when it has
    none or cannot be read (scanned, encrypted, broken, not a PDF)."""
    if b"%PDF-" not in data[:_HEADER_WITHIN]:
        return ""
    deadline = time.monotonic() + MAX_SECONDS
    pages: list[str] = []
    try:
        from pypdf import PdfReader, apply_configuration

        with warnings.catch_warnings(), apply_configuration(_limits()):
            warnings.simplefilter("ignore")  # pypdf's PdfReadWarning on a damaged file: the file is what it is
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                return ""
            _read_pages(reader, deadline, pages)
    except Exception:  # pypdf raises its own errors and any built-in one on a malformed file
        return ""
    return "\n".join(pages)[:MAX_TEXT_CHARS]


def _read_pages(reader: PdfReader, deadline: float, pages: list[str]) -> None:
    """Each page's text into `pages`, in order, until the page, size or time cap."""
    size = 0
    stop = _stop_at(deadline)
    for index in range(min(len(reader.pages), MAX_PAGES)):
        if time.monotonic() > deadline:
            return
        try:
            text = reader.pages[index].extract_text(visitor_operand_before=stop)
        except _OutOfTime:
            return  # the pages read so far stand: what they say is there all the same
        except Exception:  # one broken page: the others may read
            continue
        pages.append(text)
        size += len(text)
        if size >= MAX_TEXT_CHARS:
            return


def _stop_at(deadline: float) -> Callable[[Any, Any, Any, Any], None]:
    def visit(operator: Any, operands: Any, cm: Any, tm: Any) -> None:
        if time.monotonic() > deadline:
            raise _OutOfTime

    return visit
