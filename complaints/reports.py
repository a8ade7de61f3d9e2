"""The monthly complaints report: received / resolved / closed otherwise / overdue by commune and kind."""

import datetime
import io

from django.http import HttpResponse
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from areas.models import Area
from common.exports import XLSX, xlsx_bytes
from common.pdf import official_header, paragraph, province_of, signatures, styles
from complaints.selectors import ReportRow, monthly_report

COLUMNS = ["Xã/phường", "Loại đơn", "Tiếp nhận trong tháng", "Giải quyết xong", "Không thụ lý / chuyển đi",
           "Quá hạn cuối tháng"]


def totals(rows: list[ReportRow]) -> list[int]:
    return [sum(r.received for r in rows), sum(r.resolved for r in rows), sum(r.closed_other for r in rows),
            sum(r.overdue for r in rows)]


def report_xlsx(rows: list[ReportRow], area: Area, month: datetime.date) -> bytes:
    body = [[r.area.name, r.kind_label, r.received, r.resolved, r.closed_other, r.overdue] for r in rows]
    body.append(["Tổng cộng", "", *totals(rows)])
    return xlsx_bytes(f"KN {month:%m-%Y}", COLUMNS, body)


def report_pdf(rows: list[ReportRow], area: Area, month: datetime.date) -> bytes:
    s = styles(9.5)
    province = province_of(area)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=f"Bao cao don thu {month:%m-%Y}")

    def P(text, style="base"):
        return paragraph(text, s[style])

    story = [official_header(province, "Sở Y tế – Sở Nội vụ", (100 * mm, 160 * mm), s), Spacer(1, 6 * mm),
             P("BÁO CÁO TIẾP NHẬN, GIẢI QUYẾT ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ VỀ CHÍNH SÁCH AN SINH", "title"),
             P(f"Địa bàn: {area.name} — tháng {month:%m/%Y}", "center_b"), Spacer(1, 4 * mm)]
    table_rows = [[P(f"<b>{h}</b>", "center") for h in ["STT", *COLUMNS]]]
    for number, r in enumerate(rows, 1):
        table_rows.append([P(str(number), "center"), P(r.area.name), P(r.kind_label),
                           *(P(str(v), "right") for v in (r.received, r.resolved, r.closed_other, r.overdue))])
    table_rows.append([P(""), P("<b>Tổng cộng</b>"), P(""), *(P(f"<b>{v}</b>", "right") for v in totals(rows))])
    table = Table(table_rows, repeatRows=1,
                  colWidths=[12 * mm, 70 * mm, 40 * mm, 32 * mm, 32 * mm, 36 * mm, 32 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.black),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                               ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    story += [table, Spacer(1, 3 * mm),
              P("Tiếp nhận: đơn nhận trong tháng. Giải quyết xong, không thụ lý / chuyển đi: đơn kết thúc trong "
                "tháng. Quá hạn: đến ngày cuối tháng chưa kết thúc và đã qua hạn giải quyết."),
              Spacer(1, 8 * mm),
              signatures(province, s, 260 * mm)]
    doc.build(story)
    return out.getvalue()


def report_download(area: Area, month: datetime.date, fmt: str) -> HttpResponse:
    """The monthly report of ``area`` (already checked in scope) as a PDF or XLSX download."""
    rows = monthly_report(area=area, month=month)
    if fmt == "pdf":
        response = HttpResponse(report_pdf(rows, area, month), content_type="application/pdf")
    else:
        response = HttpResponse(report_xlsx(rows, area, month), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao_cao_don_thu_{month:%Y_%m}.{fmt}"'
    return response
