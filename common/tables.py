"""Reading uploaded tables: CSV (UTF-8) or XLSX (python-calamine), as rows of strings."""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def read_table(filename: str, content: bytes) -> list[list[str]]:
    """Rows of a CSV (UTF-8) or XLSX file as strings, header first."""
    if filename.lower().endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0)
        except Exception as exc:  # calamine raises its own error types for unreadable files
            raise ValidationError({"file": [_("Không đọc được tệp XLSX.")]}) from exc
        return [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=True)]
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError({"file": [_("Tệp CSV phải mã hoá UTF-8.")]}) from exc
    return list(csv.reader(io.StringIO(text)))


def _cell(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return "" if value is None else str(value).strip()
