"""Excel export of a list page, with the page's current filters (write-only openpyxl: flat memory)."""

import datetime
import io
from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

MAX_ROWS = 200_000  # beyond this an export is a background job (see the import/export issue)


def wants_export(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    return value


def xlsx_response(name: str, header: list[str], rows: Iterable[Iterable]) -> HttpResponse:
    """An .xlsx download: one sheet, a bold header row, then ``rows`` (at most MAX_ROWS)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31])
    bold = []
    for title in header:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for count, row in enumerate(rows):
        if count >= MAX_ROWS:
            break
        sheet.append([_plain(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime().strftime("%Y%m%d_%H%M")
    response["Content-Disposition"] = f'attachment; filename="{name}_{stamp}.xlsx"'
    return response
