"""decode(body, header_charset): the page's text, where the bytes win over a wrong label.

Chinese portals declare GB2312 while sending GBK or GB18030 characters, declare UTF-8 while sending GBK,
or the reverse. Valid multi-byte UTF-8 almost never occurs by chance in GB text, so strict UTF-8 is
tried first; GB2312 and GBK labels decode as GB18030, their superset.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_\-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
}


def declared_charset(body: bytes, header_charset: str | None) -> str | None:
    """The charset the page claims: the HTTP header's, else the first <meta> charset."""
    if header_charset:
        return header_charset.strip().lower()
    match = _META_CHARSET.search(body[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def _canonical(name: str) -> str | None:
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(body: bytes, header_charset: str | None = None) -> tuple[str, str]:
    """Return (text, encoding actually used)."""
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body.decode(encoding, errors="replace"), encoding.replace("-sig", "")
    if not body.isascii():
        text = _strict(body, "utf-8")
        if text is not None:
            return text, "utf-8"
    declared = declared_charset(body, header_charset)
    candidates = [c for c in (_canonical(declared) if declared else None, "gb18030") if c and c != "utf-8"]
    for encoding in candidates:
        text = _strict(body, encoding)
        if text is not None:
            return text, encoding
    best = charset_normalizer.from_bytes(body[:65536]).best()
    encoding = best.encoding if best else "utf-8"
    return body.decode(encoding, errors="replace"), encoding
