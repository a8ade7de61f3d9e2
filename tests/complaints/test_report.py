"""The monthly report's counts on hand-built complaints (statuses and dates set directly, as history would)."""

import datetime

import pypdfium2 as pdfium
import pytest

from complaints.models import Complaint, DeadlineRule
from complaints.reports import report_pdf
from complaints.selectors import monthly_report

D = datetime.date
pytestmark = pytest.mark.django_db


def complaint(area, kind, received_on, due_on, status="received", closed_on=None, by=None):
    return Complaint.objects.create(
        area=area, kind=kind, channel="letter", received_on=received_on, due_on=due_on, status=status,
        closed_on=closed_on, resolution="Đã trả lời" if status == "resolved" else "", complainant_name="X",
        content="x", deadline_rule=DeadlineRule.objects.filter(kind=kind).first(), received_by=by)


@pytest.fixture
def october(tree, officer_a):
    bg, tyt = tree["bac_giang"], tree["tay_yen_tu"]
    # Bắc Giang, complaints
    complaint(bg, "complaint", D(2026, 10, 1), D(2026, 10, 31), "resolved", D(2026, 10, 20), officer_a)  # in, solved
    complaint(bg, "complaint", D(2026, 10, 5), D(2026, 11, 4), "in_progress", None, officer_a)  # in, not due yet
    complaint(bg, "complaint", D(2026, 9, 1), D(2026, 10, 1), "in_progress", None, officer_a)  # overdue at 31/10
    complaint(bg, "complaint", D(2026, 9, 2), D(2026, 10, 2), "resolved", D(2026, 11, 3), officer_a)  # overdue
    # at 31/10 (closed only in November), and not counted as resolved in October
    complaint(bg, "complaint", D(2026, 11, 1), D(2026, 12, 1), "received", None, officer_a)  # November: nothing
    # Bắc Giang, denunciation rejected in October
    complaint(bg, "denunciation", D(2026, 10, 10), D(2026, 11, 9), "rejected", D(2026, 10, 12), officer_a)
    # Tây Yên Tử, a request transferred in October, received in September, due in October
    complaint(tyt, "request", D(2026, 9, 25), D(2026, 10, 16), "transferred", D(2026, 10, 2), officer_a)
    # Hà Nội: outside the province
    complaint(tree["ba_dinh"], "complaint", D(2026, 10, 1), D(2026, 10, 2), "received", None, officer_a)


def test_counts_by_commune_and_kind(tree, october):
    rows = [(r.area.code, r.kind, r.received, r.resolved, r.closed_other, r.overdue)
            for r in monthly_report(area=tree["bac_ninh"], month=D(2026, 10, 1))]
    assert rows == [
        ("07210", "complaint", 2, 1, 0, 2),
        ("07210", "denunciation", 1, 0, 1, 0),
        ("07616", "request", 0, 0, 1, 0),
    ]


def test_a_commune_sees_its_own_rows_and_another_month_differs(tree, october):
    rows = monthly_report(area=tree["tay_yen_tu"], month=D(2026, 10, 1))
    assert [(r.area.code, r.kind) for r in rows] == [("07616", "request")]
    november = [(r.area.code, r.kind, r.received, r.resolved, r.closed_other, r.overdue)
                for r in monthly_report(area=tree["bac_ninh"], month=D(2026, 11, 1))]
    # 30/11: the 5/10 complaint (due 4/11) is now overdue, the 1/9 one still is; the 2/9 one closed on 3/11.
    assert november == [("07210", "complaint", 1, 1, 0, 2)]


def test_the_pdf_has_the_figures(tree, october):
    content = report_pdf(monthly_report(area=tree["bac_ninh"], month=D(2026, 10, 1)), tree["bac_ninh"],
                         D(2026, 10, 1))
    text = "".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(content))
    assert "tháng 10/2026" in text and "Phường Bắc Giang" in text and "Tố cáo" in text and "Tổng cộng" in text
