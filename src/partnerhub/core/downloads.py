"""File downloads: CSV that spreadsheets open as they are, and never as formulas.

Every CSV Partnerhub writes goes through `write_csv`: `csv_response` answers one inside a request, a job's file is
written by `core.background.write_csv_file` and handed out by `stored_csv_response`, both with the same headers; a
test refuses any other CSV writer in `src/`. A cell holds what partners and managers typed (a customer's name, a
deal title, a rejection reason), and a spreadsheet reads a cell beginning with `=`, `+`, `-` or `@` (or a tab or
carriage return before them) as a formula that can compute, fetch a URL or run a command when the file is opened.
Such a text is written with a leading apostrophe, which spreadsheets show as text and which a reader of the file
sees for what it is.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet evaluate a cell (OWASP's list for CSV injection)."""


def neutralised(value: Any) -> Any:
    """The cell to write for `value`: empty for None, numbers and dates as they are (a negative amount stays a number
    a spreadsheet can add up; none of them can spell a formula), any other value as text with a leading apostrophe
    when it begins with one of `FORMULA_LEADS`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | Decimal | float | dt.date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def write_csv(stream: TextIO, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Write the header row, then `rows`, to `stream`, every cell neutralised."""
    writer = csv.writer(stream)
    writer.writerow([neutralised(name) for name in header])
    writer.writerows([neutralised(value) for value in row] for row in rows)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV of `header` and `rows` as one string (see `write_csv`)."""
    buffer = io.StringIO()
    write_csv(buffer, header, rows)
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    """A `text/csv` attachment named `filename`: the header row, then `rows`, every cell neutralised."""
    response = HttpResponse(csv_text(header, rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def stored_csv_response(path: str, filename: str) -> FileResponse:
    """The CSV file a job wrote at `path` in the private storage, as an attachment named `filename`, streamed from
    the storage with the same type and disposition as `csv_response`."""
    return FileResponse(
        default_storage.open(path, "rb"), as_attachment=True, filename=filename, content_type=CSV_CONTENT_TYPE
    )
