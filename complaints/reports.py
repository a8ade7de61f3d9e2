"""The monthly complaints report: received / resolved / closed otherwise / overdue by commune and kind."""

import datetime

from django.http import HttpResponse
from reportlab.lib.units import mm

from areas.models import Area
from common.exports import XLSX, xlsx_bytes
from common.pdf import grid_table, landscape_report, paragraph
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
    def body(s):
        def P(text, style="base"):
            return paragraph(text, s[style])

        table = [[P(f"<b>{h}</b>", "center") for h in ["STT", *COLUMNS]]]
        for number, r in enumerate(rows, 1):
            table.append([P(str(number), "center"), P(r.area.name), P(r.kind_label),
                          *(P(str(v), "right") for v in (r.received, r.resolved, r.closed_other, r.overdue))])
        table.append([P(""), P("<b>Tổng cộng</b>"), P(""), *(P(f"<b>{v}</b>", "right") for v in totals(rows))])
        return [grid_table(table, [12 * mm, 70 * mm, 40 * mm, 32 * mm, 32 * mm, 36 * mm, 32 * mm])]

    return landscape_report(
        area=area, title=f"Bao cao don thu {month:%m-%Y}", body=body,
        heading="BÁO CÁO TIẾP NHẬN, GIẢI QUYẾT ĐƠN KHIẾU NẠI, TỐ CÁO, KIẾN NGHỊ VỀ CHÍNH SÁCH AN SINH",
        subtitle=f"Địa bàn: {area.name} — tháng {month:%m/%Y}",
        note="Tiếp nhận: đơn nhận trong tháng. Giải quyết xong, không thụ lý / chuyển đi: đơn kết thúc trong "
             "tháng. Quá hạn: đến ngày cuối tháng chưa kết thúc và đã qua hạn giải quyết.")


def report_download(area: Area, month: datetime.date, fmt: str) -> HttpResponse:
    """The monthly report of ``area`` (already checked in scope) as a PDF or XLSX download."""
    rows = monthly_report(area=area, month=month)
    if fmt == "pdf":
        response = HttpResponse(report_pdf(rows, area, month), content_type="application/pdf")
    else:
        response = HttpResponse(report_xlsx(rows, area, month), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao_cao_don_thu_{month:%Y_%m}.{fmt}"'
    return response
