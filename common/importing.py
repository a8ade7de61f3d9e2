"""Spreadsheet imports: templates, parsing, per-cell errors and the marked copy of a file.

One kind of import is an ``ImportSpec``: its columns (Vietnamese header, format,
help text, code list) and two steps that the job runner calls:

- ``check(rows, by=..., errors=...)`` validates every row with the same rules as
  the services and returns a plan; it appends a ``CellError`` for every problem;
- ``apply(plan, by=..., submit=...)`` writes the plan (inside the runner's
  transaction, so a file either imports whole or not at all) and returns counts.

The job runner (jobs/runner.py) stores the file, runs these steps in the
background and keeps the errors for the job page and the API.
"""

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.exports import inert
from common.uploads import content_matches, extension_of

DATA_SHEET = "Dữ liệu"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"
ERROR_HEADER = "Lỗi"
ROW_COLUMN = "(cả dòng)"
TEMPLATE_ROWS = 20_000  # rows covered by the template's drop-down lists
RED = PatternFill("solid", fgColor="F8CBAD")


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, header): nothing to check row by row."""

    def __init__(self, errors: list["CellError"]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


@dataclass(frozen=True)
class Column:
    """One column of an import file."""

    key: str
    header: str
    required: bool = False
    kind: str = "text"  # text, int, date, birth_date, bool, choice, code, codes
    help: str = ""
    choices: tuple = ()  # (value, label): the label is shown, either is accepted
    width: int = 16
    list_name: str = ""  # a code list of the template's "Danh mục" sheet (from ImportSpec.lists)
    digits: int = 0  # a number typed into a numeric cell lost its leading zeros: pad it back to this width

    @property
    def label(self) -> str:
        return str(self.header)

    @property
    def title(self) -> str:
        """The header as written in the template (a star marks a required column)."""
        return f"{self.header} *" if self.required else self.label


@dataclass(frozen=True)
class CellError:
    row: int  # spreadsheet row number (the header is row 1)
    column: str  # column header, or ROW_COLUMN for the whole row
    message: str
    sheet: str = DATA_SHEET

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "message": self.message}


@dataclass
class Row:
    number: int
    values: dict  # column key → converted value (None when blank or unreadable)
    raw: list  # cells as read, for the marked copy


@dataclass
class Table:
    headers: list[str]  # as in the file
    rows: list[Row]
    errors: list[CellError] = field(default_factory=list)


def normalize(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip()


def _header_key(text: str) -> str:
    return normalize(text).rstrip("*").strip().lower()


def _fold_table() -> dict[int, str]:
    """Each accented Latin letter (Vietnamese included) → its base letter, for str.translate."""
    table = {ord("đ"): "d", ord("Đ"): "d"}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if unicodedata.category(c) != "Mn")
        if base and base != chr(code):
            table[code] = base
    for code in range(0x300, 0x370):  # combining marks left by decomposed (NFD) input
        table[code] = None
    return table


FOLD = _fold_table()


def fold(text: str) -> str:
    """Lower-case, accent-free form of a name (as the database's search key): one C-speed translate."""
    return " ".join(text.translate(FOLD).lower().split())


# ------------------------------------------------------------------------------
# Cell conversion
# ------------------------------------------------------------------------------
DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
DATE_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")
YEAR = re.compile(r"^\d{4}$")
TRUE = {"x", "có", "co", "1", "true", "yes", "đúng"}
FALSE = {"", "không", "khong", "0", "false", "no"}


def text_of_cell(value) -> str:
    """A cell as text: integers without ".0", dates as ISO, strings NFC and stripped."""
    if value is None:
        return ""
    if isinstance(value, str) and value.isascii():  # most cells: nothing to normalize
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return normalize(value)


def _date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = text_of_cell(value)
    if match := DATE_DMY.match(text):
        day, month, year = (int(g) for g in match.groups())
    elif match := DATE_ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise ValueError(_("Ngày phải có dạng dd/mm/yyyy."))
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise ValueError(_("Ngày %(text)s không tồn tại.") % {"text": text}) from None


def converter(column: Column):
    """A function turning one cell of ``column`` into its value; it raises ValueError with a Vietnamese message.

    Built once per column and file: an import converts millions of cells.
    """
    kind, digits = column.kind, column.digits

    def text_of(value) -> str:
        text = text_of_cell(value)
        if digits and isinstance(value, int | float) and text.isdigit():
            text = text.zfill(digits)  # Excel shows 012345678901 as the number 12345678901
        return text

    if kind == "date":
        return lambda value: _date(value) if text_of_cell(value) else None
    if kind == "birth_date":  # a bare year means "only the year is known"
        def birth(value):
            text = text_of_cell(value)
            if YEAR.match(text):
                return datetime.date(int(text), 1, 1), True
            return (_date(value), False) if text else None
        return birth
    if kind == "int":
        def integer(value):
            text = text_of(value)
            if not text:
                return None
            plain = THOUSANDS.sub("", text)  # 1.500.000 / 1,500,000 / 1 500 000
            if not plain.isdigit():
                raise ValueError(_("Phải là số nguyên không âm."))
            return int(plain)
        return integer
    if kind == "bool":
        def boolean(value):
            lowered = text_of(value).lower()
            if lowered in TRUE:
                return True
            if lowered in FALSE:
                return False
            raise ValueError(_("Ghi “x” (có) hoặc để trống (không)."))
        return boolean
    if kind == "choice":
        accepted = {}
        for value_, label in column.choices:
            accepted[str(value_).lower()] = value_
            accepted[str(label).lower()] = value_
        message = _("Chọn một trong: %(labels)s.") % {"labels": ", ".join(str(lb) for _v, lb in column.choices)}

        def choice(value):
            text = text_of(value)
            if not text:
                return ""
            try:
                return accepted[text.lower()]
            except KeyError:
                raise ValueError(message) from None
        return choice
    if kind == "code":  # "07210 Phường Bắc Giang" as picked from a list → "07210"
        return lambda value: text_of(value).split(" ", 1)[0]
    if kind == "codes":  # "TC01, TC02; TC05"
        return lambda value: [c for c in re.split(r"[,;\s]+", text_of(value)) if c]
    return text_of


THOUSANDS = re.compile(r"[.,\s](?=\d{3}(\D|$))")


# ------------------------------------------------------------------------------
# Reading a file
# ------------------------------------------------------------------------------
def read_cells(filename: str, content: bytes, sheet_name: str = DATA_SHEET) -> list[list]:
    """Rows of an XLSX (the sheet ``sheet_name``, else the first) or a UTF-8 CSV file, header first."""
    name = filename.lower()
    if name.endswith((".xlsx", ".csv")) and not content_matches(name, content[:512]):
        raise ImportFileError([CellError(1, ROW_COLUMN, _("Nội dung tệp không phải %(ext)s như tên tệp.")
                                         % {"ext": extension_of(name).upper()})])
    if name.endswith(".xlsx"):
        from python_calamine import CalamineWorkbook

        try:
            book = CalamineWorkbook.from_filelike(io.BytesIO(content))
            sheet = book.get_sheet_by_name(sheet_name) if sheet_name in book.sheet_names else \
                book.get_sheet_by_index(0)
            return sheet.to_python(skip_empty_area=True)
        except Exception as exc:  # calamine raises its own error types for unreadable files
            raise ImportFileError([CellError(1, ROW_COLUMN, _("Không đọc được tệp XLSX."))]) from exc
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError([CellError(1, ROW_COLUMN, _("Tệp CSV phải mã hoá UTF-8."))]) from exc
        return list(csv.reader(io.StringIO(text)))
    raise ImportFileError([CellError(1, ROW_COLUMN, _("Chỉ nhận tệp .xlsx hoặc .csv."))])


def parse(spec: "ImportSpec", cells: list[list], max_rows: int | None = None) -> Table:
    """Match the header to the spec's columns and convert every cell; conversion errors are collected."""
    if not cells:
        raise ImportFileError([CellError(1, ROW_COLUMN, _("Tệp không có dữ liệu."))])
    headers = [text_of_cell(h) for h in cells[0]]
    by_header = {}
    for column in spec.columns:
        by_header[_header_key(column.label)] = column
        by_header[column.key.lower()] = column
    positions: list[tuple[int, Column]] = []
    problems = []
    seen = set()
    for index, header in enumerate(headers):
        key = _header_key(header)
        if not key or key == _header_key(ERROR_HEADER):
            continue
        column = by_header.get(key)
        if column is None:
            problems.append(CellError(1, header, _("Cột “%(h)s” không có trong mẫu.") % {"h": header}))
        elif column.key in seen:
            problems.append(CellError(1, header, _("Cột “%(h)s” bị lặp.") % {"h": header}))
        else:
            seen.add(column.key)
            positions.append((index, column))
    for column in spec.columns:
        if column.required and column.key not in seen:
            problems.append(CellError(1, column.label, _("Thiếu cột bắt buộc “%(h)s”.") % {"h": column.label}))
    if problems:
        raise ImportFileError(problems)
    data_rows = cells[1:]
    if max_rows is not None and len(data_rows) > max_rows:
        raise ImportFileError([CellError(1, ROW_COLUMN, _("Tệp có quá %(n)s dòng; hãy chia nhỏ.") % {"n": max_rows})])
    table = Table(headers=headers, rows=[])
    width = len(headers)
    absent_keys = [c.key for c in spec.columns if c.key not in seen]
    converters = [(index, column.key, column.label, column.required, converter(column))
                  for index, column in positions]
    required = _("Bắt buộc phải có.")
    for number, raw in enumerate(data_rows, start=2):
        if len(raw) < width:
            raw = list(raw) + [None] * (width - len(raw))
        if not any(raw) or not any(text_of_cell(v) for v in raw if v):  # a blank row (spaces count as blank)
            continue
        values = dict.fromkeys(absent_keys)
        for index, key, label, is_required, convert in converters:
            cell = raw[index]
            if cell is None or cell == "":
                value = convert("")
            else:
                try:
                    value = convert(cell)
                except ValueError as exc:
                    table.errors.append(CellError(number, label, str(exc)))
                    values[key] = None
                    continue
            if is_required and (value is None or value == "" or value == []):
                table.errors.append(CellError(number, label, required))
            values[key] = value
        table.rows.append(Row(number=number, values=values, raw=raw[:width]))
    if not table.rows:
        raise ImportFileError([CellError(1, ROW_COLUMN, _("Tệp không có dòng dữ liệu nào."))])
    return table


# ------------------------------------------------------------------------------
# The kinds of import
# ------------------------------------------------------------------------------
class ImportSpec:
    """One kind of import; subclasses name their columns and implement ``check`` and ``apply``."""

    kind: str = ""
    title: str = ""
    columns: tuple[Column, ...] = ()
    roles: tuple[str, ...] = ()
    can_submit = False  # records may enter as "submitted" instead of "draft"
    notes: tuple[str, ...] = ()  # extra lines for the help sheet
    field_columns: dict[str, str] = {}  # model field → column key, where the names differ
    counts: dict[str, str] = {}  # the keys of the counts it returns → their labels on the job's page

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def lists(self, by) -> dict[str, list[str]]:
        """Code lists for the template (list name → entries)."""
        return {}

    def check(self, rows: list[Row], *, by, errors: list[CellError], report=None) -> dict:
        """Validate ``rows`` without writing, appending to ``errors``; return the preview counts.

        ``report(done)`` may be called now and then with the number of rows checked (the job's progress).
        """
        _plan, counts = self.plan(rows, by=by, errors=errors)
        return counts

    def import_rows(self, rows: list[Row], *, by, errors: list[CellError], submit: bool, report=None) -> dict:
        """Validate and write ``rows`` (the caller's transaction makes it all or nothing); return counts.
        ``report(done)``: progress, written by the job's lease outside this transaction.

        Raises ImportFileError when a row is refused: the caller rolls back.
        """
        plan, _counts = self.plan(rows, by=by, errors=errors)
        if errors:
            raise ImportFileError(errors)
        return self.write(plan, by=by, submit=submit)

    def plan(self, rows: list[Row], *, by, errors: list[CellError]) -> tuple[object, dict]:
        """Validate ``rows``; return what ``write`` needs and the preview counts."""
        raise NotImplementedError

    def write(self, plan, *, by, submit: bool) -> dict:
        raise NotImplementedError

    def after_import(self, rows: int) -> None:
        """Work after the import's transaction committed (e.g. refresh planner statistics)."""

    # helpers for subclasses ---------------------------------------------------
    def error(self, errors: list[CellError], row: Row, key: str | None, message: str) -> None:
        header = self.column(key).label if key else ROW_COLUMN
        errors.append(CellError(row.number, header, str(message)))

    def errors_from(self, errors: list[CellError], row: Row, exc: Exception, skip_columns=frozenset()) -> None:
        """Turn a service's ValidationError (or PermissionDenied) into cell errors of ``row``; none for the
        columns in ``skip_columns`` (labels: their cells' errors are already reported)."""
        if isinstance(exc, PermissionDenied):
            self.error(errors, row, self.scope_column, str(exc))
            return
        keys = {c.key for c in self.columns}
        detail = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        for name, messages in detail.items():
            key = self.field_columns.get(name, name)
            key = key if key in keys else None
            if key is not None and self.column(key).label in skip_columns:
                continue
            for message in messages:
                self.error(errors, row, key, message)

    scope_column: str | None = None  # the column blamed when a row lies outside the user's area


class _Rollback(Exception):
    pass


class ServiceImport(ImportSpec):
    """An import that saves each row through the normal services (profiles, reviews, statistics).

    ``check`` runs the very same code as ``import_rows`` inside a transaction that is rolled
    back, each row in its own savepoint: what the preview reports is exactly what the
    import would refuse. Meant for files of up to some thousands of rows.
    """

    def save_row(self, row: Row, *, by, submit: bool, state: dict):
        raise NotImplementedError

    def _run(self, rows, *, by, submit, errors):
        state: dict = {"counts": {}}
        unreadable = {e.row for e in errors}
        for row in rows:
            if row.number in unreadable:
                continue
            try:
                with transaction.atomic():
                    self.save_row(row, by=by, submit=submit, state=state)
            except (ValidationError, PermissionDenied) as exc:
                self.errors_from(errors, row, exc)
        return state["counts"]

    def check(self, rows, *, by, errors, report=None):
        counts = {}
        try:
            with transaction.atomic():
                counts = self._run(rows, by=by, submit=False, errors=errors)
                raise _Rollback
        except _Rollback:
            pass
        return counts

    def import_rows(self, rows, *, by, errors, submit, report=None):
        counts = self._run(rows, by=by, submit=submit, errors=errors)
        if errors:  # the records changed since the check: the runner rolls everything back
            raise ImportFileError(errors)
        return counts


def count(state: dict, key: str, n: int = 1) -> None:
    state["counts"][key] = state["counts"].get(key, 0) + n


# ------------------------------------------------------------------------------
# Workbooks: the template and the marked copy
# ------------------------------------------------------------------------------
def _bold(sheet, values: Iterable) -> list:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def template_workbook(spec: ImportSpec, by) -> bytes:
    """The empty template: header row, drop-down lists for codes, a help sheet and the code lists."""
    book = Workbook()
    data = book.active
    data.title = DATA_SHEET
    lists = spec.lists(by)
    catalog = book.create_sheet(LISTS_SHEET)
    list_ranges = {}
    for position, (name, entries) in enumerate(lists.items(), start=1):
        letter = get_column_letter(position)
        catalog.cell(row=1, column=position, value=name).font = Font(bold=True)
        for offset, entry in enumerate(entries, start=2):
            catalog.cell(row=offset, column=position, value=entry)
        catalog.column_dimensions[letter].width = 45
        list_ranges[name] = f"'{LISTS_SHEET}'!${letter}$2:${letter}${max(len(entries), 1) + 1}"
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.title)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.help:
            cell.comment = Comment(str(column.help), "Hệ thống")
        data.column_dimensions[letter].width = column.width
        formula = None
        if column.list_name in list_ranges:
            formula = list_ranges[column.list_name]
        elif column.choices:
            formula = '"' + ",".join(str(label) for _v, label in column.choices) + '"'
        elif column.kind == "bool":
            formula = '"x"'
        if formula and column.kind != "codes":  # several codes in one cell: the list is only shown
            check = DataValidation(type="list", formula1=formula, allow_blank=not column.required,
                                   showErrorMessage=column.kind != "code")
            check.error = _("Chọn một giá trị trong danh sách.")
            check.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            data.add_data_validation(check)
        if column.kind in ("text", "code", "codes"):  # keep leading zeros of codes and ID numbers typed in
            data.column_dimensions[letter].number_format = "@"
    data.freeze_panes = "A2"
    help_sheet = book.create_sheet(HELP_SHEET, 1)
    help_sheet.append([str(spec.title)])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.append([_("Điền dữ liệu vào trang “%(s)s”, mỗi dòng một bản ghi, không đổi tên cột. Cột có dấu * "
                         "là bắt buộc. Ngày ghi dd/mm/yyyy. Tệp có một dòng lỗi thì không dòng nào được nhập: "
                         "hệ thống trả lại bản sao có đánh dấu ô lỗi để sửa rồi tải lên lại.") % {"s": DATA_SHEET}])
    for note in spec.notes:
        help_sheet.append([str(note)])
    help_sheet.append([])
    help_sheet.append([_("Cột"), _("Bắt buộc"), _("Định dạng"), _("Giải thích")])
    for cell in help_sheet[help_sheet.max_row]:
        cell.font = Font(bold=True)
    formats = {"text": _("chữ"), "int": _("số nguyên"), "date": "dd/mm/yyyy",
               "birth_date": _("dd/mm/yyyy, hoặc chỉ năm (yyyy)"), "bool": _("“x” = có"),
               "choice": _("chọn trong danh sách"), "code": _("mã, chọn trong danh sách"),
               "codes": _("các mã, cách nhau bởi dấu phẩy")}
    for column in spec.columns:
        help_sheet.append([column.label, _("có") if column.required else "", formats.get(column.kind, ""),
                           str(column.help)])
    for letter, width in zip("ABCD", (32, 10, 26, 90), strict=True):
        help_sheet.column_dimensions[letter].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def marked_copy(spec: ImportSpec, table: Table, errors: list[CellError]) -> bytes:
    """The uploaded rows with every bad cell filled red, a "Lỗi" column and a list of all errors."""
    by_row: dict[int, list[CellError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    book = Workbook(write_only=True)
    data = book.create_sheet(DATA_SHEET)
    data.append(_bold(data, [*table.headers, ERROR_HEADER]))
    header_errors = by_row.get(1, [])
    if header_errors:
        data.append([*([None] * len(table.headers)), "; ".join(e.message for e in header_errors)])
    column_index = {_header_key(h): i for i, h in enumerate(table.headers)}
    for row in table.rows:
        problems = by_row.get(row.number)
        if not problems:
            data.append([_excel_value(v) for v in row.raw])
            continue
        bad = {column_index.get(_header_key(e.column)) for e in problems}
        cells = []
        for index, value in enumerate(row.raw):
            cell = WriteOnlyCell(data, value=_excel_value(value))
            if index in bad:
                cell.fill = RED
            cells.append(cell)
        note = WriteOnlyCell(data, value="; ".join(f"{e.column}: {e.message}" for e in problems))
        note.font = Font(color="C00000")
        data.append([*cells, note])
    listing = book.create_sheet(_("Danh sách lỗi"))
    listing.append(_bold(listing, [_("Trang"), _("Dòng"), _("Cột"), _("Lỗi")]))
    for error in sorted(errors, key=lambda e: e.row):
        listing.append([error.sheet, error.row, error.column, error.message])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _excel_value(value):
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date()
    return inert(value)  # the uploaded text goes back to the user: never as a live formula


def rows_as_template(columns: tuple[Column, ...], records: Iterable[dict]) -> Iterable[list]:
    """Rows for an export in a template's layout (so it can be imported back)."""
    for record in records:
        yield [_export_value(column, record.get(column.key)) for column in columns]


def _export_value(column: Column, value):
    if value is None:
        return ""
    if column.kind == "choice":
        return str(dict(column.choices).get(value, value))
    if column.kind == "bool":
        return "x" if value else ""
    if column.kind == "codes":
        return ", ".join(value)
    return value

