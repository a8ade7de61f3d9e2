"""The plan's indicator table as PDF (official layout) and Excel (one sheet per indicator, by commune)."""

import datetime
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.units import mm

from accounts.models import Agency
from areas.models import Area
from common.exports import inert_row
from common.numbers import money
from common.pdf import grid_table, landscape_report, paragraph
from indicators.selectors import figures, figures_with_communes

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
                                                      "Mục tiêu", "Còn thiếu")]]
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
        area=area, title=f"Chi tieu ke hoach {area.code} {day}", body=body,
        **({"issuer": Agency(agency).label} if agency else {}),
        heading="BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU KẾ HOẠCH",
        subtitle=f"Địa bàn: {area.name}{owner} — số liệu đến ngày {day:%d/%m/%Y}",
        note="Số liệu được tính trực tiếp từ hồ sơ trong hệ thống tại ngày báo cáo; mỗi số liệu có danh sách "
             "hồ sơ đứng sau nó trên trang Tổng quan.")


def indicators_xlsx(area: Area, day: datetime.date, agency: str | None = None) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = "Tong hop"
    owner = f" — {Agency(agency).label}" if agency else ""
    summary.append(inert_row([f"Chỉ tiêu kế hoạch — {area.name}{owner} — đến ngày {day:%d/%m/%Y}"]))
    summary.append(inert_row(["Mã", "Chỉ tiêu", "Sở chủ trì", "Tử số", "Mẫu số", "Kết quả", "Mục tiêu"]))
    for cell in summary[2]:
        cell.font = Font(bold=True)
    computed = figures_with_communes(area, day, agency)
    for f, _ in computed:
        agency_label = f.indicator.get_agency_display() if f.indicator.agency else "Chung"
        summary.append(inert_row([f.code, f.indicator.name, agency_label, f.numerator, f.denominator,
                                  float(f.value) if f.value is not None else None,
                                  float(f.indicator.target_value) if f.indicator.target_value is not None else None]))
    for f, communes in computed:
        sheet = book.create_sheet(f.code[:31])
        sheet.append(inert_row([f.indicator.name]))
        sheet.append(inert_row(["Mã xã", "Xã/phường", "Tử số", "Mẫu số", "Kết quả"]))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in communes:
            sheet.append(inert_row([row["area"], row["name"], row["numerator"], row["denominator"],
                                    float(row["value"]) if row["value"] is not None else None]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
