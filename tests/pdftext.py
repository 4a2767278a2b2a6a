"""The text a reportlab PDF shows, for tests that read what a document says (no PDF library needed).

Each content stream (ASCII85- and Flate-encoded, as reportlab writes it, or plain) is searched for its
string operands; reportlab writes the standard fonts' text as PDF literal strings in Latin-1 (WinAnsi), with
backslash escapes for brackets, backslashes and octal codes.
"""

from __future__ import annotations

import base64
import contextlib
import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\n?endstream", re.DOTALL)
_STRING = re.compile(rb"\((?:[^()\\]|\\.)*\)", re.DOTALL)
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.DOTALL)
_NAMED = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(match: re.Match[bytes]) -> bytes:
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return _NAMED.get(code, code)


def pdf_text(content: bytes) -> str:
    """Every string the PDF's pages draw, in order, one per line."""
    lines = []
    for raw in _STREAM.findall(content):
        data = raw
        if data.rstrip().endswith(b"~>"):
            data = base64.a85decode(data.strip(), adobe=True)
        with contextlib.suppress(zlib.error):  # a stream that is not compressed
            data = zlib.decompress(data)
        for literal in _STRING.findall(data):
            lines.append(_ESCAPE.sub(_unescape, literal[1:-1]).decode("latin-1"))
    return "\n".join(lines)
