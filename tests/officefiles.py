"""Minimal .docx and .xlsx files built in memory (the parts the attachment reader reads)."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def docx(paragraphs: list[str], rows: list[list[str]] = ()) -> bytes:  # type: ignore[assignment]
    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    table = "".join("<w:tr>" + "".join(f"<w:tc><w:p><w:r><w:t>{escape(c)}</w:t></w:r></w:p></w:tc>" for c in row)
                    + "</w:tr>" for row in rows)
    xml = f'<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}<w:tbl>{table}</w:tbl></w:body></w:document>'
    return _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": xml})


def xlsx(rows: list[list[str]], padding: int = 0) -> bytes:
    """Strings as shared strings, one sheet; `padding` bytes of stored noise make it larger."""
    strings = sorted({c for row in rows for c in row})
    shared = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    cells = "".join("<row>" + "".join(f'<c t="s"><v>{strings.index(c)}</v></c>' for c in row) + "</row>" for row in rows)
    files = {
        "[Content_Types].xml": "<Types/>",
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {S}>{shared}</sst>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {S}><sheetData>{cells}</sheetData></worksheet>',
    }
    return _zip(files, padding)


def _zip(files: dict[str, str], padding: int = 0) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
        if padding:
            archive.writestr(zipfile.ZipInfo("xl/media/image1.bin"), bytes(range(256)) * (padding // 256 + 1))
    return out.getvalue()
