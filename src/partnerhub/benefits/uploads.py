"""Uploaded supporting documents (§10.2): PDF, PNG, JPEG or CSV, recognised by their content, not only by
their name, and no larger than `settings.MAX_UPLOAD_BYTES` (5 MB by default).

`upload_problems` answers what is wrong with an upload (empty when it is acceptable); the API turns that
into a 400 naming the field. `sniff_upload` tells the content type from the bytes themselves.
"""

from __future__ import annotations

import csv
import io
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
CSV = "text/csv"

EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg"), CSV: (".csv",)}
_SIGNATURES = ((b"%PDF-", PDF), (b"\x89PNG\r\n\x1a\n", PNG), (b"\xff\xd8\xff", JPEG))


def _read_all(upload: UploadedFile) -> bytes:
    upload.seek(0)
    data: bytes = upload.read()
    upload.seek(0)
    return data


def _is_csv(data: bytes) -> bool:
    """Text in UTF-8 without control characters and not markup (HTML, XML, SVG), which the csv module reads
    into rows of one width, separated by commas, semicolons or tabs."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    if not text.strip() or text.lstrip().startswith("<"):
        return False
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return False
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = [row for row in csv.reader(io.StringIO(text, newline=""), dialect) if row]
    except csv.Error:
        return False
    return bool(rows) and len({len(row) for row in rows}) == 1


def sniff_upload(upload: UploadedFile) -> str | None:
    """The content type the bytes show (PDF, PNG, JPEG by their signature; CSV by parsing), or None."""
    data = _read_all(upload)
    for signature, content_type in _SIGNATURES:
        if data.startswith(signature):
            return content_type
    return CSV if _is_csv(data) else None


def upload_problems(upload: UploadedFile) -> list[str]:
    """What makes `upload` unacceptable: its size, its content, or a name that does not match its content."""
    limit = settings.MAX_UPLOAD_BYTES
    size = upload.size or 0
    if size > limit:
        return [f"The file is {size} bytes; the limit is {limit} bytes ({limit / 1024 / 1024:g} MB)."]
    if size == 0:
        return ["The file is empty."]
    content_type = sniff_upload(upload)
    allowed = "PDF, PNG, JPEG or CSV"
    if content_type is None:
        return [f"The content is not a {allowed} document."]
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in EXTENSIONS[content_type]:
        expected = " or ".join(EXTENSIONS[content_type])
        ending = repr(suffix) if suffix else "nothing"
        return [f"The content is {content_type} but the name ends in {ending}; expected {expected}."]
    return []
