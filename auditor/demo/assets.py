"""The small static files pages reference: stylesheet, scripts, images, attachments, forms.

Images and documents carry their formats' signatures (magic bytes) and little else:
link checks read a prefix and the content type, nobody decodes them.
"""

from __future__ import annotations

import struct
import zlib

CONTENT_TYPES = {
    ".css": "text/css", ".js": "application/javascript", ".png": "image/png", ".jpg": "image/jpeg",
    ".gif": "image/gif", ".pdf": "application/pdf", ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel", ".txt": "text/plain; charset=utf-8",
}


def _png(width: int = 1, height: int = 1) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\xc0\x10\x10" * width for _ in range(height)))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PNG = _png()
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PDF = b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # .doc and .xls share the compound-file header

STYLE = b"""body{margin:0;font:12px/1.8 "Microsoft YaHei",SimSun,sans-serif;color:#333}
.top{background:#f5f5f5;height:30px}.header h1{color:#c00}.nav ul li{display:inline;padding:0 12px}
.list ul li{border-bottom:1px dashed #ccc}.footer{text-align:center;border-top:3px solid #c00}
"""
COMMON_JS = b"""function setHome(o,u){try{o.style.behavior='url(#default#homepage)';o.setHomePage(u);}catch(e){}}
"""
# TRS templates ship this; the page calls createPageHTML(total, current, "index", "html")
PAGENAV_JS = b"""function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var name = function(i){ return i == 0 ? _sPageName + "." + _sPageExt : _sPageName + "_" + i + "." + _sPageExt; };
  if(_nCurrIndex > 0){ document.write("<a href=\\"" + name(0) + "\\">\\u9996\\u9875</a> "); }
  if(_nCurrIndex + 1 < _nPageCount){ document.write("<a href=\\"" + name(_nCurrIndex + 1) + "\\">\\u4e0b\\u4e00\\u9875</a>"); }
}
"""
COMMON = {
    "/css/style.css": STYLE,
    "/js/common.js": COMMON_JS,
    "/js/pagenav.js": PAGENAV_JS,
    "/images/logo.png": PNG,
    "/images/dzjg.png": PNG,
    "/images/ga.png": PNG,
}
BY_SUFFIX = {".jpg": JPEG, ".png": PNG, ".pdf": PDF, ".doc": OLE2, ".xls": OLE2}
ROBOTS = b"User-agent: *\nDisallow: /internal/\n"


def content_type(path: str) -> str:
    dot = path.rfind(".")
    return CONTENT_TYPES.get(path[dot:].lower(), "application/octet-stream") if dot >= 0 else "application/octet-stream"


def file_body(path: str) -> bytes:
    """The bytes of a common asset, or a stand-in of the file's type (an image, a PDF, a form)."""
    if path in COMMON:
        return COMMON[path]
    dot = path.rfind(".")
    return BY_SUFFIX.get(path[dot:].lower(), b"") if dot >= 0 else b""
