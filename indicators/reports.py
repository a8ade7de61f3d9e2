"""The plan's indicator table as PDF (official layout) and Excel (one sheet per indicator, by commune)."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from reportlab.lib.units import mm

from accounts.models import Agency
from areas.models import Area
from common.exports import inert_row
from common.numbers import money
from common.pdf import grid_table, landscape_report, paragraph
from indicators.selectors import figures, figures_with_communes, target_gap

SHORT = {"noi_vu": "Sở Nội vụ", "y_te": "Sở Y tế", "nn_mt": "Sở NN&MT"}  # the owner column of the PDF table


def _fmt(value, unit) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        text = f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    else:
        text = money(int(value))
    return text + ("%" if unit == "percent" else "")


def indicators_pdf(area: Area, day: datetime.date, agency: str | None = None) -> bytes:
    def body(s):
        def P(text, style="base"):
            return paragraph(text, s[style])

        rows = [[P(f"<b>{h}</b>", "center") for h in ("STT", "Chỉ tiêu", "Sở chủ trì", "Tử số", "Mẫu số", "Kết quả",
                                                      "Mục tiêu", "Còn thiếu*")]]
        for number, f in enumerate(figures(area, day, agency), 1):
            unit = f.indicator.unit
            target = f"{_fmt(f.indicator.target_value, unit)}" + (f" ({f.indicator.target_year})"
                                                                  if f.indicator.target_year else "")
            rows.append([P(str(number), "center"), P(f.indicator.name),
                         P(SHORT.get(f.indicator.agency, "Chung")),
                         P(money(f.numerator), "right"),
                         P(money(f.denominator) if f.denominator is not None else "—", "right"),
                         P(f"<b>{_fmt(f.value, unit)}</b>", "right"),
                         P(target if f.indicator.target_value is not None else "theo dõi", "right"),
                         P(_fmt(f.gap, unit) if f.gap is not None else "—", "right")])
        return [grid_table(rows, [12 * mm, 100 * mm, 24 * mm, 20 * mm, 20 * mm, 22 * mm, 26 * mm, 23 * mm])]

    owner = f" — {Agency(agency).label}" if agency else ""
    return landscape_report(
        area=area, title=f"Chỉ tiêu kế hoạch — {area.name} — {day:%d/%m/%Y}", body=body,
        **({"issuer": Agency(agency).label} if agency else {}),
        heading="BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH",
        subtitle=f"Địa bàn: {area.name}{owner} — số liệu đến ngày {day:%d/%m/%Y}",
        note="Số liệu được tính trực tiếp từ hồ sơ trong hệ thống tại ngày báo cáo; mỗi số liệu có danh sách "
             "hồ sơ đứng sau nó trên trang Tổng quan. (*) Còn thiếu: khoảng cách đến mục tiêu theo hướng của chỉ "
             "tiêu; với chỉ tiêu càng thấp càng tốt (tỷ lệ hộ nghèo) là phần còn phải giảm; 0 hoặc âm: đã đạt.")


SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
PERCENT, COUNT = "0.00%", "#,##0"  # Excel shows them in the reader's own separators (37,50 % in Vietnamese)


def _sheet_name(name: str, taken: set[str]) -> str:
    """An indicator's name as a sheet name: at most 31 characters, none of []:*?/\\, unique in the book."""
    base = " ".join(name.translate(SHEET_FORBIDDEN).split())
    if len(base) > 31:  # cut at a word, not inside one
        base = base[:32].rsplit(" ", 1)[0] if " " in base[:32] else base[:31]
    candidate, n = base, 2
    while candidate.lower() in taken:
        suffix = f" ({n})"
        candidate, n = base[:31 - len(suffix)].strip() + suffix, n + 1
    taken.add(candidate.lower())
    return candidate


def _table(sheet, title: str, header: list[str], widths: list[int]) -> None:
    sheet.append(inert_row([title]))
    sheet["A1"].font = Font(bold=True, size=12)
    sheet.append(inert_row(header))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for column, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A3"


def _figures_cells(sheet, row: int, first: int, unit: str, numerator, denominator, value, gap) -> None:
    """Numerator, denominator, result and gap from column ``first`` of ``row``, with number formats: a rate as a
    percentage of 1 (so Excel writes 37,50 %), a count with thousands separators."""
    as_fraction = (lambda v: None if v is None else float(v) / 100) if unit == "percent" else \
        (lambda v: None if v is None else float(v))
    values = (numerator, denominator, as_fraction(value), as_fraction(gap))
    formats = (COUNT, COUNT, PERCENT if unit == "percent" else COUNT, PERCENT if unit == "percent" else COUNT)
    for offset, (v, fmt) in enumerate(zip(values, formats, strict=True)):
        cell = sheet.cell(row=row, column=first + offset, value=v)
        cell.number_format = fmt


def indicators_xlsx(area: Area, day: datetime.date, agency: str | None = None) -> bytes:
    """A summary sheet, then one sheet per indicator by commune, named by the indicator; each with the gap to the
    target in the target's direction ("Còn thiếu": short of a rate that should rise, above one that should fall)."""
    book = Workbook()
    summary = book.active
    taken = {"tổng hợp"}
    summary.title = "Tổng hợp"
    owner = f" — {Agency(agency).label}" if agency else ""
    _table(summary, f"Chỉ tiêu kế hoạch — {area.name}{owner} — số liệu đến ngày {day:%d/%m/%Y}",
           ["Chỉ tiêu", "Sở chủ trì", "Tử số", "Mẫu số", "Kết quả", "Còn thiếu so với mục tiêu", "Mục tiêu",
            "Năm đạt", "Hướng", "Mã"], [60, 16, 12, 12, 12, 14, 12, 9, 16, 22])
    computed = figures_with_communes(area, day, agency)
    for f, _ in computed:
        unit = f.indicator.unit
        agency_label = f.indicator.get_agency_display() if f.indicator.agency else "Chung"
        summary.append(inert_row([f.indicator.name, agency_label]))
        row = summary.max_row
        _figures_cells(summary, row, 3, unit, f.numerator, f.denominator, f.value, f.gap)
        target = summary.cell(row=row, column=7, value=None if f.indicator.target_value is None else (
            float(f.indicator.target_value) / 100 if unit == "percent" else float(f.indicator.target_value)))
        target.number_format = PERCENT if unit == "percent" else COUNT
        summary.cell(row=row, column=8, value=f.indicator.target_year)
        summary.cell(row=row, column=9, value="càng cao càng tốt" if f.indicator.higher_is_better
                     else "càng thấp càng tốt")
        summary.cell(row=row, column=10, value=f.code)
        summary.cell(row=row, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    for f, communes in computed:
        sheet = book.create_sheet(_sheet_name(f.indicator.name, taken))
        _table(sheet, f.indicator.name, ["Mã xã", "Xã/phường", "Tử số", "Mẫu số", "Kết quả",
                                         "Còn thiếu so với mục tiêu"], [9, 32, 12, 12, 12, 14])
        for commune in communes:
            sheet.append(inert_row([commune["area"], commune["name"]]))
            _figures_cells(sheet, sheet.max_row, 3, f.indicator.unit, commune["numerator"], commune["denominator"],
                           commune["value"], target_gap(f.indicator, commune["value"]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
