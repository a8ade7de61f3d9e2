"""Excel export of a list page, with the page's current filters (write-only openpyxl: flat memory)."""

import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts.readlog import EXPORT, record_read

MAX_ROWS = 1_000_000  # the most rows of one sheet (Excel's limit is 1,048,576)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A spreadsheet runs a cell that starts with one of these as a formula (CSV/formula injection, OWASP).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """A cell value no spreadsheet will run: text starting with a formula trigger is written with a leading
    apostrophe (the established convention), so ``=HYPERLINK(…)`` typed as a name stays text. Every CSV and XLSX
    writer of the project passes its cells through here."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def inert_row(values: Iterable) -> list:
    return [inert(v) for v in values]


def wants_export(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


EXCEL_DATE_FORMATS = {datetime.datetime: "dd/mm/yyyy hh:mm", datetime.date: "dd/mm/yyyy"}


def _cell(sheet, value):
    """A value as written on paper in Vietnam: dates dd/mm/yyyy (Excel's own date type, so they sort)."""
    value = inert(_plain(value))
    fmt = EXCEL_DATE_FORMATS.get(type(value))
    if fmt is None:
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = fmt
    return cell


def xlsx_bytes(name: str, header: list[str], rows: Iterable[Iterable], report=None, counted: list | None = None) \
        -> bytes:
    """An .xlsx file: one sheet, a bold header row, then ``rows`` (at most MAX_ROWS).

    ``report(done)`` is called every 5,000 rows (a background export's progress); ``counted`` receives the
    number of rows written.
    """
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    for column, title in enumerate(header, 1):  # wide enough for its heading (a write-only sheet: set first)
        sheet.column_dimensions[get_column_letter(column)].width = min(max(len(str(title)) + 4, 12), 50)
    bold = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=inert(title))
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    written = 0
    for row in rows:
        if written >= MAX_ROWS:
            break
        if report is not None and written and written % 5000 == 0:
            report(written)
        sheet.append([_cell(sheet, v) for v in row])
        written += 1
    if counted is not None:
        counted.append(written)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(request, name: str, header: list[str], rows: Iterable[Iterable], sheet: str | None = None) \
        -> HttpResponse:
    """An .xlsx download named ``name``_<time>.xlsx (see ``xlsx_bytes``), recorded in the read log with the
    page's filters and the number of rows."""
    counted: list[int] = []
    content = xlsx_bytes(sheet or name, header, rows, counted=counted)
    record_read(request, EXPORT, name[:100], rows=counted[0] if counted else None)
    return xlsx_download(name, content)


def xlsx_download(name: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    stamp = timezone.localtime().strftime("%Y%m%d_%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}_{stamp}.xlsx"'
    return response
