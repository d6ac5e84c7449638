"""Minimal PDFs built in memory, written by hand as real producers write them: a text layer in
Helvetica, or in a CID font with a ToUnicode map (how Word and WPS write Chinese), one
content stream per page, Flate-compressed; an encrypted copy made with pypdf."""

from __future__ import annotations

import io
import zlib

from pypdf import PdfReader, PdfWriter


def pdf(pages: list[list[str]], *, cjk: bool = False, compress: bool = True) -> bytes:
    """One page per list of lines. `cjk`: every character drawn through a Type0 font whose
    ToUnicode map gives it back (what a Chinese PDF does); else Helvetica, ASCII only."""
    chars = sorted({c for lines in pages for line in lines for c in line}) if cjk else []
    font = len(pages) * 2 + 3  # after the catalog, the page tree, and each page and its content
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    for index, lines in enumerate(pages):
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {4 + 2 * index} 0 R "
                       f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode())
        shown = " ".join((_cid_string(line, chars) if cjk else _literal(line)) + " '" for line in lines)
        objects.append(stream(f"BT /F1 11 Tf 50 800 Td 14 TL {shown} ET".encode(), compress))
    if cjk:
        objects.append(f"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
                       f"/DescendantFonts [{font + 1} 0 R] /ToUnicode {font + 2} 0 R >>".encode())
        objects.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /DW 1000 "
                       b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")
        objects.append(stream(_to_unicode(chars), compress))
    else:
        objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return assemble(objects)


def image_only() -> bytes:
    """A scanned page: one grey picture, no text drawn."""
    picture = stream(bytes(range(64)) * 4, False).replace(
        b"<< /Length", b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Length", 1)
    return assemble([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /XObject << /Im0 5 0 R >> >> >>",
        stream(b"q 595 0 0 842 0 0 cm /Im0 Do Q", True),
        picture,
    ])


def encrypted(data: bytes, user_password: str = "", owner_password: str = "owner") -> bytes:
    """The same PDF encrypted (RC4-128, no extra package needed); an empty user password is a
    file that opens without one, only its permissions restricted."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password, owner_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def assemble(objects: list[bytes]) -> bytes:
    """A PDF file of these objects (numbered from 1, the first the catalog) with a right xref."""
    out, offsets = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def stream(data: bytes, compress: bool) -> bytes:
    body = zlib.compress(data) if compress else data
    flate = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), flate, body)


def _literal(line: str) -> str:
    return "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def _cid_string(line: str, chars: list[str]) -> str:
    return "<" + "".join(f"{chars.index(c) + 1:04X}" for c in line) + ">"


def _to_unicode(chars: list[str]) -> bytes:
    groups = [chars[i:i + 100] for i in range(0, len(chars), 100)]  # at most 100 a block
    blocks = "".join(
        f"{len(group)} beginbfchar\n"
        + "".join(f"<{start + i + 1:04X}> <{ord(c):04X}>\n" for i, c in enumerate(group))
        + "endbfchar\n"
        for start, group in zip(range(0, len(chars), 100), groups, strict=True))
    return ("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
            "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
            f"{blocks}endcmap\nCMapName currentdict /CIDInit /ResourceCategory defineresource pop\nend\nend\n").encode()
